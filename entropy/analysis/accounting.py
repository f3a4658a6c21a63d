"""Entropy and carrying-capacity accounting: pure functions of a run's Dataset.

Each function takes the ``xarray.Dataset`` of a run of the cluster model (see
:func:`entropy.run`) and returns a DataArray over ``time`` or a number. Units
are those of the model: Mt, PJ, BCNY, Year, TJ/K, MtCO2.

Entropy generation follows the Gouy-Stodola relation ``S_gen = X_destroyed /
T0`` with ``T0 = 298.15 K``, from the model's exergy balance per process
(fuel + ore = product + waste + destroyed). The exergy of reduced metal is
carried in the products and destroyed once, when the metal is dispersed, so
the fuel's exergy stored in metal is not counted twice. Destruction
attributed to renewable energy (sunlight degraded anyway) is reported apart
from the non-renewable part.

The carrying-capacity load is reported per compartment (land, persistent
pollution, fast emissions) and as the binding (largest) one.
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
#: Stocks of matter whose sum, less the mass that entered from outside the
#: material system, is constant (Mt). See :func:`total_material`.
MATERIAL_STOCKS = (
    "ore_reserve",
    "products_in_use_new",
    "products_in_use_middle",
    "products_in_use_old",
    "land_stockpile",
    "pollution_in_transit_1",
    "pollution_in_transit_2",
    "pollution_in_transit_3",
    "persistent_pollution",
    "assimilated_pollution",
    "material_exported",
    "exchanged_by_products",
    "fast_emissions_dispersed",
)
#: Accumulators of mass that entered from outside (fluxes, fuel, air; imported ore) (Mt).
MASS_ADDED = ("mass_added", "material_imported")
#: The regional model's sector dimension.
SECTOR_DIM = "Sector"
#: Regional model, per sector: stocks of matter a sector passed on or dispersed (Mt).
SECTOR_STOCKS = (
    "by_product_inventory",
    "cumulative_exchange_output",
    "cumulative_spill_over",
    "waste_exported_to_other_regions",
    "cumulative_conversion_loss",
)
#: Regional model: stocks of the shared regional sink (Mt).
REGIONAL_STOCKS = ("regional_pollution_in_transit", "regional_sink_pollution", "regional_assimilated_pollution")
#: Compartment load ratios (Dmnl) and their short names.
COMPARTMENTS = {
    "land": "land_load_ratio",
    "persistent": "persistent_load_ratio",
    "emission": "emission_load_ratio",
}


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

    ``exergy_destroyed * 1000 / 298.15``: PJ/Year of exergy destroyed in all
    processes (mining, metal making, remelting, fabrication, collection,
    remanufacturing, dispersal of metal), times 1000 TJ/PJ, over T0 in K.
    """
    rate = _var(ds, "exergy_destroyed") * TJ_PER_PJ / T0
    return rate.assign_attrs(units="TJ/K/Year", long_name="Entropy generation rate")


def non_renewable_entropy_rate(ds: xr.Dataset) -> xr.DataArray:
    """Entropy generation attributed to fossil fuel and ore (TJ/K/Year)."""
    rate = _var(ds, "non_renewable_exergy_destruction") * TJ_PER_PJ / T0
    return rate.assign_attrs(units="TJ/K/Year", long_name="Non-renewable entropy generation")


def renewable_entropy_rate(ds: xr.Dataset) -> xr.DataArray:
    """Entropy generation attributed to renewable energy, reported apart (TJ/K/Year)."""
    rate = _var(ds, "renewable_exergy_destruction") * TJ_PER_PJ / T0
    return rate.assign_attrs(units="TJ/K/Year", long_name="Renewable entropy generation")


def _cumulate(rate: xr.DataArray, ds: xr.Dataset) -> xr.DataArray:
    """Trapezoidal running integral of a rate over the saved times."""
    t = ds["time"].values
    steps = 0.5 * (rate.values[..., 1:] + rate.values[..., :-1]) * np.diff(t)
    cum = np.concatenate([np.zeros(rate.shape[:-1] + (1,)), np.cumsum(steps, axis=-1)], axis=-1)
    return rate.copy(data=cum)


def cumulative_entropy(ds: xr.Dataset) -> xr.DataArray:
    """Entropy generated since the start (TJ/K).

    The model's own ``cumulative_entropy`` stock (integrated at every time
    step) where the run has it, else the trapezoidal integral of
    :func:`entropy_generation_rate` over the saved times.
    """
    if "cumulative_entropy" in ds:
        return ds["cumulative_entropy"]
    return _cumulate(entropy_generation_rate(ds), ds).assign_attrs(units="TJ/K", long_name="Cumulative entropy")


def cumulative_non_renewable_entropy(ds: xr.Dataset) -> xr.DataArray:
    """Non-renewable entropy generated since the start (TJ/K)."""
    if "cumulative_non_renewable_entropy" in ds:
        return ds["cumulative_non_renewable_entropy"]
    rate = non_renewable_entropy_rate(ds)
    return _cumulate(rate, ds).assign_attrs(units="TJ/K", long_name="Cumulative non-renewable entropy")


def entropy_intensity(ds: xr.Dataset) -> xr.DataArray:
    """Non-renewable entropy generated per unit of output (TJ/K per BCNY)."""
    out = _var(ds, "industrial_output")
    rate = non_renewable_entropy_rate(ds)
    return (rate / out.where(out > 0)).assign_attrs(units="TJ/K/BCNY", long_name="Entropy intensity")


def load_ratio(ds: xr.Dataset) -> xr.DataArray:
    """Binding carrying-capacity load: the largest compartment load (Dmnl)."""
    return _var(ds, "binding_load_ratio").assign_attrs(units="Dmnl", long_name="Binding load ratio")


def compartment_loads(ds: xr.Dataset) -> xr.DataArray:
    """Load ratio of each compartment over time, dimension ``compartment`` (Dmnl)."""
    loads = [_var(ds, v) for v in COMPARTMENTS.values()]
    stacked = xr.concat(loads, dim="compartment").assign_coords(compartment=list(COMPARTMENTS))
    return stacked.assign_attrs(units="Dmnl", long_name="Compartment load ratio")


def binding_compartment(ds: xr.Dataset) -> str:
    """Compartment whose load is highest over the run ("land", "persistent" or "emission")."""
    peaks = {name: float(_var(ds, v).max()) for name, v in COMPARTMENTS.items()}
    return max(peaks, key=lambda k: peaks[k])


def years_in_overshoot(ds: xr.Dataset) -> float:
    """Years with the binding load above 1 (Year), counted on the saved times.

    Each saved time with load > 1 counts for the save period.
    """
    ratio = load_ratio(ds).values
    period = float(ds.attrs.get("save_period", _period(ds)))
    return float(np.count_nonzero(ratio > 1.0) * period)


def first_overshoot_year(ds: xr.Dataset) -> float:
    """First saved year with the binding load above 1 (Year); NaN if never."""
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


def _recovered(ds: xr.Dataset) -> xr.DataArray:
    """Material recovered and used again: scrap remelted, products remanufactured, by-products used (Mt/Year)."""
    return _var(ds, "scrap_remelted") + _var(ds, "remanufacturing") + _var(ds, "by_product_utilisation")


def circular_material_use_rate(ds: xr.Dataset) -> xr.DataArray:
    """Circular material use rate over time (Dmnl).

    Eurostat's definition at the level of the cluster: recovered material
    used (scrap remelted, products remanufactured, by-products used by other
    firms) / (domestic material consumption + recovered material used). DMC
    counts crude ore mined, ore imported and fuel, in tonnes.
    """
    used = _recovered(ds)
    total = _var(ds, "domestic_material_consumption") + used
    rate = (used / total.where(total > 0)).where(total > 0, 0.0)
    return rate.assign_attrs(units="Dmnl", long_name="Circular material use rate")


def circularity_over_horizon(ds: xr.Dataset) -> float:
    """Circular material use rate of the whole run: recovered / (DMC + recovered) (Dmnl)."""
    used = float(_integral(_recovered(ds)))
    total = float(_integral(_var(ds, "domestic_material_consumption"))) + used
    return used / total if total > 0 else 0.0


def total_material(ds: xr.Dataset) -> xr.DataArray:
    """Mass of the material system less what entered it from outside (Mt).

    Ore reserve + products in use + land stockpile + pollutants in transit,
    in the ecosystem and assimilated + exported + exchanged + dispersed
    emissions, less the mass added by fluxes, fuel and air and the ore
    imported: constant in time when mass balances.
    """
    total = sum(_var(ds, s) for s in MATERIAL_STOCKS) - sum(_var(ds, s) for s in MASS_ADDED)
    if is_regional(ds):
        # Per sector: what it passed on (exchange, spill-over, other regions) is
        # still counted; what it received is mass from outside the sector.
        total = total + sum(_var(ds, s) for s in SECTOR_STOCKS) - _var(ds, "cumulative_exchange_input")
    assert isinstance(total, xr.DataArray)
    return total.assign_attrs(units="Mt")


def regional_material(ds: xr.Dataset) -> xr.DataArray:
    """Mass of the whole region's material system less what entered it (Mt).

    The sectors' totals (:func:`total_material`) summed, less what they passed
    to one another and to the regional sink, plus the sink's stocks.
    """
    sectors = total_material(ds)
    passed = _var(ds, "cumulative_exchange_output") - _var(ds, "cumulative_exchange_input")
    total = (sectors - passed - _var(ds, "cumulative_spill_over")).sum(SECTOR_DIM)
    total = total + sum(_var(ds, s) for s in REGIONAL_STOCKS)
    assert isinstance(total, xr.DataArray)
    return total.assign_attrs(units="Mt")


def is_regional(ds: xr.Dataset) -> bool:
    """Whether ``ds`` is a run of the regional model (sectors linked by exchange)."""
    return SECTOR_DIM in ds.dims and "cumulative_exchange_input" in ds


def _relative_drift(total: xr.DataArray, scale: xr.DataArray | None = None) -> float:
    """Largest |x(t) - x(0)| / scale over time (and sectors), scale = |x(0)| by default."""
    first = total.isel(time=0)
    ref = abs(first) if scale is None else scale
    ref = ref.where(ref > 0, 1.0)
    return float((abs(total - first) / ref).max())


def mass_balance_residual(ds: xr.Dataset) -> float:
    """Largest relative departure from mass balance over the run (Dmnl).

    For the regional model: the largest over every sector and the region.
    """
    worst = _relative_drift(total_material(ds))
    if is_regional(ds):
        worst = max(worst, _relative_drift(regional_material(ds)))
    return worst


#: Variables of the exergy balance (see :func:`exergy_account`).
EXERGY_NEEDS = (
    "fossil_reserve", "fossil_exergy_factor", "products_in_use", "metal_specific_exergy",
    "cumulative_exergy_exported", "cumulative_exergy_destroyed", "cumulative_renewable_exergy",
    "cumulative_ore_exergy",
)


def exergy_account(ds: xr.Dataset) -> xr.DataArray:
    """Exergy held or spent less exergy received from outside (PJ).

    Fossil reserve x exergy factor + exergy carried in products in use +
    exergy exported + exergy destroyed - renewable exergy received - ore
    exergy received: constant in time when every process balances (inputs =
    outputs + destroyed).
    """
    held = (
        _var(ds, "fossil_reserve") * _var(ds, "fossil_exergy_factor")
        + _var(ds, "products_in_use") * _var(ds, "metal_specific_exergy")
        + _var(ds, "cumulative_exergy_exported")
        + _var(ds, "cumulative_exergy_destroyed")
    )
    received = _var(ds, "cumulative_renewable_exergy") + _var(ds, "cumulative_ore_exergy")
    if is_regional(ds):
        # Each sector draws fossil exergy from the shared reserve and trades
        # exergy with the others through the by-product inventory and as
        # recovered heat (the heat cascade).
        held = (held - _var(ds, "fossil_reserve") * _var(ds, "fossil_exergy_factor")
                + _var(ds, "by_product_inventory_exergy") + _var(ds, "cumulative_exchange_output_exergy")
                + _var(ds, "cumulative_heat_output_exergy"))
        received = (received + _var(ds, "cumulative_fossil_exergy")
                    + _var(ds, "cumulative_exchange_input_exergy") + _var(ds, "cumulative_heat_input_exergy"))
    return (held - received).assign_attrs(units="PJ", long_name="Exergy account")


def exergy_balance_residual(ds: xr.Dataset) -> float:
    """Largest relative departure from the exergy balance over the run (Dmnl).

    For the regional model: the largest over every sector, and the shared
    fossil reserve against what the sectors drew from it.
    """
    total = exergy_account(ds)
    destroyed = abs(_var(ds, "cumulative_exergy_destroyed")).max("time")
    first = abs(total.isel(time=0))
    worst = _relative_drift(total, first.where(first >= destroyed, destroyed))
    if is_regional(ds):
        fossil = (_var(ds, "fossil_reserve") * _var(ds, "fossil_exergy_factor")
                  + _var(ds, "cumulative_fossil_exergy").sum(SECTOR_DIM))
        worst = max(worst, _relative_drift(fossil))
    return worst


def cumulative(ds: xr.Dataset, name: str) -> float:
    """Time integral of a flow over the run (e.g. Mt for a flow in Mt/Year)."""
    return float(_integral(_var(ds, name)))
