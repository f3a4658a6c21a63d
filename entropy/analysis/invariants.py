"""The physical invariants of docs/DESIGN.md as checks on a scenario.

Each check runs what it needs and returns a :class:`Check` with the measured
figure and the limit it is held to. ``entropy check`` prints them; the test
suite asserts them on every shipped scenario.

Tolerances (stated once, here):

* finite: no NaN or infinity in any variable at any saved time (checked first;
  when it fails the other checks are not computed);
* mass balance: relative residual <= 1e-9;
* exergy balance: relative residual <= 1e-9 (inputs = outputs + destroyed);
* second law: exergy destroyed in every process >= 0 (-1e-12 of the total
  rate's scale), so the generation rate is >= 0, and cumulative entropy
  non-decreasing (steps >= -1e-12 of its scale);
* bounds: stocks >= 0 (to rounding: -1e-12 of the stock's largest value),
  health in [0, 1], collected + remanufactured <=
  end-of-life, circularity < 1;
* time step: halving TIME STEP moves each key output by <= 5% of its largest
  value over the run (Euler is first order: the change halves again at dt/4);
* engines: PySD and Simlin agree on every variable to 1e-9 of its scale. PySD
  takes minutes on a subscripted model (its cost grows with arrayed variables x
  steps), so a subscripted model is compared over its first
  :data:`ARRAYED_CHECK_YEARS` years at a time step of :data:`ARRAYED_CHECK_DT`
  (both engines run the same plan: they must still agree to 1e-9).

For the regional model the balances hold per sector and for the region, and
the extreme-condition checks use regional totals (a lever in one sector can
rightly shift virgin demand to another, e.g. less slag for cement).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import xarray as xr

from . import accounting as acc
from ..errors import EngineError, NonFiniteError
from ..simulation.run import first_non_finite, run
from ..loading.scenario import Scenario

MASS_TOL = 1e-9
ENGINE_TOL = 1e-9
DT_TOL = 0.05
BOUNDS_ROUNDING = 1e-12
#: Engine comparison of a subscripted model: years compared and time step (Year).
ARRAYED_CHECK_YEARS = 20.0
ARRAYED_CHECK_DT = 0.25
#: Outputs compared when the time step is halved.
KEY_OUTPUTS = (
    "industrial_output",
    "ecosystem_health",
    "persistent_pollution",
    "land_stockpile",
    "ore_reserve",
    "fossil_reserve",
    "cumulative_entropy",
    "binding_load_ratio",
)
#: Exergy destroyed per process (PJ/Year): each must be >= 0 (second law).
PROCESS_DESTRUCTION = (
    "mining_destruction",
    "primary_destruction",
    "secondary_destruction",
    "other_process_destruction",
    "dispersal_destruction",
)
#: The regional model's further process: turning received by-products into material.
REGIONAL_DESTRUCTION = ("exchange_processing_destruction",)
#: The regional model's links of 2025, which levers move only once policy starts.
TODAYS_NETWORK = ("current_exchange_share", "current_heat_cascade_share")
#: Flows that cannot run backwards (where the model has them): energy bought and passed on.
NON_NEGATIVE_FLOWS = ("fossil_energy_use", "renewable_energy_use", "exchange_flow", "heat_flow")
#: Levers whose maxima are the "maximal levers" of the extreme-condition test.
THREE_R_LEVERS = (
    "reduce_policy",
    "reuse_policy",
    "recycle_policy",
    "decomposer_investment_share_policy",
    "by_product_exchange_policy",
)
#: Settings of the linear economy: no reuse, recycling or by-product use at all.
LINEAR_ECONOMY = {
    "reuse_policy": 0.0,
    "recycle_policy": 0.0,
    "current_collection_rate": 0.0,
    "process_scrap_recycling_rate": 0.0,
    "by_product_exchange_policy": 0.0,
    "current_tailings_utilisation": 0.0,
    "current_slag_utilisation": 0.0,
}
#: Switches that hold the economy on a path the material levers cannot change.
FIXED_ECONOMY = {
    "health_output_switch": 0.0,
    "finance_constraint_switch": 0.0,
    "threshold_constraint_switch": 0.0,
    "cost_pass_through": 0.0,
    "import_share_limit": 1.0,
}


@dataclass(frozen=True)
class Check:
    """Outcome of one invariant.

    Attributes
    ----------
    name : str
        Short name, e.g. ``"mass_balance"``.
    passed : bool
        True also for a skipped check (see ``skipped``).
    measured : float
        The figure measured (see ``detail`` for what it is).
    limit : float
        The limit it is held to.
    detail : str
        What was measured, in words.
    skipped : bool
        The model lacks what the check needs (e.g. a third-party model has no
        material cycle); nothing was measured.
    """

    name: str
    passed: bool
    measured: float
    limit: float
    detail: str
    skipped: bool = False

    def __post_init__(self) -> None:
        # numpy comparisons give numpy bools and floats; keep plain Python ones.
        object.__setattr__(self, "passed", bool(self.passed))
        object.__setattr__(self, "measured", float(self.measured))


def scaled_difference(a: xr.DataArray, b: xr.DataArray) -> float:
    """Largest |a - b| over time, relative to the largest |b| (Dmnl)."""
    va, vb = np.asarray(a.values, dtype=float), np.asarray(b.values, dtype=float)
    scale = float(np.max(np.abs(vb))) if vb.size else 0.0
    diff = float(np.max(np.abs(va - vb))) if vb.size else 0.0
    return diff / scale if scale > 0 else diff


def mass_balance(ds: xr.Dataset) -> Check:
    """Every stock of matter, less mass added from outside, stays constant."""
    r = acc.mass_balance_residual(ds)
    return Check("mass_balance", r <= MASS_TOL, r, MASS_TOL, "largest relative departure of total material mass")


def exergy_balance(ds: xr.Dataset) -> Check:
    """Exergy held, exported and destroyed, less exergy received, stays constant."""
    r = acc.exergy_balance_residual(ds)
    return Check("exergy_balance", r <= MASS_TOL, r, MASS_TOL, "largest relative departure of the exergy account")


def second_law(ds: xr.Dataset) -> Check:
    """No process destroys negative exergy, and cumulative entropy never falls."""
    total = acc.entropy_generation_rate(ds).values
    rate_scale = max(float(np.max(np.abs(ds["exergy_destroyed"].values))), 1e-300)
    lowest = {p: float(np.min(ds[p].values)) / rate_scale for p in (*PROCESS_DESTRUCTION, *REGIONAL_DESTRUCTION) if p in ds}
    worst_process = min(lowest, key=lambda p: lowest[p]) if lowest else "exergy_destroyed"
    cum = acc.cumulative_entropy(ds).values
    scale = max(float(np.max(np.abs(cum))), 1.0)
    step = float(np.min(np.diff(cum, axis=0))) / scale if len(cum) > 1 else 0.0
    # Rounding: a sector that has all but stopped can sum its processes to -1e-18 of the scale.
    total_low = float(np.min(total)) / max(float(np.max(np.abs(total))), 1e-300)
    worst = min(lowest.get(worst_process, 0.0), total_low, step)
    ok = worst >= -1e-12
    return Check(
        "second_law",
        ok,
        worst,
        0.0,
        f"lowest exergy destruction of a process relative to the total ({worst_process}), "
        "generation rate, or relative step of cumulative entropy",
    )


def bounds(ds: xr.Dataset) -> Check:
    """Stocks and energy flows >= 0, health in [0, 1], heat received <= energy used, collected +
    remanufactured <= end-of-life, circularity < 1."""
    problems: list[str] = []
    worst = 0.0
    for name, da in ds.data_vars.items():
        if da.attrs.get("kind") == "stock":
            low = float(da.min())
            # Rounding: a difference of equal flows can leave -1e-17 (1e-12 of the stock's scale).
            if low < -BOUNDS_ROUNDING * float(abs(da).max()):
                problems.append(f"{name} < 0 ({low:.3g})")
                worst = min(worst, low)
    for name in ("ecosystem_health", "regional_ecosystem_health"):
        if name not in ds:
            continue
        health = ds[name]
        if float(health.min()) < 0 or float(health.max()) > 1:
            problems.append(f"{name} outside [0, 1] ({float(health.min()):.3g}..{float(health.max()):.3g})")
    for name in (n for n in NON_NEGATIVE_FLOWS if n in ds):
        low = float(ds[name].min())
        if low < -BOUNDS_ROUNDING * float(abs(ds[name]).max()):
            problems.append(f"{name} < 0 ({low:.3g})")
    if "heat_input" in ds:
        # Waste heat received replaces energy the processes use; it cannot exceed it.
        surplus = float((ds["heat_input"] - ds["energy_use"] * (1 + 1e-12)).max())
        if surplus > 0:
            problems.append(f"heat received exceeds energy use by {surplus:.3g} PJ/Year")
    recovered = ds["old_scrap_collection"] + ds["remanufacturing"]
    excess = float((recovered - ds["end_of_life"] * (1 + 1e-12)).max())
    if excess > 0:
        problems.append(f"collection and remanufacturing exceed end-of-life by {excess:.3g} Mt/Year")
    circ = float(acc.circular_material_use_rate(ds).max())
    if circ >= 1:
        problems.append(f"circularity reaches {circ:.6g}")
    return Check(
        "bounds",
        not problems,
        float(len(problems)),
        0.0,
        "; ".join(problems) if problems else f"all within bounds (highest circularity {circ:.3f})",
    )


def _largest_difference(
    name: str, a: xr.Dataset, b: xr.Dataset, keys: list[str], limit: float, what: str
) -> Check:
    """Check that no variable in ``keys`` differs between runs by more than ``limit``."""
    diffs = {k: scaled_difference(a[k], b[k]) for k in keys}
    worst = max(diffs, key=lambda k: diffs[k])
    return Check(name, diffs[worst] <= limit, diffs[worst], limit, f"{what}: {worst}")


def time_step(sc: Scenario, engine: str) -> Check:
    """Halving TIME STEP changes key outputs by at most 5% of their scale."""
    keys = [k for k in KEY_OUTPUTS if k in sc.model.variables] or sc.model.stocks
    a = run(sc, engine=engine, variables=keys)
    b = run(sc, engine=engine, variables=keys, time_step=sc.time_step / 2)
    what = f"largest change from halving dt to {sc.time_step / 2:g}"
    return _largest_difference("time_step", a, b, keys, DT_TOL, what)


def engines_agree(sc: Scenario) -> Check:
    """PySD and Simlin give the same numbers for every variable.

    A subscripted model is compared on a shorter, coarser plan (see the
    module's notes); the detail says so.
    """
    what = "largest PySD-Simlin difference relative to scale"
    if sc.model.subscripts:
        end = min(sc.end, sc.start + ARRAYED_CHECK_YEARS)
        dt = max(sc.time_step, ARRAYED_CHECK_DT)
        if sc.save_period % dt:
            dt = sc.save_period
        sc = sc.with_horizon(end=end, time_step=dt)
        what += f" (arrayed model: {sc.start:g}-{end:g} at dt {dt:g})"
    a = run(sc, engine="pysd")
    b = run(sc, engine="simlin")
    return _largest_difference("engines_agree", a, b, [str(k) for k in a.data_vars], ENGINE_TOL, what)


def linear_economy(sc: Scenario, engine: str) -> Check:
    """With no reuse, recycling or by-product use the economy is linear.

    Every tonne of metal is virgin, nothing is recovered, and every
    end-of-life product is discarded.
    """
    linear = dict(LINEAR_ECONOMY)
    if "exchange_network_switch" in sc.model.variables:
        linear["exchange_network_switch"] = 0.0  # nothing passes between sectors either,
        for name in TODAYS_NETWORK:  # not even along today's links before policy starts
            if name in sc.model.variables:
                linear[name] = 0.0
    ds = run(sc.with_levers(**linear), engine=engine)
    recovered = float(np.max(np.abs(ds["scrap_remelted"] + ds["remanufacturing"] + ds["by_product_utilisation"])))
    leak = float(np.max(np.abs(ds["uncollected_end_of_life"] - ds["end_of_life"])))
    virgin_gap = scaled_difference(ds["virgin_metal"], ds["metal_production"])
    worst = max(recovered, leak, virgin_gap)
    return Check(
        "linear_economy",
        recovered == 0.0 and virgin_gap <= 1e-12 and leak <= 1e-12,
        worst,
        1e-12,
        "material recovered, end-of-life not discarded, and virgin metal vs metal production",
    )


def maximal_levers(sc: Scenario, engine: str) -> Check:
    """Maximal material levers never make cumulative virgin metal rise (output path held fixed).

    The economy is held on one path (no health effect on output, investment
    as planned, no threshold constraint, no cost pass-through, imports free to
    cover any shortfall), so both runs make the same output; the levers then
    act on the material cycle alone, where they must never add virgin metal
    (own ore and imports together: freeing land can rightly let own ore
    replace imports). Compared as cumulative virgin metal at every saved
    time: a yearly rate can be higher late in a run only because the other
    run has already used more.
    """
    fixed = sc.with_levers(**FIXED_ECONOMY)
    top = {k: sc.model.variables[k].maximum or 0.0 for k in THREE_R_LEVERS}
    keep = ["cumulative_virgin_metal", "industrial_output"]
    base = run(fixed, engine=engine, variables=keep)
    maxed = run(fixed.with_levers(**top), engine=engine, variables=keep)
    # Regional model: the region's total (a lever may shift demand between sectors).
    base_total = _total_over_time(base["cumulative_virgin_metal"])
    maxed_total = _total_over_time(maxed["cumulative_virgin_metal"])
    rise = float(np.max(maxed_total - base_total))
    scale = max(float(np.max(base_total)), 1e-300)
    return Check(
        "maximal_levers",
        rise <= 1e-12 * scale,
        rise,
        0.0,
        "largest rise of cumulative virgin metal (Mt, own ore and imports) with the material levers at their maxima",
    )


def _total_over_time(da: xr.DataArray) -> np.ndarray:
    """Values summed over every dimension but time."""
    others = [d for d in da.dims if d != "time"]
    return np.asarray((da.sum(others) if others else da).values, dtype=np.float64)


CHECKS: dict[str, Callable[..., Check]] = {
    "mass_balance": mass_balance,
    "exergy_balance": exergy_balance,
    "second_law": second_law,
    "bounds": bounds,
}


#: What each check needs of the model; a model without it gets a skip.
NEEDS: dict[str, tuple[str, ...]] = {
    "mass_balance": (*acc.MATERIAL_STOCKS, *acc.MASS_ADDED),
    "exergy_balance": acc.EXERGY_NEEDS,
    "second_law": ("exergy_destroyed",),
    "bounds": (
        "ecosystem_health",
        "old_scrap_collection",
        "remanufacturing",
        "end_of_life",
        "scrap_remelted",
        "by_product_utilisation",
        "domestic_material_consumption",
    ),
    "time_step": (),
    "engines_agree": (),
    "linear_economy": (*LINEAR_ECONOMY, "uncollected_end_of_life", "virgin_metal", "metal_production"),
    "maximal_levers": (*FIXED_ECONOMY, *THREE_R_LEVERS, "cumulative_virgin_metal"),
}


def check_scenario(sc: Scenario, engine: str = "pysd", full: bool = True) -> list[Check]:
    """Run every invariant on a scenario.

    Parameters
    ----------
    sc : Scenario
    engine : {"pysd", "simlin"}
        Engine for the runs (the engine-agreement check uses both).
    full : bool
        Include the checks that need extra runs (time step, engines, extreme
        conditions).

    Returns
    -------
    list of Check
        A check whose variables the model lacks (see :data:`NEEDS`) is marked
        ``skipped``.
    """
    try:
        ds = run(sc, engine=engine, finite=False)
    except NonFiniteError as exc:  # PySD stops at a division by zero
        return [Check("finite", False, float("nan"), 0, str(exc))]
    extra: dict[str, Callable[[], Check]] = {
        "time_step": lambda: time_step(sc, engine),
        "engines_agree": lambda: engines_agree(sc),
        "linear_economy": lambda: linear_economy(sc, engine),
        "maximal_levers": lambda: maximal_levers(sc, engine),
    }
    results = [finite(ds)]
    if not results[0].passed:
        # The other figures would be computed from NaN or infinity: meaningless.
        return results
    for name in NEEDS:
        if name not in CHECKS and not full:
            continue
        missing = [v for v in NEEDS[name] if v not in sc.model.variables]
        if missing:
            detail = f"skipped: model {sc.model.name} has no {missing[0]}"
            results.append(Check(name, True, float("nan"), float("nan"), detail, skipped=True))
        elif name in CHECKS:
            results.append(CHECKS[name](ds))
        else:
            try:
                results.append(extra[name]())
            except EngineError as exc:
                # A variant run (half step, extreme levers) that fails or goes
                # non-finite is a failed invariant, not a crash of the check.
                results.append(Check(name, False, float("nan"), float("nan"), f"run failed: {exc}"))
    return results


def finite(ds: xr.Dataset) -> Check:
    """Every value of every variable is finite (no NaN, no infinity).

    ``measured`` is the number of non-finite values; the detail names the
    first variable and time.
    """
    series = {str(k): np.asarray(v.values, dtype=np.float64)
              for k, v in ds.data_vars.items() if "time" in v.dims}
    count = sum(int(np.count_nonzero(~np.isfinite(v))) for v in series.values())
    constants = [str(k) for k, v in ds.data_vars.items()
                 if "time" not in v.dims and not np.all(np.isfinite(np.asarray(v.values, dtype=np.float64)))]
    first = first_non_finite(np.asarray(ds["time"].values, dtype=np.float64), series)
    if first is None and constants:
        first = f"constant {constants[0]} is not finite"
    detail = "every value finite" if first is None else first
    return Check("finite", first is None and not constants, count + len(constants), 0, detail)
