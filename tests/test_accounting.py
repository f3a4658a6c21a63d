"""Entropy and carrying-capacity accounting, and the Finn Cycling Index.

The accounting functions are checked analytically on small hand-made
Datasets, then against the model's own variables on every shipped scenario.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.analysis import accounting as acc
from entropy.analysis import invariants as inv
from entropy.analysis.network import finn_cycling_index, finn_over_horizon, finn_over_time, material_network

from .conftest import cached_run, scenario

T0 = 298.15


def hand(variables: dict[str, object], times: list[float]) -> xr.Dataset:
    """A Dataset over the given times: lists become series, numbers constants."""
    data = {k: (("time", v) if isinstance(v, list) else v) for k, v in variables.items()}
    return xr.Dataset(data, coords={"time": times}, attrs={"save_period": times[1] - times[0]})


# --- entropy (Gouy-Stodola) ---------------------------------------------------------

def test_gouy_stodola_by_hand() -> None:
    ds = hand(
        {
            "exergy_destroyed": [10.0, 20.0, 0.0],  # PJ/Year
            "non_renewable_exergy_destruction": [8.0, 5.0, 0.0],
            "renewable_exergy_destruction": [2.0, 15.0, 0.0],
        },
        [2025.0, 2026.0, 2027.0],
    )
    np.testing.assert_allclose(acc.entropy_generation_rate(ds).values, [10e3 / T0, 20e3 / T0, 0.0])
    np.testing.assert_allclose(acc.non_renewable_entropy_rate(ds).values, [8e3 / T0, 5e3 / T0, 0.0])
    np.testing.assert_allclose(acc.renewable_entropy_rate(ds).values, [2e3 / T0, 15e3 / T0, 0.0])
    assert acc.entropy_generation_rate(ds).attrs["units"] == "TJ/K/Year"
    # Without the model's stock, cumulative entropy is the trapezoidal integral.
    np.testing.assert_allclose(acc.cumulative_entropy(ds).values, [0.0, 15e3 / T0, 25e3 / T0])
    np.testing.assert_allclose(acc.cumulative_non_renewable_entropy(ds).values, [0.0, 6.5e3 / T0, 9e3 / T0])


def test_entropy_intensity_by_hand() -> None:
    ds = hand({"non_renewable_exergy_destruction": [2.0, 3.0], "industrial_output": [4.0, 0.0]},
              [2025.0, 2026.0])
    intensity = acc.entropy_intensity(ds).values
    assert intensity[0] == pytest.approx(2e3 / T0 / 4.0)
    assert math.isnan(intensity[1])  # no output: undefined, not infinite


def test_gouy_stodola_matches_the_model(scenario_name: str) -> None:
    """The package's own S_gen = X_destroyed / T0 equals the model's variables."""
    ds = cached_run(scenario_name)
    np.testing.assert_allclose(acc.entropy_generation_rate(ds), ds["entropy_generation_rate"], rtol=1e-12)
    np.testing.assert_allclose(acc.non_renewable_entropy_rate(ds), ds["non_renewable_entropy_generation"],
                               rtol=1e-12)
    np.testing.assert_allclose(acc.renewable_entropy_rate(ds), ds["renewable_entropy_generation"],
                               rtol=1e-12, atol=1e-12)
    # The parts add up to the whole.
    parts = ds["non_renewable_exergy_destruction"] + ds["renewable_exergy_destruction"]
    np.testing.assert_allclose(parts, ds["exergy_destroyed"], rtol=1e-12)
    destroyed = sum(ds[p] for p in inv.PROCESS_DESTRUCTION)
    np.testing.assert_allclose(destroyed, ds["exergy_destroyed"], rtol=1e-12)


def test_cumulative_entropy_from_rate_matches_stock() -> None:
    """Without the stock, the integral of the rate over fine saves matches it."""
    sc = dataclasses.replace(scenario("bau").with_horizon(end=2125), save_period=0.125)
    ds = entropy.run(sc, engine="simlin", variables=["cumulative_entropy", "exergy_destroyed"])
    approx = acc.cumulative_entropy(ds.drop_vars("cumulative_entropy")).values[-1]
    assert approx == pytest.approx(float(ds["cumulative_entropy"][-1]), rel=0.01)


# --- carrying capacity ---------------------------------------------------------------

def loads() -> xr.Dataset:
    return hand(
        {
            "land_load_ratio": [0.2, 0.5, 0.9, 1.1, 1.2],
            "persistent_load_ratio": [0.5, 1.5, 0.8, 0.7, 0.3],
            "emission_load_ratio": [0.1, 0.2, 1.2, 0.4, 0.4],
            "binding_load_ratio": [0.5, 1.5, 1.2, 1.1, 1.2],
        },
        [2025.0, 2026.0, 2027.0, 2028.0, 2029.0],
    )


def test_binding_load_is_the_largest_compartment() -> None:
    ds = loads()
    stacked = acc.compartment_loads(ds)
    assert list(stacked["compartment"].values) == ["land", "persistent", "emission"]
    np.testing.assert_array_equal(stacked.max("compartment").values, acc.load_ratio(ds).values)
    assert acc.binding_compartment(ds) == "persistent"  # highest peak: 1.5 in 2026
    assert acc.binding_compartment(ds.assign(land_load_ratio=ds["land_load_ratio"] * 2)) == "land"


def test_binding_load_of_the_model(scenario_name: str) -> None:
    ds = cached_run(scenario_name)
    np.testing.assert_array_equal(acc.compartment_loads(ds).max("compartment").values,
                                  ds["binding_load_ratio"].values)


def test_overshoot_counting() -> None:
    ds = loads()
    assert acc.first_overshoot_year(ds) == 2026
    assert acc.years_in_overshoot(ds) == 4
    never = ds.assign(binding_load_ratio=ds["binding_load_ratio"] * 0.5)
    assert math.isnan(acc.first_overshoot_year(never))
    assert acc.years_in_overshoot(never) == 0


def test_health_and_collapse() -> None:
    ds = hand({"ecosystem_health": [1.0, 0.5, 0.15, 0.3], "collapse_threshold": 0.2},
              [0.0, 1.0, 2.0, 3.0])
    assert acc.min_ecosystem_health(ds) == 0.15
    assert acc.collapsed(ds)
    assert not acc.collapsed(ds.assign(collapse_threshold=0.1))


def test_depletion_and_lifetime() -> None:
    ds = hand({"r": [100.0, 50.0, 6.0, 4.0], "e": [10.0, 10.0, 0.0, 1.0]}, [0.0, 1.0, 2.0, 3.0])
    assert acc.depletion_year(ds, "r") == 3
    life = acc.reserve_lifetime(ds, "r", "e").values
    assert life[0] == 10 and math.isinf(life[2]) and life[3] == 4


# --- circularity ---------------------------------------------------------------------

def test_circularity_definition() -> None:
    """Recovered used / (DMC + recovered used), per year and over the run."""
    ds = hand(
        {
            "scrap_remelted": [1.0, 2.0, 0.0],
            "remanufacturing": [0.5, 0.0, 0.0],
            "by_product_utilisation": [0.5, 1.0, 0.0],
            "domestic_material_consumption": [8.0, 3.0, 0.0],
        },
        [0.0, 1.0, 2.0],
    )
    np.testing.assert_allclose(acc.circular_material_use_rate(ds).values, [2 / 10, 3 / 6, 0.0])
    # Trapezoid: recovered 2.5 + 1.5 = 4, DMC 5.5 + 1.5 = 7.
    assert acc.circularity_over_horizon(ds) == pytest.approx(4 / 11)
    assert acc.circularity_over_horizon(ds.assign(scrap_remelted=ds["scrap_remelted"] * 0,
                                                  remanufacturing=ds["remanufacturing"] * 0,
                                                  by_product_utilisation=ds["by_product_utilisation"] * 0)) == 0


def test_circularity_matches_the_model(scenario_name: str) -> None:
    ds = cached_run(scenario_name)
    np.testing.assert_allclose(acc.circular_material_use_rate(ds), ds["circular_material_use_rate"],
                               rtol=1e-12)


def test_circularity_of_the_linear_economy_is_zero() -> None:
    ds = entropy.run(scenario("bau").with_levers(**inv.LINEAR_ECONOMY), engine="simlin")
    assert acc.circularity_over_horizon(ds) == 0
    assert finn_over_horizon(ds) == 0
    assert float(finn_over_time(ds).max()) == 0


def test_circularity_ranks_the_circular_scenarios() -> None:
    circ = {n: acc.circularity_over_horizon(cached_run(n)) for n in ("bau", "recycle", "full-3r", "eco-park")}
    assert all(0 < c < 1 for c in circ.values())
    assert circ["recycle"] > circ["bau"]  # more old scrap collected
    assert circ["eco-park"] > circ["full-3r"]  # by-product exchange adds cycling
    # The Finn index follows the metal alone: more recycling and reuse, more cycling.
    fci = {n: finn_over_horizon(cached_run(n)) for n in circ}
    assert fci["bau"] < fci["recycle"] < fci["full-3r"]


# --- mass and exergy balance ---------------------------------------------------------

def balanced(n: int = 4) -> xr.Dataset:
    """Every stock of the mass and exergy accounts, moving but balanced."""
    t = np.arange(n, dtype=float)
    stocks = {s: list(10.0 + 0 * t) for s in acc.MATERIAL_STOCKS}
    stocks["ore_reserve"] = list(100.0 - 3 * t)  # ore mined ...
    stocks["land_stockpile"] = list(10.0 + 2 * t)  # ... 2 to land ...
    stocks["material_exported"] = list(10.0 + 2 * t)  # ... 1 + 1 added from outside exported
    stocks["mass_added"] = list(0.5 * t)
    stocks["material_imported"] = list(0.5 * t)
    exergy = {
        "fossil_reserve": list(1000.0 - 10 * t),  # PJ, burned 10 a year
        "fossil_exergy_factor": 1.06,
        "products_in_use": list(5.0 + t),  # Mt, 1 a year more in use
        "metal_specific_exergy": 6.7,
        "cumulative_exergy_exported": list(2.0 * t),
        "cumulative_renewable_exergy": list(4.0 * t),
        "cumulative_ore_exergy": list(0.3 * t),
    }
    # Destroyed = fuel + renewable + ore - held in products - exported.
    destroyed = (10 * 1.06 + 4.0 + 0.3 - 6.7 - 2.0) * t
    exergy["cumulative_exergy_destroyed"] = list(destroyed)
    return hand({**stocks, **exergy}, list(t))


def test_mass_residual_detects_a_planted_error() -> None:
    ds = balanced()
    assert acc.mass_balance_residual(ds) < 1e-15
    total = float(acc.total_material(ds)[0])
    planted = ds.copy(deep=True)
    planted["persistent_pollution"].values[2] += 0.01  # 0.01 Mt from nowhere
    assert acc.mass_balance_residual(planted) == pytest.approx(0.01 / total)
    assert not inv.mass_balance(planted).passed and inv.mass_balance(ds).passed


def test_exergy_residual_detects_a_planted_error() -> None:
    ds = balanced()
    assert acc.exergy_balance_residual(ds) < 1e-14
    planted = ds.copy(deep=True)
    planted["cumulative_exergy_destroyed"].values[3] -= 1e-3  # destruction under-counted
    scale = max(abs(float(acc.exergy_account(ds)[0])), float(ds["cumulative_exergy_destroyed"].max()))
    assert acc.exergy_balance_residual(planted) == pytest.approx(1e-3 / scale)
    assert not inv.exergy_balance(planted).passed and inv.exergy_balance(ds).passed


# --- Finn Cycling Index ---------------------------------------------------------------

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


def metal_cycle(remelted: float = 4.0, times: int = 3) -> xr.Dataset:
    """A steady metal cycle (Mt/Year), all scrap remelted unless ``remelted`` < 4.

    Virgin metal 7 and secondary 3 make 10 of metal (M); fabrication (F)
    returns 2 of process scrap, sends 3 to local use (U), exports 5; use gets
    1 remanufactured back from the decomposer (D), retires 4 a year, of which
    D takes 1 to remanufacture and 2 as old scrap, 1 is discarded.
    """
    constant = {
        "metal_production": 10.0, "virgin_metal": 7.0, "process_scrap_recycled": 2.0,
        "products_sold_locally": 3.0, "end_of_life": 4.0, "remanufacturing": 1.0,
        "old_scrap_collection": 2.0, "scrap_available": 4.0, "scrap_remelted": remelted,
    }
    return hand({k: [v] * times for k, v in constant.items()}, [float(t) for t in range(times)])


def test_metal_network_of_a_hand_made_cycle() -> None:
    flows, imports = material_network(metal_cycle())
    m, f, u, d = range(4)
    expected = np.zeros((4, 4))
    expected[m, f], expected[f, m], expected[f, u] = 10, 2, 3
    expected[u, d], expected[d, u], expected[d, m] = 3, 1, 2
    np.testing.assert_array_equal(flows[0], expected)
    np.testing.assert_array_equal(imports[0], [7, 0, 0, 0])  # a steady stock in use draws nothing down
    # Half the scrap remelted: both scrap streams reach the furnaces at half.
    half, _ = material_network(metal_cycle(remelted=2.0))
    assert (half[0, f, m], half[0, d, m]) == (1.0, 1.0)


def test_finn_four_compartment_steady_state() -> None:
    """FCI of :func:`metal_cycle` by hand.

    Throughflows T = (M 11, F 10, U 4, D 3), TST = 28. Transition shares:
    M->F 10/11; F->M 0.2, F->U 0.3; U->D 0.75; D->U 1/3, D->M 2/3.
    From U, metal reaches M with q = 0.75 (2/3) / (1 - 0.75/3) = 2/3; from M
    it reaches U with r = (10/11) 0.3 / (1 - (10/11) 0.2) = 1/3. First-return
    probabilities: p_M = p_F = (10/11)(0.2 + 0.3 q) = 4/11; p_U = p_D =
    0.75 (1/3 + (2/3) r) = 5/12; and (n_jj - 1)/n_jj = p_j. So TST_c = 4/11
    11 + 4/11 10 + 5/12 4 + 5/12 3 = 1393/132 and FCI = 1393/3696 = 199/528.
    """
    ds = metal_cycle()
    flows, imports = material_network(ds)
    assert float(finn_cycling_index(flows[0], imports[0])) == pytest.approx(199 / 528, rel=1e-12)
    np.testing.assert_allclose(finn_over_time(ds).values, 199 / 528, rtol=1e-12)
    assert finn_over_horizon(ds) == pytest.approx(199 / 528, rel=1e-12)


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


# --- the indicator table ---------------------------------------------------------------

def test_indicator_table() -> None:
    ds = entropy.stack_runs([cached_run("bau"), cached_run("eco-park")])
    table = entropy.indicators(ds)
    assert list(table.index) == ["bau", "eco-park"]
    assert list(table.columns) == list(entropy.INDICATORS)
    assert table.loc["bau", "collapse"] == 1 and table.loc["eco-park", "collapse"] == 0
    assert table.loc["eco-park", "max_load_ratio"] < 1 < table.loc["bau", "max_load_ratio"]
    assert table.loc["bau", "max_load_ratio"] == max(
        table.loc["bau", k] for k in ("max_land_load", "max_persistent_load", "max_emission_load"))
    assert 0 <= table.loc["bau", "decline_from_peak"] < 1
    assert table.loc["eco-park", "entropy_intensity"] < table.loc["bau", "entropy_intensity"]
    assert table.attrs["units"]["cumulative_entropy"] == "TJ/K"


def test_compare_differences() -> None:
    df = entropy.compare(["bau", "reduce"], engine="simlin")
    assert df.loc["bau", "first_overshoot_year_diff"] == 0
    assert df.loc["reduce", "first_overshoot_year_diff"] == (
        df.loc["reduce", "first_overshoot_year"] - df.loc["bau", "first_overshoot_year"]
    ) > 0
    assert df.attrs["baseline"] == "bau"
