"""Ensembles, uncertainty files, summaries and sensitivity analysis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.cli import main
from entropy.simulation.ensemble import Chunk, ensemble
from entropy.errors import ScenarioError
from entropy.analysis.robustness import (LOAD, collapse_probability, collapsed, exceedance_probability,
                                first_overshoot_year, overshoot_probability, percentile_bands,
                                robustness_table)
from entropy.analysis.sensitivity import sensitivity
from entropy.loading.uncertainty import load_uncertainty

from .conftest import DATA, ROOT, SCENARIO_IDS

UNCERTAIN = ROOT / "sd_models" / "cluster" / "uncertainty.toml"
#: What the model review (C1) and the model's documentation ask to be uncertain:
#: investment and prices, ecosystem response, transmission and assimilation,
#: resources, product flows and the levers' costs.
REQUIRED = (
    "capital_output_ratio", "capital_lifetime", "capital_adjustment_time", "profit_share",
    "productivity_health_sensitivity", "residual_assimilation_fraction", "collapse_threshold",
    "transmission_delay", "service_life", "initial_ore_grade", "final_ore_grade",
    "critical_pollution_index", "damage_sensitivity", "damage_time", "health_regeneration_time",
    "base_assimilation_half_life", "persistent_pollutant_fraction", "land_capacity",
    "cluster_share_of_provincial_ore", "import_share_limit", "local_use_share", "current_collection_rate",
    "recycling_yield", "fossil_resource_lifetime", "material_intensity", "emission_capacity_ratio",
    "collection_unit_cost", "remanufacturing_unit_cost", "reduce_cost_coefficient",
)
#: Policy choices, not uncertainties: a lever is set by a scenario, never sampled.
POLICY = ("demand_growth_rate", "demand_ceiling_ratio", "threshold_load_level", "policy_start_year",
          "policy_adoption_time")


@pytest.fixture(scope="module")
def cluster_uncertainty() -> entropy.loading.uncertainty.UncertaintySet:  # type: ignore[name-defined]
    return load_uncertainty(UNCERTAIN)


def test_shipped_uncertainty_file(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    names = cluster_uncertainty.names
    missing = [p for p in REQUIRED if p not in names]
    assert not missing, missing
    assert all(len(p.reason) > 40 for p in cluster_uncertainty.parameters)
    assert {p.distribution for p in cluster_uncertainty.parameters} == {"uniform", "triangular", "normal",
                                                                         "discrete"}
    assert len(set(names)) == len(names)


def test_no_lever_or_switch_is_uncertain(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    """Levers and loop knockouts are choices a scenario makes; sampling them would blur the comparison."""
    for name in cluster_uncertainty.names:
        assert not name.endswith(("_policy", "_switch")) and name not in POLICY, name


def test_documented_uncertainties_are_in_the_file(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    """A constant whose documentation says it is "in the uncertainty file" must be there."""
    said = [n for n, v in cluster_uncertainty.model.constants.items()
            if "in the uncertainty file" in v.comment.lower()]
    assert said, "the model documents which constants are uncertain"
    assert [n for n in said if n not in cluster_uncertainty.names] == []


@pytest.mark.parametrize("name", SCENARIO_IDS)
def test_every_shipped_scenario_can_join_an_ensemble(cluster_uncertainty, name: str) -> None:  # type: ignore[no-untyped-def]
    """No shipped scenario sets a sampled constant, so ensembles take all of them."""
    entropy.check_not_set(entropy.load_scenario(name), cluster_uncertainty)


@pytest.mark.parametrize("sampler", ["lhs", "mc", "sobol"])
def test_samples_are_reproducible_and_in_range(cluster_uncertainty, sampler: str) -> None:  # type: ignore[no-untyped-def]
    a = cluster_uncertainty.sample(256, sampler, seed=7)
    b = cluster_uncertainty.sample(256, sampler, seed=7)
    c = cluster_uncertainty.sample(256, sampler, seed=8)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    for j, p in enumerate(cluster_uncertainty.parameters):
        assert np.all(a[:, j] >= p.lower) and np.all(a[:, j] <= p.upper), p.name


def test_latin_hypercube_fills_every_stratum(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    """Each of n equal-probability strata of a uniform parameter holds exactly one sample."""
    x = cluster_uncertainty.sample(100, "lhs", seed=3)[:, cluster_uncertainty.names.index("profit_share")]
    strata = np.floor((x - 0.05) / 0.07 * 100).astype(int)
    assert sorted(strata) == list(range(100))


def test_distributions_have_their_moments(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    x = cluster_uncertainty.sample(20000, "mc", seed=1)
    names = cluster_uncertainty.names
    tri = x[:, names.index("critical_pollution_index")]
    assert tri.mean() == pytest.approx((1.5 + 2 + 5) / 3, rel=0.02)
    yld = x[:, names.index("recycling_yield")]  # truncated to [0.7, 0.98]: mean and sd barely move
    assert yld.mean() == pytest.approx(0.9, abs=0.005) and yld.std() == pytest.approx(0.03, rel=0.1)
    life = x[:, names.index("service_life")]
    assert set(np.unique(life)) == {10, 15, 20, 30}
    assert np.mean(life == 15) == pytest.approx(2 / 6, abs=0.02)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[parameters.recycle]\ndistribution = "uniform"\nmin = 0\nmax = 1\n',
         "[parameters.recycle] is not a constant of model cluster"),
        ('[parameters.recycling_yield]\ndistribution = "beta"\n',
         "[parameters.recycling_yield] distribution 'beta'; allowed: uniform, triangular, normal, discrete"),
        ('[parameters.recycling_yield]\ndistribution = "uniform"\nmin = 0.2\nmax = 0.9\n',
         "[parameters.recycling_yield] value 0.2 is outside the range of recycling_yield: allowed [0.7, 0.98] Dmnl"),
        ('[parameters.recycling_yield]\ndistribution = "normal"\nmean = 0.8\n',
         "[parameters.recycling_yield] a normal distribution takes mean, sd"),
    ],
)
def test_bad_uncertainty_files(tmp_path: Path, body: str, message: str) -> None:
    f = tmp_path / "u.toml"
    f.write_text('model = "cluster"\n' + body)
    with pytest.raises(ScenarioError) as info:
        load_uncertainty(f)
    assert str(info.value) == f"{f}: {message}"


def test_same_results_whatever_the_number_of_workers(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    one = ensemble(["bau", "eco-park"], cluster_uncertainty, 60, seed=5, workers=1, chunk_size=25)
    two = ensemble(["bau", "eco-park"], cluster_uncertainty, 60, seed=5, workers=2, chunk_size=20)
    for var in ("binding_load_ratio", "ecosystem_health", "param_recycling_yield"):
        np.testing.assert_array_equal(one[var].values, two[var].values)
    assert one.sizes == {"scenario": 2, "run": 60, "time": 201}


def test_common_random_numbers(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    """Every scenario sees the same parameters in run r; a run equals a single run with them."""
    ds = ensemble(["bau", "reduce"], cluster_uncertainty, 5, seed=2, workers=1)
    r = 3
    params = {p: float(ds[f"param_{p}"][r]) for p in cluster_uncertainty.names}
    single = entropy.run(entropy.load_scenario("reduce").with_levers(**params), engine="simlin",
                         variables=[LOAD])
    np.testing.assert_allclose(ds[LOAD].sel(scenario="reduce", run=r).values,
                               single[LOAD].values, rtol=0, atol=0)


def test_resume_after_interruption(tmp_path: Path, cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "ens.nc"
    seen: list[Chunk] = []

    def stop_after_two(chunk: Chunk) -> None:
        seen.append(chunk)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ensemble(["bau", "eco-park"], cluster_uncertainty, 40, seed=9, workers=1, chunk_size=10, out=out,
                 on_chunk=stop_after_two)
    assert not out.exists()
    parts = list(Path(str(out) + ".parts").rglob("*.nc"))
    assert len(parts) == 2 and not list(Path(str(out) + ".parts").rglob("*.tmp"))
    resumed: list[Chunk] = []
    ds = ensemble(["bau", "eco-park"], cluster_uncertainty, 40, seed=9, workers=1, chunk_size=10, out=out,
                  on_chunk=resumed.append)
    assert len(resumed) == 6  # 8 chunks in all, 2 already on disk
    assert set(resumed).isdisjoint(seen)
    whole = ensemble(["bau", "eco-park"], cluster_uncertainty, 40, seed=9, workers=1, chunk_size=10)
    for var in (LOAD, "industrial_output", "status"):
        np.testing.assert_array_equal(ds[var].values, whole[var].values)
    back = xr.load_dataset(out, engine="h5netcdf")
    np.testing.assert_array_equal(back[LOAD].values, whole[LOAD].values)
    assert not Path(str(out) + ".parts").exists()


def test_failing_members_are_recorded_not_lost() -> None:
    u = load_uncertainty(DATA / "fragile_uncertainty.toml")
    ds = ensemble([DATA / "fragile.toml"], u, 9, workers=1, variables=["level"])
    failed = ds["status"].values[0] == 1
    assert failed.any() and (~failed).any()
    assert np.all(ds["param_x"].values[failed] == 0.5)
    assert np.all(ds["param_x"].values[~failed] != 0.5)
    assert all(e.startswith("non-finite level") for e in ds["error"].values[0][failed])
    assert np.all(np.isfinite(ds["level"].values[0][~failed]))
    assert ds.attrs["failed_runs"] == int(failed.sum())


def test_summaries(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    """The summaries' shapes and ranges, and that they agree with each other."""
    ds = ensemble(["bau", "eco-park"], cluster_uncertainty, 40, seed=4, workers=1)
    bands = percentile_bands(ds, LOAD)
    assert bands.dims == ("scenario", "percentile", "time")
    assert np.all(np.diff(bands.values, axis=1) >= -1e-12)  # percentiles are ordered
    p = overshoot_probability(ds)
    assert float(p.min()) >= 0 and float(p.max()) <= 1
    ever = exceedance_probability(ds)
    assert np.all(ever.values >= p.max("time").values)  # ever above 1 >= above 1 in any one year
    first = first_overshoot_year(ds)
    np.testing.assert_array_equal(np.isfinite(first.values), (ds[LOAD] > 1).any("time").values)
    table = robustness_table(ds)
    assert table.loc["bau", "p_overshoot"] == pytest.approx(float(ever.sel(scenario="bau")))
    assert table.loc[table.index[0], "mean_regret"] == 0 and (table["max_regret"] >= 0).all()
    assert table["failed_runs"].sum() == 0
    # The sampled collapse threshold is each run's own, not the model's default.
    threshold = ds["param_collapse_threshold"]
    expected = (ds["ecosystem_health"].min("time") < threshold).astype(float)
    np.testing.assert_array_equal(collapsed(ds).values, expected.values)
    np.testing.assert_allclose(collapse_probability(ds).values, expected.mean("run").values)


def test_exceedance_and_first_overshoot_on_a_known_ensemble() -> None:
    """Two runs: one above 1 only after 2002, one never; the horizon cut counts."""
    load = np.array([[[0.5, 0.9, 1.2, 0.8], [0.5, 0.6, 0.7, 0.9]]])
    ds = xr.Dataset({
        LOAD: (("scenario", "run", "time"), load),
        "ecosystem_health": (("scenario", "run", "time"), np.ones_like(load)),
        "status": (("scenario", "run"), np.zeros((1, 2), dtype=np.int8)),
    }, coords={"scenario": ["s"], "run": [0, 1], "time": [2000.0, 2001.0, 2002.0, 2003.0]})
    assert float(exceedance_probability(ds).sel(scenario="s")) == 0.5
    assert float(exceedance_probability(ds, until=2001).sel(scenario="s")) == 0
    assert float(exceedance_probability(ds, level=0.85).sel(scenario="s")) == 1
    np.testing.assert_array_equal(first_overshoot_year(ds).values, [[2002.0, np.nan]])
    table = robustness_table(ds)
    assert table.loc["s", "median_first_overshoot_year"] == 2002
    assert table.loc["s", "p_collapse"] == 0  # the model's default threshold, 0.2


@pytest.fixture(scope="module")
def policies(cluster_uncertainty) -> xr.Dataset:  # type: ignore[no-untyped-def]
    """200 runs of business as usual, each single lever, full 3R and the eco-park, same samples."""
    return ensemble(["bau", "reduce", "reuse", "recycle", "full-3r", "eco-park"], cluster_uncertainty, 200,
                    seed=1, workers=2, chunk_size=50)


def _never_is_late(first: xr.DataArray) -> np.ndarray:
    """First overshoot years with "never within the horizon" counted as after it."""
    return np.where(np.isnan(first.values), np.inf, first.values)


@pytest.mark.slow
def test_bau_overshoots_in_most_runs(policies: xr.Dataset) -> None:
    """Business as usual overshoots the binding carrying capacity in most of the uncertain
    worlds. Measured (200 runs, seed 1): 80%, median first year 2053 (5-95%: 2036-2116),
    collapse 31%. Asserted with a margin of about five binomial standard deviations (2.8
    points at 200 runs), so a re-tuned model moves it before it breaks it."""
    ever = float(exceedance_probability(policies).sel(scenario="bau"))
    assert ever >= 0.65
    first = first_overshoot_year(policies).sel(scenario="bau").values
    assert 2035 <= np.nanmedian(first) <= 2075  # mid-century, not a far-future artefact
    assert float(collapse_probability(policies).sel(scenario="bau")) > 0.05


@pytest.mark.slow
def test_eco_park_stays_under_its_carrying_capacity(policies: xr.Dataset) -> None:
    """The eco-park's binding load stays below 1 to 2225 in (nearly) every run. Measured:
    all 200 runs, highest binding load well under 1; asserted for at least 97% of runs
    (a few failures of the claim would show as 3%), and no collapse."""
    stays = 1 - float(exceedance_probability(policies).sel(scenario="eco-park"))
    assert stays >= 0.97
    assert float(collapse_probability(policies).sel(scenario="eco-park")) <= 0.02
    table = robustness_table(policies)
    assert table.index[0] == "eco-park"


@pytest.mark.slow
@pytest.mark.parametrize("lever", ["reduce", "reuse", "recycle", "full-3r"])
def test_each_lever_delays_overshoot(policies: xr.Dataset, lever: str) -> None:
    """Any lever delays overshoot. Common random numbers let us compare run by run: measured,
    the lever's first overshoot year is not earlier than business as usual's in the same
    run in 199 or 200 of the 200 runs for each lever; asserted for 95% of the runs, and for
    the medians (runs that never overshoot counted as later than the horizon)."""
    first = first_overshoot_year(policies)
    bau, with_lever = _never_is_late(first.sel(scenario="bau")), _never_is_late(first.sel(scenario=lever))
    assert np.mean(with_lever >= bau) >= 0.95
    assert np.median(with_lever) >= np.median(bau)
    assert float(exceedance_probability(policies).sel(scenario=lever)) <= \
        float(exceedance_probability(policies).sel(scenario="bau"))


def test_sobol_recovers_the_ishigami_indices() -> None:
    """Ishigami (a = 7, b = 0.1, inputs uniform on [-pi, pi]): S1 = 0.314, 0.442, 0;
    ST = 0.558, 0.442, 0.244 (Ishigami and Homma 1990; Sobol' and Levitan 1999)."""
    u = load_uncertainty(DATA / "ishigami_uncertainty.toml")
    sc = entropy.load_scenario(DATA / "ishigami.toml")
    table = sensitivity(sc, u, "sobol", "y", n=2048, seed=1)
    expected_s1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
    expected_st = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}
    for name in ("x1", "x2", "x3"):
        assert table.loc[name, "S1"] == pytest.approx(expected_s1[name], abs=0.05)
        assert table.loc[name, "ST"] == pytest.approx(expected_st[name], abs=0.05)
    assert list(table.index) == ["x1", "x2", "x3"]  # ranked by ST


def test_morris_screening_ranks_the_ishigami_inputs() -> None:
    u = load_uncertainty(DATA / "ishigami_uncertainty.toml")
    sc = entropy.load_scenario(DATA / "ishigami.toml")
    table = sensitivity(sc, u, "morris", "y", n=200, seed=1)
    assert table.index[-1] == "x3"


def test_cli_ensemble_and_sensitivity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "e.zarr"
    assert main(["ensemble", "bau", "eco-park", "--uncertain", str(UNCERTAIN), "--runs", "20",
                 "--workers", "1", "--out", str(out), "--seed", "3"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].split()[:3] == ["scenario", "p_overshoot", "expected_years_in_overshoot"]
    ds = xr.open_zarr(out)
    assert dict(ds.sizes) == {"scenario": 2, "run": 20, "time": 201}
    assert main(["sensitivity", "bau", "--uncertain", str(UNCERTAIN), "--method", "morris",
                 "--samples", "10"]) == 0
    assert "morris sensitivity of years_in_overshoot in bau" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runs", "0"], "runs (--runs) = 0 is out of range; allowed: a whole number from 1 to 1,000,000"),
        (["--runs", "5", "--sampler", "lhs"], None),
    ],
)
def test_cli_ensemble_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                message: str | None) -> None:
    out = tmp_path / "e.csv"
    code = main(["ensemble", "bau", "--uncertain", str(UNCERTAIN), "--out", str(out), "--workers", "1", *args])
    assert code == 2
    err = capsys.readouterr().err
    assert (message or "unknown ensemble format '.csv'; allowed: .nc, .zarr") in err
    assert list(tmp_path.iterdir()) == []


def test_pysd_and_simlin_ensembles_agree(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    """Either engine can run an ensemble; a few runs give the same numbers."""
    a = ensemble(["eco-park"], cluster_uncertainty, 4, seed=11, workers=1, engine="simlin")
    b = ensemble(["eco-park"], cluster_uncertainty, 4, seed=11, workers=1, engine="pysd")
    for var in (LOAD, "industrial_output", "cumulative_entropy"):
        scale = float(np.abs(b[var]).max())
        assert float(np.abs(a[var] - b[var]).max()) <= 1e-9 * scale, var
