"""The Dataset both engines return, the Python API and third-party models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.analysis.invariants import scaled_difference

from .conftest import DATA, cached_run, scenario


@pytest.mark.parametrize("engine", ["pysd", "simlin"])
def test_dataset_format(engine: str) -> None:
    ds = cached_run("eco-park", engine)
    assert list(ds.dims) == ["time"]
    assert ds["time"].values[0] == 2025 and ds["time"].values[-1] == 2225
    assert ds["time"].attrs["units"] == "Year"
    model = scenario("eco-park").model
    expected = {k for k, v in model.variables.items() if v.kind not in ("control", "lookup")}
    assert set(ds.data_vars) == expected
    for name, da in ds.data_vars.items():
        assert da.attrs["units"], name
        assert da.attrs["description"], name
        assert da.attrs["long_name"] == model.variables[name].real_name
    assert ds["recycle_policy"].dims == ()  # constants are 0-d
    assert ds["ore_reserve"].attrs["units"] == "Mt"
    for key in ("model", "model_file", "model_sha256", "scenario", "scenario_toml", "engine",
                "engine_version", "time_step", "save_period", "created"):
        assert key in ds.attrs, key
    assert ds.attrs["engine"] == engine
    assert ds.attrs["model_sha256"] == model.sha256
    assert ds.attrs["time_step"] == scenario("eco-park").time_step
    # The recorded scenario is itself a valid scenario that reproduces the run.
    again = entropy.parse_scenario(ds.attrs["scenario_toml"], name="recorded")
    assert again.constants == scenario("eco-park").constants


def test_restricted_variables() -> None:
    ds = entropy.run("bau", engine="simlin", variables=["persistent_pollution", "binding_load_ratio"])
    assert set(ds.data_vars) == {"persistent_pollution", "binding_load_ratio"}
    with pytest.raises(entropy.ScenarioError, match="unknown variable 'persistent_polution'"):
        entropy.run("bau", engine="simlin", variables=["persistent_polution"])


def test_horizon_overrides() -> None:
    ds = entropy.run("bau", engine="simlin", end=2100, time_step=0.25, variables=["persistent_pollution"])
    assert float(ds["time"][-1]) == 2100
    assert ds.attrs["time_step"] == 0.25


@pytest.mark.parametrize("engine", ["pysd", "simlin"])
def test_step_change_at_a_year(engine: str, tmp_path: Path) -> None:
    f = tmp_path / "step.toml"
    f.write_text(
        'model = "cluster"\n[levers]\nrecycle_policy = 0.5\ndecomposer_investment_share_policy = 0.1\n'
        "renewable_share_policy = { before = 0.1, after = 0.7, year = 2060 }\n"
    )
    ds = entropy.run(f, engine=engine, variables=["renewable_share_policy", "renewable_share"])
    pol = ds["renewable_share_policy"]
    assert np.all(pol.sel(time=slice(None, 2059)).values == 0.1)
    assert np.all(pol.sel(time=slice(2060, None)).values == 0.7)


def test_step_change_engines_agree(tmp_path: Path) -> None:
    f = tmp_path / "step.toml"
    f.write_text(
        'model = "cluster"\n[horizon]\nsave_period = 0.125\n[levers]\n'
        "recycle_policy = { before = 0.2, after = 0.9, year = 2050.3 }\n"
        "decomposer_investment_share_policy = { before = 0.0, after = 0.2, year = 2040 }\n"
    )
    a = entropy.run(f, engine="pysd")
    b = entropy.run(f, engine="simlin")
    assert max(scaled_difference(a[k], b[k]) for k in a.data_vars) <= 1e-9


def test_scenario_with_only_a_model_runs_the_model_as_set_up(tmp_path: Path) -> None:
    f = tmp_path / "plain.toml"
    f.write_text(f'name = "plain"\nmodel = "{DATA / "third_party.mdl"}"\n')
    sc = entropy.load_scenario(f)
    assert (sc.start, sc.end, sc.time_step, sc.save_period) == (0, 240, 0.25, 0.25)
    assert sc.constants == {} and sc.changes == {}
    ds = entropy.run(sc)
    assert ds.sizes["time"] == 961
    assert float(ds["birth_rate"]) == 0.004


@pytest.mark.parametrize("engine", ["pysd", "simlin"])
def test_third_party_model_runs_on_both_engines(engine: str, tmp_path: Path) -> None:
    """Lookups, DELAY1, SMOOTH, STEP, RAMP, IF THEN ELSE, XIDZ: not only our model."""
    f = tmp_path / "tp.toml"
    f.write_text(
        f'model = "{DATA / "third_party.mdl"}"\n[horizon]\nend = 120\nsave_period = 1\n'
        "[levers]\nbirth_rate = 0.006\ncapacity = 1500\n"
    )
    ds = entropy.run(f, engine=engine)
    assert ds["population"].attrs["units"] == "Person"
    assert ds.sizes["time"] == 121
    other = entropy.run(f, engine="pysd" if engine == "simlin" else "simlin")
    assert max(scaled_difference(ds[k], other[k]) for k in ds.data_vars) <= 1e-9
    tea = ds["teacup_temperature"].values
    assert tea[-1] < tea[0] and np.all(np.isfinite(ds["population"].values))


def test_run_many_and_netcdf_roundtrip(tmp_path: Path) -> None:
    ds = entropy.run_many(["bau", "eco-park"], engine="simlin",
                          variables=["binding_load_ratio", "persistent_pollution"])
    assert ds.sizes["scenario"] == 2
    assert list(ds["scenario"].values) == ["bau", "eco-park"]
    path = entropy.write_results(ds, tmp_path / "two.nc")
    back = xr.load_dataset(path)
    assert back["binding_load_ratio"].attrs["units"] == "Dmnl"
    assert back.attrs["engine"] == "simlin"
    np.testing.assert_array_equal(back["persistent_pollution"].values, ds["persistent_pollution"].values)


def test_public_api_is_typed() -> None:
    import importlib.resources

    assert importlib.resources.files("entropy").joinpath("py.typed").is_file()
    for name in entropy.__all__:
        assert hasattr(entropy, name), name


@pytest.mark.parametrize("engine", ["pysd", "simlin"])
def test_arrayed_third_party_model(engine: str, tmp_path: Path) -> None:
    """Subscripted variables become extra dimensions, the same on both engines."""
    f = tmp_path / "arr.toml"
    f.write_text(f'model = "{DATA / "arrayed.mdl"}"\n')
    ds = entropy.run(f, engine=engine)
    assert ds["output"].dims == ("time", "Region", "Sector")
    assert list(ds["Sector"].values) == ["Steel", "Cement"]
    assert ds["rate"].dims == ("Sector",)
    final = ds["output"].isel(time=-1)
    assert float(final.sel(Region="north", Sector="Cement")) > float(final.sel(Region="north", Sector="Steel"))
    other = entropy.run(f, engine="pysd" if engine == "simlin" else "simlin")
    assert float(abs(ds["output"] - other["output"]).max()) == 0
