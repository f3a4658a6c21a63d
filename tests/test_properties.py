"""Property-based tests: random lever settings inside their Vensim ranges."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import entropy
from entropy import invariants as inv

from .conftest import LEVERS as CLUSTER_LEVERS
from .conftest import scenario

MODEL = scenario("bau").model
LEVERS = (*CLUSTER_LEVERS, "by_product_exchange_fraction")


def in_range(name: str) -> st.SearchStrategy[float]:
    info = MODEL.variables[name]
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
    for check in (inv.mass_balance(ds), inv.second_law(ds), inv.bounds(ds)):
        assert check.passed, (check, values)


@SETTINGS
@given(levers, st.floats(0, 0.95), st.floats(0, 0.95))
def test_more_recycling_never_increases_virgin_extraction(
    values: dict[str, float], r1: float, r2: float
) -> None:
    """Cumulative virgin extraction never rises with the recycle rate, for a fixed output path.

    The output feedback and the threshold constraint are off, so the economy
    is the same in both runs (see test_recycling_rebound_through_the_feedback
    for what happens with them on).
    """
    low, high = sorted((r1, r2))
    base = scenario("bau").with_levers(**values).with_levers(
        output_feedback_switch=0, threshold_constraint_switch=0
    )
    cum = {}
    for rate in (low, high):
        ds = entropy.run(base.with_levers(recycle_policy=rate), engine="simlin", variables=["virgin_reserve"])
        reserve = ds["virgin_reserve"].values
        cum[rate] = reserve[0] - reserve
    assert np.all(cum[high] <= cum[low] + 1e-9 * max(1.0, float(cum[low].max()))), (values, low, high)
