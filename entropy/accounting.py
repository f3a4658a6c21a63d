"""Entropy and carrying-capacity accounting: pure functions of a run's Dataset.

Each function takes the ``xarray.Dataset`` of a run of the cluster model (see
:func:`entropy.run`) and returns a DataArray over ``time`` or a number. Units
are those of the model: Mt, PJ, BCNY, Year, TJ/K.

Entropy generation follows the Gouy-Stodola relation ``S_gen = X_destroyed /
T0`` with ``T0 = 298.15 K``: fossil fuel's chemical exergy is destroyed when it
burns; a material's chemical exergy is destroyed when it is dispersed as
waste. Renewable energy is sunlight that is degraded anyway: its use is
reported separately (solar negentropy) and not charged to the cluster.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

#: Dead-state temperature of the Gouy-Stodola relation (K).
T0 = 298.15
#: TJ in a PJ.
TJ_PER_PJ = 1000.0
#: A reserve counts as depleted below this fraction of its initial size (Dmnl).
DEPLETION_FRACTION = 0.05
#: Stocks of the material cycle whose sum balances (Mt).
MATERIAL_STOCKS = ("virgin_reserve", "products_in_use", "waste_stock", "assimilated_waste")


class MissingVariable(KeyError):
    """The Dataset lacks a variable an indicator needs."""


def _var(ds: xr.Dataset, name: str) -> xr.DataArray:
    if name not in ds:
        raise MissingVariable(
            f"indicator needs variable {name!r}, which this run does not contain "
            "(run the cluster model, or include it in the chosen variables)"
        )
    return ds[name]


def _integral(da: xr.DataArray) -> xr.DataArray:
    """Trapezoidal integral over time of the saved series."""
    if da.sizes.get("time", 0) < 2:
        return da.isel(time=0) * 0.0 if "time" in da.dims else da * 0.0
    return da.integrate("time")


def entropy_generation_rate(ds: xr.Dataset) -> xr.DataArray:
    """Entropy generation rate by Gouy-Stodola (TJ/K/Year).

    ``(fossil_energy_use * fossil_exergy_factor + material_waste_generation *
    material_specific_exergy) * 1000 / 298.15``: PJ/Year of exergy destroyed,
    times 1000 TJ/PJ, over T0 in K.
    """
    fossil = _var(ds, "fossil_energy_use") * _var(ds, "fossil_exergy_factor")
    material = _var(ds, "material_waste_generation") * _var(ds, "material_specific_exergy")
    rate = (fossil + material) * TJ_PER_PJ / T0
    return rate.assign_attrs(units="TJ/K/Year", long_name="Entropy generation rate")


def cumulative_entropy(ds: xr.Dataset) -> xr.DataArray:
    """Entropy generated since the start (TJ/K).

    The model's own ``cumulative_entropy`` stock (integrated at every time
    step) where the run has it, else the trapezoidal integral of
    :func:`entropy_generation_rate` over the saved times.
    """
    if "cumulative_entropy" in ds:
        return ds["cumulative_entropy"]
    rate = entropy_generation_rate(ds)
    t = ds["time"].values
    steps = 0.5 * (rate.values[..., 1:] + rate.values[..., :-1]) * np.diff(t)
    cum = np.concatenate([np.zeros(rate.shape[:-1] + (1,)), np.cumsum(steps, axis=-1)], axis=-1)
    return rate.copy(data=cum).assign_attrs(units="TJ/K", long_name="Cumulative entropy")


def entropy_intensity(ds: xr.Dataset) -> xr.DataArray:
    """Entropy generated per unit of output (TJ/K per BCNY)."""
    out = _var(ds, "industrial_output")
    rate = entropy_generation_rate(ds)
    return (rate / out.where(out > 0)).assign_attrs(units="TJ/K/BCNY", long_name="Entropy intensity")


def solar_negentropy_rate(ds: xr.Dataset) -> xr.DataArray:
    """Renewable energy use expressed as entropy (TJ/K/Year), reported apart."""
    return (_var(ds, "renewable_energy_use") * TJ_PER_PJ / T0).assign_attrs(units="TJ/K/Year")


def load_ratio(ds: xr.Dataset) -> xr.DataArray:
    """Carrying-capacity load: waste generation / carrying capacity (Dmnl)."""
    ratio = _var(ds, "waste_generation") / _var(ds, "carrying_capacity")
    return ratio.assign_attrs(units="Dmnl", long_name="Carrying-capacity load ratio")


def years_in_overshoot(ds: xr.Dataset) -> float:
    """Years with the load ratio above 1 (Year), counted on the saved times.

    Each saved time with load > 1 counts for the save period.
    """
    ratio = load_ratio(ds).values
    period = float(ds.attrs.get("save_period", _period(ds)))
    return float(np.count_nonzero(ratio > 1.0) * period)


def first_overshoot_year(ds: xr.Dataset) -> float:
    """First saved year with the load ratio above 1 (Year); NaN if never."""
    ratio = load_ratio(ds).values
    idx = np.flatnonzero(ratio > 1.0)
    return float(ds["time"].values[idx[0]]) if idx.size else float("nan")


def _period(ds: xr.Dataset) -> float:
    t = ds["time"].values
    return float(t[1] - t[0]) if len(t) > 1 else 0.0


def min_ecosystem_health(ds: xr.Dataset) -> float:
    """Lowest ecosystem health over the run (Dmnl, 0 to 1)."""
    return float(_var(ds, "ecosystem_health").min())


def collapsed(ds: xr.Dataset) -> bool:
    """Whether health fell below the model's collapse threshold (no recovery)."""
    threshold = float(_var(ds, "collapse_threshold").max())
    return bool(min_ecosystem_health(ds) < threshold)


def reserve_lifetime(ds: xr.Dataset, reserve: str, flow: str) -> xr.DataArray:
    """Static lifetime of a reserve: reserve / current draw (Year); inf at zero draw."""
    r = _var(ds, reserve)
    f = _var(ds, flow)
    life = (r / f.where(f > 0)).where(f > 0, np.inf)
    return life.assign_attrs(units="Year", long_name=f"Static lifetime of {reserve}")


def depletion_year(ds: xr.Dataset, reserve: str) -> float:
    """First saved year the reserve is below 5% of its initial size (Year); NaN if never."""
    r = _var(ds, reserve).values
    idx = np.flatnonzero(r < DEPLETION_FRACTION * r[0])
    return float(ds["time"].values[idx[0]]) if idx.size else float("nan")


def circular_material_use_rate(ds: xr.Dataset) -> xr.DataArray:
    """Circular material use rate over time (Dmnl).

    Secondary input (recycled end-of-life material plus exchanged
    by-products) over total material input: the Eurostat definition (cycled
    use / total material use), at the level of the cluster.
    """
    cycled = _var(ds, "secondary_input") + _var(ds, "by_product_exchange")
    total = _var(ds, "material_input")
    rate = (cycled / total.where(total > 0)).where(total > 0, 0.0)
    return rate.assign_attrs(units="Dmnl", long_name="Circular material use rate")


def circularity_over_horizon(ds: xr.Dataset) -> float:
    """Circular material use rate of the whole run: cycled / total input (Dmnl)."""
    cycled = float(_integral(_var(ds, "secondary_input") + _var(ds, "by_product_exchange")))
    total = float(_integral(_var(ds, "material_input")))
    return cycled / total if total > 0 else 0.0


def total_material(ds: xr.Dataset) -> xr.DataArray:
    """Mass of the material system less what combustion added (Mt).

    Reserve + products in use + waste + assimilated waste - combustion residue
    added: constant in time when mass balances.
    """
    total = sum(_var(ds, s) for s in MATERIAL_STOCKS) - _var(ds, "combustion_residue_added")
    assert isinstance(total, xr.DataArray)
    return total.assign_attrs(units="Mt")


def mass_balance_residual(ds: xr.Dataset) -> float:
    """Largest relative departure from mass balance over the run (Dmnl)."""
    total = total_material(ds).values
    return float(np.max(np.abs(total - total[0])) / abs(total[0]))


def cumulative(ds: xr.Dataset, name: str) -> float:
    """Time integral of a flow over the run (e.g. Mt for a flow in Mt/Year)."""
    return float(_integral(_var(ds, name)))
