"""Entropy and carrying-capacity accounting, and the Finn Cycling Index."""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy import accounting as acc
from entropy.network import finn_cycling_index, finn_over_horizon, finn_over_time

from .conftest import cached_run


def test_gouy_stodola_matches_the_model(scenario_name: str) -> None:
    """The package's own S_gen = X_destroyed / T0 equals the model's variable."""
    ds = cached_run(scenario_name)
    np.testing.assert_allclose(acc.entropy_generation_rate(ds), ds["entropy_generation_rate"], rtol=1e-12)


def test_gouy_stodola_by_hand() -> None:
    ds = xr.Dataset(
        {
            "fossil_energy_use": ("time", [10.0, 20.0]),  # PJ/Year
            "fossil_exergy_factor": 1.06,
            "material_waste_generation": ("time", [1.0, 0.0]),  # Mt/Year
            "material_specific_exergy": 6.7,  # PJ/Mt
        },
        coords={"time": [2025.0, 2026.0]},
    )
    rate = acc.entropy_generation_rate(ds).values
    assert rate[0] == pytest.approx((10 * 1.06 + 6.7) * 1000 / 298.15)
    assert rate[1] == pytest.approx(20 * 1.06 * 1000 / 298.15)


def test_cumulative_entropy_from_rate_matches_stock() -> None:
    """Without the stock, the integral of the rate over fine saves matches it."""
    ds = entropy.run("bau", engine="simlin", time_step=0.125, end=2125)
    fine = entropy.run(entropy.load_scenario("bau").with_horizon(end=2125), engine="simlin")
    no_stock = fine.drop_vars("cumulative_entropy")
    approx = acc.cumulative_entropy(no_stock).values[-1]
    assert approx == pytest.approx(float(ds["cumulative_entropy"][-1]), rel=0.01)


def test_overshoot_counting() -> None:
    ds = xr.Dataset(
        {
            "waste_generation": ("time", [1.0, 2.0, 3.0, 2.0, 0.5]),
            "carrying_capacity": ("time", [2.0, 1.5, 2.0, 2.5, 1.0]),
        },
        coords={"time": [2025.0, 2026.0, 2027.0, 2028.0, 2029.0]},
        attrs={"save_period": 1.0},
    )
    assert acc.first_overshoot_year(ds) == 2026
    assert acc.years_in_overshoot(ds) == 2
    never = ds.assign(waste_generation=ds["waste_generation"] * 0)
    assert math.isnan(acc.first_overshoot_year(never))


def test_depletion_and_lifetime() -> None:
    ds = xr.Dataset(
        {"r": ("time", [100.0, 50.0, 6.0, 4.0]), "e": ("time", [10.0, 10.0, 0.0, 1.0])},
        coords={"time": [0.0, 1.0, 2.0, 3.0]},
    )
    assert acc.depletion_year(ds, "r") == 3
    life = acc.reserve_lifetime(ds, "r", "e").values
    assert life[0] == 10 and math.isinf(life[2]) and life[3] == 4


def test_circularity_of_the_linear_economy_is_zero() -> None:
    assert acc.circularity_over_horizon(cached_run("bau")) == 0
    assert finn_over_horizon(cached_run("bau")) == 0


def test_circularity_ranks_the_circular_scenarios() -> None:
    circ = {n: acc.circularity_over_horizon(cached_run(n)) for n in ("recycle", "full-3r", "eco-park")}
    assert all(0 < c < 1 for c in circ.values())
    assert circ["eco-park"] > circ["full-3r"]  # by-product exchange adds cycling


def test_finn_two_compartment_cycle() -> None:
    """Import z to 1; 1->2 flow a; 2->1 flow b; exports balance.

    Analytically T1 = z + b, T2 = a, G21 = a/T1, G12 = b/T2 = b/a; the loop
    1->2->1 returns b/T1 of what leaves 1, so n11 = n22 = 1/(1 - b/T1) =
    (z + b)/z and (n - 1)/n = b/(z + b) for both. Then TSTc = b/(z + b) *
    (T1 + T2) and FCI = TSTc/TST = b/(z + b).
    """
    z, a, b = 10.0, 8.0, 5.0
    flows = np.array([[0.0, a], [b, 0.0]])
    fci = finn_cycling_index(flows, np.array([z, 0.0]))
    assert fci == pytest.approx(b / (z + b))


def test_finn_no_cycle_is_zero() -> None:
    flows = np.array([[0.0, 5.0, 0.0], [0.0, 0.0, 3.0], [0.0, 0.0, 0.0]])
    assert finn_cycling_index(flows, np.array([6.0, 0.0, 0.0])) == pytest.approx(0.0)


def test_finn_of_a_closed_loop_approaches_one() -> None:
    """A loop that keeps 99% of what passes through cycles almost everything."""
    flows = np.array([[0.0, 99.0], [99.0, 0.0]])
    fci = finn_cycling_index(flows, np.array([1.0, 0.0]))
    assert 0.98 < fci < 1


def test_finn_over_time_is_bounded(scenario_name: str) -> None:
    fci = finn_over_time(cached_run(scenario_name)).values
    assert np.all(fci >= 0) and np.all(fci < 1)


def test_indicator_table() -> None:
    ds = entropy.stack_runs([cached_run("bau"), cached_run("eco-park")])
    table = entropy.indicators(ds)
    assert list(table.index) == ["bau", "eco-park"]
    assert list(table.columns) == list(entropy.INDICATORS)
    assert table.loc["bau", "collapse"] == 1 and table.loc["eco-park", "collapse"] == 0
    assert table.loc["eco-park", "max_load_ratio"] < 1 < table.loc["bau", "max_load_ratio"]
    assert table.attrs["units"]["cumulative_entropy"] == "TJ/K"


def test_compare_differences() -> None:
    df = entropy.compare(["bau", "reduce"], engine="simlin")
    assert df.loc["bau", "first_overshoot_year_diff"] == 0
    assert df.loc["reduce", "first_overshoot_year_diff"] == (
        df.loc["reduce", "first_overshoot_year"] - df.loc["bau", "first_overshoot_year"]
    ) > 0
    assert df.attrs["baseline"] == "bau"
