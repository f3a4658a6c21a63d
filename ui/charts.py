"""Vega-Lite charts of a run against business as usual, as plain specs.

Vega-Lite rather than Plotly: Streamlit updates a Vega-Lite chart's data in
place when only the data changes, where a changed Plotly figure is mounted
anew. The specs are plain dicts rather than Altair objects, whose validation
cost more than the simulation (about 80 ms for the seven charts). Charts show
values on hover and zoom and pan along time (drag, wheel; double-click
resets). :func:`png` renders any of them on the server (vl-convert).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from .i18n import t
from .views import overshoot_periods

CURRENT = "#1f77b4"
BAU = "#9a9a9a"
ALERT = "#d62728"
HEIGHT = 230
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]
SOLID, DASHED = [1, 0], [5, 3]


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite chart: its title, its data (tidy: year, value, run) and its spec."""

    title: str
    data: pd.DataFrame
    spec: dict[str, Any]


def _long(runs: dict[str, xr.Dataset], var: str, scale: bool = False) -> pd.DataFrame:
    """One row per (run, year): the tidy form Vega-Lite draws."""
    frames = []
    for name, ds in runs.items():
        values = np.asarray(ds[var].values, dtype=float)
        if scale:
            values = values / values[0]
        frames.append(pd.DataFrame({"year": ds["time"].values, "value": values, "run": name}))
    return pd.concat(frames, ignore_index=True)


def _lines(units: str, lang: str, domain: list[str], colours: list[str],
           dashes: list[list[int]]) -> dict[str, Any]:
    """The line layer: colour and dash by run, tooltips, zoom and pan along time."""
    return {
        "mark": {"type": "line", "strokeWidth": 2.2},
        "encoding": {
            "x": {"field": "year", "type": "quantitative", "title": t("year", lang), "axis": {"format": "d"},
                  "scale": {"zero": False, "nice": False}},
            "y": {"field": "value", "type": "quantitative", "title": units},
            "color": {"field": "run", "type": "nominal", "scale": {"domain": domain, "range": colours},
                      "legend": {"orient": "bottom", "title": None}},
            "strokeDash": {"field": "run", "type": "nominal", "scale": {"domain": domain, "range": dashes},
                           "legend": None},
            "tooltip": [{"field": "run", "type": "nominal"},
                        {"field": "year", "type": "quantitative", "format": "d"},
                        {"field": "value", "type": "quantitative", "format": ".4g"}],
        },
        "params": [{"name": "zoom", "select": {"type": "interval", "encodings": ["x"]}, "bind": "scales"}],
    }


def _rule(value: float) -> dict[str, Any]:
    return {"data": {"values": [{"level": value}]},
            "mark": {"type": "rule", "color": ALERT, "strokeDash": [6, 3], "strokeWidth": 1.5},
            "encoding": {"y": {"field": "level", "type": "quantitative"}}}


def _spec(title: str, layers: list[dict[str, Any]], height: int = HEIGHT) -> dict[str, Any]:
    return {"title": title, "height": height, "layer": layers}


def pair_chart(ds: xr.Dataset, bau: xr.Dataset, var: str, title_key: str, lang: str,
               extra: Sequence[dict[str, Any]] = (), under: Sequence[dict[str, Any]] = ()) -> Chart:
    """One variable: the current setting (solid) over business as usual (grey, dashed)."""
    cur, ref = t("current", lang), t("bau", lang)
    lines = _lines(str(ds[var].attrs.get("units", "")), lang, [cur, ref], [CURRENT, BAU], [SOLID, DASHED])
    title = t(title_key, lang)
    return Chart(title, _long({cur: ds, ref: bau}, var), _spec(title, [*under, lines, *extra]))


def load_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Load ratio with the line at 1 and the current run's overshoot periods shaded."""
    periods = [{"start": a, "end": b} for a, b in overshoot_periods(ds)]
    shade = {"data": {"values": periods}, "mark": {"type": "rect", "color": ALERT, "opacity": 0.12},
             "encoding": {"x": {"field": "start", "type": "quantitative"}, "x2": {"field": "end"}}}
    return pair_chart(ds, bau, "load_ratio", "c_load", lang, extra=[_rule(1.0)], under=[shade])


def waste_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Waste stock with the critical level marked."""
    return pair_chart(ds, bau, "waste_stock", "c_waste", lang,
                      extra=[_rule(float(ds["critical_waste_level"]))])


def reserves_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Ore and fossil reserves as shares of their 2025 size."""
    cur, ref = t("current", lang), t("bau", lang)
    frames = []
    for var, key in (("virgin_reserve", "virgin"), ("fossil_reserve", "fossil")):
        part = _long({cur: ds, ref: bau}, var, scale=True)
        part["run"] = t(key, lang) + ": " + part["run"]
        frames.append(part)
    domain = [f"{t(k, lang)}: {r}" for k in ("virgin", "fossil") for r in (cur, ref)]
    lines = _lines(t("share_2025", lang), lang, domain, [CURRENT, BAU, ALERT, "#e3a0a0"],
                   [SOLID, DASHED, SOLID, DASHED])
    title = t("c_reserves", lang)
    return Chart(title, pd.concat(frames, ignore_index=True), _spec(title, [lines]))


def overlay_chart(runs: dict[str, xr.Dataset], var: str, title: str, units: str, lang: str,
                  baseline: str | None = None) -> Chart:
    """One variable of several scenarios (the baseline dashed)."""
    present = {n: ds for n, ds in runs.items() if var in ds and "time" in ds[var].dims}
    names = list(present)
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(names))]
    dashes = [DASHED if n == baseline else SOLID for n in names]
    return Chart(title, _long(present, var), _spec(title, [_lines(units, lang, names, colours, dashes)], 380))


def explore_charts(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Sequence[Chart]:
    """The Explore page's charts, in reading order."""
    return (
        load_chart(ds, bau, lang),
        pair_chart(ds, bau, "ecosystem_health", "c_health", lang),
        waste_chart(ds, bau, lang),
        pair_chart(ds, bau, "industrial_output", "c_output", lang),
        pair_chart(ds, bau, "entropy_generation_rate", "c_entropy", lang),
        reserves_chart(ds, bau, lang),
        pair_chart(ds, bau, "products_in_use", "c_products", lang),
    )


def png(chart: Chart, scale: float = 2.0) -> bytes:
    """A chart as PNG bytes, rendered on the server (vl-convert, no browser needed)."""
    import vl_convert as vlc

    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 640,
            "data": {"values": chart.data.to_dict("records")}, **chart.spec}
    return bytes(vlc.vegalite_to_png(spec, scale=scale))
