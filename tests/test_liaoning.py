"""The Liaoning regional model: balances, bounds and the exchange matrix on every shipped scenario.

The regional model arrays the cluster model over a Sector subscript (see
``tools/build_liaoning.py``); these tests pin what must hold in every
scenario: mass balance per sector and for the region, the exergy balance, the
second law per process, bounds, and that the exchange matrices reach the
engine whole (Simlin reads a partly defined matrix as zeros, silently).
"""

from __future__ import annotations

import re
from pathlib import Path
from functools import lru_cache

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.analysis import accounting

from .conftest import REGIONAL

REGIONAL_IDS = sorted(REGIONAL)
DESTRUCTION = ("mining_destruction", "primary_destruction", "secondary_destruction",
               "other_process_destruction", "dispersal_destruction", "exchange_processing_destruction")


@lru_cache(maxsize=None)
def regional_run(key: str) -> xr.Dataset:
    """A run of a shipped regional scenario on Simlin (once per session)."""
    return entropy.run(key, engine="simlin")


@pytest.fixture(params=REGIONAL_IDS)
def key(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_every_required_scenario_ships() -> None:
    required = {"bau", "full-3r", "symbiosis", "chain-filling", "eco-province", "isomorphic",
                "heterogeneous", "symbiotic", "chain-led", "no-exchange"}
    assert required <= {k.split("/", 1)[1] for k in REGIONAL}


def test_sector_dimension_is_kept(key: str) -> None:
    ds = regional_run(key)
    assert ds.sizes["Sector"] == 9 and ds.sizes["Receiver"] == 9
    assert list(ds["Sector"].values) == list(ds["Receiver"].values)
    assert ds["industrial_output"].dims == ("time", "Sector")
    assert ds["exchange_flow"].dims == ("time", "Sector", "Receiver")


def test_mass_balance_per_sector_and_region(key: str) -> None:
    ds = regional_run(key)
    assert accounting.mass_balance_residual(ds) < 1e-9
    region = accounting.regional_material(ds).values
    assert np.max(np.abs(region - region[0])) / abs(region[0]) < 1e-9


def test_exergy_balance_per_sector(key: str) -> None:
    assert accounting.exergy_balance_residual(regional_run(key)) < 1e-9


def test_second_law_per_process(key: str) -> None:
    ds = regional_run(key)
    for name in DESTRUCTION:
        scale = float(abs(ds[name]).max()) or 1.0
        assert float(ds[name].min()) >= -1e-9 * scale, name


def test_bounds_and_finite(key: str) -> None:
    ds = regional_run(key)
    for name, da in ds.data_vars.items():
        assert np.isfinite(da.values).all(), name
    for name in (*accounting.MATERIAL_STOCKS, *accounting.SECTOR_STOCKS, *accounting.REGIONAL_STOCKS,
                 "virgin_metal", "exchange_flow", "outside_use", "by_product_dispatch"):
        scale = float(abs(ds[name]).max()) or 1.0
        assert float(ds[name].min()) >= -1e-9 * scale, name
    for name in ("ecosystem_health", "regional_ecosystem_health", "production_factor",
                 "exchange_acceptance", "exchange_use_fraction", "comprehensive_utilisation_rate",
                 "regional_comprehensive_utilisation_rate"):
        assert float(ds[name].min()) >= 0.0 and float(ds[name].max()) <= 1.0 + 1e-12, name
    # A receiver never replaces more material than its absorption capacity.
    received = ds["exchange_material"]
    assert bool((received <= ds["absorption_capacity"] * (1 + 1e-9) + 1e-12).all())


def _matrix_text(name: str) -> list[list[float]]:
    """The rows of a matrix constant as written in the model file."""
    text = entropy.list_models()["liaoning"].read_text(encoding="utf-8")
    m = re.search(re.escape(name) + r"\[Sector,Receiver\]=\s*(.*?)~", text, re.S)
    assert m, name
    rows = [r for r in m.group(1).split(";") if r.strip()]
    return [[float(x) for x in r.replace("\\", "").split(",")] for r in rows]


@pytest.mark.parametrize("name", ["Exchange Share", "Link Active", "Heat Cascade Share"])
def test_matrices_reach_the_engine_whole(name: str) -> None:
    """Guard against Simlin's partial-array bug: every written element is read, none as 0."""
    ds = regional_run("liaoning/bau")
    written = np.array(_matrix_text(name))
    assert written.shape == (9, 9)
    read = ds[name.lower().replace(" ", "_")].values
    np.testing.assert_array_equal(read, written)
    assert np.count_nonzero(read) == np.count_nonzero(written) > 0


def test_default_links_carry_flow() -> None:
    """Every link active by default carries by-products in 2030 (no zero read from a matrix)."""
    ds = regional_run("liaoning/bau")
    active = (ds["link_active"].values > 0) & (ds["exchange_share"].values > 0)
    offered = ds["exchange_offered"].sel(time=2030).values
    assert (offered[active] > 0).all()
    assert (offered[~active] == 0).all()


#: Cluster-model variables the one-sector regional run must reproduce.
CONSISTENT = ("industrial_output", "industrial_capital", "product_demand", "product_price_index",
              "ecosystem_health", "binding_load_ratio", "land_stockpile", "persistent_pollution",
              "ore_reserve", "recycling_capacity", "products_in_use", "virgin_metal", "energy_use",
              "cumulative_co2", "cumulative_entropy", "fossil_reserve", "circular_material_use_rate")


def test_one_sector_without_exchange_reproduces_the_cluster_model() -> None:
    """The regional model with only the metal sector active and no exchange is the cluster model.

    Every constant of the cluster model is set to its cluster value (for the
    metal element where the regional model arrays it); the other sectors start
    at 1e-6 of the metal sector's size, nothing spills over to the regional
    sink, no by-product crosses between sectors and used by-products carry no
    exergy (as in the cluster model). Tolerance 1e-5 of each variable's range (1.1e-6 measured):
    the tiny sectors still draw on the shared fossil reserve, and surplus scrap
    reaches its users through the by-product inventory (a season's lag that
    moves no other variable).
    """
    from entropy.engines import get_engine
    from entropy.engines.base import RunPlan

    cluster_sc = entropy.load_scenario("cluster/bau")
    cluster = cached_cluster()
    regional_sc = entropy.load_scenario("liaoning/bau")
    regional = regional_sc.model
    constants: dict[str, float] = {}
    for name, info in cluster_sc.model.constants.items():
        if name not in regional.variables or info.default is None:
            continue
        dims = regional.variables[name].dims
        constants[f"{name}[metal]" if dims else name] = float(info.default)
    for sector in regional.subscripts["Sector"]:
        constants[f"spill_over_fraction[{sector}]"] = 0.0
        if sector != "metal":
            constants[f"initial_product_demand[{sector}]"] = 1e-6
    constants["exchange_network_switch"] = 0.0
    constants["current_exchange_share"] = 0.0
    constants["current_heat_cascade_share"] = 0.0
    constants["by_product_specific_exergy[metal]"] = 0.0
    plan = RunPlan(start=2025, end=2225, time_step=0.0625, save_period=1, constants=constants)
    result = get_engine("simlin").simulate(regional, plan)
    metal = list(regional.subscripts["Sector"]).index("metal")
    worst = 0.0
    for name in CONSISTENT:
        got = result.series[name]
        got = got[:, metal] if got.ndim == 2 else got
        want = cluster[name].values
        scale = float(np.max(np.abs(want))) or 1.0
        worst = max(worst, float(np.max(np.abs(got - want))) / scale)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-5 * scale, err_msg=name)
    print(f"largest departure: {worst:.2e} of range")


@lru_cache(maxsize=1)
def cached_cluster() -> xr.Dataset:
    return entropy.run("cluster/bau", engine="simlin")


def test_no_exchange_control_has_no_flow() -> None:
    """The control gives the links up as policy is adopted (2030-2040): none is left after."""
    ds = regional_run("liaoning/no-exchange")
    after = {"time": slice(2040, None)}
    assert float(abs(ds["exchange_flow"].sel(after)).max()) == 0.0
    assert float(ds["total_exchange_flow"].sel(after).max()) == 0.0
    assert float(ds["total_exchange_flow"].sel(time=2035)) < float(ds["total_exchange_flow"].sel(time=2028))


def test_exchange_replaces_virgin_material() -> None:
    """Today's links save virgin material: BAU extracts less than the no-exchange control."""
    bau, none = regional_run("liaoning/bau"), regional_run("liaoning/no-exchange")
    horizon = slice(2040, 2070)
    assert float(bau["regional_virgin_extraction"].sel(time=horizon).sum()) < float(
        none["regional_virgin_extraction"].sel(time=horizon).sum())
    # Building materials take slag and fly ash in place of virgin minerals.
    assert float(bau["exchange_input"].sel(Sector="build", time=2045)) > 0
    assert float(none["exchange_input"].sel(Sector="build", time=2045)) == 0


def test_every_invariant_but_the_engine_comparison(key: str) -> None:
    """The invariants of `entropy check` on every regional scenario, on Simlin."""
    from entropy.analysis import invariants as inv

    sc = entropy.load_scenario(key)
    ds = regional_run(key)
    checks = [inv.finite(ds), *(check(ds) for check in inv.CHECKS.values()),
              inv.time_step(sc, "simlin"), inv.linear_economy(sc, "simlin"), inv.maximal_levers(sc, "simlin")]
    failed = [f"{c.name}: {c.measured:.3g} ({c.detail})" for c in checks if not c.passed or c.skipped]
    assert not failed, failed


def _engines_agree(key: str) -> tuple[str, bool, float, str]:
    from entropy.analysis.invariants import engines_agree

    check = engines_agree(entropy.load_scenario(key))
    return key, check.passed, check.measured, check.detail


@pytest.mark.slow
def test_engines_agree_on_every_regional_scenario() -> None:
    """PySD and Simlin agree to 1e-9 on every regional scenario (first 20 years at dt 0.25, the policies' adoption included).

    PySD takes about 15 s per scenario even so; two processes share the work.
    """
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_engines_agree, REGIONAL_IDS))
    failed = [r for r in results if not r[1]]
    assert not failed, failed
    assert max(r[2] for r in results) <= 1e-9


def test_matches_reference(key: str) -> None:
    """Simlin reproduces the reference outputs (one row per sector every fifth year) to 1e-9 of scale."""
    from entropy.analysis.reference import REFERENCE_STRIDE, REFERENCE_VARIABLES, read_reference, reference_path

    ref = read_reference(reference_path(REGIONAL[key]))
    ds = regional_run(key).isel(time=slice(None, None, REFERENCE_STRIDE))
    frame = ds[list(REFERENCE_VARIABLES)].to_dataframe()
    assert list(ref.columns) == list(REFERENCE_VARIABLES)
    assert frame.index.equals(ref.index)
    for var in REFERENCE_VARIABLES:
        expected, got = ref[var].to_numpy(), frame[var].to_numpy()
        scale = max(float(np.max(np.abs(expected))), 1e-300)
        err = float(np.max(np.abs(got - expected))) / scale
        assert err <= 1e-9, f"{key}/{var}: {err:.3g} of scale; if the model changed on purpose, run `make reference`"


def test_loops_run_with_element_levers() -> None:
    """Loop dominance runs on a regional scenario that sets matrix links and elements."""
    from entropy.analysis.loops import loop_dominance

    sym = loop_dominance(entropy.load_scenario("liaoning/symbiosis"))
    bau = loop_dominance(entropy.load_scenario("liaoning/bau"))
    assert {"degradation", "regional-degradation"} <= set(sym["loop"].values)
    # The scenario's element levers reach the scored model: the scores differ from BAU's.
    assert float(abs(sym["absolute_score"] - bau["absolute_score"]).max()) > 0


def test_cli_compare_answers_what_a_decomposer_does(capsys: pytest.CaptureFixture[str]) -> None:
    from entropy.cli import main

    assert main(["compare", "liaoning/bau", "liaoning/chain-filling", "--engine", "simlin"]) == 0
    out = capsys.readouterr().out
    assert "first_sector_overshoot_year" in out and "comprehensive_utilisation" in out
    assert "overshoots its local environment first" in out
    assert "overshoot chain-filling" in out and "chain-filling - bau" in out


def test_cli_run_keeps_the_sector_dimension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from entropy.cli import main

    out = tmp_path / "bau.nc"
    assert main(["run", "liaoning/bau", "--engine", "simlin", "--out", str(out)]) == 0
    assert "binding_compartment" in capsys.readouterr().out
    with xr.open_dataset(out) as ds:
        assert ds["exchange_flow"].dims == ("time", "Sector", "Receiver")
        assert list(ds["Sector"].values)[-1] == "decomp"


def test_sensitivity_explains_regional_indicators(tmp_path: Path) -> None:
    """Built-in indicators read regionally (the binding load over every environment and the sink)."""
    from entropy.analysis.sensitivity import sensitivity

    spec = tmp_path / "u.toml"
    spec.write_text('model = "liaoning"\n'
                    '[parameters."critical_pollution_index[build]"]\ndistribution = "uniform"\nmin = 1.5\nmax = 3\n'
                    '[parameters.regional_transit_delay]\ndistribution = "uniform"\nmin = 5\nmax = 20\n',
                    encoding="utf-8")
    sc = entropy.load_scenario("liaoning/bau")
    u = entropy.load_uncertainty(spec, sc.model)
    table = sensitivity(sc, u, "morris", "first_overshoot_year", n=4, seed=1, engine="simlin")
    # Building materials overshoot first in BAU: their critical index moves the year, the sink's delay does not.
    assert table.loc["critical_pollution_index[build]", "mu_star"] > table.loc["regional_transit_delay", "mu_star"]


def test_simlin_finds_nothing_to_report() -> None:
    """The regional model passes Simlin's model check and unit check without a message."""
    import simlin

    model = simlin.load(entropy.list_models()["liaoning"])
    assert list(model.check()) == []
    assert list(model.check_units()) == []


#: Variables that calibrate each local environment and the sink on the 2025 state.
CALIBRATION = ("reference_pollution", "critical_pollution", "carrying_capacity", "emission_capacity",
               "land_capacity", "regional_reference_pollution", "regional_carrying_capacity")


def test_every_scenario_starts_from_the_same_province(key: str) -> None:
    """Levers act from Policy Start Year: up to it every stock equals BAU's, and every local
    environment is calibrated on the same 2025 state (a scenario cannot move the province's
    carrying capacities, which would bias every comparison with BAU)."""
    ds, bau = regional_run(key), regional_run("liaoning/bau")
    start = float(entropy.load_scenario(key).constants.get("policy_start_year", 2030))
    before = {"time": slice(2025, start)}
    for name, da in ds.data_vars.items():
        if da.attrs.get("kind") == "stock" or name in CALIBRATION:
            window = before if "time" in da.dims else {}
            np.testing.assert_allclose(da.sel(window).values, bau[name].sel(window).values,
                                       rtol=1e-12, atol=1e-15, err_msg=name)
