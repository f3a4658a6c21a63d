"""Ensembles, uncertainty files, summaries and sensitivity analysis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.cli import main
from entropy.ensemble import Chunk, ensemble
from entropy.errors import ScenarioError
from entropy.robustness import (collapse_probability, overshoot_probability, percentile_bands,
                                robustness_table)
from entropy.sensitivity import sensitivity
from entropy.uncertainty import load_uncertainty

from .conftest import DATA, ROOT

UNCERTAIN = ROOT / "sd_models" / "cluster" / "uncertainty.toml"


@pytest.fixture(scope="module")
def cluster_uncertainty() -> entropy.uncertainty.UncertaintySet:  # type: ignore[name-defined]
    return load_uncertainty(UNCERTAIN)


def test_shipped_uncertainty_file(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    names = cluster_uncertainty.names
    for required in ("critical_waste_level", "base_assimilation_half_life", "recycling_yield",
                     "initial_virgin_reserve", "material_stock_intensity", "health_regeneration_time",
                     "health_damage_rate"):
        assert required in names
    assert all(p.reason for p in cluster_uncertainty.parameters)
    assert {p.distribution for p in cluster_uncertainty.parameters} == {"uniform", "triangular", "normal",
                                                                         "discrete"}


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
    x = cluster_uncertainty.sample(100, "lhs", seed=3)[:, cluster_uncertainty.names.index("health_damage_rate")]
    strata = np.floor((x - 0.05) / 0.15 * 100).astype(int)
    assert sorted(strata) == list(range(100))


def test_distributions_have_their_moments(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    x = cluster_uncertainty.sample(20000, "mc", seed=1)
    names = cluster_uncertainty.names
    tri = x[:, names.index("critical_waste_level")]
    assert tri.mean() == pytest.approx((8 + 15 + 30) / 3, rel=0.02)
    yld = x[:, names.index("recycling_yield")]
    assert yld.mean() == pytest.approx(0.85, abs=0.005) and yld.std() == pytest.approx(0.04, rel=0.1)
    life = x[:, names.index("product_service_life")]
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
         "[parameters.recycling_yield] value 0.2 is outside the range of recycling_yield: allowed [0.5, 1] Dmnl"),
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
    for var in ("load_ratio", "ecosystem_health", "param_recycling_yield"):
        np.testing.assert_array_equal(one[var].values, two[var].values)
    assert one.sizes == {"scenario": 2, "run": 60, "time": 201}


def test_common_random_numbers(cluster_uncertainty) -> None:  # type: ignore[no-untyped-def]
    """Every scenario sees the same parameters in run r; a run equals a single run with them."""
    ds = ensemble(["bau", "reduce"], cluster_uncertainty, 5, seed=2, workers=1)
    r = 3
    params = {p: float(ds[f"param_{p}"][r]) for p in cluster_uncertainty.names}
    single = entropy.run(entropy.load_scenario("reduce").with_levers(**params), engine="simlin",
                         variables=["load_ratio"])
    np.testing.assert_allclose(ds["load_ratio"].sel(scenario="reduce", run=r).values,
                               single["load_ratio"].values, rtol=0, atol=0)


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
    for var in ("load_ratio", "industrial_output", "status"):
        np.testing.assert_array_equal(ds[var].values, whole[var].values)
    back = xr.load_dataset(out, engine="h5netcdf")
    np.testing.assert_array_equal(back["load_ratio"].values, whole["load_ratio"].values)
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
    ds = ensemble(["bau", "eco-park"], cluster_uncertainty, 80, seed=4, workers=1)
    bands = percentile_bands(ds, "load_ratio")
    assert bands.dims == ("scenario", "percentile", "time")
    assert np.all(np.diff(bands.values, axis=1) >= -1e-12)  # percentiles are ordered
    p = overshoot_probability(ds)
    assert float(p.min()) >= 0 and float(p.max()) <= 1
    assert float(p.sel(scenario="eco-park").max()) == 0
    assert float(collapse_probability(ds).sel(scenario="bau")) > 0.5
    table = robustness_table(ds)
    assert list(table.index) == ["eco-park", "bau"]
    assert table.loc["eco-park", "mean_regret"] == 0 and table.loc["bau", "p_overshoot"] == 1


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
    for var in ("load_ratio", "industrial_output", "cumulative_entropy"):
        scale = float(np.abs(b[var]).max())
        assert float(np.abs(a[var] - b[var]).max()) <= 1e-9 * scale, var
