"""Summaries of an ensemble: bands, overshoot and collapse probabilities, robustness.

All functions take the Dataset of :func:`entropy.simulation.ensemble.ensemble` (dimensions
``scenario``, ``run``, ``time``) and use only the runs that completed
(``status`` 0). Overshoot is judged on the cluster model's binding
carrying-capacity load (:data:`LOAD`, the largest compartment load), as in
:mod:`entropy.indicators`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

PERCENTILES = (5, 25, 50, 75, 95)
#: The load a run overshoots on: the binding (largest) compartment load ratio (Dmnl).
LOAD = "binding_load_ratio"
#: Variables :func:`robustness_table` needs over time.
NEEDS = (LOAD, "ecosystem_health")
#: Health below which an ecosystem counts as collapsed when the run neither kept
#: ``collapse_threshold`` nor sampled it (the cluster model's default, Dmnl).
DEFAULT_COLLAPSE = 0.2


#: How the regional model's per-sector series of the summaries reduce to the
#: region's: the highest local load, the lowest local health, the summed output.
SECTOR_REDUCTION = {LOAD: "max", "ecosystem_health": "min", "industrial_output": "sum"}
SECTOR = "Sector"


def _series(ds: xr.Dataset, var: str) -> xr.DataArray:
    """``ds[var]``, reduced over the regional model's sectors where the summaries need one series."""
    da = ds[var]
    how = SECTOR_REDUCTION.get(var)
    if how and SECTOR in da.dims:
        da = getattr(da, how)(SECTOR, keep_attrs=True)
    return da


def _ok(ds: xr.Dataset, var: str) -> xr.DataArray:
    """``var`` with failed runs masked out (NaN)."""
    return _series(ds, var).where(ds["status"] == 0)


def percentile_bands(ds: xr.Dataset, var: str, percentiles: tuple[int, ...] = PERCENTILES) -> xr.DataArray:
    """Percentiles over runs of ``var`` at each time (units of ``var``).

    Returns
    -------
    xarray.DataArray
        Dimensions ``scenario``, ``percentile``, ``time``.
    """
    q = _ok(ds, var).quantile([p / 100 for p in percentiles], dim="run", skipna=True)
    q = q.rename(quantile="percentile").assign_coords(percentile=list(percentiles))
    return q.transpose("scenario", "percentile", "time", ...).assign_attrs(ds[var].attrs)


def _until(ds: xr.Dataset, var: str, until: float | None) -> xr.DataArray:
    da = _series(ds, var)
    return da if until is None else da.sel(time=slice(None, until))


def overshoot_probability(ds: xr.Dataset, var: str = LOAD, level: float = 1.0) -> xr.DataArray:
    """Share of runs with ``var`` above ``level`` in each year, by scenario (Dmnl).

    Parameters
    ----------
    ds : xarray.Dataset
        An ensemble.
    var : str
        A load ratio kept by the ensemble (default the binding load).
    level : float
        The load counted as overshoot (default 1).
    """
    over = (_series(ds, var) > level).where(ds["status"] == 0)
    return over.mean("run", skipna=True).assign_attrs(units="Dmnl", long_name=f"P({var} > {level:g})")


def exceedance_probability(ds: xr.Dataset, var: str = LOAD, level: float = 1.0,
                           until: float | None = None) -> xr.DataArray:
    """Share of runs in which ``var`` is above ``level`` at any saved time up to ``until`` (Dmnl).

    Parameters
    ----------
    ds : xarray.Dataset
        An ensemble.
    var : str
        A variable kept by the ensemble (default the binding load).
    level : float
        Threshold (default 1).
    until : float, optional
        Last year counted (default: the whole horizon).

    Returns
    -------
    xarray.DataArray
        One value per scenario.
    """
    ever = (_until(ds, var, until) > level).any("time").astype(float).where(ds["status"] == 0)
    return ever.mean("run", skipna=True).assign_attrs(units="Dmnl", long_name=f"P(max {var} > {level:g})")


def years_in_overshoot(ds: xr.Dataset) -> xr.DataArray:
    """Years with the binding load above 1, per scenario and run (Year; NaN if failed)."""
    t = ds["time"].values
    period = float(t[1] - t[0]) if len(t) > 1 else 0.0
    return ((_series(ds, LOAD) > 1).sum("time") * period).where(ds["status"] == 0)


def first_overshoot_year(ds: xr.Dataset) -> xr.DataArray:
    """First saved year with the binding load above 1, per scenario and run (Year).

    NaN where the run never overshoots within the horizon, or failed.
    """
    over = _series(ds, LOAD) > 1
    first = ds["time"].where(over).min("time", skipna=True)
    return first.where(ds["status"] == 0).assign_attrs(units="Year", long_name="First overshoot year")


def collapse_thresholds(ds: xr.Dataset) -> xr.DataArray | float:
    """The collapse threshold of each run (Dmnl).

    The kept model variable ``collapse_threshold`` if the ensemble kept it,
    else the sampled ``param_collapse_threshold`` if it is uncertain, else
    :data:`DEFAULT_COLLAPSE`.
    """
    if "collapse_threshold" in ds:
        return ds["collapse_threshold"].isel(time=0) if "time" in ds["collapse_threshold"].dims \
            else ds["collapse_threshold"]
    if "param_collapse_threshold" in ds:
        return ds["param_collapse_threshold"]
    return DEFAULT_COLLAPSE


def collapsed(ds: xr.Dataset) -> xr.DataArray:
    """Whether health fell below the run's collapse threshold, per scenario and run (0/1, NaN if failed)."""
    below = _series(ds, "ecosystem_health").min("time") < collapse_thresholds(ds)
    return below.astype(float).where(ds["status"] == 0)


def collapse_probability(ds: xr.Dataset) -> xr.DataArray:
    """Share of runs whose ecosystem collapses within the horizon, by scenario (Dmnl)."""
    return collapsed(ds).mean("run", skipna=True)


def cumulative(ds: xr.Dataset, var: str) -> xr.DataArray:
    """Time integral of a flow per scenario and run (e.g. BCNY for output)."""
    return _ok(ds, var).integrate("time")


def _median(values: np.ndarray) -> float:
    """Median of the finite values; NaN if there are none (without numpy's all-NaN warning)."""
    finite = values[np.isfinite(values)]
    return float(np.median(finite)) if finite.size else float("nan")


def robustness_table(ds: xr.Dataset, regret_on: str = "years_in_overshoot") -> pd.DataFrame:
    """How each scenario fares across the runs.

    Columns: probability of ever overshooting (binding load above 1);
    expected years in overshoot; probability of collapse; expected
    cumulative output (BCNY); mean and largest regret on ``regret_on`` (a
    run's value minus the best scenario's value in that same run: the runs
    share their parameters); failed runs; median first overshoot year of the
    runs that overshoot (NaN if none does). Sorted from the most robust
    (lowest mean regret).

    Raises
    ------
    KeyError
        If ``regret_on`` is not ``years_in_overshoot`` or (when output was
        kept) ``cumulative_output``.
    """
    years = years_in_overshoot(ds)
    measures = {"years_in_overshoot": years}
    if "industrial_output" in ds:
        measures["cumulative_output"] = -cumulative(ds, "industrial_output")  # more is better
    if regret_on not in measures:
        raise KeyError(f"regret_on must be one of {sorted(measures)}, got {regret_on!r}")
    value = measures[regret_on]
    regret = value - value.min("scenario")
    first = first_overshoot_year(ds)
    table = pd.DataFrame({
        "p_overshoot": (years > 0).where(years.notnull()).mean("run").values,
        "expected_years_in_overshoot": years.mean("run").values,
        "p_collapse": collapse_probability(ds).values,
        "expected_cumulative_output": (cumulative(ds, "industrial_output").mean("run").values
                                       if "industrial_output" in ds else np.nan),
        "mean_regret": regret.mean("run").values,
        "max_regret": regret.max("run").values,
        "failed_runs": (ds["status"] != 0).sum("run").values,
        "median_first_overshoot_year": [_median(row) for row in first.transpose("scenario", "run").values],
    }, index=pd.Index([str(s) for s in ds["scenario"].values], name="scenario"))
    table.attrs["regret_on"] = regret_on
    return table.sort_values("mean_regret", kind="stable")
