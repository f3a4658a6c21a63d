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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import xarray as xr

from entropy.analysis import accounting as acc

from .i18n import t, unit_text
from .views import overshoot_periods

CURRENT = "#1f77b4"
LIGHT = "#8fbfe6"
BAU = "#a8a8a8"
ALERT = "#d62728"
FOSSIL = "#4d4d4d"
GREEN = "#2ca02c"
HEIGHT = 230
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]
SOLID, DASHED, DOTTED = [1, 0], [5, 3], [2, 2]
#: Name of a chart's main dataset (its lines) in :meth:`Chart.vega_spec`.
MAIN = "main"


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite chart: its title, its data (tidy: year, value, run), its spec and named datasets.

    Layers with data of their own (overshoot periods, reference lines, a band)
    read it from ``datasets`` by name, so the spec stays the same when a lever
    moves and Streamlit updates the drawn chart's data in place instead of
    building the chart anew (the slowest part of a slider move).
    """

    title: str
    data: pd.DataFrame
    spec: dict[str, Any]
    datasets: dict[str, pd.DataFrame] = field(default_factory=dict)

    def vega_spec(self) -> dict[str, Any]:
        """The spec to hand to ``st.vega_lite_chart`` (with no ``data`` argument): every dataset named,
        the lines' as "main".

        All by name because Streamlit's browser side, given exactly one named
        dataset and unnamed data, loads the unnamed data into the named one (the
        lines vanished from a chart whose only other data was a reference line).
        A fresh dict each call: Streamlit moves the datasets out of it.
        """
        datasets = {MAIN: self.data, **self.datasets}
        return {**self.spec, "data": {"name": MAIN}, "datasets": {k: _arrow(v) for k, v in datasets.items()}}


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """A chart's data as an Arrow table, column by column.

    Streamlit sends a chart's data as Arrow; from a pandas frame pyarrow first
    builds pandas metadata (index, dtypes per column), which cost more than the
    data for these small tables (about 30 ms of a slider move over ten charts).
    """
    return pa.table({str(c): pa.array(frame[c].to_numpy()) for c in frame.columns})


@dataclass(frozen=True)
class Layer:
    """A layer of a chart, with its own data when it has some (drawn from a named dataset)."""

    spec: dict[str, Any]
    data: pd.DataFrame | None = None


def _long(runs: dict[str, xr.Dataset], var: str, scale: bool = False) -> pd.DataFrame:
    """One row per (run, year): the tidy form Vega-Lite draws."""
    frames = []
    for name, ds in runs.items():
        values = np.asarray(ds[var].values, dtype=float)
        if scale:
            values = values / values[0]
        frames.append(pd.DataFrame({"year": ds["time"].values, "value": values, "run": name}))
    return pd.concat(frames, ignore_index=True)


def _x(lang: str) -> dict[str, Any]:
    return {"field": "year", "type": "quantitative", "title": t("year", lang), "axis": {"format": "d"},
            "scale": {"zero": False, "nice": False}}


_TOOLTIP = [{"field": "run", "type": "nominal"},
            {"field": "year", "type": "quantitative", "format": "d"},
            {"field": "value", "type": "quantitative", "format": ".4g"}]


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
            "x": _x(lang),
            # A fixed room for the tick labels: Streamlit updates a chart's data in place and does not
            # lay it out again, so wider labels ("0.35" after "0.3") would push the title off the left.
            "y": {"field": "value", "type": "quantitative", "title": unit_text(units, lang),
                  "axis": {"minExtent": 42}},
            "color": {"field": "run", "type": "nominal", "scale": {"domain": domain, "range": colours},
                      "legend": legend},
            "strokeDash": {"field": "run", "type": "nominal", "scale": {"domain": domain, "range": dashes},
                           "legend": None},
            "tooltip": _TOOLTIP,
        },
        "params": [{"name": "zoom", "select": {"type": "interval", "encodings": ["x"]}, "bind": "scales"}],
    }


def _rule(value: float) -> Layer:
    """A dashed red line across the chart at ``value``."""
    return Layer({"mark": {"type": "rule", "color": ALERT, "strokeDash": [6, 3], "strokeWidth": 1.5},
                  "encoding": {"y": {"field": "level", "type": "quantitative"}}},
                 pd.DataFrame({"level": [value]}))


def _spec(title: str, layers: list[dict[str, Any]], height: int = HEIGHT) -> dict[str, Any]:
    return {"title": title, "height": height, "layer": layers}


@dataclass(frozen=True)
class Series:
    """One line of a chart.

    ``role``: "back" lines are drawn first and faint (business as usual),
    "halo" lines wide and translucent (the binding load, over the compartment
    that binds), "main" lines on top.
    """

    label: str
    time: np.ndarray
    values: np.ndarray
    colour: str
    dash: list[int]
    role: str = "main"


def _series(ds: xr.Dataset, values: xr.DataArray | str, label: str, colour: str,
            dash: list[int] | None = None, role: str = "main", scale: bool = False) -> Series:
    data = ds[values] if isinstance(values, str) else values
    v = np.asarray(data.values, dtype=float)
    if scale:
        v = v / v[0] if v[0] else v
    return Series(label, np.asarray(ds["time"].values, dtype=float), v, colour, dash or SOLID, role)


def _filtered(layer: dict[str, Any], labels: list[str]) -> dict[str, Any]:
    return {"transform": [{"filter": {"field": "run", "oneOf": labels}}], **layer}


def _compose(title: str, data: pd.DataFrame, layers: Sequence[Layer | dict[str, Any]],
             height: int = HEIGHT) -> Chart:
    """A layered chart: each layer with data of its own reads it from a dataset named after its place."""
    specs: list[dict[str, Any]] = []
    datasets: dict[str, pd.DataFrame] = {}
    for i, layer in enumerate(layers):
        if isinstance(layer, Layer) and layer.data is not None:
            name = f"layer{i}"
            datasets[name] = layer.data
            specs.append({"data": {"name": name}, **layer.spec})
        else:
            specs.append(layer.spec if isinstance(layer, Layer) else layer)
    return Chart(title, data, _spec(title, specs, height), datasets)


def pixel_height(chart: Chart, legend_rows: int = 1) -> int:
    """The height to give ``st.vega_lite_chart`` for a chart: its plot, title, axis and legend.

    Streamlit does not size a chart from its spec's height, so every page passes this.
    A spec height of ``{"step": s}`` counts one step per category of its y field.
    """
    height = chart.spec.get("height", HEIGHT)
    if isinstance(height, dict):
        field = chart.spec.get("encoding", {}).get("y", {}).get("field")
        rows = chart.data[field].nunique() if field in chart.data else 10
        height = int(height.get("step", 20)) * max(int(rows), 1)
    return int(height) + 90 + 22 * legend_rows


def with_layer(chart: Chart, layer: Layer) -> Chart:
    """``chart`` with one more layer on top (its data as one more named dataset)."""
    name = f"extra{len(chart.datasets)}"
    spec = dict(layer.spec)
    datasets = dict(chart.datasets)
    if layer.data is not None:
        datasets[name] = layer.data
        spec = {"data": {"name": name}, **spec}
    return Chart(chart.title, chart.data, {**chart.spec, "layer": [*chart.spec["layer"], spec]}, datasets)


def series_chart(title: str, units: str, lang: str, series: Sequence[Series],
                 under: Sequence[Layer] = (), extra: Sequence[Layer] = (),
                 legend_columns: int | None = None) -> Chart:
    """Several lines in one chart: faint ones behind, a halo under, the rest on top.

    Every layer shares one colour scale over all the labels, so the chart has
    one legend; zoom and pan along time act on all of them.
    """
    domain = [s.label for s in series]
    # One frame built from whole columns: a frame per line and a concat cost about 3x as much.
    data = pd.DataFrame({"year": np.concatenate([s.time for s in series]),
                         "value": np.concatenate([s.values for s in series]),
                         "run": np.repeat(np.array(domain, dtype=object), [len(s.time) for s in series])})
    main = _lines(units, lang, domain, [s.colour for s in series], [s.dash for s in series], legend_columns)
    layers: list[Layer | dict[str, Any]] = [*under]
    back = [s.label for s in series if s.role == "back"]
    halo = [s.label for s in series if s.role == "halo"]
    front = [s.label for s in series if s.role == "main"]
    plain = {k: v for k, v in main.items() if k != "params"}
    if back:
        layers.append(_filtered({**plain, "mark": {"type": "line", "strokeWidth": 1.8, "opacity": 0.75}}, back))
    if halo:
        layers.append(_filtered({**plain, "mark": {"type": "line", "strokeWidth": 7, "opacity": 0.3}}, halo))
    layers.append(_filtered(main, front))
    return _compose(title, data, [*layers, *extra])


def pair_chart(ds: xr.Dataset, bau: xr.Dataset, var: str, title_key: str, lang: str,
               extra: Sequence[Layer] = (), under: Sequence[Layer] = ()) -> Chart:
    """One variable: the current setting (solid) over business as usual (grey, dashed, behind)."""
    series = [_series(bau, var, t("bau", lang), BAU, DASHED, "back"), _series(ds, var, t("current", lang), CURRENT)]
    return series_chart(t(title_key, lang), str(ds[var].attrs.get("units", "")), lang, series, under, extra)


def _shade(ds: xr.Dataset) -> Layer:
    """The current run's overshoot periods (binding load above 1), shaded."""
    periods = pd.DataFrame(overshoot_periods(ds), columns=["start", "end"], dtype=float)
    return Layer({"mark": {"type": "rect", "color": ALERT, "opacity": 0.12},
                  "encoding": {"x": {"field": "start", "type": "quantitative"}, "x2": {"field": "end"}}}, periods)


#: Colours of the waste compartments.
COMPARTMENT_COLOURS = {"land": "#8c564b", "persistent": "#9467bd", "emission": "#ff7f0e"}


def _bau(what: str, lang: str) -> str:
    """The label of a business-as-usual line among several variables: "fossil (bau)"."""
    return t("bau_tag", lang).format(what=what)


def load_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str, band: xr.DataArray | None = None) -> Chart:
    """Load ratio of each waste compartment, the binding (largest) one as a wide halo, business as
    usual's binding load faint behind, the line at 1, the current run's overshoot shaded and,
    optionally, the 5-95% band of an ensemble around the current setting."""
    series = [_series(bau, acc.load_ratio(bau), _bau(t("binding", lang), lang), BAU, DASHED, "back"),
              _series(ds, acc.load_ratio(ds), t("binding_largest", lang), CURRENT, SOLID, "halo")]
    series += [_series(ds, var, t(name, lang), COMPARTMENT_COLOURS[name])
               for name, var in acc.COMPARTMENTS.items()]
    under = [_shade(ds)] if band is None else [_shade(ds), band_layer(band, t("band_label", lang))]
    chart = series_chart(t("c_load", lang), t("load_axis", lang), lang, series, under, [_rule(1.0)],
                         legend_columns=2)
    if band is not None:
        cap_to_lines(chart, max(float(acc.load_ratio(ds).max()), float(acc.load_ratio(bau).max())))
    return chart


def cap_to_lines(chart: Chart, peak: float) -> None:
    """Fix a load chart's y axis to [0, max(1.5, 1.25 ``peak``)] and clip every layer to it.

    A band's top can be several times the lines' peak: this keeps the lines readable and clips the band.
    """
    top = max(1.5, 1.25 * peak)
    for layer in chart.spec["layer"]:
        y = layer.get("encoding", {}).get("y")
        if y is not None:
            y["scale"] = {**y.get("scale", {}), "domain": [0, top]}
        mark = layer.get("mark")
        layer["mark"] = {**(mark if isinstance(mark, dict) else {"type": mark}), "clip": True}


def health_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Ecosystem health with the collapse threshold marked."""
    return pair_chart(ds, bau, "ecosystem_health", "c_health", lang,
                      extra=[_rule(float(np.max(ds["collapse_threshold"].values)))])


def pollution_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Persistent pollution with its critical level marked."""
    return pair_chart(ds, bau, "persistent_pollution", "c_pollution", lang,
                      extra=[_rule(float(np.max(ds["critical_pollution"].values)))])


def output_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Output against business as usual, and the demand it serves (output = MIN(capacity, demand) x limits)."""
    series = [_series(bau, "industrial_output", _bau(t("output", lang), lang), BAU, DASHED, "back"),
              _series(ds, "effective_demand", t("demand", lang), LIGHT, DOTTED),
              _series(ds, "industrial_output", t("output", lang), CURRENT)]
    return series_chart(t("c_output", lang), "BCNY/Year", lang, series, legend_columns=2)


def energy_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Fossil and renewable energy use, business as usual's fossil use behind."""
    series = [_series(bau, "fossil_energy_use", _bau(t("fossil_energy", lang), lang), BAU, DASHED, "back"),
              _series(ds, "fossil_energy_use", t("fossil_energy", lang), FOSSIL),
              _series(ds, "renewable_energy_use", t("renewable_energy", lang), GREEN)]
    return series_chart(t("c_energy", lang), "PJ/Year", lang, series, legend_columns=2)


def entropy_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Entropy generation, total and its non-renewable and renewable parts (Gouy-Stodola)."""
    series = [_series(bau, acc.entropy_generation_rate(bau), _bau(t("total", lang), lang), BAU, DASHED, "back"),
              _series(ds, acc.entropy_generation_rate(ds), t("total", lang), CURRENT),
              _series(ds, acc.non_renewable_entropy_rate(ds), t("non_renewable", lang), FOSSIL),
              _series(ds, acc.renewable_entropy_rate(ds), t("renewable", lang), GREEN)]
    return series_chart(t("c_entropy", lang), "TJ/K/Year", lang, series, legend_columns=2)


def supply_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Metal by source: own ore, imported ore, scrap, remanufactured products (Mt/Year)."""
    series = [_series(bau, bau["virgin_metal"] - bau["imported_metal"], _bau(t("own_ore", lang), lang), BAU,
                      DASHED, "back"),
              _series(ds, ds["virgin_metal"] - ds["imported_metal"], t("own_ore", lang), CURRENT),
              _series(ds, "imported_metal", t("imported", lang), "#17becf"),
              _series(ds, "secondary_metal", t("secondary", lang), GREEN),
              _series(ds, "remanufacturing", t("remanufactured", lang), "#e377c2")]
    return series_chart(t("c_supply", lang), "Mt/Year", lang, series, legend_columns=2)


def reserves_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Ore and fossil reserves and the ore grade, as shares of their 2025 values."""
    series = [_series(bau, "ore_reserve", _bau(t("virgin", lang), lang), BAU, DASHED, "back", scale=True),
              _series(bau, "fossil_reserve", _bau(t("fossil", lang), lang), "#e3a0a0", DASHED, "back", scale=True),
              _series(ds, "ore_reserve", t("virgin", lang), CURRENT, scale=True),
              _series(ds, "fossil_reserve", t("fossil", lang), ALERT, scale=True),
              _series(ds, "ore_grade", t("grade", lang), "#bcbd22", DOTTED, scale=True)]
    return series_chart(t("c_reserves", lang), t("share_2025", lang), lang, series, legend_columns=2)


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
    """The Explore page's charts, in reading order (two to a row)."""
    return (
        load_chart(ds, bau, lang, band),
        health_chart(ds, bau, lang),
        pollution_chart(ds, bau, lang),
        output_chart(ds, bau, lang),
        energy_chart(ds, bau, lang),
        pair_chart(ds, bau, "co2_emissions", "c_co2", lang),
        entropy_chart(ds, bau, lang),
        pair_chart(ds, bau, "circular_material_use_rate", "c_circularity", lang),
        supply_chart(ds, bau, lang),
        reserves_chart(ds, bau, lang),
    )


def png(chart: Chart, scale: float = 2.0) -> bytes:
    """A chart as PNG bytes, rendered on the server (vl-convert, no browser needed)."""
    import vl_convert as vlc

    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 640,
            "data": {"values": chart.data.to_dict("records")}, **chart.spec,
            "datasets": {name: frame.to_dict("records") for name, frame in chart.datasets.items()}}
    return bytes(vlc.vegalite_to_png(spec, scale=scale))


def band_layer(band: xr.DataArray, label: str) -> Layer:
    """A shaded 5-95% band (from :func:`entropy.analysis.robustness.percentile_bands`) to draw under lines."""
    values = pd.DataFrame({"year": band["time"].values.astype(float),
                           "low": band.sel(percentile=5).values.astype(float),
                           "high": band.sel(percentile=95).values.astype(float)})
    return Layer({"mark": {"type": "area", "color": CURRENT, "opacity": 0.15},
                  "encoding": {"x": {"field": "year", "type": "quantitative"},
                               "y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"},
                               "tooltip": [{"field": "year", "type": "quantitative", "format": "d"},
                                           {"field": "low", "type": "quantitative", "format": ".3g",
                                            "title": f"{label} 5%"},
                                           {"field": "high", "type": "quantitative", "format": ".3g",
                                            "title": f"{label} 95%"}]}}, values)


def fan_chart(bands: xr.DataArray, title: str, units: str, lang: str, log: bool = False) -> Chart:
    """Median lines and 25-75% / 5-95% bands of several scenarios.

    ``log``: a logarithmic value axis, for a band that dwarfs the others (values at or below
    zero are left out of a log axis, so it is offered only where every value is positive).
    """
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
    if log:
        for layer in layers:
            y = layer["encoding"]["y"]
            y["scale"] = {**y.get("scale", {}), "type": "log"}
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
                               "title": None, "axis": {"labelLimit": 0}},
                         "yOffset": {"field": "index"},
                         "x": {"field": "value", "type": "quantitative", "title": "/".join(cols)},
                         "color": {"field": "index", "type": "nominal", "legend": {"orient": "bottom", "title": None}},
                         "tooltip": [{"field": "parameter"}, {"field": "index"},
                                     {"field": "value", "type": "quantitative", "format": ".3f"}]}}
    return Chart(title, pd.DataFrame(rows), spec)
