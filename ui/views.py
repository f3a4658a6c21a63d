"""What the pages show, computed from runs: headline metrics and indicator tables.

Pure functions of Datasets (no Streamlit calls), so they are cheap to test.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

import entropy
from entropy.analysis import accounting as acc
from entropy.analysis.regional import REGIONAL_INDICATORS

from .i18n import indicator_label, robustness_label, t, unit_text


@dataclass(frozen=True)
class Metric:
    """One headline number, with its difference from business as usual."""

    key: str
    label: str
    value: str
    delta: str | None
    delta_color: str  # "normal": up is good; "inverse": down is good; "off"
    delta_arrow: str = "auto"  # "off" for a difference that is not a number (e.g. another compartment)
    help: str = ""  # what the figure is, shown on hover


def _year(value: float, lang: str) -> str:
    return t("never", lang) if math.isnan(value) else f"{value:.0f}"


def _year_delta(cur: float, ref: float, lang: str) -> str | None:
    """Difference of two years; none when either is "never" or they are equal."""
    if math.isnan(cur) or math.isnan(ref):
        return None
    return _delta(cur - ref, 0, t("years_unit", lang))


def _delta(diff: float, decimals: int, unit: str = "") -> str | None:
    """A signed difference, or None (no arrow) when it rounds to zero."""
    rounded = round(diff, decimals)
    if rounded == 0:
        return None
    return f"{rounded:+,.{decimals}f}{unit}"


def _relative(cur: float, ref: float) -> str | None:
    """Difference in percent of ``ref`` (None when ``ref`` is 0 or they round equal)."""
    return _delta((cur / ref - 1) * 100, 0, "%") if ref else None


def decline_from_peak(ds: xr.Dataset) -> float:
    """Share of peak output lost by the last year (Dmnl; 0 when output ends at its peak)."""
    out = np.asarray(ds["industrial_output"].values, dtype=float)
    peak = float(out.max())
    return (peak - float(out[-1])) / peak if peak > 0 else 0.0


def ore_mined(ds: xr.Dataset) -> float:
    """Crude ore mined from the cluster's own reserve over the run (Mt)."""
    reserve = ds["ore_reserve"].values
    return float(reserve[0] - reserve[-1])


@dataclass(frozen=True)
class Figures:
    """A cluster run's headline figures (what :func:`headline` shows), computed once per run."""

    first: float  # first overshoot year (NaN: never)
    years: float  # years in overshoot (year)
    load: float  # peak binding load ratio (Dmnl)
    binding: str  # compartment that binds
    health: float  # lowest ecosystem health (Dmnl)
    decline: float  # share of peak output lost by the end (Dmnl)
    entropy: float  # cumulative non-renewable entropy (TJ/K)
    co2: float  # cumulative CO2 (Mt)
    circularity: float  # circular material use over the horizon (Dmnl)
    ore_depletion: float  # year the ore reserve is depleted (NaN: never)

    @classmethod
    def of(cls, ds: xr.Dataset) -> Figures:
        return cls(acc.first_overshoot_year(ds), acc.years_in_overshoot(ds), float(acc.load_ratio(ds).max()),
                   acc.binding_compartment(ds), acc.min_ecosystem_health(ds), decline_from_peak(ds),
                   float(acc.cumulative_non_renewable_entropy(ds).values[-1]),
                   float(ds["cumulative_co2"].values[-1]), acc.circularity_over_horizon(ds),
                   acc.depletion_year(ds, "ore_reserve"))


def headline(now: Figures, bau: Figures, lang: str) -> list[Metric]:
    """The Explore page's metrics for a run's figures against business as usual's, in two rows of five.

    The figures are the ones :func:`entropy.indicators` reports for the same
    run (same definitions), rounded for reading.
    """
    first, first_b = now.first, bau.first
    years, years_b = now.years, bau.years
    load, load_b = now.load, bau.load
    binding, binding_b = now.binding, bau.binding
    health, health_b = now.health, bau.health
    decline, decline_b = now.decline, bau.decline
    ent, ent_b = now.entropy, bau.entropy
    co2, co2_b = now.co2, bau.co2
    circ, circ_b = now.circularity, bau.circularity
    dep = now.ore_depletion, bau.ore_depletion
    other = None if binding == binding_b else t("bau_was", lang).format(value=t(f"{binding_b}_short", lang))
    metrics = [
        Metric("first_overshoot", t("m_first_overshoot", lang), _year(first, lang),
               _year_delta(first, first_b, lang), "normal"),
        Metric("years_overshoot", t("m_years_overshoot", lang), f"{years:.0f}{t('years_unit', lang)}",
               _delta(years - years_b, 0, t("years_unit", lang)), "inverse"),
        Metric("peak_load", t("m_peak_load", lang), f"{load:.2f}", _delta(load - load_b, 2), "inverse"),
        Metric("binding", t("m_binding", lang), t(f"{binding}_short", lang), other, "off", "off"),
        Metric("min_health", t("m_min_health", lang), f"{health:.2f}", _delta(health - health_b, 2), "normal"),
        Metric("decline", t("m_decline", lang), f"{decline:.0%}",
               _delta((decline - decline_b) * 100, 0, t("pp_unit", lang)), "inverse"),
        Metric("entropy", t("m_entropy", lang), f"{ent:,.0f} TJ/K", _relative(ent, ent_b), "inverse"),
        Metric("co2", t("m_co2", lang), f"{co2:,.0f} Mt", _relative(co2, co2_b), "inverse"),
        Metric("circularity", t("m_circularity", lang), f"{circ:.0%}",
               _delta((circ - circ_b) * 100, 0, t("pp_unit", lang)), "normal"),
        Metric("ore_depletion", t("m_ore_depletion", lang), _year(dep[0], lang), _year_delta(*dep, lang),
               "normal"),
    ]
    helps = {"first_overshoot": "h_first_overshoot", "years_overshoot": "h_years_overshoot",
             "peak_load": "h_peak_load", "binding": "h_binding", "min_health": "h_min_health",
             "decline": "h_decline", "entropy": "h_entropy", "co2": "h_co2", "circularity": "h_circularity",
             "ore_depletion": "h_ore_depletion"}
    return [dataclasses.replace(m, help=t(helps[m.key], lang)) for m in metrics]


def variable_label(ds: xr.Dataset, var: str, lang: str, names_zh: dict[str, str]) -> str:
    """A variable as a chooser lists it: its name (in Chinese where the model's views give one) and units."""
    name = str(ds[var].attrs.get("long_name", var))
    if lang == "zh" and var in names_zh:
        name = f"{names_zh[var]}（{name}）"
    return f"{name} ({unit_text(str(ds[var].attrs.get('units', '')), lang)})"


def parameter_label(model: entropy.Model, key: str, lang: str, names_zh: dict[str, str]) -> str:
    """An uncertain parameter's lever key as people read it: the model's name, its element, and
    in Chinese the name the model's views give it ("Demand Growth Rate[equip]")."""
    name, _, rest = key.partition("[")
    info = model.variables.get(name)
    text = (info.real_name if info is not None else name) + (f"[{rest}" if rest else "")
    if lang == "zh" and name in names_zh:
        text = f"{names_zh[name]}{'[' + rest if rest else ''}（{text}）"
    return text


def overshoot_periods(ds: xr.Dataset) -> list[tuple[float, float]]:
    """Intervals (start, end year) in which the load ratio is above 1."""
    over = acc.load_ratio(ds).values > 1
    t = ds["time"].values
    periods = []
    start = None
    for i, flag in enumerate(over):
        if flag and start is None:
            start = t[i]
        if not flag and start is not None:
            periods.append((float(start), float(t[i])))
            start = None
    if start is not None:
        periods.append((float(start), float(t[-1])))
    return periods


def number_text(value: object) -> str:
    """A table cell as people read it: 4 significant figures (whole thousands grouped), NaN as "-"."""
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(f):
        return "-"
    if f != 0 and (abs(f) < 1e-3 or abs(f) >= 1e9):
        return f"{f:.3e}"
    if abs(f) >= 1000 or f == round(f):
        return f"{f:,.0f}"
    return f"{f:.4g}"


#: For each indicator, whether a higher value is better (None: not ranked).
HIGHER_IS_BETTER: dict[str, bool | None] = {
    "first_overshoot_year": True,
    "years_in_overshoot": False,
    "max_load_ratio": False,
    "max_land_load": False,
    "max_persistent_load": False,
    "max_emission_load": False,
    "min_ecosystem_health": True,
    "collapse": False,
    "peak_output": True,
    "peak_output_year": None,
    "final_output": True,
    "decline_from_peak": False,
    "cumulative_output": True,
    "cumulative_entropy": False,
    "non_renewable_entropy": False,
    "renewable_entropy": None,
    "entropy_intensity": False,
    "cumulative_co2": False,
    "cumulative_ore_mined": False,
    "ore_depletion_year": True,
    "fossil_depletion_year": True,
    "circularity": True,
    "finn_cycling_index": True,
    "mass_balance_residual": None,
    "exergy_balance_residual": None,
    # the regional model's own indicators
    "first_sector_overshoot_year": True,
    "sectors_in_overshoot": False,
    "max_regional_sink_load": False,
    "min_regional_health": True,
    "comprehensive_utilisation": True,
    "cumulative_virgin_extraction": False,
    "cumulative_exchange": True,
    "cumulative_heat_cascade": True,
}
#: NaN means "never" for these, which is the best outcome.
NEVER_IS_BEST = {"first_overshoot_year", "ore_depletion_year", "fossil_depletion_year", "first_sector_overshoot_year"}


def best_per_row(table: pd.DataFrame) -> dict[str, list[str]]:
    """For each ranked indicator, the scenarios with the best value."""
    best: dict[str, list[str]] = {}
    for name, higher in HIGHER_IS_BETTER.items():
        if higher is None or name not in table.columns:
            continue
        col = table[name].astype(float)
        if name in NEVER_IS_BEST and col.isna().any():
            best[name] = [str(s) for s in col.index[col.isna()]]
            continue
        target = col.max() if higher else col.min()
        best[name] = [str(s) for s in col.index[np.isclose(col, target, equal_nan=False)]]
    return best


#: Indicators that are yes/no (stored as 1/0).
YES_NO = {"collapse"}
#: Indicators that are calendar years.
CALENDAR_YEARS = {"first_overshoot_year", "peak_output_year", "ore_depletion_year", "fossil_depletion_year",
                  "first_sector_overshoot_year"}
BEST_STYLE = "background-color: #d5f0d0; font-weight: bold"


def comparison_display(table: pd.DataFrame, baseline: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Compare table as people read it, and the cell styles that mark the best values.

    Rows are indicators by name, with units; then one column per scenario and
    one per difference from ``baseline``. A year that never comes reads
    "never", collapse reads yes/no, and a missing difference "-".

    Parameters
    ----------
    table : DataFrame
        :func:`comparison_table`: one row per scenario, the baseline first.
    baseline : str
    lang : str

    Returns
    -------
    (shown, styles) : DataFrame of str, DataFrame of str
        Same shape; ``styles`` holds CSS for the best value of each ranked row.
    """
    best = best_per_row(table)
    values = table.T.astype(float)  # indicators as rows, scenarios as columns
    names = [str(c) for c in values.columns]
    rows, styles = [], []
    for key, row in values.iterrows():
        key = str(key)

        def cell(v: float) -> str:
            if key in YES_NO and not math.isnan(v):
                return t("yes", lang) if v else t("no", lang)
            if key in NEVER_IS_BEST and math.isnan(v):
                return t("never", lang)
            if key in CALENDAR_YEARS and not math.isnan(v):
                return f"{v:.0f}"  # 2092, not 2,092
            return number_text(v)

        units = unit_text({**entropy.INDICATORS, **REGIONAL_INDICATORS}.get(key, ("", ""))[0], lang)
        out = [("" if key in YES_NO else units)] + [cell(row[n]) for n in names]
        style = [""] + [BEST_STYLE if n in best.get(key, []) else "" for n in names]
        for n in names[1:]:
            diff = row[n] - row[baseline]
            out.append("-" if key in YES_NO or math.isnan(diff) else number_text(diff))
            style.append("")
        rows.append(out)
        styles.append(style)
    columns = [t("units", lang), *names, *[f"{n} - {baseline}" for n in names[1:]]]
    index = [indicator_label(str(k), lang) for k in values.index]
    return pd.DataFrame(rows, index=index, columns=columns), pd.DataFrame(styles, index=index, columns=columns)


def robustness_display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The robustness table as people read it: labelled columns, 4 significant figures, years as years.

    A median first overshoot of NaN (no run overshoots) reads "never".
    """
    shown = {}
    for name in table.columns:
        key = str(name)
        if key == "median_first_overshoot_year":
            shown[robustness_label(key, lang)] = [_year(float(v), lang) for v in table[name]]
        else:
            shown[robustness_label(key, lang)] = [number_text(v) for v in table[name]]
    return pd.DataFrame(shown, index=table.index)


def comparison_table(runs: dict[str, xr.Dataset], baseline: str) -> pd.DataFrame:
    """Indicators of each run (one row per scenario, the baseline first).

    Runs may differ in horizon: each is summarised on its own.
    """
    ordered = [baseline, *[n for n in runs if n != baseline]]
    rows = [entropy.indicators(runs[n].assign_attrs(scenario=n)) for n in ordered]
    return pd.concat(rows)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^\"'])")


def md_escape(text: str) -> str:
    """``text`` to show as itself in a Markdown element (alerts, captions, labels).

    Every ASCII punctuation character that Markdown, Streamlit's directives
    (``:red[...]``, ``:material/...:``), LaTeX (``$``) or HTML could act on is
    backslash-escaped (CommonMark allows escaping any of them), so an uploaded
    scenario named ``![x](http://host/x.png)`` shows those characters instead
    of fetching an image. Line breaks become spaces.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


_PROJECT = str(Path(__file__).resolve().parents[1]) + os.sep


def alert_text(message: str) -> str:
    """A message for an alert: the server's folders left out, Markdown escaped (see :func:`md_escape`)."""
    return md_escape(message.replace(_PROJECT, ""))


def split_by_save_times(runs: dict[str, xr.Dataset]) -> tuple[dict[str, xr.Dataset], list[str]]:
    """The runs that save at the first run's times, and a message for each that does not.

    The message is the command line's (``entropy.stack_runs``): "scenarios A and B
    save at different times; ...".
    """
    names = list(runs)
    if not names:
        return {}, []
    first = names[0]
    kept = {first: runs[first]}
    messages = []
    for name in names[1:]:
        try:
            entropy.stack_runs([runs[first].assign_attrs(scenario=first), runs[name].assign_attrs(scenario=name)])
        except entropy.ScenarioError as exc:
            messages.append(str(exc))
        else:
            kept[name] = runs[name]
    return kept, messages
