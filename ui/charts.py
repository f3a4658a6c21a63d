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

from .i18n import t, unit_text
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
           dashes: list[list[int]], legend_columns: int | None = None) -> dict[str, Any]:
    """The line layer: colour and dash by run, tooltips, zoom and pan along time.

    ``legend_columns`` lays the legend out in that many columns, labels uncut
    (for long labels that one row cannot hold: Vega-Lite would cut them).
    """
    legend: dict[str, Any] = {"orient": "bottom", "title": None}
    if legend_columns:
        legend.update(columns=legend_columns, labelLimit=0)
    return {
        "mark": {"type": "line", "strokeWidth": 2.2},
        "encoding": {
            "x": {"field": "year", "type": "quantitative", "title": t("year", lang), "axis": {"format": "d"},
                  "scale": {"zero": False, "nice": False}},
            "y": {"field": "value", "type": "quantitative", "title": unit_text(units, lang)},
            "color": {"field": "run", "type": "nominal", "scale": {"domain": domain, "range": colours},
                      "legend": legend},
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


def load_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str, band: xr.DataArray | None = None) -> Chart:
    """Load ratio with the line at 1, the current run's overshoot periods shaded and,
    optionally, the 5-95% band of an ensemble around the current setting."""
    periods = [{"start": a, "end": b} for a, b in overshoot_periods(ds)]
    shade = {"data": {"values": periods}, "mark": {"type": "rect", "color": ALERT, "opacity": 0.12},
             "encoding": {"x": {"field": "start", "type": "quantitative"}, "x2": {"field": "end"}}}
    under = [shade] if band is None else [shade, band_layer(band, t("current", lang))]
    return pair_chart(ds, bau, "load_ratio", "c_load", lang, extra=[_rule(1.0)], under=under)


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
                   [SOLID, DASHED, SOLID, DASHED], legend_columns=2)
    title = t("c_reserves", lang)
    return Chart(title, pd.concat(frames, ignore_index=True), _spec(title, [lines]))


def overlay_chart(runs: dict[str, xr.Dataset], var: str, title: str, units: str, lang: str,
                  baseline: str | None = None) -> Chart:
    """One variable of several scenarios (the baseline dashed)."""
    present = {n: ds for n, ds in runs.items() if var in ds and "time" in ds[var].dims}
    names = list(present)
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(names))]
    dashes = [DASHED if n == baseline else SOLID for n in names]
    lines = _lines(units, lang, names, colours, dashes, legend_columns=min(len(names), 4))
    return Chart(title, _long(present, var), _spec(title, [lines], 380))


def explore_charts(ds: xr.Dataset, bau: xr.Dataset, lang: str,
                   band: xr.DataArray | None = None) -> Sequence[Chart]:
    """The Explore page's charts, in reading order."""
    return (
        load_chart(ds, bau, lang, band),
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


def band_layer(band: xr.DataArray, label: str) -> dict[str, Any]:
    """A shaded 5-95% band (from :func:`entropy.robustness.percentile_bands`) to draw under lines."""
    values = [{"year": float(t), "low": float(lo), "high": float(hi)} for t, lo, hi in
              zip(band["time"].values, band.sel(percentile=5).values, band.sel(percentile=95).values)]
    return {"data": {"values": values}, "mark": {"type": "area", "color": CURRENT, "opacity": 0.15},
            "encoding": {"x": {"field": "year", "type": "quantitative"},
                         "y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"},
                         "tooltip": [{"field": "year", "type": "quantitative", "format": "d"},
                                     {"field": "low", "type": "quantitative", "format": ".3g", "title": f"{label} 5%"},
                                     {"field": "high", "type": "quantitative", "format": ".3g",
                                      "title": f"{label} 95%"}]}}


def fan_chart(bands: xr.DataArray, title: str, units: str, lang: str) -> Chart:
    """Median lines and 25-75% / 5-95% bands of several scenarios."""
    names = [str(s) for s in bands["scenario"].values]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(names))]
    rows = []
    for s in names:
        b = bands.sel(scenario=s)
        for i, t_ in enumerate(b["time"].values):
            rows.append({"year": float(t_), "run": s, "value": float(b.sel(percentile=50)[i]),
                         "p5": float(b.sel(percentile=5)[i]), "p25": float(b.sel(percentile=25)[i]),
                         "p75": float(b.sel(percentile=75)[i]), "p95": float(b.sel(percentile=95)[i])})
    colour = {"field": "run", "type": "nominal", "scale": {"domain": names, "range": colours},
              "legend": {"orient": "bottom", "title": None}}
    x = {"field": "year", "type": "quantitative", "title": t("year", lang), "axis": {"format": "d"},
         "scale": {"zero": False, "nice": False}}
    layers = [
        {"mark": {"type": "area", "opacity": 0.12}, "encoding": {"x": x, "y": {"field": "p5", "type": "quantitative",
                                                                               "title": unit_text(units, lang)},
                                                               "y2": {"field": "p95"}, "color": colour}},
        {"mark": {"type": "area", "opacity": 0.25}, "encoding": {"x": x, "y": {"field": "p25", "type": "quantitative"},
                                                               "y2": {"field": "p75"}, "color": colour}},
        {**_lines(units, lang, names, colours, [SOLID] * len(names))},
    ]
    return Chart(title, pd.DataFrame(rows), _spec(title, layers, 360))


def probability_chart(prob: xr.DataArray, title: str, lang: str) -> Chart:
    """P(load ratio > 1) by year for several scenarios."""
    names = [str(s) for s in prob["scenario"].values]
    frames = [pd.DataFrame({"year": prob["time"].values, "value": prob.sel(scenario=s).values, "run": s})
              for s in names]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(names))]
    lines = _lines("P", lang, names, colours, [SOLID] * len(names))
    return Chart(title, pd.concat(frames, ignore_index=True), _spec(title, [lines], 300))


def sensitivity_chart(table: pd.DataFrame, title: str) -> Chart:
    """Bars of Sobol' S1 and ST (or Morris mu*) per parameter, ranked."""
    cols = ["S1", "ST"] if "ST" in table.columns else ["mu_star"]
    rows = [{"parameter": str(p), "index": c, "value": float(table.loc[p, c])} for p in table.index for c in cols]
    spec = {"title": title, "height": 28 * len(table) * len(cols) + 40, "mark": "bar",
            "encoding": {"y": {"field": "parameter", "type": "nominal", "sort": [str(p) for p in table.index],
                               "title": None},
                         "yOffset": {"field": "index"},
                         "x": {"field": "value", "type": "quantitative", "title": "/".join(cols)},
                         "color": {"field": "index", "type": "nominal", "legend": {"orient": "bottom", "title": None}},
                         "tooltip": [{"field": "parameter"}, {"field": "index"},
                                     {"field": "value", "type": "quantitative", "format": ".3f"}]}}
    return Chart(title, pd.DataFrame(rows), spec)
