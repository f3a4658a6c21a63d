"""Indicators of the regional model: per sector, and for the region as a whole.

A run of the regional model (``sd_models/liaoning``) keeps the ``Sector``
dimension on every arrayed variable. This module reduces it the way a planner
asks: which sector's local environment overshoots first, how long each stays
in overshoot, how healthy each ecosystem stays, and the regional totals
(output, CO2, entropy, virgin extraction, China's comprehensive utilisation
rate of industrial solid waste, 综合利用率).

The regional summary uses the keys of :data:`entropy.analysis.indicators.INDICATORS`
(plus :data:`REGIONAL_INDICATORS`), so tables, comparisons, ensembles and
sensitivity analyses work on both models. Regional readings of the shared
keys: a load ratio is the largest over every local environment and the
shared regional sink; health is the lowest of any ecosystem; output, entropy,
CO2 and ore are summed over the sectors; a depletion year is the first year
any sector's own resource falls below 5%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from . import accounting as acc
from .network import finn_cycling_index

SECTOR = acc.SECTOR_DIM
_integral = acc._integral

#: Indicators only the regional model has: units and meaning.
REGIONAL_INDICATORS: dict[str, tuple[str, str]] = {
    "first_sector_overshoot_year": ("Year", "first year any sector's local binding load is above 1"),
    "sectors_in_overshoot": ("count", "sectors whose local environment ever overshoots"),
    "max_regional_sink_load": ("Dmnl", "highest load of the shared regional sink"),
    "min_regional_health": ("Dmnl", "lowest health of the shared regional ecosystem"),
    "comprehensive_utilisation": ("Dmnl", "solid waste used / generated over the run (综合利用率)"),
    "cumulative_virgin_extraction": ("Mt", "virgin resource mined plus virgin material bought, over the run"),
    "cumulative_exchange": ("Mt", "by-products passed between sectors over the run"),
    "cumulative_heat_cascade": ("PJ", "waste heat passed between sectors over the run"),
}

#: Per-sector indicators: units and meaning, in display order.
SECTOR_INDICATORS: dict[str, tuple[str, str]] = {
    "first_overshoot_year": ("Year", "first year the local binding load is above 1 (NaN: never)"),
    "years_in_overshoot": ("Year", "years with the local binding load above 1"),
    "max_load_ratio": ("Dmnl", "highest local binding load"),
    "binding_compartment": ("", "compartment with the highest load (land, persistent, emission)"),
    "min_ecosystem_health": ("Dmnl", "lowest local ecosystem health"),
    "collapse": ("yes/no", "local health fell below the collapse threshold"),
    "peak_output": ("BCNY/Year", "highest output"),
    "final_output": ("BCNY/Year", "output in the last year"),
    "decline_from_peak": ("Dmnl", "share of peak output lost by the last year"),
    "comprehensive_utilisation": ("Dmnl", "solid waste used / generated over the run"),
    "exchange_received": ("Mt", "by-products received from other sectors over the run"),
    "exchange_passed_on": ("Mt", "by-products passed to other sectors over the run"),
    "heat_received": ("PJ", "waste heat received from other sectors over the run"),
    "virgin_extraction": ("Mt", "virgin resource mined plus virgin material bought over the run"),
    "cumulative_co2": ("MtCO2", "CO2 from fossil fuel over the run"),
    "non_renewable_entropy": ("TJ/K", "non-renewable entropy generated over the run"),
}


def _first_above(ratio: np.ndarray, time: np.ndarray, level: float = 1.0) -> float:
    idx = np.flatnonzero(ratio > level)
    return float(time[idx[0]]) if idx.size else float("nan")


def sector_table(ds: xr.Dataset) -> pd.DataFrame:
    """One row of indicators per sector (units in ``df.attrs["units"]``).

    Parameters
    ----------
    ds : xarray.Dataset
        A run of the regional model (one scenario).
    """
    t = ds["time"].values
    period = float(t[1] - t[0]) if len(t) > 1 else 0.0
    threshold = float(ds["collapse_threshold"].max())

    # Every reduction over time is taken once for all sectors (the order of ds's Sector
    # coordinate): per sector, xarray's selection cost about ten times the arithmetic.
    def by_sector(da: xr.DataArray) -> np.ndarray:
        return np.asarray(da.transpose(SECTOR, ...).values)

    def totals(da: xr.DataArray) -> np.ndarray:
        # The trapezoid rule as :func:`accounting._integral` (xarray's integrate) computes it, on one
        # contiguous row per sector, so each sector's sum rounds as a one-sector series' does.
        y = np.ascontiguousarray(da.transpose(SECTOR, "time").values)
        if y.shape[1] < 2:
            return y[:, 0] * 0.0
        dx = t[1:] - t[:-1]
        return np.asarray(np.sum(dx * 0.5 * (y[:, 1:] + y[:, :-1]), axis=1))

    load = by_sector(ds["binding_load_ratio"])
    out = by_sector(ds["industrial_output"])
    loads = {c: by_sector(ds[v].max("time")) for c, v in acc.COMPARTMENTS.items()}
    health = by_sector(ds["ecosystem_health"].min("time"))
    generated = by_sector(_integral(ds["tailings"] + ds["smelting_slag"] + ds["combustion_ash"]))
    used = by_sector(_integral(ds["by_product_utilisation"] + ds["inter_regional_waste_export"]))
    virgin = by_sector(_integral(ds["ore_mining"] + ds["imported_metal"]))
    received, passed, heat = (totals(ds[v]) for v in ("exchange_input", "exchange_output", "heat_input"))
    co2 = by_sector(ds["cumulative_co2"].isel(time=-1))
    nre = by_sector(ds["cumulative_non_renewable_entropy"].isel(time=-1))
    rows: dict[str, dict[str, object]] = {}
    for i, sector in enumerate(ds[SECTOR].values):
        peak = float(out[i].max())
        gen = float(generated[i])
        rows[str(sector)] = {
            "first_overshoot_year": _first_above(load[i], t),
            "years_in_overshoot": float(np.count_nonzero(load[i] > 1.0)) * period,
            "max_load_ratio": float(load[i].max()),
            "binding_compartment": max(loads, key=lambda c: float(loads[c][i])),
            "min_ecosystem_health": float(health[i]),
            "collapse": "yes" if float(health[i]) < threshold else "no",
            "peak_output": peak,
            "final_output": float(out[i][-1]),
            "decline_from_peak": (peak - float(out[i][-1])) / peak if peak > 0 else float("nan"),
            "comprehensive_utilisation": float(used[i]) / gen if gen > 0 else float("nan"),
            "exchange_received": float(received[i]),
            "exchange_passed_on": float(passed[i]),
            "heat_received": float(heat[i]),
            "virgin_extraction": float(virgin[i]),
            "cumulative_co2": float(co2[i]),
            "non_renewable_entropy": float(nre[i]),
        }
    df = pd.DataFrame.from_dict(rows, orient="index")[list(SECTOR_INDICATORS)]
    df.index.name = "sector"
    df.attrs["units"] = {k: u for k, (u, _) in SECTOR_INDICATORS.items()}
    return df


def overshoot_order(ds: xr.Dataset) -> list[tuple[str, float]]:
    """Sectors whose local environment overshoots, earliest first: ``[(sector, year), ...]``."""
    table = sector_table(ds)
    years = table["first_overshoot_year"].dropna().sort_values(kind="stable")
    return [(str(s), float(y)) for s, y in years.items()]


def overshoot_sentence(ds: xr.Dataset) -> str:
    """Which sector overshoots first, in words (for reports and the app)."""
    order = overshoot_order(ds)
    sink = _first_above(ds["regional_load_ratio"].values, ds["time"].values)
    parts = []
    if order:
        first, year = order[0]
        parts.append(f"{first} overshoots its local environment first, in {year:.0f}")
        if len(order) > 1:
            parts.append("then " + ", ".join(f"{s} ({y:.0f})" for s, y in order[1:]))
    else:
        parts.append("no sector's local environment overshoots within the horizon")
    parts.append(f"the shared regional sink overshoots in {sink:.0f}" if sink == sink
                 else "the shared regional sink stays inside its capacity")
    return "; ".join(parts) + "."


def exchange_network_fci(ds: xr.Dataset) -> float:
    """Finn Cycling Index of the by-product exchange network over the whole run (Dmnl).

    Nodes are the sectors; internal flows are ``exchange_flow`` and boundary
    inputs ``network_boundary_input`` (virgin and own recycled material),
    both integrated over the run.
    """
    t = ds["time"].values
    flows = ds["exchange_flow"].transpose("time", SECTOR, "Receiver").values
    inputs = ds["network_boundary_input"].transpose("time", SECTOR).values
    if len(t) < 2:
        return float(finn_cycling_index(flows[0], inputs[0]))
    return float(finn_cycling_index(np.trapezoid(flows, t, axis=0), np.trapezoid(inputs, t, axis=0)))


def regional_summary(ds: xr.Dataset, balances: bool = True) -> dict[str, float]:
    """Indicators of one regional run: the keys of ``INDICATORS`` plus :data:`REGIONAL_INDICATORS`.

    ``balances=False`` leaves out the mass and exergy balance residuals (NaN),
    which need every stock of the run: a run that kept only the variables a
    page draws has the rest.
    """
    t = ds["time"].values
    period = float(t[1] - t[0]) if len(t) > 1 else 0.0
    load = ds["regional_binding_load_ratio"].values
    out = ds["regional_output"].values
    peak = float(out.max())
    total = float(_integral(ds["regional_output"]))
    nre = float(ds["cumulative_non_renewable_entropy"].isel(time=-1).sum())
    reserve = ds["ore_reserve"]
    has_reserve = reserve.isel(time=0) > 0
    depleted = (reserve < acc.DEPLETION_FRACTION * reserve.isel(time=0)) & has_reserve
    any_depleted = depleted.any(SECTOR).values
    fossil = ds["fossil_reserve"].values
    sectors = sector_table(ds)
    generated = float(_integral(ds["tailings"] + ds["smelting_slag"] + ds["combustion_ash"]).sum())
    used = float(_integral(ds["by_product_utilisation"] + ds["inter_regional_waste_export"]).sum())
    # Each recovered tonne counted once, where it is recovered: scrap remelted,
    # products remanufactured, by-products used, surplus scrap passed on.
    recovered = _integral(ds["scrap_remelted"] + ds["remanufacturing"] + ds["by_product_utilisation"]
                          + ds["surplus_scrap_sold"]).sum()
    dmc = _integral(ds["domestic_material_consumption"]).sum()
    health = min(float(ds["ecosystem_health"].min()), float(ds["regional_ecosystem_health"].min()))
    return {
        "first_overshoot_year": _first_above(load, t),
        "years_in_overshoot": float(np.count_nonzero(load > 1.0)) * period,
        "max_load_ratio": float(load.max()),
        "max_land_load": float(ds["land_load_ratio"].max()),
        "max_persistent_load": float(ds["persistent_load_ratio"].max()),
        "max_emission_load": float(ds["emission_load_ratio"].max()),
        "min_ecosystem_health": health,
        "collapse": float(health < float(ds["collapse_threshold"].max())),
        "peak_output": peak,
        "peak_output_year": float(t[int(np.argmax(out))]),
        "final_output": float(out[-1]),
        "decline_from_peak": (peak - float(out[-1])) / peak if peak > 0 else float("nan"),
        "cumulative_output": total,
        "cumulative_entropy": float(ds["cumulative_entropy"].isel(time=-1).sum()),
        "non_renewable_entropy": nre,
        "renewable_entropy": float(_integral(ds["renewable_entropy_generation"]).sum()),
        "entropy_intensity": nre / total if total > 0 else float("nan"),
        "cumulative_co2": float(ds["cumulative_co2"].isel(time=-1).sum()),
        "cumulative_ore_mined": float((reserve.isel(time=0) - reserve.isel(time=-1)).sum()),
        "ore_depletion_year": float(t[np.argmax(any_depleted)]) if any_depleted.any() else float("nan"),
        "fossil_depletion_year": _first_above(-fossil, t, -acc.DEPLETION_FRACTION * fossil[0]),
        "circularity": float(recovered / (dmc + recovered)) if float(dmc + recovered) > 0 else 0.0,
        "finn_cycling_index": exchange_network_fci(ds),
        "mass_balance_residual": acc.mass_balance_residual(ds) if balances else float("nan"),
        "exergy_balance_residual": acc.exergy_balance_residual(ds) if balances else float("nan"),
        "first_sector_overshoot_year": float(sectors["first_overshoot_year"].min()),
        "sectors_in_overshoot": float(sectors["first_overshoot_year"].notna().sum()),
        "max_regional_sink_load": float(ds["regional_load_ratio"].max()),
        "min_regional_health": float(ds["regional_ecosystem_health"].min()),
        "comprehensive_utilisation": used / generated if generated > 0 else float("nan"),
        "cumulative_virgin_extraction": float(_integral(ds["regional_virgin_extraction"])),
        "cumulative_exchange": float(_integral(ds["total_exchange_flow"])),
        "cumulative_heat_cascade": float(_integral(ds["total_heat_cascade"])),
    }
