"""Decision support: scenario discovery, optimisation under a chance constraint, calibration.

The test model (tests/data/decision.mdl) has a known answer: its load ends at
1 + MAX(T - A, B - 0.5), so a run stays inside exactly when A >= T and B <= 0.5;
the levers cost A + (1 - B) + C a year and output is 1 + C.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import entropy
from entropy.cli import main
from entropy.decision.calibrate import calibrate, fit_statistics
from entropy.decision.discovery import Discovery, discover, write_discovery
from entropy.decision.observations import read_observations
from entropy.decision.optimize import optimize, parse_constraint
from entropy.decision.targets import default_target, parse_target, reduce_runs
from entropy.errors import ScenarioError
from entropy.loading.uncertainty import load_uncertainty

DATA = Path(__file__).parent / "data"
MODEL = DATA / "decision.toml"
NARROW = DATA / "decision_narrow.toml"
WIDE = DATA / "decision_uncertainty.toml"
LOGISTIC = DATA / "logistic" / "logistic.toml"


@pytest.fixture(scope="module")
def model() -> entropy.Model:
    return entropy.load_scenario(MODEL).model


# --- targets -------------------------------------------------------------------------------


def test_reduce_runs_functions() -> None:
    time = np.array([0.0, 1.0, 2.0])
    a = np.array([[1.0, 3.0, 2.0], [0.0, 0.5, 2.0]])[:, :, None]
    assert reduce_runs("max", a, time).tolist() == [3.0, 2.0]
    assert reduce_runs("min", a, time).tolist() == [1.0, 0.0]
    assert reduce_runs("final", a, time).tolist() == [2.0, 2.0]
    assert reduce_runs("initial", a, time).tolist() == [1.0, 0.0]
    assert reduce_runs("total", a, time).tolist() == [4.5, 1.5]  # trapezoids
    assert reduce_runs("mean", a, time).tolist() == [2.25, 0.75]
    assert reduce_runs("years_above", a, time, 1.5).tolist() == [2.0, 1.0]
    # An arrayed variable: extremes over the elements, totals added up.
    b = np.stack([a[:, :, 0], 2 * a[:, :, 0]], axis=2)
    assert reduce_runs("max", b, time).tolist() == [6.0, 4.0]
    assert reduce_runs("total", b, time).tolist() == [13.5, 4.5]


def test_target_parses_and_judges(model: entropy.Model) -> None:
    t = parse_target("max(Binding Load Ratio) <= 1 AND final(industrial_output) > 1.5", model)
    assert t.text == "max(binding_load_ratio) <= 1 and final(industrial_output) > 1.5"
    time = np.array([0.0, 1.0])
    series = {"binding_load_ratio": np.array([[0.5, 1.0], [0.5, 1.01], [0.2, 0.3]]),
              "industrial_output": np.array([[2.0, 2.0], [2.0, 2.0], [2.0, 1.0]])}
    assert t.met(series, time).tolist() == [True, False, False]
    # A failed run never meets a target.
    assert t.met(series, time, np.array([False, True, True])).tolist() == [False, False, False]
    assert default_target(model).text == "max(binding_load_ratio) <= 1"


def test_regional_default_target_is_the_region_s_binding_load() -> None:
    regional = entropy.load_scenario("liaoning/bau").model
    assert default_target(regional).text == "max(regional_binding_load_ratio) <= 1"
    with pytest.raises(ScenarioError, match="subscripted over Sector"):
        parse_target("final(industrial_output) > 1", regional)
    assert parse_target("max(industrial_output) > 1", regional).variables == ("industrial_output",)


@pytest.mark.parametrize("text, message", [
    ("", "a target is text"),
    ("max(binding_load_ratio)", "cannot read"),
    ("median(binding_load_ratio) <= 1", "unknown function 'median'"),
    ("max(no_such_thing) <= 1", "not a variable of model decision"),
    ("max(binding_load_ratio) == 1", "cannot read"),
    ("max(binding_load_ratio) <= nan", "not a finite number"),
    ("max(binding_load_ratio) <= one", "not a number"),
    ("years_above(binding_load_ratio) <= 1", "years_above takes a variable and a level"),
    ("max(binding_load_ratio, 2) <= 1", "years_above takes a variable and a level"),
    ("__import__('os') <= 1", "unknown function '__import__'"),
    (" and ".join(["max(a) <= 1"] * 21), "allowed at most 20"),
])
def test_bad_targets_are_named(model: entropy.Model, text: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        parse_target(text, model)


@pytest.mark.parametrize("text, message", [
    ("p_overshoot <= 1.5", "not a probability"),
    ("p_overshoot >= 0.1", "write \"p_overshoot <= X\""),
    ("cost <= 3", "write \"p_overshoot <= X\""),
])
def test_bad_constraints_are_named(text: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        parse_constraint(text)


# --- discovery -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def found() -> Discovery:
    u = load_uncertainty(NARROW)
    return discover(MODEL, u, ["a", "b", "c"], 2000, workers=1, density=0.95, seed=3)


def test_discovery_recovers_the_known_safe_box(found: Discovery) -> None:
    """Safe exactly when A >= T (T within 0.59-0.61) and B <= 0.5; C plays no part."""
    d = found
    assert d.prim is not None
    box = d.prim.box
    assert abs(box.loc["a", "low"] - 0.6) < 0.03 and box.loc["a", "high"] == 1.0
    assert box.loc["b", "low"] == 0.0 and abs(box.loc["b", "high"] - 0.5) < 0.03
    assert bool(box.loc["a", "restricted"]) and bool(box.loc["b", "restricted"])
    assert not bool(box.loc["c", "restricted"])
    assert d.prim.density >= 0.95 and d.prim.coverage >= 0.9
    assert box.loc["a", "qp_value"] < 1e-6 and box.loc["b", "qp_value"] < 1e-6
    # The share of runs that met the target is the safe share of the lever space: 0.4 x 0.5.
    assert abs(d.share_met - 0.2) < 0.02
    # The trajectory trades coverage for density, step by step.
    traj = d.prim.trajectory
    assert traj["density"].iloc[0] == pytest.approx(d.share_met)
    assert traj["coverage"].iloc[0] == 1.0


def test_discovery_writes_a_box_scenario_that_meets_the_target(found: Discovery, tmp_path: Path) -> None:
    d = found
    written = write_discovery(d, tmp_path, str(DATA / "decision.mdl"))
    assert {p.name for p in written} == {"runs.nc", "runs.csv", "peeling.csv", "box.csv", "box.toml",
                                         "box-ranges.toml"}
    import xarray as xr

    with xr.open_dataset(tmp_path / "runs.nc", engine="h5netcdf") as runs:
        assert int(runs["target_met"].sum()) == int(d.runs["target_met"].sum())
        assert runs["measure_1"].attrs["long_name"] == "max(binding_load_ratio)"
    sc = entropy.load_scenario(tmp_path / "box.toml")
    assert sc.constants["a"] > 0.6 and sc.constants["b"] < 0.5
    ds = entropy.run(sc, engine="simlin")
    assert float(ds["binding_load_ratio"].max()) <= 1.0
    ranges = load_uncertainty(tmp_path / "box-ranges.toml")
    assert ranges.names == ["a", "b", "c"]
    runs = (tmp_path / "runs.csv").read_text().splitlines()
    assert len(runs) == 2001 and runs[0] == "run,a,b,c,t,u,status,max(binding_load_ratio),target_met"


def test_discovery_with_nothing_to_peel_says_so(tmp_path: Path) -> None:
    u = load_uncertainty(NARROW)
    d = discover(MODEL, u, ["c"], 60, target="max(binding_load_ratio) <= 5", workers=1)
    assert d.prim is None and "every run met the target" in d.note
    assert d.box_scenario().constants["c"] == 0.5


def test_discovery_warns_when_few_runs_meet_the_target() -> None:
    u = load_uncertainty(NARROW)
    d = discover(MODEL, u, ["a", "b"], 100, target="max(binding_load_ratio) <= 0.97", workers=1)
    # Safe only with A >= T + 0.03 and B <= 0.47: about 16 of 100 runs.
    assert d.prim is not None and "may be chance" in d.note


def test_discovery_refuses_bad_levers_before_running() -> None:
    u = load_uncertainty(NARROW)
    with pytest.raises(ScenarioError, match="is uncertain in"):
        discover(MODEL, u, ["a", "t"], 100, workers=1)
    with pytest.raises(ScenarioError, match="outside the range of a"):
        discover(MODEL, u, ["a=0:2"], 100, workers=1)
    with pytest.raises(ScenarioError, match="low end .* must be below"):
        discover(MODEL, u, ["a=0.5:0.5"], 100, workers=1)
    with pytest.raises(ScenarioError, match="at least 50 runs"):
        discover(MODEL, u, ["a"], 10, workers=1)
    with pytest.raises(ScenarioError, match="not a constant"):
        discover(MODEL, u, ["binding_load_ratio"], 100, workers=1)


# --- optimisation ----------------------------------------------------------------------------


def test_optimum_is_the_known_least_cost_safe_mix() -> None:
    """P(overshoot) = (0.8 - A) / 0.4 for B <= 0.5: at most 0.1 needs A >= 0.76; the cost
    A + 1 - B + C is least at A = 0.76, B = 0.5, C = 0 (10 x 1.26 over the ten years)."""
    u = load_uncertainty(WIDE)
    o = optimize(MODEL, u, ["a", "b", "c"], ["cost"], "p_overshoot <= 0.1", runs=200, generations=40, seed=1)
    best = o.best
    assert o.feasible and best is not None
    assert abs(best["a"] - 0.76) < 0.02 and abs(best["b"] - 0.5) < 0.02 and best["c"] < 0.02
    assert abs(best["cost"] - 12.6) < 0.3
    assert best["p_overshoot"] <= 0.1
    # Out of sample: the interval covers the true probability at the optimum.
    truth = (0.8 - best["a"]) / 0.4
    assert best["p_check_low"] <= truth <= best["p_check_high"]
    assert o.model_runs > 0
    sc = o.best_scenario()
    assert sc.constants["a"] == pytest.approx(best["a"])


def test_pareto_front_of_cost_and_output() -> None:
    """Cost - output = 10 (A - B): on the front A and B sit at their optimum and C trades
    cost for output one for one."""
    u = load_uncertainty(WIDE)
    o = optimize(MODEL, u, ["a", "b", "c"], ["cost", "output"], runs=100, generations=40, population=40, seed=2)
    front = o.front
    assert o.feasible and front is not None and len(front) >= 5
    assert (front["p_overshoot"] <= 0.1).all()
    gap = front["cost"] - front["output"]
    assert abs(gap.median() - 2.6) < 0.3
    assert front["c"].max() - front["c"].min() > 0.5
    # No mix on the front dominates another.
    for _, r in front.iterrows():
        better = (front["cost"] <= r["cost"]) & (front["output"] >= r["output"]) & (
            (front["cost"] < r["cost"]) | (front["output"] > r["output"]))
        assert not better.any()


def test_infeasible_constraint_is_reported() -> None:
    u = load_uncertainty(WIDE)
    o = optimize(MODEL, u, ["a=0:0.5", "b"], ["cost"], "p_overshoot <= 0", runs=20, generations=3, seed=0)
    assert not o.feasible and "no lever mix within the ranges met" in o.note


def test_optimisation_refuses_too_much_work() -> None:
    u = load_uncertainty(WIDE)
    with pytest.raises(ScenarioError, match="model runs"):
        optimize(MODEL, u, ["a"], runs=10_000, generations=1000)


# --- calibration -----------------------------------------------------------------------------


def test_fit_statistics() -> None:
    a = np.array([1.0, 2.0, 3.0, 4.0])
    s = fit_statistics(a + 1.0, a)  # all bias
    assert s["theil_um"] == pytest.approx(1.0) and s["theil_us"] == pytest.approx(0.0)
    assert s["r2"] == pytest.approx(1.0) and s["rmse"] == pytest.approx(1.0)
    assert s["mape"] == pytest.approx(np.mean(1 / a) * 100)
    rng = np.random.default_rng(0)
    b = rng.random(50)
    s = fit_statistics(b + rng.normal(0, 0.1, 50), b)
    assert s["theil_um"] + s["theil_us"] + s["theil_uc"] == pytest.approx(1.0)
    missing = fit_statistics(np.array([1.0, 2.0]), np.array([1.0, np.nan]))
    assert missing["n"] == 1


def _synthetic(tmp_path: Path, noise: float, seed: int) -> tuple[Path, float, float]:
    r, k = 0.15, 800.0
    sc = entropy.load_scenario(LOGISTIC).with_levers(growth_rate=r, carrying_capacity=k)
    ds = entropy.run(sc, engine="simlin")
    rng = np.random.default_rng(seed)
    t = ds["time"].values[::4]
    pop = ds["population"].values[::4] * (1 + noise * rng.standard_normal(len(t)))
    pop[2] = np.nan  # a missing value
    lines = ["# synthetic: logistic growth r = 0.15, K = 800, 3% noise", "year,Population"]
    lines += [f"{a:g},{'' if np.isnan(b) else repr(float(b))}" for a, b in zip(t, pop)]
    path = tmp_path / "data.csv"
    path.write_text("\n".join(lines) + "\n")
    return path, r, k


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_calibration_recovers_the_generating_parameters(tmp_path: Path, seed: int) -> None:
    data, r, k = _synthetic(tmp_path, 0.03, seed)
    c = calibrate(LOGISTIC, data, ["growth_rate", "carrying_capacity=100:5000"])
    est = c.estimates
    assert est.loc["growth_rate", "ci_low"] <= r <= est.loc["growth_rate", "ci_high"]
    assert est.loc["carrying_capacity", "ci_low"] <= k <= est.loc["carrying_capacity", "ci_high"]
    # The intervals are informative, not the whole range.
    assert est.loc["growth_rate", "ci_high"] - est.loc["growth_rate", "ci_low"] < 0.02
    stats = c.statistics.loc["population"]
    assert stats["n"] == 25 and stats["r2"] > 0.99 and stats["mape"] < 5
    assert stats["theil_um"] + stats["theil_us"] + stats["theil_uc"] == pytest.approx(1.0)
    sc = c.calibrated_scenario()
    assert sc.constants["growth_rate"] == pytest.approx(est.loc["growth_rate", "estimate"])


@pytest.mark.parametrize("text, message", [
    ("when,population\n1,2\n", "first column must be 'year' or 'time'"),
    ("year,no_such\n1,2\n", "not a variable of model logistic"),
    ("year,population\n1,2,3\n", "row 2 has 3 cells"),
    ("year,population\n1,abc\n", "'abc' is not a number"),
    ("year,population\n2,1\n1,1\n", "times must increase"),
    ("year,population\n1,\n2,\n", "no value is observed"),
    ("year,population\n1,1\n500,1\n", "horizon is 0 to 100"),
    ("year,population\n1,inf\n", "not a finite number"),
    ("year\n1\n", "at least one model variable"),
])
def test_bad_data_files_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    sc = entropy.load_scenario(LOGISTIC)
    with pytest.raises(ScenarioError, match=message) as err:
        read_observations(path, sc.model, sc)
    assert str(path) in str(err.value)


# --- the command line ------------------------------------------------------------------------


def test_cli_discover_writes_its_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "found"
    rc = main(["discover", str(MODEL), "--uncertain", str(NARROW), "--levers", "a", "b", "--runs", "400",
               "--workers", "1", "--out", str(out), "--density", "0.9"])
    assert rc == 0
    text = capsys.readouterr().out
    assert "peeling trajectory" in text and "the box (coverage" in text
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["runs.nc", "runs.csv", "peeling.csv", "box.csv", "box.toml", "box-ranges.toml"])


def test_cli_optimize_and_calibrate_write_scenarios(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    best = tmp_path / "best.toml"
    rc = main(["optimize", str(MODEL), "--uncertain", str(WIDE), "--levers", "a", "b", "--runs", "50",
               "--generations", "10", "--out", str(best)])
    assert rc == 0 and entropy.load_scenario(best).constants["a"] > 0.7
    data, _, _ = _synthetic(tmp_path, 0.03, 1)
    cal = tmp_path / "cal.toml"
    fit = tmp_path / "fit.csv"
    rc = main(["calibrate", str(LOGISTIC), "--data", str(data), "--params", "growth_rate",
               "carrying_capacity=100:5000", "--out", str(cal), "--fit", str(fit)])
    assert rc == 0
    assert "theil_um" in capsys.readouterr().out
    assert abs(entropy.load_scenario(cal).constants["growth_rate"] - 0.15) < 0.01
    assert fit.read_text().splitlines()[0] == "time,population observed,population simulated"


@pytest.mark.parametrize("args, message", [
    (["discover", str(MODEL), "--uncertain", str(NARROW), "--levers", "a", "--runs", "100", "--target",
      "max(zzz) <= 1", "--out", "OUT"], "'zzz' is not a variable"),
    (["discover", str(MODEL), "--uncertain", str(NARROW), "--levers", "u", "--runs", "100", "--out", "OUT"],
     "u is uncertain in"),
    (["optimize", str(MODEL), "--uncertain", str(WIDE), "--levers", "a", "--constraint", "p <= 0.1"],
     "p_overshoot <= X"),
    (["optimize", str(MODEL), "--uncertain", str(WIDE), "--levers", "a", "--out", "x.csv"], "use a .toml"),
    (["optimize", str(MODEL), "--uncertain", str(WIDE), "--levers", "a", "--objective", "cost",
      "--objective", "output", "--out", "x.toml"], "with two objectives write the front"),
    (["calibrate", str(LOGISTIC), "--data", "missing.csv", "--params", "growth_rate"], "cannot read data file"),
    (["calibrate", str(LOGISTIC), "--data", str(LOGISTIC), "--params", "growth_rate"], "first column"),
])
def test_cli_bad_input_exits_2_naming_the_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   args: list[str], message: str) -> None:
    args = [str(tmp_path / a) if a in ("OUT", "x.csv", "x.toml", "missing.csv") else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "OUT").exists() or not any((tmp_path / "OUT").iterdir())


@pytest.mark.slow
def test_decision_commands_on_the_cluster_model(tmp_path: Path) -> None:
    """Discovery, a small optimisation and a calibration on the shipped cluster model end to end."""
    u = load_uncertainty(entropy.list_models()["cluster"].parent / "uncertainty.toml")
    d = discover("bau", u, ["reduce_policy", "by_product_exchange_policy"], 300, workers=1)
    assert d.runs.sizes["run"] == 300 and 0 <= d.share_met <= 1
    o = optimize("bau", u, ["recycle_policy", "by_product_exchange_policy"], ["cost"], runs=10, generations=2,
                 population=6)
    assert o.best is not None and np.isfinite(o.best["cost"])
    truth = {"demand_growth_rate": 0.06}
    sc = entropy.load_scenario("bau").with_levers(**truth)
    ds = entropy.run(sc, engine="simlin")
    years = ds["time"].values[:30]
    rows = ["year,industrial_output"] + [f"{y:g},{float(v)!r}" for y, v in zip(years, ds["industrial_output"].values[:30])]
    (tmp_path / "obs.csv").write_text("\n".join(rows) + "\n")
    c = calibrate("bau", tmp_path / "obs.csv", ["demand_growth_rate"])
    assert abs(c.estimates.loc["demand_growth_rate", "estimate"] - 0.06) < 1e-3
