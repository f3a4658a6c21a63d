"""Charts of the named feedback loops: their shares over time, the vicious cycle's years, loop diagrams.

Pure functions (no Streamlit call) on the Dataset of
:func:`entropy.loop_dominance` and the links of
:func:`entropy.analysis.loops.loop_links`.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import xarray as xr

from .charts import PALETTE, Chart, Layer, _x
from .i18n import t, unit_text

TEXT: dict[str, tuple[str, str]] = {
    "loop_area": ("Which feedback loop drives the behaviour", "哪个反馈回路主导系统行为"),
    "abs_score": ("|relative loop score|", "|相对回路得分|"),
    "loop": ("loop", "回路"),
    "score": ("relative score (signed)", "相对得分（带符号）"),
    "overtakes": ("vicious cycle overtakes assimilation", "恶性循环超过同化作用"),
    "dominates": ("vicious cycle dominates", "恶性循环占主导"),
    "mark": ("mark", "标记"),
}
#: Colour of the year marks (apart from the runs' blue and grey and the alert red).
MARK_COLOUR = "#6a3d9a"
#: Edge heads: Simlin's polarity as drawn (a true minus sign), and its colour.
SIGNS = {"+": ("+", "#1f4e79"), "-": ("\u2212", "#d62728"), "?": ("?", "#7f7f7f")}
#: Room per variable of a loop diagram (inches) along the top and bottom (side by side, a wrapped
#: name is about this wide) and along the sides (one above the other, about this high).
ARC_WIDE, ARC_HIGH = 1.75, 0.65


def text(key: str, lang: str) -> str:
    """A label of this module in ``lang`` ("en" or "zh")."""
    en, zh = TEXT[key]
    return zh if lang == "zh" else en


def _letter(polarity: str) -> str:
    """R or B from "reinforcing", "balancing", "R" or "B" (anything else: "?")."""
    first = polarity.strip()[:1].upper()
    return first if first in ("R", "B") else "?"


def loop_area_chart(loops_ds: xr.Dataset, labels: dict[str, str], lang: str) -> Chart:
    """Stacked areas of each named loop's absolute relative score over time.

    Parameters
    ----------
    loops_ds : xarray.Dataset
        From :func:`entropy.loop_dominance`.
    labels : dict
        Display titles by loop name (e.g. Chinese); the Dataset's ``title``
        where missing.
    lang : str
        "en" or "zh".

    Returns
    -------
    Chart
        ``data``: one row per (loop, saved time): ``loop`` (the legend's
        label: title and R or B), ``name``, ``year``, ``value`` = |relative
        score| (Dmnl; NaN drawn as 0, the stack needs a number) and
        ``score`` (signed, NaN as missing), ``rank`` (file order, the
        stacking order).
    """
    names = [str(n) for n in loops_ds["loop"].values]
    titles = [str(x) for x in loops_ds["title"].values] if "title" in loops_ds else names
    polarities = [str(x) for x in loops_ds["polarity"].values] if "polarity" in loops_ds else [""] * len(names)
    legend = [f"{labels.get(n, ttl)} ({_letter(p)})" for n, ttl, p in zip(names, titles, polarities)]
    years = np.asarray(loops_ds["time"].values, dtype=np.float64)
    frames = []
    for rank, (name, label) in enumerate(zip(names, legend)):
        score = np.asarray(loops_ds["relative_score"].sel(loop=name).values, dtype=np.float64)
        finite = np.isfinite(score)
        frames.append(pd.DataFrame({
            "loop": label, "name": name, "year": years, "value": np.where(finite, np.abs(score), 0.0),
            # None rather than NaN: NaN is not JSON, and the browser would get no tooltip value either way.
            "score": [float(v) if ok else None for v, ok in zip(score, finite)],
            "rank": rank}))
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["loop", "name", "year", "value", "score", "rank"])
    columns = 2 if max((len(x) for x in legend), default=0) <= 45 else 1
    title = text("loop_area", lang)
    spec = {
        "title": title, "height": 260,
        "mark": {"type": "area", "opacity": 0.85},
        "encoding": {
            "x": _x(lang),
            "y": {"field": "value", "type": "quantitative", "stack": "zero", "axis": {"minExtent": 42},
                  "title": f"{text('abs_score', lang)} ({unit_text('Dmnl', lang)})"},
            "color": {"field": "loop", "type": "nominal",
                      "scale": {"domain": legend, "range": [PALETTE[i % len(PALETTE)] for i in range(len(legend))]},
                      "legend": {"orient": "bottom", "title": None, "columns": columns, "labelLimit": 0}},
            "order": {"field": "rank", "type": "quantitative"},
            "tooltip": [{"field": "loop", "type": "nominal", "title": text("loop", lang)},
                        {"field": "year", "type": "quantitative", "format": "d", "title": t("year", lang)},
                        {"field": "score", "type": "quantitative", "format": ".3f", "title": text("score", lang)}],
        },
        "params": [{"name": "zoom", "select": {"type": "interval", "encodings": ["x"]}, "bind": "scales"}],
    }
    return Chart(title, data, spec)


def vicious_cycle_years(loops_ds: xr.Dataset, name: str = "degradation",
                        rival: str = "assimilation") -> tuple[float, float]:
    """When a loop overtakes its rival, and when it dominates every named loop.

    Parameters
    ----------
    loops_ds : xarray.Dataset
        From :func:`entropy.loop_dominance`.
    name, rival : str
        Loop names (default the cluster's vicious cycle and the assimilation
        it weakens; ``"regional-degradation"`` and ``"regional-assimilation"``
        for the regional model's shared sink).

    Returns
    -------
    tuple of float
        The first saved year (Year) at which ``name``'s |relative score|
        exceeds ``rival``'s, and the first at which ``name`` is the
        ``dominant`` loop; NaN where that never happens or the loop (for the
        first, either loop) is absent.
    """
    loops = [str(n) for n in loops_ds["loop"].values]
    if name not in loops:
        return math.nan, math.nan
    times = np.asarray(loops_ds["time"].values, dtype=np.float64)

    def first(hits: np.ndarray) -> float:
        where = np.flatnonzero(hits)
        return float(times[where[0]]) if where.size else math.nan

    size = np.abs(np.asarray(loops_ds["relative_score"].sel(loop=name).values, dtype=np.float64))
    overtakes = math.nan
    if rival in loops:
        other = np.abs(np.asarray(loops_ds["relative_score"].sel(loop=rival).values, dtype=np.float64))
        with np.errstate(invalid="ignore"):
            overtakes = first(size > other)  # NaN compares False: no overtaking on a missing score
    return overtakes, first(np.asarray(loops_ds["dominant"].values).astype(str) == name)


def vicious_cycle_marks(loops_ds: xr.Dataset, lang: str, name: str = "degradation",
                        rival: str = "assimilation") -> dict[str, float]:
    """:func:`vicious_cycle_years` labelled in ``lang``, ready for :func:`year_marks`."""
    overtakes, dominates = vicious_cycle_years(loops_ds, name, rival)
    return {text("overtakes", lang): overtakes, text("dominates", lang): dominates}


def year_marks(years: dict[str, float], lang: str) -> Layer:
    """Vertical lines with a label at the given years, to lay over a chart along time.

    Parameters
    ----------
    years : dict
        Label -> year (Year); NaN years are left out.
    lang : str
        "en" or "zh" (the tooltip's words).

    Returns
    -------
    Layer
        For ``extra=`` of :func:`ui.charts.series_chart` (or any layered
        chart whose x field is ``year``): dashed rules, each label at the top,
        stepped down one line per mark so that close years stay readable.
    """
    marks = [(label, float(y)) for label, y in years.items() if y is not None and math.isfinite(y)]
    data = pd.DataFrame({"label": [m[0] for m in marks], "year": [m[1] for m in marks],
                         "offset": [3.0 + 13.0 * i for i in range(len(marks))]},
                        columns=["label", "year", "offset"])
    x = {"field": "year", "type": "quantitative"}
    tooltip = [{"field": "label", "type": "nominal", "title": text("mark", lang)},
               {"field": "year", "type": "quantitative", "format": "d", "title": t("year", lang)}]
    spec = {"layer": [
        {"mark": {"type": "rule", "color": MARK_COLOUR, "strokeDash": [4, 3], "strokeWidth": 1.5},
         "encoding": {"x": x, "tooltip": tooltip}},
        {"mark": {"type": "text", "align": "left", "baseline": "top", "dx": 4, "fontSize": 10,
                  "color": MARK_COLOUR},
         # Pixels from the top, not a value on the chart's y scale: the labels must not stretch it.
         "encoding": {"x": x, "y": {"field": "offset", "type": "quantitative", "scale": None},
                      "text": {"field": "label", "type": "nominal"}, "tooltip": tooltip}},
    ]}
    return Layer(spec, data)


def _dot_text(name: str, width: int = 16) -> str:
    """A name as a DOT label: wrapped to lines of ``width`` characters, quotes and backslashes escaped."""
    lines = textwrap.wrap(" ".join(name.split()), width=width) or [""]
    return "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines)


def loop_dot(title: str, links: list[tuple[str, str, str]], polarity: str,
             labels: dict[str, str] | None = None) -> str:
    """A Graphviz DOT causal loop diagram of one loop, its variables on a circle.

    Parameters
    ----------
    title : str
        Shown above the diagram.
    links : list of (str, str, str)
        The loop's links in causal order, ``(from, to, polarity)`` as
        :func:`entropy.analysis.loops.loop_links` gives them (``"+"``,
        ``"-"`` or ``"?"``).
    polarity : str
        The loop's: "reinforcing", "balancing", "R" or "B".
    labels : dict or None
        Display names by variable name (e.g. Chinese).

    Returns
    -------
    str
        DOT text: the variables clockwise on an ellipse from the top
        (positions pinned, neato: circo would pack the R/B marker beside the
        loop, not inside it), each link an arrow whose head is labelled +, − or ?, and
        the loop's R or B with a clockwise arrow in the middle.
    """
    labels = labels or {}
    nodes = list(dict.fromkeys(v for link in links for v in link[:2]))
    ids = {v: f"n{i}" for i, v in enumerate(nodes)}
    # An ellipse wider than high: neighbours at the top and bottom sit side by side, at the sides one
    # above the other, and a name is wider than high.
    rx = max(1.8, len(nodes) * ARC_WIDE / (2 * math.pi))
    ry = max(1.1, len(nodes) * ARC_HIGH / (2 * math.pi), 0.6 * rx)
    letter = _letter(polarity)
    lines = [
        "digraph loop {",
        "layout=neato; splines=curved; outputorder=edgesfirst;",
        f'label="{_dot_text(title, 48)}"; labelloc=t; fontname="Helvetica"; fontsize=14;',
        'node [shape=box style="rounded" fontname="Helvetica" fontsize=11 margin="0.08,0.04"];',
        'edge [fontname="Helvetica" labelfontsize=16 labeldistance=1.8 labelangle=30 arrowsize=0.8];',
    ]
    for i, v in enumerate(nodes):
        angle = math.pi / 2 - 2 * math.pi * i / max(len(nodes), 1)  # clockwise from the top
        pos = f"{rx * math.cos(angle):.3f},{ry * math.sin(angle):.3f}!"
        lines.append(f'"{ids[v]}" [label="{_dot_text(labels.get(v, v))}" pos="{pos}"];')
    marker_colour = "#d62728" if letter == "R" else "#1f4e79"
    lines.append(f'"loop_marker" [label="\u21bb\\n{letter}" shape=circle style=bold color="{marker_colour}" '
                 f'fontcolor="{marker_colour}" fontsize=18 pos="0,0!"];')
    for source, target, sign in links:
        head, colour = SIGNS.get(sign, SIGNS["?"])
        style = ' style="dashed"' if sign not in ("+", "-") else ""
        lines.append(f'"{ids[source]}" -> "{ids[target]}" [headlabel="{head}" labelfontcolor="{colour}" '
                     f'color="{colour}"{style}];')
    lines.append("}")
    return "\n".join(lines)
