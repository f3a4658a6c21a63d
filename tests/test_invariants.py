"""docs/DESIGN.md's invariants on every shipped scenario (tolerances in entropy.invariants)."""

from __future__ import annotations

import numpy as np
import pytest

import entropy
from entropy import accounting as acc
from entropy import invariants as inv
from entropy.engines import RunPlan, get_engine

from .conftest import cached_run, scenario


def test_mass_balance(scenario_name: str) -> None:
    ds = cached_run(scenario_name)
    check = inv.mass_balance(ds)
    assert check.passed, check
    # The residual really is tiny, not merely under the limit.
    assert check.measured < 1e-12


def test_second_law(scenario_name: str) -> None:
    ds = cached_run(scenario_name)
    assert inv.second_law(ds).passed
    assert float(acc.entropy_generation_rate(ds).min()) >= 0
    assert np.all(np.diff(ds["cumulative_entropy"].values) >= 0)


def test_bounds(scenario_name: str) -> None:
    ds = cached_run(scenario_name)
    check = inv.bounds(ds)
    assert check.passed, check.detail
    assert float(ds["ecosystem_health"].min()) >= 0
    assert float(ds["ecosystem_health"].max()) <= 1
    assert np.all(ds["recycling_collection"].values <= ds["end_of_life"].values * (1 + 1e-12))
    assert np.all(ds["recycling_collection"].values <= ds["recycling_capacity"].values * (1 + 1e-12))
    assert float(acc.circular_material_use_rate(ds).max()) < 1


def test_time_step_halving(scenario_name: str) -> None:
    sc = scenario(scenario_name)
    check = inv.time_step(sc, "simlin")
    assert check.passed, check


def test_euler_converges_first_order(scenario_name: str) -> None:
    """Halving dt again halves the change: the error is O(dt), as Euler's must be."""
    sc = scenario(scenario_name)
    keys = ["industrial_output", "ecosystem_health", "waste_stock", "cumulative_entropy"]
    runs = [entropy.run(sc, engine="simlin", variables=keys, time_step=sc.time_step / k) for k in (1, 2, 4)]
    for key in keys:
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


@pytest.mark.parametrize("engine", ["pysd", "simlin"])
def test_zero_growth_and_no_waste_is_a_steady_state(engine: str) -> None:
    """Extreme conditions: capital just replaced, nothing retired or lost, no fuel burned."""
    model = scenario("bau").model
    plan = RunPlan(
        start=2025,
        end=2125,
        time_step=0.125,
        save_period=1,
        constants={
            "investment_share": 0.15,  # = capital_output_ratio / capital_lifetime
            "product_service_life": 1e18,  # nothing reaches end of life
            "process_loss_fraction": 0.0,
            "combustion_residue_factor": 0.0,
            "initial_waste_stock": 0.0,
            "initial_recycling_capacity": 0.0,
            "current_renewable_share": 1.0,
            "renewable_share_policy": 1.0,
        },
    )
    result = get_engine(engine).simulate(model, plan)
    for stock in model.stocks:
        series = result.series[stock]
        scale = max(abs(series[0]), 1.0)
        assert np.max(np.abs(series - series[0])) <= 1e-12 * scale, stock


def test_zero_growth_keeps_capital_constant() -> None:
    """With the feedback off and investment = depreciation, capital and output stay put."""
    sc = scenario("bau").with_levers(investment_share=0.15, output_feedback_switch=0)
    ds = entropy.run(sc, engine="simlin", variables=["industrial_capital", "industrial_output"])
    for key in ("industrial_capital", "industrial_output"):
        v = ds[key].values
        assert np.max(np.abs(v - v[0])) <= 1e-12 * v[0]


def test_every_check_in_the_cli_set_passes(scenario_name: str) -> None:
    """The quick checks that `entropy check` runs, with the reference engine."""
    results = inv.check_scenario(scenario(scenario_name), engine="pysd", full=False)
    assert all(c.passed for c in results), [c for c in results if not c.passed]
