"""Plotly figures of a run against business as usual (hover for values, drag to zoom)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import xarray as xr

from .i18n import t
from .views import overshoot_periods

CURRENT = "#1f77b4"
BAU = "rgba(120,120,120,0.55)"
PLOT_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def _figure(title: str, units: str, lang: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(
        title={"text": title, "font": {"size": 14}},
        height=280,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        yaxis_title=units,
    )
    return fig


def _pair(fig: go.Figure, cur: xr.DataArray, bau: xr.DataArray | None, name: str, lang: str,
          colour: str = CURRENT, dash: str | None = None) -> None:
    """The current run (solid) and business as usual (faint, behind)."""
    prefix = f"{name}: " if name else ""
    if bau is not None:
        fig.add_trace(go.Scatter(x=bau["time"].values, y=bau.values, name=prefix + t("bau", lang),
                                 line={"color": BAU, "width": 1.5, "dash": dash or "dot"}))
    fig.add_trace(go.Scatter(x=cur["time"].values, y=cur.values, name=prefix + t("current", lang),
                             line={"color": colour, "width": 2.5, "dash": dash}))


def series_chart(ds: xr.Dataset, bau: xr.Dataset | None, var: str, title_key: str, lang: str,
                 label: str | None = None) -> go.Figure:
    """One variable over time."""
    fig = _figure(t(title_key, lang), str(ds[var].attrs.get("units", "")), lang)
    _pair(fig, ds[var], None if bau is None else bau[var], label or "", lang)
    return fig


def reserves_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> go.Figure:
    """Ore and fossil reserves as shares of their 2025 size."""
    fig = _figure(t("c_reserves", lang), t("share_2025", lang), lang)
    for var, key, colour in (("virgin_reserve", "virgin", CURRENT), ("fossil_reserve", "fossil", "#d62728")):
        _pair(fig, ds[var] / ds[var][0], bau[var] / bau[var][0], t(key, lang), lang, colour)
    fig.update_yaxes(range=[0, 1.05])
    return fig


def waste_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> go.Figure:
    """Waste stock with the critical level marked."""
    fig = series_chart(ds, bau, "waste_stock", "c_waste", lang)
    critical = float(ds["critical_waste_level"])
    fig.add_hline(y=critical, line={"color": "#d62728", "dash": "dash"},
                  annotation_text=t("critical_level", lang), annotation_position="top left")
    return fig


def health_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> go.Figure:
    """Ecosystem health, 0 to 1."""
    fig = series_chart(ds, bau, "ecosystem_health", "c_health", lang)
    fig.update_yaxes(range=[0, 1.05])
    return fig


def load_chart(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> go.Figure:
    """Load ratio with the line at 1 and the current run's overshoot periods shaded."""
    fig = series_chart(ds, bau, "load_ratio", "c_load", lang)
    fig.add_hline(y=1.0, line={"color": "#d62728", "width": 1.5})
    for start, end in overshoot_periods(ds):
        fig.add_vrect(x0=start, x1=end, fillcolor="#d62728", opacity=0.12, line_width=0)
    return fig


def overlay_chart(runs: dict[str, xr.Dataset], var: str, title: str, units: str, lang: str,
                  baseline: str | None = None) -> go.Figure:
    """One variable of several scenarios on one chart (the baseline dashed)."""
    fig = _figure(title, units, lang)
    fig.update_layout(height=420)
    for name, ds in runs.items():
        if var not in ds:
            continue
        da = ds[var]
        dash = "dash" if name == baseline else None
        fig.add_trace(go.Scatter(x=ds["time"].values, y=da.values if da.dims else [float(da)] * ds.sizes["time"],
                                 name=name, line={"width": 2.5 if name != baseline else 2, "dash": dash}))
    return fig


def explore_charts(ds: xr.Dataset, bau: xr.Dataset, lang: str) -> Sequence[go.Figure]:
    """The Explore page's charts, in reading order."""
    return (
        load_chart(ds, bau, lang),
        health_chart(ds, bau, lang),
        waste_chart(ds, bau, lang),
        series_chart(ds, bau, "industrial_output", "c_output", lang),
        series_chart(ds, bau, "entropy_generation_rate", "c_entropy", lang),
        reserves_chart(ds, bau, lang),
        series_chart(ds, bau, "products_in_use", "c_products", lang),
    )
