"""Property-based tests: random lever settings inside their Vensim ranges."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import entropy
from entropy.analysis import invariants as inv
from entropy.loading.model import Model

from .conftest import LEVERS as CLUSTER_LEVERS
from .conftest import SWITCHES, scenario

MODEL = scenario("bau").model
LEVERS = (*CLUSTER_LEVERS, *SWITCHES)


def in_range(name: str, model: Model = MODEL) -> st.SearchStrategy[float]:
    info = model.variables[name]
    assert info.minimum is not None and info.maximum is not None
    if info.step == 1 and info.maximum - info.minimum < 500:
        return st.integers(int(info.minimum), int(info.maximum)).map(float)
    return st.floats(info.minimum, info.maximum, allow_nan=False)


levers = st.fixed_dictionaries({name: in_range(name) for name in LEVERS})
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(levers)
def test_invariants_hold_for_any_levers(values: dict[str, float]) -> None:
    ds = entropy.run(scenario("bau").with_levers(**values), engine="simlin")
    for check in (inv.mass_balance(ds), inv.exergy_balance(ds), inv.second_law(ds), inv.bounds(ds)):
        assert check.passed, (check, values)


def fixed_economy() -> dict[str, float]:
    """Settings that hold the economy on one output path whatever the material levers do.

    :data:`entropy.analysis.invariants.FIXED_ECONOMY` (no health effect on output, no
    finance or threshold constraint), no cost passed into the price (so no
    change of demand), and imports allowed to cover all the metal needed (so
    no shortage of metal limits output).
    """
    extra = {"cost_pass_through": 0.0, "import_share_limit": 1.0}
    return {**inv.FIXED_ECONOMY, **{k: v for k, v in extra.items() if k in MODEL.variables}}


@SETTINGS
@given(levers, st.floats(0, 0.95), st.floats(0, 0.95))
def test_more_recycling_never_increases_virgin_metal(
    values: dict[str, float], r1: float, r2: float
) -> None:
    """Virgin metal (own ore and imported) never rises with the recycle rate, for a fixed economy.

    Both runs make the same output (checked), so recycling acts on the
    material cycle alone and can only replace virgin metal with secondary
    metal. (Which virgin source is used may shift: less landfill leaves more
    room for tailings, so own ore can replace imports. See the
    reference-behaviour tests for what happens with the feedbacks on.)
    """
    low, high = sorted((r1, r2))
    base = scenario("bau").with_levers(**values).with_levers(**fixed_economy())
    keep = ["industrial_output", "virgin_metal", "secondary_metal"]
    runs = {rate: entropy.run(base.with_levers(recycle_policy=rate), engine="simlin", variables=keep)
            for rate in (low, high)}
    out_low, out_high = (runs[r]["industrial_output"].values for r in (low, high))
    np.testing.assert_allclose(out_high, out_low, rtol=1e-9)
    virgin_low, virgin_high = (runs[r]["virgin_metal"].values for r in (low, high))
    scale = max(1.0, float(virgin_low.max()))
    assert np.all(virgin_high <= virgin_low + 1e-9 * scale), (values, low, high)
    assert np.all(runs[high]["secondary_metal"].values >= runs[low]["secondary_metal"].values - 1e-9 * scale)


REGIONAL = entropy.load_scenario("liaoning/bau")
#: The regional model's levers: policies per sector (one element each draw), the
#: network's switches and shares, the decomposer and the regional sink.
REGIONAL_SCALARS = ("threshold_constraint_switch", "threshold_load_level", "exchange_network_switch",
                    "inventory_time", "regional_critical_pollution_index", "spill_over_fraction")
REGIONAL_ELEMENTS = ("reduce_policy", "reuse_policy", "recycle_policy", "by_product_exchange_policy",
                     "renewable_share_policy", "inter_regional_export_share", "chain_filling_output",
                     "absorption_share")


sectors = st.sampled_from(REGIONAL.model.subscripts["Sector"])
regional_levers = st.fixed_dictionaries(
    {name: in_range(name, REGIONAL.model) for name in REGIONAL_SCALARS}
    | {f"{name}@": st.tuples(sectors, in_range(name, REGIONAL.model)) for name in REGIONAL_ELEMENTS}
    | {"link@": st.tuples(sectors, sectors, st.floats(0, 1), st.sampled_from([0.0, 1.0]))})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regional_levers)
def test_regional_invariants_hold_for_any_levers(drawn: dict[str, object]) -> None:
    """Balances per sector and for the region, second law, bounds: for any levers, links included."""
    values: dict[str, float] = {}
    for key, value in drawn.items():
        if key == "link@":
            s, r, share, active = value  # type: ignore[misc]
            values[f"exchange_share[{s},{r}]"] = share
            values[f"link_active[{s},{r}]"] = active
        elif key.endswith("@"):
            sector, v = value  # type: ignore[misc]
            values[f"{key[:-1]}[{sector}]"] = v
        else:
            values[key] = float(value)  # type: ignore[arg-type]
    ds = entropy.run(REGIONAL.with_levers(**values), engine="simlin")
    for check in (inv.finite(ds), inv.mass_balance(ds), inv.exergy_balance(ds), inv.second_law(ds),
                  inv.bounds(ds)):
        assert check.passed, (check, values)
