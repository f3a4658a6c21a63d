"""Charts of the material-exchange network: who sends how much to whom, and its metrics over time.

Pure functions returning :class:`ui.charts.Chart` (plain Vega-Lite specs, no
Streamlit call). The flow diagram keeps its data in named datasets and its
widths precomputed in the data, so its spec depends only on the nodes, the
labels and the language: when a lever moves Streamlit swaps the data in
place instead of drawing the chart anew.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import NDArray

from entropy.analysis.network_metrics import network_metrics

from .charts import BAU, CURRENT, DASHED, PALETTE, Chart, _series, series_chart
from .i18n import t, unit_text

#: Widest band (pixels), drawn for the flow equal to the shared ``max_flow``.
MAX_WIDTH = 26.0
#: Height per node (pixels) of the flow diagram.
ROW = 30

TEXT: dict[str, tuple[str, str]] = {
    "finn_cycling_index": ("Finn cycling index", "芬恩循环指数"),
    "cyclicity": ("Cyclicity", "循环度"),
    "ascendency_ratio": ("Ascendency ratio a = A/C", "优势度比 a = A/C"),
    "robustness": ("Robustness", "稳健性"),
    "connectance": ("Connectance", "连接度"),
    "node_removal": ("How much exchange each node's loss takes with it", "失去各节点所带走的交换量"),
    "share_lost": ("share of the exchange lost", "损失的交换量比例"),
    "node": ("node", "节点"),
    "sender": ("from", "来自"),
    "receiver": ("to", "流向"),
    "flow": ("Mt/year", "Mt/年"),
    "total": ("Total exchanged: {total} Mt/yr", "交换总量：{total} Mt/年"),
    "no_exchange": ("no exchange", "无交换"),
}

#: The metrics :func:`metric_charts` draws, in order (all Dmnl).
METRICS = ("finn_cycling_index", "cyclicity", "ascendency_ratio", "robustness", "connectance")


def text(key: str, lang: str) -> str:
    """A label of this module in ``lang`` ("en" or "zh")."""
    en, zh = TEXT[key]
    return zh if lang == "zh" else en


def _flow_rows(flows: NDArray[np.float64], names: list[str], scale: float) -> pd.DataFrame:
    """One row per non-zero flow: sender, receiver (labels), flow (Mt/Year), band width (pixels)."""
    f = np.asarray(flows, dtype=np.float64)
    rows = [{"sender": names[i], "receiver": names[j], "flow": float(f[i, j]),
             "width": float(f[i, j]) / scale * MAX_WIDTH}
            for i in range(f.shape[0]) for j in range(f.shape[1]) if f[i, j] > 0]
    return pd.DataFrame(rows, columns=["sender", "receiver", "flow", "width"])


def flow_diagram(flows: NDArray[np.float64], nodes: list[str], labels: dict[str, str], title: str, lang: str,
                 max_flow: float | None = None, empty: str | None = None) -> Chart:
    """A bipartite diagram of the flows: senders on the left, receivers on the right.

    Parameters
    ----------
    flows : ndarray, shape (n, n)
        ``flows[i, j]``: flow from node i to node j (Mt/Year), e.g. from
        :func:`entropy.analysis.network.flows_at`.
    nodes : list of str
        The n node names; shown as ``labels.get(node, node)``, in this order
        on both sides.
    labels : dict
        Display names of the nodes (e.g. Chinese sector names).
    title : str
        The chart's title.
    lang : str
        "en" or "zh".
    max_flow : float or None
        The flow (Mt/Year) drawn :data:`MAX_WIDTH` pixels wide; give two
        diagrams the same (e.g. the larger of their largest flows) to compare
        them side by side. None: this diagram's largest flow.
    empty : str or None
        The text shown when nothing flows (default "no exchange").

    Returns
    -------
    Chart
        ``data``: one row per non-zero flow, ``sender``, ``receiver`` (labels),
        ``flow`` (Mt/Year) and ``width`` (pixels, proportional to the flow).
        A band (a rule whose stroke width is ``width``, over a hairline that
        keeps small flows visible) joins each sender to its receiver; a flow
        from a node to itself is a disc on the sender, its diameter
        ``width``. The total (Mt/yr) is written under the diagram, or
        ``empty`` where there is no flow.
    """
    names = [labels.get(n, n) for n in nodes]
    data_max = float(np.max(flows)) if np.size(flows) else 0.0
    scale = max_flow if max_flow is not None and max_flow > 0 else data_max
    data = _flow_rows(flows, names, scale if scale > 0 else 1.0)
    total = float(data["flow"].sum()) if len(data) else 0.0
    note = pd.DataFrame({"text": [empty or text("no_exchange", lang)] if data.empty else []}, dtype=object)
    caption = pd.DataFrame({"text": [text("total", lang).format(total=f"{total:.3g}")]})
    node_rows = pd.DataFrame({"node": names * 2, "side": [0.0] * len(names) + [1.0] * len(names)})
    colour = {"field": "sender", "type": "nominal", "legend": None,
              "scale": {"domain": names, "range": [PALETTE[i % len(PALETTE)] for i in range(len(names))]}}
    y_scale = {"type": "point", "domain": names, "padding": 0.5}
    x = {"datum": 0.0, "type": "quantitative", "scale": {"domain": [0, 1]}, "axis": None}
    tooltip = [{"field": "sender", "type": "nominal", "title": text("sender", lang)},
               {"field": "receiver", "type": "nominal", "title": text("receiver", lang)},
               {"field": "flow", "type": "quantitative", "format": ".3g", "title": text("flow", lang)}]
    between = [{"filter": "datum.sender !== datum.receiver"}]
    axis = {"title": None, "labelLimit": 0, "ticks": False, "domain": False, "offset": 10, "labelFontSize": 12}

    def y(field: str, side: str | None = None) -> dict[str, Any]:
        # The axes are resolved apart (senders left, receivers right): only two layers may draw one.
        return {"field": field, "type": "nominal", "scale": y_scale,
                "axis": None if side is None else {**axis, "orient": side}}

    band: dict[str, Any] = {"x": x, "x2": {"datum": 1.0}, "y": y("sender"), "y2": {"field": "receiver"},
                            "tooltip": tooltip}
    layers: list[dict[str, Any]] = [
        # A hairline under every band: a flow far below max_flow would otherwise not show at all.
        {"transform": between, "mark": {"type": "rule", "color": "#b0b0b0", "strokeWidth": 1},
         "encoding": {**band, "y": y("sender", "left")}},
        {"transform": between, "mark": {"type": "rule", "opacity": 0.55, "strokeCap": "butt"},
         "encoding": {**band, "color": colour, "strokeWidth": {"field": "width", "type": "quantitative",
                                                              "scale": None}}},
        # A node's flow to itself: a disc on the sender, as wide as its band would be.
        {"transform": [{"filter": "datum.sender === datum.receiver"},
                       {"calculate": "datum.width * datum.width", "as": "area"}],
         "mark": {"type": "point", "filled": True, "opacity": 0.55},
         "encoding": {"x": x, "y": y("sender"), "color": colour,
                      "size": {"field": "area", "type": "quantitative", "scale": None}, "tooltip": tooltip}},
        {"data": {"name": "nodes"}, "mark": {"type": "point", "filled": True, "size": 60, "color": "#444444"},
         "encoding": {"x": {"field": "side", "type": "quantitative"}, "y": y("node"),
                      "tooltip": [{"field": "node", "type": "nominal", "title": text("node", lang)}]}},
        # The receivers' labels, on the right: an axis of their own, on the same scale as the senders'.
        {"data": {"name": "nodes"}, "transform": [{"filter": "datum.side === 1"}],
         "mark": {"type": "point", "opacity": 0},
         "encoding": {"x": {"datum": 1.0, "type": "quantitative"},
                      "y": y("node", "right")}},
        {"data": {"name": "note"}, "mark": {"type": "text", "fontSize": 14, "fontStyle": "italic",
                                            "color": "#666666", "x": {"expr": "width / 2"},
                                            "y": {"expr": "height / 2"}},
         "encoding": {"text": {"field": "text", "type": "nominal"}}},
        {"data": {"name": "caption"}, "mark": {"type": "text", "fontSize": 11, "color": "#666666",
                                               "align": "left", "x": 0, "y": {"expr": "height + 18"}},
         "encoding": {"text": {"field": "text", "type": "nominal"}}},
    ]
    spec = {"title": title, "height": ROW * max(len(names), 1), "layer": layers,
            "resolve": {"axis": {"y": "independent"}}, "view": {"stroke": None}}
    return Chart(title, data, spec, {"nodes": node_rows, "note": note, "caption": caption})


def _as_metrics(ds: xr.Dataset) -> xr.Dataset:
    """Network metrics of a run, or ``ds`` itself when it already holds them."""
    return ds if "ascendency_ratio" in ds and "node_removal_kept" in ds else network_metrics(ds)


def metric_charts(current: xr.Dataset, bau: xr.Dataset, lang: str) -> list[Chart]:
    """Small line charts of the network metrics: the current setting solid, business as usual dashed grey.

    Parameters
    ----------
    current, bau : xarray.Dataset
        Runs, or their :func:`entropy.network_metrics`.
    lang : str
        "en" or "zh".

    Returns
    -------
    list of Chart
        One per metric of :data:`METRICS` (Dmnl), in that order.
    """
    now, base = _as_metrics(current), _as_metrics(bau)
    charts = []
    for name in METRICS:
        series = [_series(base, name, t("bau", lang), BAU, DASHED, "back"),
                  _series(now, name, t("current", lang), CURRENT)]
        chart = series_chart(text(name, lang), "Dmnl", lang, series)
        chart.spec["height"] = 150  # small multiples: several to a row
        charts.append(chart)
    return charts


def _lost(metrics: xr.Dataset, year: float) -> tuple[NDArray[np.float64], list[str], float]:
    """Share of the exchange lost with each node at the saved time nearest ``year``, the nodes, that time."""
    times = np.asarray(metrics["time"].values, dtype=np.float64)
    k = int(np.argmin(np.abs(times - year)))
    kept = metrics["node_removal_kept"].isel(time=k).transpose("node").values.astype(np.float64)
    return 1.0 - kept, [str(n) for n in metrics["node"].values], float(times[k])


def node_removal_chart(metrics: xr.Dataset, bau_metrics: xr.Dataset | None, year: float,
                       labels: dict[str, str], lang: str) -> Chart:
    """Horizontal bars: the share of the internal exchange lost if each node goes, now and under BAU.

    Parameters
    ----------
    metrics, bau_metrics : xarray.Dataset
        :func:`entropy.network_metrics` of the current setting and of business
        as usual (None: the current setting only); runs are accepted too.
    year : float
        The time shown (Year): the saved time nearest it.
    labels : dict
        Display names of the nodes.
    lang : str
        "en" or "zh".

    Returns
    -------
    Chart
        ``data``: one row per node and run with a defined share, ``node``
        (label), ``run``, ``value`` = 1 - ``node_removal_kept`` (Dmnl, in
        [0, 1]) and ``year``; a node whose share is NaN (no exchange at all)
        has no bar.
    """
    runs = [(t("current", lang), _as_metrics(metrics))]
    if bau_metrics is not None:
        runs.append((t("bau", lang), _as_metrics(bau_metrics)))
    frames, order = [], []
    for run, ds in runs:
        lost, nodes, when = _lost(ds, year)
        names = [labels.get(n, n) for n in nodes]
        order += [n for n in names if n not in order]
        frames.append(pd.DataFrame({"node": names, "run": run, "value": lost, "year": when}))
    data = pd.concat(frames, ignore_index=True).dropna(subset=["value"]).reset_index(drop=True)
    domain = [r for r, _ in runs]
    title = text("node_removal", lang)
    spec = {"title": title, "height": {"step": 12 * len(domain)},
            "mark": {"type": "bar", "cornerRadiusEnd": 2},
            "encoding": {
                "y": {"field": "node", "type": "nominal", "sort": order, "scale": {"domain": order},
                      "title": None, "axis": {"labelLimit": 0}},
                "yOffset": {"field": "run", "type": "nominal", "scale": {"domain": domain}},
                "x": {"field": "value", "type": "quantitative", "scale": {"domain": [0, 1]},
                      "title": f"{text('share_lost', lang)} ({unit_text('Dmnl', lang)})",
                      "axis": {"format": ".0%"}},
                "color": {"field": "run", "type": "nominal",
                          "scale": {"domain": domain, "range": [CURRENT, BAU][:len(domain)]},
                          "legend": {"orient": "bottom", "title": None}},
                "tooltip": [{"field": "node", "type": "nominal", "title": text("node", lang)},
                            {"field": "run", "type": "nominal"},
                            {"field": "year", "type": "quantitative", "format": "d", "title": t("year", lang)},
                            {"field": "value", "type": "quantitative", "format": ".1%",
                             "title": text("share_lost", lang)}]}}
    return Chart(title, data, spec)


def shared_max(*flows: NDArray[np.float64]) -> float | None:
    """The largest flow of several matrices (Mt/Year), for diagrams drawn to one width scale; None if all empty."""
    values = [float(np.max(f)) for f in flows if np.size(f)]
    top = max(values, default=0.0)
    return top if top > 0 and math.isfinite(top) else None
