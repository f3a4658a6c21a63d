"""What Explore shows of a regional run: metrics against business as usual, the sentence
saying which sector overshoots first, and the charts by sector.

Pure functions of Datasets (no Streamlit calls). The figures are those of
:func:`entropy.analysis.regional.regional_summary` and ``sector_table``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from entropy.analysis import regional as reg

from .charts import BAU, CURRENT, DASHED, HEIGHT, PALETTE, SOLID, Chart, Layer, Series, _bau, _compose, _rule, \
    _series, band_layer, cap_to_lines, series_chart
from .i18n import sector_label, t, unit_text
from .views import Metric, _delta, _relative, _year, _year_delta

SECTOR = reg.SECTOR


@dataclass(frozen=True)
class RunSummary:
    """What the regional pages read of a run: its indicators, its sector table, the overshoot order."""

    values: dict[str, float]
    sectors: pd.DataFrame
    order: list[tuple[str, float]]
    sink_overshoot: float  # first year the shared sink's load is above 1 (NaN: never)

    @classmethod
    def of(cls, ds: xr.Dataset) -> RunSummary:
        """Summarise a regional run (about 45 ms: once per run, then cached)."""
        sectors = reg.sector_table(ds)
        years = sectors["first_overshoot_year"].dropna().sort_values(kind="stable")
        over = np.flatnonzero(ds["regional_load_ratio"].values > 1.0)
        return cls(reg.regional_summary(ds, balances=False), sectors,
                   [(str(k), float(v)) for k, v in years.items()],
                   float(ds["time"].values[over[0]]) if over.size else math.nan)


def headline(cur_run: RunSummary, bau_run: RunSummary, sectors: int, lang: str) -> list[Metric]:
    """The regional Explore metrics of a run against business as usual, two rows of five."""
    cur, ref = cur_run.values, bau_run.values
    order, order_b = cur_run.order, bau_run.order
    first = order[0][0] if order else ""
    first_b = order_b[0][0] if order_b else ""
    first_year = order[0][1] if order else math.nan
    first_year_b = order_b[0][1] if order_b else math.nan
    which = sector_label(first, lang, short=True) if first else t("none", lang)
    other = None if first == first_b else t("bau_was", lang).format(
        value=sector_label(first_b, lang, short=True) if first_b else t("none", lang))

    def pp(key: str) -> str | None:
        return _delta((cur[key] - ref[key]) * 100, 0, t("pp_unit", lang))

    metrics = [
        Metric("first_overshoot", t("m_first_sector_overshoot", lang), _year(first_year, lang),
               _year_delta(first_year, first_year_b, lang), "normal", help=t("h_first_sector_overshoot", lang)),
        Metric("first_sector", t("m_first_sector", lang), which, other, "off", "off",
               help=t("h_first_sector", lang)),
        Metric("sectors_over", t("m_sectors_over", lang), f"{cur['sectors_in_overshoot']:.0f} / {sectors}",
               _delta(cur["sectors_in_overshoot"] - ref["sectors_in_overshoot"], 0), "inverse",
               help=t("h_sectors_over", lang)),
        Metric("sink_load", t("m_sink_load", lang), f"{cur['max_regional_sink_load']:.2f}",
               _delta(cur["max_regional_sink_load"] - ref["max_regional_sink_load"], 2), "inverse",
               help=t("h_sink_load", lang)),
        Metric("min_health", t("m_min_health", lang), f"{cur['min_ecosystem_health']:.2f}",
               _delta(cur["min_ecosystem_health"] - ref["min_ecosystem_health"], 2), "normal",
               help=t("h_min_health_regional", lang)),
        Metric("output", t("m_cum_output", lang), f"{cur['cumulative_output']:,.0f}",
               _relative(cur["cumulative_output"], ref["cumulative_output"]), "normal", help=t("h_cum_output", lang)),
        Metric("co2", t("m_co2", lang), f"{cur['cumulative_co2']:,.0f} Mt",
               _relative(cur["cumulative_co2"], ref["cumulative_co2"]), "inverse", help=t("h_co2", lang)),
        Metric("entropy", t("m_entropy", lang), f"{cur['non_renewable_entropy']:,.0f} TJ/K",
               _relative(cur["non_renewable_entropy"], ref["non_renewable_entropy"]), "inverse",
               help=t("h_entropy", lang)),
        Metric("utilisation", t("m_utilisation", lang), f"{cur['comprehensive_utilisation']:.0%}",
               pp("comprehensive_utilisation"), "normal", help=t("h_utilisation", lang)),
        Metric("exchange", t("m_exchange", lang), f"{cur['cumulative_exchange']:,.0f} Mt",
               _relative(cur["cumulative_exchange"], ref["cumulative_exchange"]), "normal",
               help=t("h_exchange", lang)),
    ]
    return metrics


def overshoot_text(run: RunSummary, lang: str) -> str:
    """Which sector overshoots first, then the others, and the shared sink, in words."""
    order = run.order
    parts = []
    if order:
        first, year = order[0]
        parts.append(t("s_first", lang).format(sector=sector_label(first, lang), year=f"{year:.0f}"))
        if len(order) > 1:
            rest = t("list_sep", lang).join(f"{sector_label(s, lang)} ({y:.0f})" for s, y in order[1:])
            parts.append(t("s_then", lang).format(rest=rest))
    else:
        parts.append(t("s_none", lang))
    sink = run.sink_overshoot
    parts.append(t("s_sink_over", lang).format(year=f"{sink:.0f}") if sink == sink else t("s_sink_in", lang))
    text = t("sentence_sep", lang).join(parts) + t("full_stop", lang)
    return text[:1].upper() + text[1:]


def _sector_frame(ds: xr.Dataset, var: str, lang: str) -> pd.DataFrame:
    """One row per (sector, year) of an arrayed variable, sectors labelled."""
    da = ds[var].transpose("time", SECTOR)
    years = np.asarray(ds["time"].values, dtype=float)
    frames = [pd.DataFrame({"year": years, "value": np.asarray(da.sel({SECTOR: s}).values, dtype=float),
                            "run": sector_label(str(s), lang)}) for s in ds[SECTOR].values]
    return pd.concat(frames, ignore_index=True)


def _sector_domain(ds: xr.Dataset, lang: str) -> tuple[list[str], list[str]]:
    names = [sector_label(str(s), lang) for s in ds[SECTOR].values]
    return names, [PALETTE[i % len(PALETTE)] for i in range(len(names))]


#: Years per cell of the heat map: a cell holds the highest load of its years (an overshoot
#: of one year still shows), and 40 cells a row draw five times faster than 200.
HEAT_BIN = 5


def load_heatmap(ds: xr.Dataset, lang: str) -> Chart:
    """Sector x period heat map of the local binding load ratio, the shared sink as the last row.

    Each cell is :data:`HEAT_BIN` years and shows the highest load within them, on a
    diverging scale centred on 1 (the carrying capacity): blue inside, red in overshoot.
    """
    years = np.asarray(ds["time"].values, dtype=float)
    start = np.floor((years - years[0]) / HEAT_BIN) * HEAT_BIN + years[0]
    rows_data = {sector_label(str(s), lang): np.asarray(ds["binding_load_ratio"].sel({SECTOR: s}).values, dtype=float)
                 for s in ds[SECTOR].values}
    rows_data[t("regional_sink", lang)] = np.asarray(ds["regional_load_ratio"].values, dtype=float)
    frames = []
    for row, values in rows_data.items():
        cells = pd.DataFrame({"year": start, "value": values}).groupby("year", sort=True)["value"].max()
        frames.append(pd.DataFrame({"year": cells.index.to_numpy(dtype=float), "value": cells.to_numpy(dtype=float),
                                    "run": row}))
    data = pd.concat(frames, ignore_index=True)
    step = float(years[1] - years[0]) if len(years) > 1 else 1.0
    data["year_end"] = np.minimum(data["year"] + HEAT_BIN, years[-1] + step)
    rows = list(rows_data)
    top = max(2.0, float(np.nanmax(data["value"].to_numpy(dtype=float))))
    spec: dict[str, Any] = {
        "title": t("c_load_map", lang), "height": 26 * len(rows),
        "mark": {"type": "rect"},
        "encoding": {
            "x": {"field": "year", "type": "quantitative", "title": t("year", lang), "axis": {"format": "d"},
                  "scale": {"zero": False, "nice": False}},
            "x2": {"field": "year_end"},
            "y": {"field": "run", "type": "nominal", "sort": rows, "title": None,
                  "axis": {"labelLimit": 0, "labelOverlap": False}},
            "color": {"field": "value", "type": "quantitative", "title": t("load_axis", lang),
                      "scale": {"type": "linear", "domain": [0, 1, top], "range": ["#2166ac", "#f7f7f7", "#b2182b"]},
                      "legend": {"orient": "bottom", "gradientLength": 220}},
            "tooltip": [{"field": "run", "type": "nominal", "title": t("sector", lang)},
                        {"field": "year", "type": "quantitative", "format": "d", "title": t("from", lang)},
                        {"field": "year_end", "type": "quantitative", "format": "d", "title": t("to", lang)},
                        {"field": "value", "type": "quantitative", "format": ".3f", "title": t("load_max", lang)}],
        },
    }
    return Chart(t("c_load_map", lang), data, spec)


def output_by_sector(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """Output of each sector stacked, business as usual's regional total as a dashed line."""
    data = _sector_frame(ds, "industrial_output", lang)
    names, colours = _sector_domain(ds, lang)
    total = pd.DataFrame({"total": np.asarray(bau["regional_output"].values, dtype=float),
                          "year": bau["time"].values.astype(float), "label": t("bau_total", lang)})
    area: dict[str, Any] = {
        "mark": {"type": "area", "opacity": 0.85},
        "encoding": {
            "x": {"field": "year", "type": "quantitative", "title": t("year", lang), "axis": {"format": "d"},
                  "scale": {"zero": False, "nice": False}},
            "y": {"field": "value", "type": "quantitative", "stack": "zero", "title": unit_text("BCNY/Year", lang),
                  "axis": {"minExtent": 42}},
            "color": {"field": "run", "type": "nominal", "scale": {"domain": names, "range": colours},
                      "legend": {"orient": "bottom", "title": None, "columns": 2, "labelLimit": 0}},
            "order": {"field": "run", "sort": "ascending"},
            "tooltip": [{"field": "run", "type": "nominal"}, {"field": "year", "type": "quantitative", "format": "d"},
                        {"field": "value", "type": "quantitative", "format": ".4g"}]},
        "params": [{"name": "zoom", "select": {"type": "interval", "encodings": ["x"]}, "bind": "scales"}],
    }
    line = Layer({"mark": {"type": "line", "color": "#333333", "strokeDash": DASHED, "strokeWidth": 1.8},
                  "encoding": {"x": {"field": "year", "type": "quantitative"},
                               "y": {"field": "total", "type": "quantitative"},
                               "tooltip": [{"field": "label", "type": "nominal"},
                                           {"field": "total", "type": "quantitative", "format": ".4g"}]}}, total)
    return _compose(t("c_output_sector", lang), data, [area, line], height=HEIGHT + 40)


def health_by_sector(ds: xr.Dataset, lang: str) -> Chart:
    """Each sector's local ecosystem health and the shared regional one, collapse threshold dashed."""
    names, colours = _sector_domain(ds, lang)
    series = [Series(n, ds["time"].values.astype(float),
                     np.asarray(ds["ecosystem_health"].sel({SECTOR: s}).values, dtype=float), c, SOLID)
              for n, c, s in zip(names, colours, ds[SECTOR].values)]
    series.append(_series(ds, "regional_ecosystem_health", t("regional_sink", lang), "#000000", DASHED))
    return series_chart(t("c_health_sector", lang), "Dmnl", lang, series,
                        extra=[_rule(float(np.max(ds["collapse_threshold"].values)))], legend_columns=2)


def waste_by_compartment(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Chart:
    """The region's waste in each compartment as a share of its 2025 amount (summed over the
    sectors): land stockpile, persistent pollution, fast emissions and the shared sink's pollution,
    against business as usual's persistent pollution."""
    def total(run: xr.Dataset, var: str) -> np.ndarray:
        values = run[var].sum(SECTOR) if SECTOR in run[var].dims else run[var]
        v = np.asarray(values.values, dtype=float)
        return v / v[0] if v[0] else v

    time = ds["time"].values.astype(float)
    series = [Series(_bau(t("persistent", lang), lang), time, total(bau, "persistent_pollution"), BAU, DASHED,
                     "back"),
              Series(t("land", lang), time, total(ds, "land_stockpile"), "#8c564b", SOLID),
              Series(t("persistent", lang), time, total(ds, "persistent_pollution"), "#9467bd", SOLID),
              Series(t("emission", lang), time, total(ds, "fast_emissions"), "#ff7f0e", SOLID),
              Series(t("sink_pollution", lang), time, total(ds, "regional_sink_pollution"), "#000000", [2, 2])]
    return series_chart(t("c_waste", lang), t("share_2025", lang), lang, series, legend_columns=2)


def regional_load_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str, band: xr.DataArray | None = None) -> Chart:
    """The region's binding load (the largest of every local environment and the shared sink), optionally
    with the 5-95% band of an ensemble around the current setting."""
    series = [_series(bau, "regional_binding_load_ratio", t("bau", lang), BAU, DASHED, "back"),
              _series(ds, "regional_binding_load_ratio", t("current", lang), CURRENT),
              _series(ds, "regional_load_ratio", t("regional_sink", lang), "#000000", [2, 2])]
    under = [] if band is None else [band_layer(band, t("band_label", lang))]
    chart = series_chart(t("c_regional_load", lang), t("load_axis", lang), lang, series, under,
                         extra=[_rule(1.0)], legend_columns=2)
    if band is not None:
        cap_to_lines(chart, max(float(ds["regional_binding_load_ratio"].max()),
                                float(bau["regional_binding_load_ratio"].max())))
    return chart


def explore_charts(ds: xr.Dataset, bau: xr.Dataset, lang: str, band: xr.DataArray | None = None) -> list[Chart]:
    """The regional Explore charts, in reading order (the heat map first, full width)."""
    return [load_heatmap(ds, lang), regional_load_chart(ds, bau, lang, band), output_by_sector(ds, bau, lang),
            health_by_sector(ds, lang), waste_by_compartment(ds, bau, lang)]


def sector_frame(run: RunSummary, lang: str) -> pd.DataFrame:
    """The per-sector indicator table as people read it (labels, units, "-" for none)."""
    from .views import number_text

    table = run.sectors
    shown = {}
    for key in table.columns:
        units = reg.SECTOR_INDICATORS[key][0]
        label = t(f"si_{key}", lang) + (f" ({unit_text(units, lang)})" if units and units != "yes/no" else "")
        if key == "first_overshoot_year":
            shown[label] = [_year(float(v), lang) for v in table[key]]
        elif key == "collapse":
            shown[label] = [t(str(v), lang) for v in table[key]]
        elif key == "binding_compartment":
            shown[label] = [t(f"{v}_short", lang) for v in table[key]]
        else:
            shown[label] = [number_text(v) for v in table[key]]
    return pd.DataFrame(shown, index=[sector_label(str(s), lang) for s in table.index])
