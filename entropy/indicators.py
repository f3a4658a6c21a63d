"""The one-row summary of a run: the indicators that matter, with units."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from . import accounting as acc
from .errors import MissingVariableError
from .network import finn_over_horizon

#: Summary columns, their units and meaning, in display order.
INDICATORS: dict[str, tuple[str, str]] = {
    "first_overshoot_year": ("Year", "first year the load ratio is above 1 (NaN: never)"),
    "years_in_overshoot": ("Year", "years with the load ratio above 1"),
    "max_load_ratio": ("Dmnl", "highest carrying-capacity load ratio"),
    "min_ecosystem_health": ("Dmnl", "lowest ecosystem health (0 to 1)"),
    "collapse": ("bool", "health fell below the collapse threshold"),
    "peak_output": ("BCNY/Year", "highest industrial output"),
    "peak_output_year": ("Year", "year of the highest output"),
    "final_output": ("BCNY/Year", "industrial output in the last year"),
    "cumulative_output": ("BCNY", "output summed over the run"),
    "cumulative_entropy": ("TJ/K", "entropy generated over the run (Gouy-Stodola)"),
    "entropy_intensity": ("TJ/K/BCNY", "cumulative entropy per unit of cumulative output"),
    "solar_negentropy": ("TJ/K", "renewable energy use as entropy, not charged"),
    "cumulative_virgin_extraction": ("Mt", "virgin material extracted over the run"),
    "virgin_depletion_year": ("Year", "year the virgin reserve falls below 5% (NaN: never)"),
    "fossil_depletion_year": ("Year", "year the fossil reserve falls below 5% (NaN: never)"),
    "final_virgin_lifetime": ("Year", "virgin reserve / extraction in the last year"),
    "circularity": ("Dmnl", "circular material use rate over the run (Eurostat)"),
    "finn_cycling_index": ("Dmnl", "Finn Cycling Index of the run's material flows"),
    "mass_balance_residual": ("Dmnl", "largest relative mass-balance error"),
}


def summary(ds: xr.Dataset) -> dict[str, float]:
    """Indicators of one run (a Dataset without a ``scenario`` dimension).

    Returns
    -------
    dict of str to float
        Keys and units as in :data:`INDICATORS`.
    """
    out = ds["industrial_output"]
    t = ds["time"].values
    final_life = acc.reserve_lifetime(ds, "virgin_reserve", "extraction").values[-1]
    entropy_total = float(acc.cumulative_entropy(ds).values[-1])
    output_total = acc.cumulative(ds, "industrial_output")
    return {
        "first_overshoot_year": acc.first_overshoot_year(ds),
        "years_in_overshoot": acc.years_in_overshoot(ds),
        "max_load_ratio": float(acc.load_ratio(ds).max()),
        "min_ecosystem_health": acc.min_ecosystem_health(ds),
        "collapse": float(acc.collapsed(ds)),
        "peak_output": float(out.max()),
        "peak_output_year": float(t[int(np.argmax(out.values))]),
        "final_output": float(out.values[-1]),
        "cumulative_output": output_total,
        "cumulative_entropy": entropy_total,
        "entropy_intensity": _ratio(entropy_total, output_total),
        "solar_negentropy": float(acc._integral(acc.solar_negentropy_rate(ds))),
        "cumulative_virgin_extraction": float(
            ds["virgin_reserve"].values[0] - ds["virgin_reserve"].values[-1]
        ),
        "virgin_depletion_year": acc.depletion_year(ds, "virgin_reserve"),
        "fossil_depletion_year": acc.depletion_year(ds, "fossil_reserve"),
        "final_virgin_lifetime": float(final_life),
        "circularity": acc.circularity_over_horizon(ds),
        "finn_cycling_index": finn_over_horizon(ds),
        "mass_balance_residual": acc.mass_balance_residual(ds),
    }


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
    df = pd.DataFrame.from_dict(rows, orient="index")[list(INDICATORS)]
    df.index.name = "scenario"
    df.attrs["units"] = {k: u for k, (u, _) in INDICATORS.items()}
    return df
