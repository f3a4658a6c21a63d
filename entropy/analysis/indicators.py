"""The one-row summary of a run: the indicators that matter, with units."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from . import accounting as acc
from ..errors import MissingVariableError
from .network import finn_over_horizon

#: Summary columns, their units and meaning, in display order.
INDICATORS: dict[str, tuple[str, str]] = {
    "first_overshoot_year": ("Year", "first year the binding load ratio is above 1 (NaN: never)"),
    "years_in_overshoot": ("Year", "years with the binding load ratio above 1"),
    "max_load_ratio": ("Dmnl", "highest binding (largest compartment) load ratio"),
    "max_land_load": ("Dmnl", "highest load of the land compartment (stockpile / land capacity)"),
    "max_persistent_load": ("Dmnl", "highest load of the persistent-pollution compartment"),
    "max_emission_load": ("Dmnl", "highest load of the fast-emission compartment"),
    "min_ecosystem_health": ("Dmnl", "lowest ecosystem health (0 to 1)"),
    "collapse": ("bool", "health fell below the collapse threshold"),
    "peak_output": ("BCNY/Year", "highest industrial output"),
    "peak_output_year": ("Year", "year of the highest output"),
    "final_output": ("BCNY/Year", "industrial output in the last year"),
    "decline_from_peak": ("Dmnl", "share of peak output lost by the last year"),
    "cumulative_output": ("BCNY", "output summed over the run"),
    "cumulative_entropy": ("TJ/K", "entropy generated over the run (Gouy-Stodola, all processes)"),
    "non_renewable_entropy": ("TJ/K", "entropy generated from fossil fuel and ore over the run"),
    "renewable_entropy": ("TJ/K", "entropy generated from renewable energy over the run, reported apart"),
    "entropy_intensity": ("TJ/K/BCNY", "non-renewable entropy per unit of cumulative output"),
    "cumulative_co2": ("MtCO2", "CO2 from fossil fuel over the run"),
    "cumulative_ore_mined": ("Mt", "crude ore mined from the cluster's own reserve over the run"),
    "ore_depletion_year": ("Year", "year the ore reserve falls below 5% (NaN: never)"),
    "fossil_depletion_year": ("Year", "year the fossil reserve falls below 5% (NaN: never)"),
    "circularity": ("Dmnl", "circular material use rate over the run (Eurostat)"),
    "finn_cycling_index": ("Dmnl", "Finn Cycling Index of the run's metal flows"),
    "mass_balance_residual": ("Dmnl", "largest relative mass-balance error"),
    "exergy_balance_residual": ("Dmnl", "largest relative exergy-balance error"),
}


def summary(ds: xr.Dataset) -> dict[str, float]:
    """Indicators of one run (a Dataset without a ``scenario`` dimension).

    Returns
    -------
    dict of str to float
        Keys and units as in :data:`INDICATORS`.
    """
    if acc.is_regional(ds):
        from .regional import regional_summary

        return regional_summary(ds)
    out = ds["industrial_output"]
    t = ds["time"].values
    output_total = acc.cumulative(ds, "industrial_output")
    non_renewable = float(acc.cumulative_non_renewable_entropy(ds).values[-1])
    peak = float(out.max())
    return {
        "first_overshoot_year": acc.first_overshoot_year(ds),
        "years_in_overshoot": acc.years_in_overshoot(ds),
        "max_load_ratio": float(acc.load_ratio(ds).max()),
        "max_land_load": float(ds["land_load_ratio"].max()),
        "max_persistent_load": float(ds["persistent_load_ratio"].max()),
        "max_emission_load": float(ds["emission_load_ratio"].max()),
        "min_ecosystem_health": acc.min_ecosystem_health(ds),
        "collapse": float(acc.collapsed(ds)),
        "peak_output": peak,
        "peak_output_year": float(t[int(np.argmax(out.values))]),
        "final_output": float(out.values[-1]),
        "decline_from_peak": _ratio(peak - float(out.values[-1]), peak),
        "cumulative_output": output_total,
        "cumulative_entropy": float(acc.cumulative_entropy(ds).values[-1]),
        "non_renewable_entropy": non_renewable,
        "renewable_entropy": float(acc._integral(acc.renewable_entropy_rate(ds))),
        "entropy_intensity": _ratio(non_renewable, output_total),
        "cumulative_co2": float(ds["cumulative_co2"].values[-1]),
        "cumulative_ore_mined": float(ds["ore_reserve"].values[0] - ds["ore_reserve"].values[-1]),
        "ore_depletion_year": acc.depletion_year(ds, "ore_reserve"),
        "fossil_depletion_year": acc.depletion_year(ds, "fossil_reserve"),
        "circularity": acc.circularity_over_horizon(ds),
        "finn_cycling_index": finn_over_horizon(ds),
        "mass_balance_residual": acc.mass_balance_residual(ds),
        "exergy_balance_residual": acc.exergy_balance_residual(ds),
    }


def _regional_columns() -> dict[str, tuple[str, str]]:
    from .regional import REGIONAL_INDICATORS

    return REGIONAL_INDICATORS


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("nan")


def indicators(ds: xr.Dataset) -> pd.DataFrame:
    """One row of indicators per run.

    Parameters
    ----------
    ds : xarray.Dataset
        A run, or several stacked along ``scenario``.

    Returns
    -------
    pandas.DataFrame
        Index: scenario name; columns: :data:`INDICATORS` (units in
        ``df.attrs["units"]``).

    Raises
    ------
    MissingVariableError
        The run lacks a variable the indicators need (not a cluster model, or
        variables restricted); also a ``KeyError``.
    """
    try:
        if "scenario" in ds.dims:
            rows = {str(s): summary(ds.sel(scenario=s)) for s in ds["scenario"].values}
        else:
            rows = {str(ds.attrs.get("scenario", "run")): summary(ds)}
    except KeyError as exc:
        missing = exc.args[0] if exc.args else "?"
        raise MissingVariableError(
            f"{ds.attrs.get('model', 'this run')}: no indicators ({missing!s}); indicators "
            "need a full run of a cluster model (every variable kept)"
        ) from None
    columns = dict(INDICATORS)
    if all(k in row for row in rows.values() for k in _regional_columns()):
        columns |= _regional_columns()
    df = pd.DataFrame.from_dict(rows, orient="index")[list(columns)]
    df.index.name = "scenario"
    df.attrs["units"] = {k: u for k, (u, _) in columns.items()}
    return df
