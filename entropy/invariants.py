"""The physical invariants of docs/DESIGN.md as checks on a scenario.

Each check runs what it needs and returns a :class:`Check` with the measured
figure and the limit it is held to. ``entropy check`` prints them; the test
suite asserts them on every shipped scenario.

Tolerances (stated once, here):

* finite: no NaN or infinity in any variable at any saved time (checked first;
  when it fails the other checks are not computed);
* mass balance: relative residual <= 1e-9;
* second law: generation rate >= 0 and cumulative entropy non-decreasing
  (steps >= -1e-12 of its scale);
* bounds: stocks >= 0, health in [0, 1], recycling <= end-of-life, circularity < 1;
* time step: halving TIME STEP moves each key output by <= 5% of its largest
  value over the run (Euler is first order: the change halves again at dt/4);
* engines: PySD and Simlin agree on every variable to 1e-9 of its scale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import xarray as xr

from . import accounting as acc
from .errors import EngineError, NonFiniteError
from .run import first_non_finite, run
from .scenario import Scenario

MASS_TOL = 1e-9
ENGINE_TOL = 1e-9
DT_TOL = 0.05
#: Outputs compared when the time step is halved.
KEY_OUTPUTS = (
    "industrial_output",
    "ecosystem_health",
    "waste_stock",
    "virgin_reserve",
    "fossil_reserve",
    "cumulative_entropy",
    "load_ratio",
)


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
    """Reserve + in use + waste + assimilated - combustion residue stays constant."""
    r = acc.mass_balance_residual(ds)
    return Check("mass_balance", r <= MASS_TOL, r, MASS_TOL, "largest relative departure of total material mass")


def second_law(ds: xr.Dataset) -> Check:
    """Entropy generation is never negative and cumulative entropy never falls."""
    rate = acc.entropy_generation_rate(ds).values
    cum = acc.cumulative_entropy(ds).values
    scale = max(float(np.max(np.abs(cum))), 1.0)
    worst = min(float(np.min(rate)), float(np.min(np.diff(cum))) / scale)
    return Check(
        "second_law",
        bool(np.min(rate) >= 0 and np.min(np.diff(cum)) >= -1e-12 * scale),
        worst,
        0.0,
        "lowest generation rate (TJ/K/Year) or relative step of cumulative entropy",
    )


def bounds(ds: xr.Dataset) -> Check:
    """Stocks >= 0, health in [0, 1], recycling <= end-of-life, circularity < 1."""
    problems: list[str] = []
    worst = 0.0
    for name, da in ds.data_vars.items():
        if da.attrs.get("kind") == "stock":
            low = float(da.min())
            if low < 0:
                problems.append(f"{name} < 0 ({low:.3g})")
                worst = min(worst, low)
    health = ds["ecosystem_health"]
    if float(health.min()) < 0 or float(health.max()) > 1:
        problems.append(f"ecosystem_health outside [0, 1] ({float(health.min()):.3g}..{float(health.max()):.3g})")
    excess = float((ds["recycling_collection"] - ds["end_of_life"] * (1 + 1e-12)).max())
    if excess > 0:
        problems.append(f"recycling exceeds end-of-life by {excess:.3g} Mt/Year")
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
    """PySD and Simlin give the same numbers for every variable."""
    a = run(sc, engine="pysd")
    b = run(sc, engine="simlin")
    what = "largest PySD-Simlin difference relative to scale"
    return _largest_difference("engines_agree", a, b, [str(k) for k in a.data_vars], ENGINE_TOL, what)


def linear_economy(sc: Scenario, engine: str) -> Check:
    """With no reuse, recycling or by-product exchange the economy is linear."""
    lin = sc.with_levers(
        reuse_policy=0.0,
        recycle_policy=0.0,
        decomposer_investment_share_policy=0.0,
        by_product_exchange_fraction=0.0,
    )
    ds = run(lin, engine=engine)
    secondary = float(np.max(np.abs(ds["secondary_input"] + ds["by_product_exchange"])))
    leak = float(np.max(np.abs(ds["uncollected_end_of_life"] + ds["recycling_collection"] - ds["end_of_life"])))
    virgin_gap = scaled_difference(ds["extraction"], ds["material_input"])
    worst = max(secondary, leak, virgin_gap)
    return Check(
        "linear_economy",
        secondary == 0.0 and virgin_gap <= 1e-12 and leak <= 1e-12,
        worst,
        1e-12,
        "secondary input, end-of-life not discarded, and extraction vs material input",
    )


def maximal_levers(sc: Scenario, engine: str) -> Check:
    """Maximal 3R levers never make cumulative extraction rise (output path held fixed).

    The output feedback is switched off and the threshold constraint left
    off, so both runs follow the same economy; the levers then act on the
    material cycle alone, where they must never add extraction. Compared as
    cumulative extraction at every saved time: a yearly rate can be higher
    late in a run only because the other run has already emptied the reserve.
    """
    fixed = sc.with_levers(output_feedback_switch=0.0, threshold_constraint_switch=0.0)
    top = {
        k: sc.model.variables[k].maximum or 0.0
        for k in ("reduce_policy", "reuse_policy", "recycle_policy", "decomposer_investment_share_policy")
    }
    base = run(fixed, engine=engine, variables=["virgin_reserve"])["virgin_reserve"].values
    maxed = run(fixed.with_levers(**top), engine=engine, variables=["virgin_reserve"])["virgin_reserve"].values
    rise = float(np.max((base[0] - maxed) - (base[0] - base)))
    return Check(
        "maximal_levers",
        rise <= 1e-12 * base[0],
        rise,
        0.0,
        "largest rise of cumulative virgin extraction (Mt) with 3R levers at their maxima",
    )


CHECKS: dict[str, Callable[..., Check]] = {
    "mass_balance": mass_balance,
    "second_law": second_law,
    "bounds": bounds,
}


#: What each check needs of the model; a model without it gets a skip.
NEEDS: dict[str, tuple[str, ...]] = {
    "mass_balance": (*acc.MATERIAL_STOCKS, "combustion_residue_added"),
    "second_law": (
        "fossil_energy_use",
        "fossil_exergy_factor",
        "material_waste_generation",
        "material_specific_exergy",
    ),
    "bounds": (
        "ecosystem_health",
        "recycling_collection",
        "end_of_life",
        "secondary_input",
        "by_product_exchange",
        "material_input",
    ),
    "time_step": (),
    "engines_agree": (),
    "linear_economy": (
        "reuse_policy",
        "recycle_policy",
        "decomposer_investment_share_policy",
        "by_product_exchange_fraction",
        "uncollected_end_of_life",
        "extraction",
    ),
    "maximal_levers": (
        "output_feedback_switch",
        "threshold_constraint_switch",
        "reduce_policy",
        "reuse_policy",
        "recycle_policy",
        "decomposer_investment_share_policy",
        "virgin_reserve",
    ),
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
