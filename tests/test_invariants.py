"""docs/DESIGN.md's invariants on every shipped scenario (tolerances in entropy.invariants).

The extreme-condition tests push the cluster model's constants to the ends of
their Vensim ranges (one at a time and all together, and the particular
extremes the model review asks for: least reserves, least assimilation, most
damage) and hold every run to the same physics: every value finite, no stock
negative, health in [0, 1], mass and exergy balanced, no process destroying
negative exergy. They run on Simlin, which gives PySD's numbers (see
test_engines_agree) far faster.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.analysis import accounting as acc
from entropy.analysis import invariants as inv
from entropy.loading.scenario import Scenario

from .conftest import LEVERS, SWITCHES, cached_run, scenario

#: Headline series of the convergence test.
CONVERGING = ("industrial_output", "ecosystem_health", "persistent_pollution", "cumulative_entropy")


def physical_checks(ds: xr.Dataset) -> list[inv.Check]:
    """The invariants a single run must keep, whatever the setting."""
    first = inv.finite(ds)
    if not first.passed:
        return [first]
    return [first, inv.mass_balance(ds), inv.exergy_balance(ds), inv.second_law(ds), inv.bounds(ds)]


def assert_physical(sc: Scenario, label: str, **run_args: Any) -> xr.Dataset:
    """Run on Simlin and assert every invariant of :func:`physical_checks`."""
    ds = entropy.run(sc, engine="simlin", finite=False, **run_args)
    failed = [c for c in physical_checks(ds) if not c.passed]
    assert not failed, (label, [(c.name, c.measured, c.detail) for c in failed])
    # The named bounds, stated directly as well as through inv.bounds.
    health = ds["ecosystem_health"].values
    assert 0 <= health.min() and health.max() <= 1, label
    for name in sc.model.stocks:
        assert float(ds[name].min()) >= 0, (label, name)
    for process in inv.PROCESS_DESTRUCTION:
        assert float(ds[process].min()) >= -1e-12 * float(np.max(np.abs(ds["exergy_destroyed"]))), (label, process)
    return ds


def ranged_constants() -> dict[str, tuple[float, float]]:
    """Every constant of the cluster model whose range allows more than one value."""
    out = {}
    for name, info in scenario("bau").model.constants.items():
        if info.minimum is not None and info.maximum is not None and info.minimum < info.maximum:
            out[name] = (info.minimum, info.maximum)
    return out


def at_end(name: str, end: str) -> float:
    info = scenario("bau").model.variables[name]
    value = info.minimum if end == "min" else info.maximum
    assert value is not None, name
    return value


# --- every invariant on every shipped scenario -----------------------------------

def test_mass_balance(scenario_name: str) -> None:
    ds = cached_run(scenario_name)
    check = inv.mass_balance(ds)
    assert check.passed, check
    # The residual really is tiny, not merely under the limit.
    assert check.measured < 1e-12


def test_exergy_balance(scenario_name: str) -> None:
    ds = cached_run(scenario_name)
    check = inv.exergy_balance(ds)
    assert check.passed, check
    assert check.measured < 1e-12


def test_second_law(scenario_name: str) -> None:
    ds = cached_run(scenario_name)
    assert inv.second_law(ds).passed
    assert float(acc.entropy_generation_rate(ds).min()) >= 0
    scale = float(ds["exergy_destroyed"].max())
    for process in inv.PROCESS_DESTRUCTION:
        assert float(ds[process].min()) >= -1e-12 * scale, process
    assert np.all(np.diff(ds["cumulative_entropy"].values) >= 0)
    assert np.all(np.diff(ds["cumulative_non_renewable_entropy"].values) >= 0)


def test_bounds(scenario_name: str) -> None:
    ds = cached_run(scenario_name)
    check = inv.bounds(ds)
    assert check.passed, check.detail
    assert float(ds["ecosystem_health"].min()) >= 0
    assert float(ds["ecosystem_health"].max()) <= 1
    recovered = ds["old_scrap_collection"] + ds["remanufacturing"]
    assert np.all(recovered.values <= ds["end_of_life"].values * (1 + 1e-12))
    assert np.all(ds["old_scrap_collection"].values <= ds["recycling_capacity"].values * (1 + 1e-12))
    # Recycling cannot close the loop: a yield below 1 loses metal in every remelt.
    assert np.all(ds["secondary_metal"].values <= ds["scrap_remelted"].values)
    assert float(acc.circular_material_use_rate(ds).max()) < 1


def test_time_step_halving(scenario_name: str) -> None:
    sc = scenario(scenario_name)
    check = inv.time_step(sc, "simlin")
    assert check.passed, check


def test_euler_converges_first_order(scenario_name: str) -> None:
    """Halving dt again halves the change: the error is O(dt), as Euler's must be."""
    sc = scenario(scenario_name)
    runs = [entropy.run(sc, engine="simlin", variables=CONVERGING, time_step=sc.time_step / k)
            for k in (1, 2, 4)]
    for key in CONVERGING:
        d1 = inv.scaled_difference(runs[0][key], runs[1][key])
        d2 = inv.scaled_difference(runs[1][key], runs[2][key])
        if d1 > 1e-6:
            assert 0.3 < d2 / d1 < 0.7, (key, d1, d2)


def test_engines_agree(scenario_name: str) -> None:
    check = inv.engines_agree(scenario(scenario_name))
    assert check.passed, check


def test_linear_economy(scenario_name: str) -> None:
    check = inv.linear_economy(scenario(scenario_name), "simlin")
    assert check.passed, check


def test_maximal_levers_never_raise_extraction(scenario_name: str) -> None:
    check = inv.maximal_levers(scenario(scenario_name), "simlin")
    assert check.passed, check


def test_every_check_in_the_cli_set_passes(scenario_name: str) -> None:
    """The quick checks that `entropy check` runs, with the reference engine."""
    results = inv.check_scenario(scenario(scenario_name), engine="pysd", full=False)
    assert [c.name for c in results] == ["finite", "mass_balance", "exergy_balance", "second_law", "bounds"]
    assert all(c.passed and not c.skipped for c in results), [c for c in results if not c.passed]


# --- the checks themselves can fail ------------------------------------------------

def test_checks_detect_planted_errors() -> None:
    ds = cached_run("bau").copy(deep=True)
    leak = ds.assign(land_stockpile=ds["land_stockpile"] * (1 + 1e-6))
    assert not inv.mass_balance(leak).passed
    lost = ds.assign(cumulative_exergy_destroyed=ds["cumulative_exergy_destroyed"] * (1 - 1e-6))
    assert not inv.exergy_balance(lost).passed
    negative = ds.assign(secondary_destruction=ds["secondary_destruction"] - 1.0)
    assert not inv.second_law(negative).passed
    sick = ds.assign(ecosystem_health=ds["ecosystem_health"] + 0.5)
    assert not inv.bounds(sick).passed
    broken = ds.assign(persistent_pollution=ds["persistent_pollution"].where(ds["time"] != 2100))
    assert not inv.finite(broken).passed


# --- extreme conditions -------------------------------------------------------------

def test_zero_growth_is_a_steady_state() -> None:
    """No growth of demand, now or before 2025, and an ore whose grade does not fall.

    Every stock is then constant (demand, capital, products in use, recycling
    capacity, the pollution chain, health) or moves at a constant rate (the
    reserves drawn down, the land stockpile and the running totals filled):
    its second difference is zero. Nothing moves a model at rest but its own
    depletion, and that is switched off here by holding the grade.
    """
    grade = min(at_end("initial_ore_grade", "max"), at_end("final_ore_grade", "max"))
    sc = scenario("bau").with_levers(
        demand_growth_rate=0.0,
        historical_growth_rate=0.0,
        initial_ore_grade=grade,
        final_ore_grade=grade,
        cluster_share_of_provincial_ore=at_end("cluster_share_of_provincial_ore", "max"),
        land_capacity=at_end("land_capacity", "max"),
    ).with_horizon(end=2125)
    ds = assert_physical(sc, "zero growth")
    for stock in sc.model.stocks:
        v = ds[stock].values
        scale = max(float(np.max(np.abs(v))), 1e-9)
        assert np.max(np.abs(np.diff(v, 2))) <= 1e-9 * scale, stock
    for level in ("industrial_capital", "product_demand", "products_in_use_old", "persistent_pollution",
                  "recycling_capacity", "ecosystem_health"):
        v = ds[level].values
        assert np.max(np.abs(v - v[0])) <= 1e-9 * max(abs(v[0]), 1e-9), level
    assert float(ds["industrial_output"].min()) == pytest.approx(float(ds["industrial_output"].max()), rel=1e-9)


@pytest.mark.parametrize(
    "setting",
    [
        {"cluster_share_of_provincial_ore": "min"},
        {"fossil_resource_lifetime": "min"},
        {"cluster_share_of_provincial_ore": "min", "fossil_resource_lifetime": "min"},
    ],
    ids=["least-ore", "least-fossil", "least-of-both"],
)
def test_minimum_reserves(setting: dict[str, str]) -> None:
    """The smallest reserves the ranges allow: they run out, nothing breaks."""
    values = {k: at_end(k, end) for k, end in setting.items()}
    ds = assert_physical(scenario("bau").with_levers(**values), f"minimum reserves {values}")
    for reserve in ("ore_reserve", "fossil_reserve"):
        r = ds[reserve].values
        assert np.all(np.diff(r) <= 0), reserve  # a reserve is only ever drawn down
    if "cluster_share_of_provincial_ore" in setting:
        assert acc.depletion_year(ds, "ore_reserve") < acc.depletion_year(cached_run("bau"), "ore_reserve")
    if "fossil_resource_lifetime" in setting:
        assert acc.depletion_year(ds, "fossil_reserve") < acc.depletion_year(cached_run("bau"), "fossil_reserve")


@pytest.mark.parametrize("switch", [0, 1])
def test_least_assimilation(switch: int) -> None:
    """Assimilation as small as the ranges allow, with the health feedback on and off.

    The residual fraction at its minimum and the half-life at its maximum.
    (No ordering against business as usual is asserted: the model starts the
    pollution in equilibrium and sets the critical level as a multiple of that
    start, so a longer half-life also raises the critical level.)
    """
    sc = scenario("bau").with_levers(
        residual_assimilation_fraction=at_end("residual_assimilation_fraction", "min"),
        base_assimilation_half_life=at_end("base_assimilation_half_life", "max"),
        health_assimilation_switch=switch,
    )
    ds = assert_physical(sc, f"least assimilation, switch {switch}")
    assert float(ds["assimilation"].min()) >= 0


def test_largest_damage() -> None:
    """The most sensitive ecosystem, damaged fastest: health falls further, never below 0."""
    sc = scenario("bau").with_levers(
        damage_sensitivity=at_end("damage_sensitivity", "max"), damage_time=at_end("damage_time", "min")
    )
    ds = assert_physical(sc, "largest damage")
    assert acc.min_ecosystem_health(ds) <= acc.min_ecosystem_health(cached_run("bau"))


def test_least_assimilation_and_largest_damage_together() -> None:
    sc = scenario("bau").with_levers(
        residual_assimilation_fraction=at_end("residual_assimilation_fraction", "min"),
        base_assimilation_half_life=at_end("base_assimilation_half_life", "max"),
        damage_sensitivity=at_end("damage_sensitivity", "max"),
        damage_time=at_end("damage_time", "min"),
        cluster_share_of_provincial_ore=at_end("cluster_share_of_provincial_ore", "min"),
        fossil_resource_lifetime=at_end("fossil_resource_lifetime", "min"),
    )
    assert_physical(sc, "every extreme of the review at once")


@pytest.mark.parametrize("end", ["min", "max"])
@pytest.mark.parametrize("lever", [*LEVERS, *SWITCHES])
def test_each_lever_at_each_end(lever: str, end: str) -> None:
    """The policy levers and loop switches one at a time at the ends of their ranges."""
    assert_physical(scenario("bau").with_levers(**{lever: at_end(lever, end)}), f"{lever}={end}")


@pytest.mark.parametrize("end", ["min", "max"])
def test_all_levers_at_one_end(end: str) -> None:
    values = {k: at_end(k, end) for k in (*LEVERS, *SWITCHES)}
    assert_physical(scenario("bau").with_levers(**values), f"all levers at {end}")


@pytest.mark.slow
def test_every_constant_at_each_end() -> None:
    """Every constant with a range, one at a time, at its minimum and its maximum."""
    for name, (low, high) in ranged_constants().items():
        for value in (low, high):
            assert_physical(scenario("bau").with_levers(**{name: value}), f"{name}={value:g}")


@pytest.mark.slow
@pytest.mark.parametrize("end", ["min", "max"])
def test_every_constant_at_one_end_together(end: str) -> None:
    values = {k: (lo if end == "min" else hi) for k, (lo, hi) in ranged_constants().items()}
    assert_physical(scenario("bau").with_levers(**values), f"every constant at {end}")
