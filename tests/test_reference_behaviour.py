"""The reference behaviour of docs/DESIGN.md: what a correct model shows."""

from __future__ import annotations

import math

import numpy as np

import entropy
from entropy import accounting as acc

from .conftest import cached_run, scenario


def first_overshoot(name: str) -> float:
    year = acc.first_overshoot_year(cached_run(name))
    return math.inf if math.isnan(year) else year


def test_bau_overshoots_and_declines() -> None:
    ds = cached_run("bau")
    assert float(acc.load_ratio(ds).max()) > 1
    assert acc.min_ecosystem_health(ds) < 0.5
    out = ds["industrial_output"].values
    peak = int(np.argmax(out))
    assert 0 < peak < len(out) - 1, "output must rise, then fall"
    assert out[-1] < 0.5 * out[peak]
    # Overshoot comes before the decline: the vicious cycle, not exhaustion.
    assert acc.first_overshoot_year(ds) <= float(ds["time"][peak])
    assert math.isnan(acc.depletion_year(ds, "virgin_reserve"))
    assert math.isnan(acc.depletion_year(ds, "fossil_reserve"))


def test_eco_park_stays_under_carrying_capacity() -> None:
    ds = cached_run("eco-park")
    assert float(acc.load_ratio(ds).max()) < 1
    assert acc.years_in_overshoot(ds) == 0
    assert acc.min_ecosystem_health(ds) > 0.99


def test_each_single_lever_delays_overshoot() -> None:
    bau = first_overshoot("bau")
    for lever in ("reduce", "reuse", "recycle"):
        assert first_overshoot(lever) > bau, lever


def test_full_3r_delays_more_than_any_single_lever() -> None:
    full = first_overshoot("full-3r")
    assert all(full > first_overshoot(s) for s in ("reduce", "reuse", "recycle"))


def test_eco_park_grows_more_slowly_than_unconstrained_3r() -> None:
    full = cached_run("full-3r")
    eco = cached_run("eco-park")
    year = acc.first_overshoot_year(full)
    assert float(eco["industrial_output"].sel(time=year)) < float(full["industrial_output"].sel(time=year))


def test_recycling_alone_cannot_close_the_loop() -> None:
    """Even at maximal recycling and decomposer investment, virgin material is needed."""
    model = scenario("recycle").model
    sc = scenario("recycle").with_levers(
        recycle_policy=model.variables["recycle_policy"].maximum or 1.0,
        decomposer_investment_share_policy=model.variables["decomposer_investment_share_policy"].maximum or 1.0,
    )
    ds = entropy.run(sc, engine="simlin")
    assert acc.circularity_over_horizon(ds) < float(ds["maximum_secondary_share"])
    assert float(ds["extraction"].isel(time=-1)) > 0
    # Losses: what is collected never all comes back.
    assert np.all(ds["secondary_input"].values <= ds["recycling_collection"].values * float(ds["recycling_yield"]) + 1e-15)


def test_recycling_is_bounded_by_decomposer_capacity() -> None:
    """A recycle target without decomposer investment collects almost nothing."""
    no_capacity = entropy.run(scenario("bau").with_levers(recycle_policy=0.9), engine="simlin")
    with_capacity = cached_run("recycle")
    assert float(no_capacity["recycling_collection"].max()) <= float(no_capacity["recycling_capacity"].max()) + 1e-15
    assert acc.circularity_over_horizon(no_capacity) < 0.01
    assert acc.circularity_over_horizon(with_capacity) > 0.3


def test_ecosystem_feedback_drives_the_decline() -> None:
    """Knock out the output feedback and BAU no longer declines: the vicious cycle is the cause."""
    open_loop = entropy.run(scenario("bau").with_levers(output_feedback_switch=0), engine="simlin")
    out = open_loop["industrial_output"].values
    assert np.all(np.diff(out) > 0)
    assert acc.min_ecosystem_health(open_loop) < 0.5  # the damage still happens


def test_recycling_rebound_through_the_feedback() -> None:
    """With the feedback on, recycling that averts collapse lets the economy extract more.

    A documented property, not a defect: cumulative extraction falls with more
    recycling only for a fixed output path (see test_properties).
    """
    bau = cached_run("bau")
    rec = cached_run("recycle")
    assert acc.first_overshoot_year(rec) > acc.first_overshoot_year(bau)
    cum = lambda ds: float(ds["virgin_reserve"][0] - ds["virgin_reserve"][-1])  # noqa: E731
    assert cum(rec) > cum(bau)
    assert acc.cumulative(rec, "industrial_output") > acc.cumulative(bau, "industrial_output")
