"""Time series from CSV files driving constants: format, checks, engines, provenance, ensembles.

``series.mdl`` is a tiny model whose stock integrates the constant ``Input
Rate`` (and, by sector, ``Input Rate * Share[Sector]``), so a series' integral
can be checked against the analytic one. The cluster model checks the engines
against each other on real levers.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.cli import main
from entropy.engines import RunPlan, SimlinBatch
from entropy.engines.numpy_engine import NumpyBatch
from entropy.errors import EngineError, ScenarioError
from entropy.loading.scenario import StepChange, TimeSeries, parse_scenario
from entropy.loading.uncertainty import check_not_set, load_uncertainty
from entropy.simulation.ensemble import ensemble

from .conftest import DATA, ROOT

SERIES = DATA / "series.mdl"
RTOL = 1e-9
GOOD = "year,input_rate\n0,1\n10,2\n"


def scenario_file(tmp_path: Path, levers: str, model: Path | str = SERIES, name: str = "s") -> Path:
    """A scenario of ``model`` (a path, or a shipped model's name) with ``levers``."""
    f = tmp_path / f"{name}.toml"
    f.write_text(f'model = "{model}"\n[levers]\n{levers}\n', encoding="utf-8")
    return f


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    f = tmp_path / name
    f.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return f


def plan_of(sc: entropy.Scenario, variables: tuple[str, ...] | None = None) -> RunPlan:
    return RunPlan(sc.start, sc.end, sc.time_step, sc.save_period, dict(sc.constants), dict(sc.changes),
                   variables)


def same_runs(a: xr.Dataset, b: xr.Dataset, skip: tuple[str, ...] = ()) -> None:
    """Every variable (but ``skip``) equal to the bit."""
    assert set(a.data_vars) == set(b.data_vars)
    for v in a.data_vars:
        if v not in skip:
            assert np.array_equal(a[v].values, b[v].values), v


# --- the series itself -------------------------------------------------------------------

def test_value_at_is_linear_between_points_and_exact_at_them() -> None:
    ts = TimeSeries((0.0, 4.0, 10.0), (1.0, 3.0, 0.0))
    assert [ts.value_at(t) for t in (0.0, 4.0, 10.0)] == [1.0, 3.0, 0.0]
    assert ts.value_at(2.0) == 2.0 and ts.value_at(7.0) == 1.5 and ts.value_at(1.0) == 1.5
    # held beyond the ends (as Simlin's lookups); a scenario never reads there
    assert ts.value_at(-1.0) == 1.0 and ts.value_at(11.0) == 0.0
    assert ts.covers(0, 10) and not ts.covers(-1, 10) and not ts.covers(0, 10.5)
    with pytest.raises(ValueError):
        TimeSeries((1.0,), (2.0,))



def test_set_a_series_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data").mkdir()
    write(tmp_path / "data", "ramp.csv", "year,input_rate\n0,1\n4,3\n10,0\n")
    f = scenario_file(tmp_path, "input_rate = 5")
    monkeypatch.chdir(tmp_path)  # @FILE is relative to the current folder
    out = tmp_path / "r.nc"
    assert main(["run", str(f), "--engine", "simlin", "--set", "input_rate=@data/ramp.csv", "--out", str(out)]) == 0
    ds = xr.load_dataset(out)
    assert list(ds["input_rate"].values) == [1.0, 1.5, 2.0, 2.5, 3.0, 2.5, 2.0, 1.5, 1.0, 0.5, 0.0]
    assert "years = [0.0, 4.0, 10.0]" in ds.attrs["scenario_toml"]
    capsys.readouterr()
    assert main(["run", str(f), "--set", "input_rate=@"]) == 2
    assert capsys.readouterr().err.strip() == (
        "entropy: error: --set input_rate=@: expected a CSV file after @, e.g. @demand.csv")
    assert main(["run", str(f), "--set", "input_rate=@data/nope.csv"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"entropy: error: {f}: --set input_rate: {tmp_path}/data/nope.csv: cannot read the series file: No such "
        "file or directory")


def test_the_api_takes_a_series_or_a_csv_path(tmp_path: Path) -> None:
    csv = write(tmp_path, "d.csv", GOOD)
    sc = parse_scenario(f'model = "{SERIES}"\n[levers]\ninput_rate = 3\n', name="api")
    from_path = sc.with_overrides({"input_rate": csv}, origin="api")
    assert "input_rate" not in from_path.constants and from_path.changes["input_rate"].value_at(5) == 1.5
    made = sc.with_overrides({"Input Rate": TimeSeries((0.0, 10.0), (1.0, 2.0))}, origin="api")
    assert made.changes["input_rate"] == TimeSeries((0.0, 10.0), (1.0, 2.0))
    with pytest.raises(ScenarioError, match=r"api input_rate: point 1: year 0: value 20 is out of range"):
        sc.with_overrides({"input_rate": TimeSeries((0.0, 10.0), (20.0, 2.0))}, origin="api")
    # a number given later replaces the series
    assert made.with_levers(input_rate=2.0).changes == {}


# --- provenance: a result file does not depend on the CSV file ------------------------------

def test_the_run_records_the_points_and_reruns_without_the_file(tmp_path: Path) -> None:
    csv = write(tmp_path, "d.csv", "# illustrative\nyear,input_rate\n0,1\n4,3\n10,0\n")
    sc = entropy.load_scenario(scenario_file(tmp_path, 'input_rate = { csv = "d.csv" }\n"share[b]" = 0.5'))
    ds = entropy.run(sc, engine="simlin")
    text = ds.attrs["scenario_toml"]
    digest = hashlib.sha256(csv.read_bytes()).hexdigest()
    assert (f'input_rate = {{ csv = "{csv}", column = "input_rate", sha256 = "{digest}", '
            "years = [0.0, 4.0, 10.0], values = [1.0, 3.0, 0.0] }") in text
    csv.unlink()  # the recorded scenario carries its data
    again = parse_scenario(text, name="again")
    assert again.changes == sc.changes and again.constants == sc.constants
    same_runs(entropy.run(again, engine="simlin"), ds)


# --- the engines ---------------------------------------------------------------------------

def test_a_flat_series_is_the_constant_on_every_engine(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", "year,demand_growth_rate\n2000,0.07\n2100,0.07\n2300,0.07\n")
    flat = entropy.load_scenario(scenario_file(tmp_path, 'demand_growth_rate = { csv = "d.csv" }', "cluster"))
    fixed = flat.with_levers(demand_growth_rate=0.07)
    for engine in ("simlin", "pysd"):
        a, b = entropy.run(flat, engine=engine), entropy.run(fixed, engine=engine)
        same_runs(a, b, skip=("demand_growth_rate",))
        assert np.all(a["demand_growth_rate"].values == 0.07) and b["demand_growth_rate"].dims == ()
    names = ("industrial_output", "ecosystem_health", "demand_growth_rate")
    got = NumpyBatch(flat.model, plan_of(flat, names)).run({})
    ref = SimlinBatch(fixed.model, plan_of(fixed, names)).run({})
    for v in names:
        assert np.array_equal(got[v], ref[v]), v


def test_a_series_shaped_as_a_step_is_the_step_change(tmp_path: Path) -> None:
    """Points just around the year (closer than any step time) make the series a step, exactly."""
    step = StepChange(0.2, 0.9, 2050.5)
    series = TimeSeries((2025.0, 2050.5 - 1e-6, 2050.5, 2225.0), (0.2, 0.2, 0.9, 0.9))
    base = parse_scenario('model = "cluster"\n', name="step")
    a = base.with_overrides({"recycle_policy": series}, origin="api")
    b = dataclasses.replace(base, changes={"recycle_policy": step})
    for engine, method in (("simlin", "euler"), ("simlin", "rk4"), ("pysd", "euler")):
        same_runs(entropy.run(a, engine=engine, method=method), entropy.run(b, engine=engine, method=method))
    names = ("recycle_policy", "industrial_output", "ecosystem_health")
    got = NumpyBatch(a.model, plan_of(a, names)).run({})
    ref = SimlinBatch(b.model, plan_of(b, names)).run({})
    for v in names:
        assert np.array_equal(got[v], ref[v]), v


def test_a_ramp_integrates_to_the_analytic_value(tmp_path: Path) -> None:
    """Input Rate = 1 -> 3 (years 0-4) -> 0 (year 10): its integral is 8 by year 4 and 17 by year 10.

    RK4 integrates a piecewise-linear input with kinks on the time grid exactly: it
    reads the series at the half steps too. Euler's left sums fall short of the
    trapezoid by ``dt/2 * (r(t) - r(0))``.
    """
    write(tmp_path, "ramp.csv", "year,input_rate\n0,1\n4,3\n10,0\n")
    sc = entropy.load_scenario(scenario_file(tmp_path, 'input_rate = { csv = "ramp.csv" }'))
    exact = np.array([0, 1.25, 3, 5.25, 8, 10.75, 13, 14.75, 16, 16.75, 17])
    rate = np.array([1, 1.5, 2, 2.5, 3, 2.5, 2, 1.5, 1, 0.5, 0])
    rk4 = entropy.run(sc, engine="simlin", method="rk4")
    np.testing.assert_allclose(rk4["accumulated"].values, exact, rtol=0, atol=1e-12)
    np.testing.assert_allclose(rk4["sector_stock"].values, np.outer(exact, [0.5, 0.25]), rtol=0, atol=1e-12)
    euler = exact - sc.time_step / 2 * (rate - 1)
    for engine in ("simlin", "pysd"):
        ds = entropy.run(sc, engine=engine)
        assert list(ds["input_rate"].values) == list(rate)
        np.testing.assert_allclose(ds["accumulated"].values, euler, rtol=0, atol=1e-12)
    batch = NumpyBatch(sc.model, plan_of(sc, ("accumulated",)))
    np.testing.assert_allclose(batch.run({})["accumulated"], euler, rtol=0, atol=1e-12)
    with pytest.raises(EngineError, match="input_rate follows a time series in this scenario; it cannot also be "
                                          "set per run"):
        batch.run_many({"input_rate": np.array([1.0, 2.0])})


DEMAND = """# illustrative, years off the time grid
year,demand_growth_rate,note
2020,0.05,0
2031.3,0.071,1
2047.77,0.023,2
2100,0.04,3
2230,0.01,4
"""


def cluster_with_series(tmp_path: Path) -> entropy.Scenario:
    write(tmp_path, "demand.csv", DEMAND)
    levers = ('demand_growth_rate = { csv = "demand.csv", column = "demand_growth_rate" }\n'
              "renewable_share_policy = { years = [2025, 2060.1, 2225], values = [0.05, 0.6, 0.7] }")
    return entropy.load_scenario(scenario_file(tmp_path, levers, "cluster"))


def test_pysd_and_simlin_agree_on_the_cluster_driven_by_series(tmp_path: Path) -> None:
    sc = cluster_with_series(tmp_path)
    a, b = entropy.run(sc, engine="simlin"), entropy.run(sc, engine="pysd")
    assert set(a.data_vars) == set(b.data_vars)
    for v in a.data_vars:
        np.testing.assert_allclose(a[v].values, b[v].values, rtol=RTOL, atol=1e-12, err_msg=v)
    ts = sc.changes["demand_growth_rate"]
    assert a["demand_growth_rate"].sel(time=2040).item() == ts.value_at(2040.0)
    # and the numpy batch engine is Simlin to the bit
    names = ("demand_growth_rate", "renewable_share", "industrial_output", "ecosystem_health")
    got = NumpyBatch(sc.model, plan_of(sc, names)).run_many({"critical_pollution_index": np.array([3.0, 6.0])})
    simlin = SimlinBatch(sc.model, plan_of(sc, names))
    for i, value in enumerate((3.0, 6.0)):
        ref = simlin.run({"critical_pollution_index": value})
        for v in names:
            assert np.array_equal(ref[v], got[v][:, i]), v


def test_pysd_and_simlin_agree_on_arrayed_elements_driven_by_series(tmp_path: Path) -> None:
    write(tmp_path, "share.csv", "year,a,b\n-1,0.5,0.1\n3.3,0.2,0.9\n7.1,0.6,0.4\n11,0.3,0.3\n")
    levers = ('share = { csv = "share.csv", column = "a" }\n'        # every element
              '"share[b]" = { csv = "share.csv", column = "b" }\n'   # wins for b
              "input_rate = { years = [0, 5, 10], values = [2, 1, 4] }")
    sc = entropy.load_scenario(scenario_file(tmp_path, levers))
    a, b = entropy.run(sc, engine="simlin"), entropy.run(sc, engine="pysd")
    for v in a.data_vars:
        np.testing.assert_allclose(a[v].values, b[v].values, rtol=RTOL, atol=1e-12, err_msg=v)
    share = a["share"].values
    a_ts, b_ts = sc.changes["share"], sc.changes["share[b]"]
    assert list(share[:, 0]) == [a_ts.value_at(float(t)) for t in range(11)]
    assert list(share[:, 1]) == [b_ts.value_at(float(t)) for t in range(11)]
    got = NumpyBatch(sc.model, plan_of(sc)).run({})
    ref = SimlinBatch(sc.model, plan_of(sc)).run({})
    for v in ref:
        assert np.array_equal(ref[v], got[v]), v
    np.testing.assert_allclose(entropy.run(sc, engine="simlin", method="rk4")["accumulated"].values[-1],
                               20.0, rtol=1e-12)  # 2 -> 1 -> 4: (2+1)/2*5 + (1+4)/2*5


# --- ensembles ------------------------------------------------------------------------------

def test_an_ensemble_over_a_scenario_with_series(tmp_path: Path) -> None:
    sc = cluster_with_series(tmp_path)
    u = load_uncertainty(ROOT / "sd_models" / "cluster" / "uncertainty.toml")
    check_not_set(sc, u)
    variables = ["industrial_output", "demand_growth_rate"]
    ds = ensemble([sc], u, runs=4, seed=3, workers=1, variables=variables)
    assert ds.attrs["batch_engine"].endswith("numpy")
    on_simlin = ensemble([sc], u, runs=4, seed=3, workers=1, variables=variables, vectorise=False)
    assert np.array_equal(ds["industrial_output"].values, on_simlin["industrial_output"].values)
    ts = sc.changes["demand_growth_rate"]
    assert ds["demand_growth_rate"].values[0, 2].tolist() == [ts.value_at(float(t)) for t in ds["time"].values]
    # a member is the single run with its sampled values
    params = {k: float(ds[f"param_{k}"][1]) for k in u.names}
    single = entropy.run(sc.with_overrides(params, origin="sample"), engine="simlin",
                         variables=["industrial_output"])
    assert np.array_equal(single["industrial_output"].values, ds["industrial_output"].values[0, 1])


# --- the shipped example and the README ----------------------------------------------------

def test_the_example_scenario_runs() -> None:
    sc = entropy.load_scenario(ROOT / "docs" / "examples" / "renewables-from-csv.toml")
    ts = sc.changes["renewable_share_policy"]
    assert isinstance(ts, TimeSeries) and ts.covers(sc.start, sc.end)
    assert ts.file == str(ROOT / "sd_models" / "cluster" / "data" / "renewable_share.csv")
    ds = entropy.run(sc, engine="simlin", variables=["renewable_share_policy", "renewable_share"])
    assert ds["renewable_share_policy"].sel(time=2040).item() == 0.25
    assert sc.name not in {k.split("/")[-1] for k in entropy.list_scenarios()}  # not a shipped scenario


def test_the_readme_example_error_is_what_the_code_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Time series from a CSV file"):]
    section = section[:section.index("\n### ")]
    shown = next(line for line in section.splitlines() if line.startswith("entropy: error:"))
    (tmp_path / "data").mkdir()
    write(tmp_path / "data", "renewables.csv", "year,renewable_share_policy\n2025,0.05\n2040,0.95\n2225,0.8\n")
    write(tmp_path, "s.toml", 'model = "cluster"\n[levers]\n'
                              'renewable_share_policy = { csv = "data/renewables.csv" }\n')
    monkeypatch.chdir(tmp_path)
    assert main(["run", "s.toml"]) == 2
    printed = capsys.readouterr().err.strip()
    assert printed.replace(str(tmp_path), "/home/me") == shown
