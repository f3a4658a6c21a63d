"""Summaries of an ensemble: bands, overshoot and collapse probabilities, robustness.

All functions take the Dataset of :func:`entropy.ensemble.ensemble` (dimensions
``scenario``, ``run``, ``time``) and use only the runs that completed
(``status`` 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

PERCENTILES = (5, 25, 50, 75, 95)
#: Health below which an ecosystem counts as collapsed, when the run does not say.
DEFAULT_COLLAPSE = 0.2


def _ok(ds: xr.Dataset, var: str) -> xr.DataArray:
    """``var`` with failed runs masked out (NaN)."""
    return ds[var].where(ds["status"] == 0)


def percentile_bands(ds: xr.Dataset, var: str, percentiles: tuple[int, ...] = PERCENTILES) -> xr.DataArray:
    """Percentiles over runs of ``var`` at each time (units of ``var``).

    Returns
    -------
    xarray.DataArray
        Dimensions ``scenario``, ``percentile``, ``time``.
    """
    q = _ok(ds, var).quantile([p / 100 for p in percentiles], dim="run", skipna=True)
    q = q.rename(quantile="percentile").assign_coords(percentile=list(percentiles))
    return q.transpose("scenario", "percentile", "time").assign_attrs(ds[var].attrs)


def overshoot_probability(ds: xr.Dataset) -> xr.DataArray:
    """Share of runs with the load ratio above 1, by scenario and year (Dmnl)."""
    over = (ds["load_ratio"] > 1).where(ds["status"] == 0)
    return over.mean("run", skipna=True).assign_attrs(units="Dmnl", long_name="P(load ratio > 1)")


def years_in_overshoot(ds: xr.Dataset) -> xr.DataArray:
    """Years with the load ratio above 1, per scenario and run (Year)."""
    t = ds["time"].values
    period = float(t[1] - t[0]) if len(t) > 1 else 0.0
    return ((ds["load_ratio"] > 1).sum("time") * period).where(ds["status"] == 0)


def collapsed(ds: xr.Dataset) -> xr.DataArray:
    """Whether health fell below the collapse threshold, per scenario and run (0/1, NaN if failed)."""
    threshold = ds["collapse_threshold"] if "collapse_threshold" in ds else DEFAULT_COLLAPSE
    return (ds["ecosystem_health"].min("time") < threshold).astype(float).where(ds["status"] == 0)


def collapse_probability(ds: xr.Dataset) -> xr.DataArray:
    """Share of runs whose ecosystem collapses within the horizon, by scenario (Dmnl)."""
    return collapsed(ds).mean("run", skipna=True)


def cumulative(ds: xr.Dataset, var: str) -> xr.DataArray:
    """Time integral of a flow per scenario and run (e.g. BCNY for output)."""
    return _ok(ds, var).integrate("time")


def robustness_table(ds: xr.Dataset, regret_on: str = "years_in_overshoot") -> pd.DataFrame:
    """How each scenario fares across the runs.

    Columns: probability of ever overshooting; expected years in overshoot;
    probability of collapse; expected cumulative output (BCNY); mean and
    largest regret on ``regret_on`` (a run's value minus the best scenario's
    value in that same run: the runs share their parameters); failed runs.
    Sorted from the most robust (lowest mean regret).
    """
    years = years_in_overshoot(ds)
    measures = {"years_in_overshoot": years}
    if "industrial_output" in ds:
        measures["cumulative_output"] = -cumulative(ds, "industrial_output")  # more is better
    if regret_on not in measures:
        raise KeyError(f"regret_on must be one of {sorted(measures)}, got {regret_on!r}")
    value = measures[regret_on]
    regret = value - value.min("scenario")
    table = pd.DataFrame({
        "p_overshoot": (years > 0).where(years.notnull()).mean("run").values,
        "expected_years_in_overshoot": years.mean("run").values,
        "p_collapse": collapse_probability(ds).values,
        "expected_cumulative_output": (cumulative(ds, "industrial_output").mean("run").values
                                       if "industrial_output" in ds else np.nan),
        "mean_regret": regret.mean("run").values,
        "max_regret": regret.max("run").values,
        "failed_runs": (ds["status"] != 0).sum("run").values,
    }, index=pd.Index([str(s) for s in ds["scenario"].values], name="scenario"))
    table.attrs["regret_on"] = regret_on
    return table.sort_values("mean_regret", kind="stable")
