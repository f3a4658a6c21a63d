"""The numpy batch engine gives Simlin's numbers, run by run, and refuses what it cannot run."""

from __future__ import annotations

import importlib
import itertools
import math
import time
from pathlib import Path

import numpy as np
import pytest

import entropy
from entropy.engines import RunPlan, get_batch, numpy_supports
from entropy.engines.numpy_engine import NumpyBatch
from entropy.engines.simlin_engine import SimlinBatch
from entropy.errors import EngineError, EntropyError
from entropy.loading.model import load_model
from entropy.simulation.run import locate_non_finite
from entropy.loading.scenario import parse_scenario

from .conftest import DATA, ROOT, SCENARIO_IDS, scenario

UNCERTAINTY = ROOT / "sd_models" / "cluster" / "uncertainty.toml"


def _plan(sc: entropy.Scenario, variables: tuple[str, ...] | None = None) -> RunPlan:
    return RunPlan(sc.start, sc.end, sc.time_step, sc.save_period, dict(sc.constants), dict(sc.changes),
                   variables)


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to the bit (signed zeros told apart), any NaN equal to any NaN."""
    na, nb = np.isnan(a), np.isnan(b)
    return bool(np.array_equal(na, nb) and np.array_equal(a[~na].view(np.int64), b[~nb].view(np.int64)))


def _departure(ref: np.ndarray, got: np.ndarray) -> float:
    """Largest difference relative to the variable's scale (its largest magnitude, at least 1e-300)."""
    finite = np.isfinite(ref)
    if not np.array_equal(finite, np.isfinite(got)) or not np.array_equal(ref[~finite], got[~finite],
                                                                            equal_nan=True):
        return float("inf")
    if not finite.any():
        return 0.0
    scale = max(float(np.max(np.abs(ref[finite]))), 1e-300)
    return float(np.max(np.abs(ref[finite] - got[finite]))) / scale


def _model(tmp_path: Path, body: str, name: str = "m") -> entropy.Model:  # type: ignore[name-defined]
    text = "{UTF-8}\n" + body + """
INITIAL TIME = 0
~ Year ~ |
FINAL TIME = 4
~ Year ~ |
TIME STEP = 0.5
~ Year ~ |
SAVEPER = 1
~ Year ~ |
"""
    path = tmp_path / f"{name}.mdl"
    path.write_text(text, encoding="utf-8")
    return load_model(path)


@pytest.mark.slow
def test_every_shipped_scenario_agrees_with_simlin() -> None:
    """Every variable of every shipped scenario, one run each: within 1e-10 of its scale (in fact equal)."""
    worst: list[tuple[float, str, str]] = []
    identical = 0
    total = 0
    for name in SCENARIO_IDS:
        plan = _plan(scenario(name))
        got = NumpyBatch(scenario(name).model, plan).run({})
        ref = SimlinBatch(scenario(name).model, plan).run({})
        assert set(got) == set(ref)
        for var, values in ref.items():
            assert got[var].shape == values.shape
            worst.append((_departure(values, got[var]), name, var))
            identical += _same_bits(values, got[var])
            total += 1
    top = max(worst)
    print(f"\nworst relative departure from Simlin: {top[0]:.3g} ({top[1]}, {top[2]}); "
          f"{identical} of {total} series identical to the bit")
    assert top[0] <= 1e-10, top
    assert identical == total


def test_random_members_equal_single_simlin_runs() -> None:
    """50 members drawn from the shipped uncertainty file: each is a Simlin run with the same overrides."""
    u = entropy.load_uncertainty(UNCERTAINTY)
    sc = scenario("bau")
    samples = u.sample(50, "mc", 11)
    overrides = {k: samples[:, j] for j, k in enumerate(u.names)}
    plan = _plan(sc)
    got = NumpyBatch(sc.model, plan).run_many(overrides)
    simlin = SimlinBatch(sc.model, plan)
    worst = 0.0
    for i in range(len(samples)):
        ref = simlin.run({k: float(v[i]) for k, v in overrides.items()})
        for var, values in ref.items():
            assert got[var].shape == (len(plan.save_times()), 50)
            worst = max(worst, _departure(values, got[var][:, i]))
            assert _same_bits(values, got[var][:, i]), (i, var)
    assert worst <= 1e-10
    # keeping a few variables computes only what they depend on: the same values
    few = ("binding_load_ratio", "ecosystem_health", "industrial_output", "cumulative_entropy")
    some = NumpyBatch(sc.model, _plan(sc, few)).run_many(overrides)
    for var in few:
        assert _same_bits(got[var], some[var]), var


def test_run_has_simlin_batch_contract() -> None:
    sc = scenario("eco-park")
    plan = _plan(sc, ("binding_load_ratio", "ecosystem_health", "product_price_index"))
    got = get_batch("numpy", sc.model, plan).run({"critical_pollution_index": 4.0})
    ref = SimlinBatch(sc.model, plan).run({"critical_pollution_index": 4.0})
    assert list(got) == list(ref)
    for var in ref:
        assert got[var].shape == ref[var].shape == (len(plan.save_times()),)
        assert _same_bits(ref[var], got[var])


def test_step_changes_are_honoured() -> None:
    text = (ROOT / "sd_models" / "cluster" / "scenarios" / "bau.toml").read_text(encoding="utf-8")
    text = text.replace('name = "bau"', 'name = "switch"') + (
        "\n[levers]\nrecycle_policy = { before = 0.2, after = 0.9, year = 2050.5 }\n"
        "threshold_load_level = { before = 0.5, after = 0.9, year = 2100 }\n")
    sc = parse_scenario(text, source=ROOT / "sd_models" / "cluster" / "scenarios" / "switch.toml")
    assert set(sc.changes) == {"recycle_policy", "threshold_load_level"}
    plan = _plan(sc, ("recycle_policy", "threshold_load_level", "ecosystem_health", "industrial_output"))
    got = NumpyBatch(sc.model, plan).run_many({"critical_pollution_index": np.array([3.0, 6.0])})
    time_ = plan.save_times()
    assert np.array_equal(got["recycle_policy"][:, 0], np.where(time_ >= 2050.5, 0.9, 0.2))
    assert np.array_equal(got["threshold_load_level"][:, 1], np.where(time_ >= 2100, 0.9, 0.5))
    simlin = SimlinBatch(sc.model, plan)
    for i, value in enumerate((3.0, 6.0)):
        ref = simlin.run({"critical_pollution_index": value})
        for var in ref:
            assert _same_bits(ref[var], got[var][:, i]), var
    with pytest.raises(EngineError, match="changes at a year"):
        NumpyBatch(sc.model, plan).run_many({"recycle_policy": np.array([0.5])})


SEMANTICS = """
A = 1
~ Dmnl ~ |
B = 2
~ Dmnl ~ |
Lo = MIN(A, B)
~ Dmnl ~ |
Hi = MAX(A, B)
~ Dmnl ~ |
Lo Known = MIN(0, B)
~ Dmnl ~ |
Hi Known = MAX(A, 0)
~ Dmnl ~ |
Ratio X = XIDZ(A, B, 7)
~ Dmnl ~ |
Ratio Z = ZIDZ(A, B)
~ Dmnl ~ |
Pick = IF THEN ELSE(A, 1, 2)
~ Dmnl ~ |
Pick Cmp = IF THEN ELSE(A > B :AND: :NOT: (A = B), A, B)
~ Dmnl ~ |
Same = IF THEN ELSE(A = B, 1, 0)
~ Dmnl ~ |
Differ = IF THEN ELSE(A <> B :OR: A < 0, 1, 0)
~ Dmnl ~ |
Power = A ^ B
~ Dmnl ~ |
Grow = EXP(A * Time / 10)
~ Dmnl ~ |
Log = LN(B)
~ Dmnl ~ |
Root = SQRT(B)
~ Dmnl ~ |
Mag = ABS(A) - -B
~ Dmnl ~ |
Trig = SIN(A) + COS(B) + TAN(A) + ARCTAN(B)
~ Dmnl ~ |
Start = INITIAL(A * Time + Level)
~ Dmnl ~ |
Level = INTEG(Lo + Ratio X - Drain, A)
~ Dmnl ~ |
Drain = Level / 4 + Start * 0
~ Dmnl ~ |
Clock = Time * 2 + TIME STEP
~ Dmnl ~ |
Gate = IF THEN ELSE(Time >= 3, A, 0)
~ Dmnl ~ |
Flag = (A > B) * 3 + (Time > 2)
~ Dmnl ~ |
Ratio Dyn = XIDZ(Level, B, 7) + ZIDZ(Level, A - A) + XIDZ(Clock, 0, 5) + XIDZ(Level, Clock - 1, -1)
~ Dmnl ~ |
"""


def test_every_function_has_simlins_semantics_on_edge_values(tmp_path: Path) -> None:
    """MIN, MAX, XIDZ, ZIDZ, IF, logic, =, <>, ^, EXP, LN, SQRT, ABS, trigonometry, INITIAL, Time:
    on 0, -0, tiny, NaN and infinite arguments, every run equals Simlin's to the bit."""
    m = _model(tmp_path, SEMANTICS)
    values = [0.0, -0.0, 1.0, -1.0, 1e-7, 2.0, 1e-300, float("nan"), float("inf"), -float("inf"), 3.5]
    grid = np.array(list(itertools.product(values, values)))
    plan = RunPlan(m.initial_time, m.final_time, m.time_step, m.saveper)
    got = NumpyBatch(m, plan).run_many({"a": grid[:, 0], "b": grid[:, 1]})
    simlin = SimlinBatch(m, plan)
    for i, (a, b) in enumerate(grid):
        ref = simlin.run({"a": a, "b": b})
        for var, series in ref.items():
            assert _same_bits(series, got[var][:, i]), (var, a, b, series, got[var][:, i])
    # XIDZ divides unless the denominator is exactly 0 (as Simlin; PySD returns X below 1e-6)
    k = next(i for i, (a, b) in enumerate(grid) if a == 1.0 and b == 1e-7)
    assert got["ratio_x"][0, k] == 1.0 / 1e-7


@pytest.mark.parametrize("body, construct", [
    ("Y = Table(Time)\n~ Dmnl ~ |\nTable((0,0),(10,1))\n~ Dmnl ~ |\n", "TABLE, a lookup"),
    ("Y = WITH LOOKUP(Time, ([(0,0)-(10,1)],(0,0),(10,1)))\n~ Dmnl ~ |\n", "WITH LOOKUP"),
    ("X = 1\n~ Dmnl ~ |\nY = DELAY1(X, 2)\n~ Dmnl ~ |\n", "DELAY1"),
    ("X = 1\n~ Dmnl ~ |\nY = SMOOTH(X, 2)\n~ Dmnl ~ |\n", "SMOOTH"),
    ("Y = STEP(1, 2)\n~ Dmnl ~ |\n", "STEP"),
    ("Y = INTEGER(Time)\n~ Dmnl ~ |\n", "INTEGER"),
    ("Y = 1 + INTEG(Time, 0)\n~ Dmnl ~ |\n", "INTEG inside an expression"),
    ("Y = A + 1\n~ Dmnl ~ |\nA = B * 0.5\n~ Dmnl ~ |\nB = Y - 2\n~ Dmnl ~ |\n", "algebraic loop"),
])
def test_unsupported_constructs_are_named(tmp_path: Path, body: str, construct: str) -> None:
    m = _model(tmp_path, body)
    plan = RunPlan(m.initial_time, m.final_time, m.time_step, m.saveper)
    with pytest.raises(EngineError, match=construct):
        NumpyBatch(m, plan)
    reason = numpy_supports(m, plan)
    assert reason is not None and construct.split(",")[0] in reason


def test_algebraic_loop_names_its_variables(tmp_path: Path) -> None:
    m = _model(tmp_path, "Y = A + 1\n~ Dmnl ~ |\nA = B * 0.5\n~ Dmnl ~ |\nB = Y - 2\n~ Dmnl ~ |\n"
                         "S = INTEG(S * 0.1, 1)\n~ Dmnl ~ |\n")
    with pytest.raises(EngineError, match=r"algebraic loop.*(Y|A|B) -> .* -> .* -> "):
        NumpyBatch(m, RunPlan(0, 4, 0.5, 1))


@pytest.mark.parametrize("model_file, construct", [
    ("zoo.mdl", "Effect, line 70: calls WITH LOOKUP"), ("third_party.mdl", "DELAY1|lookup|SMOOTH"),
])
def test_test_models_with_other_constructs_are_refused(model_file: str, construct: str) -> None:
    m = load_model(DATA / model_file)
    plan = RunPlan(m.initial_time, m.final_time, m.time_step, m.saveper)
    with pytest.raises(EngineError, match=construct):
        get_batch("numpy", m, plan)


def test_runs_only_what_simlin_would_run_the_same_way() -> None:
    sc = scenario("bau")
    with pytest.raises(EngineError, match="euler only"):
        NumpyBatch(sc.model, RunPlan(sc.start, sc.end, sc.time_step, sc.save_period, method="rk4"))
    with pytest.raises(EngineError, match="whole number of time steps"):
        NumpyBatch(sc.model, RunPlan(sc.start, sc.end, 0.0625, 0.1))
    batch = NumpyBatch(sc.model, _plan(sc, ("ecosystem_health",)))
    with pytest.raises(EngineError, match="not a constant"):
        batch.run_many({"ecosystem_health": np.ones(3)})
    with pytest.raises(EngineError, match="one shape"):
        batch.run_many({"critical_pollution_index": np.ones(3), "capital_lifetime": np.ones(4)})


def test_non_finite_runs_are_reported_like_simlin() -> None:
    m = load_model(DATA / "fragile.mdl")
    plan = RunPlan(m.initial_time, m.final_time, m.time_step, m.saveper)
    x = np.array([0.2, 0.5, 0.7])
    got = NumpyBatch(m, plan).run_many({"x": x})
    simlin = SimlinBatch(m, plan)
    for i, value in enumerate(x):
        ref = simlin.run({"x": float(value)})
        member = {k: v[:, i] for k, v in got.items()}
        assert locate_non_finite(member) == locate_non_finite(ref)
        for var in ref:
            assert _same_bits(ref[var], member[var])
    assert locate_non_finite({k: v[:, 0] for k, v in got.items()}) is None
    found = locate_non_finite({k: v[:, 1] for k, v in got.items()})
    assert found is not None and found[0] == 0 and found[2] == float("inf")


def test_work_limits_are_checked_before_allocating(monkeypatch: pytest.MonkeyPatch) -> None:
    sc = scenario("bau")
    everything = NumpyBatch(sc.model, _plan(sc))
    t0 = time.perf_counter()
    with pytest.raises(EntropyError, match="allowed at most"):  # 1e6 runs x 201 times x 279 variables
        everything.run_many({"critical_pollution_index": np.full(1_000_000, 4.0)})
    with pytest.raises(EntropyError, match="out of range"):
        everything.run_many({}, runs=0)
    assert time.perf_counter() - t0 < 1.0
    import entropy.engines.numpy_block as block

    monkeypatch.setattr(block, "MAX_ENSEMBLE_VALUES", 100)
    with pytest.raises(EntropyError, match="working rows"):
        NumpyBatch(sc.model, _plan(sc, ("ecosystem_health",))).run_many({}, runs=10)


def test_blocks_of_runs_join_seamlessly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs split into blocks give the same values as one block."""
    import entropy.engines.numpy_engine as engine

    sc = scenario("full-3r")
    plan = _plan(sc, ("ecosystem_health", "ore_reserve"))
    values = {"critical_pollution_index": np.linspace(2.0, 8.0, 7)}
    whole = NumpyBatch(sc.model, plan).run_many(values)
    monkeypatch.setattr(engine, "BLOCK", 3)
    split = NumpyBatch(sc.model, plan).run_many(values)
    for var in whole:
        assert _same_bits(whole[var], split[var])


def test_supported_model_and_reason() -> None:
    sc = scenario("bau")
    assert numpy_supports(sc.model, _plan(sc)) is None
    m = load_model(DATA / "ishigami.mdl")
    assert numpy_supports(m, RunPlan(m.initial_time, m.final_time, m.time_step, m.saveper)) is None


def test_libm_paths_agree_with_math(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways to ``libm`` (numpy's plain loop on backward operands, and math element by element)
    give math's values to the bit, special values included; a numpy that stops calling libm is caught."""
    from entropy.engines import numpy_ops

    rng = np.random.default_rng(5)
    special = np.array([0.0, -0.0, 1.0, -1.0, 1e-300, 1e300, np.inf, -np.inf, np.nan, 0.5, 2.0])
    x = np.concatenate([rng.uniform(-50, 50, 500), special])
    y = np.concatenate([rng.uniform(-5, 5, 500), special[::-1]])
    for name in numpy_ops.LIBM:
        args = (x, y) if name == "^" else (x,)
        expected = np.array([numpy_ops.libm_scalar(name, *v) for v in zip(*(a.tolist() for a in args))])
        fast = np.empty_like(x)
        numpy_ops.libm_into(name, fast, *args)
        assert _same_bits(expected, fast), name
        monkeypatch.setattr(numpy_ops, "reversed_is_libm", lambda _name: False)
        slow = np.empty_like(x)
        numpy_ops.libm_into(name, slow, *args)
        monkeypatch.undo()
        assert _same_bits(expected, slow), name
    numpy_ops.reversed_is_libm.cache_clear()
    monkeypatch.setitem(numpy_ops.LIBM, "exp", (math.exp, lambda a, out: np.multiply(np.exp(a), 1 + 1e-15, out=out)))
    assert not numpy_ops.reversed_is_libm("exp")
    monkeypatch.undo()
    numpy_ops.reversed_is_libm.cache_clear()
    assert numpy_ops.reversed_is_libm("exp")


# --- in ensembles and sensitivity analysis


def test_ensemble_on_numpy_equals_simlin_one_by_one() -> None:
    """The ensemble runs the cluster model on the numpy engine by default: the same Dataset, to the bit."""
    from entropy.simulation.ensemble import ensemble

    u = entropy.load_uncertainty(UNCERTAINTY)
    fast = ensemble(["bau", "eco-park"], u, 30, seed=8, workers=1, chunk_size=7)
    slow = ensemble(["bau", "eco-park"], u, 30, seed=8, workers=1, chunk_size=7, vectorise=False)
    assert fast.attrs["batch_engine"] == "bau: numpy, eco-park: numpy" and fast.attrs["batch_engine_note"] == ""
    assert slow.attrs["batch_engine"] == "bau: simlin, eco-park: simlin"
    assert fast.attrs["engine"] == slow.attrs["engine"] == "simlin"
    assert set(fast.data_vars) == set(slow.data_vars) and fast.sizes == slow.sizes
    for var in fast.data_vars:
        assert fast[var].dims == slow[var].dims
        if fast[var].dtype.kind == "f":
            assert _same_bits(fast[var].values, slow[var].values), var
        else:
            assert np.array_equal(fast[var].values, slow[var].values), var


def test_ensemble_failures_on_numpy_read_as_on_simlin() -> None:
    from entropy.simulation.ensemble import ensemble

    u = entropy.load_uncertainty(DATA / "fragile_uncertainty.toml")
    fast = ensemble([DATA / "fragile.toml"], u, 9, workers=1, variables=["level"], chunk_size=4)
    slow = ensemble([DATA / "fragile.toml"], u, 9, workers=1, variables=["level"], chunk_size=4, vectorise=False)
    assert fast.attrs["batch_engine"] == "fragile: numpy"
    assert 0 < fast.attrs["failed_runs"] < 9
    assert np.array_equal(fast["status"].values, slow["status"].values)
    assert list(fast["error"].values.ravel()) == list(slow["error"].values.ravel())
    assert _same_bits(fast["level"].values, slow["level"].values)


def test_ensemble_falls_back_to_simlin_and_says_why(tmp_path: Path) -> None:
    from entropy.simulation.ensemble import ensemble

    (tmp_path / "town.toml").write_text(f'name = "town"\nmodel = "{DATA / "third_party.mdl"}"\n')
    (tmp_path / "u.toml").write_text(f'model = "{DATA / "third_party.mdl"}"\n[parameters.birth_rate]\n'
                                     'distribution = "uniform"\nmin = 0.002\nmax = 0.006\n'
                                     'reason = "a test of the fallback"\n')
    u = entropy.load_uncertainty(tmp_path / "u.toml")
    ds = ensemble([tmp_path / "town.toml"], u, 3, workers=1, variables=["population"])
    assert ds.attrs["batch_engine"] == "town: simlin"
    assert "town: " in ds.attrs["batch_engine_note"] and "numpy engine cannot run" in ds.attrs["batch_engine_note"]
    assert (ds["status"].values == 0).all()
    with pytest.raises(EngineError, match="scenario town: .*numpy engine cannot run"):
        ensemble([tmp_path / "town.toml"], u, 3, workers=1, variables=["population"], engine="numpy")


def test_numpy_tasks_take_several_chunks() -> None:
    from entropy.simulation.ensemble import Chunk, _groups

    chunks = [Chunk(s, a, a + 500) for s in range(2) for a in range(0, 10_000, 500)]
    tasks = _groups(chunks, [True, False], workers=2, values_per_run=1206)
    numpy_tasks = [t for t in tasks if t[0].scenario == 0]
    assert [sum(c.stop - c.start for c in t) for t in numpy_tasks] == [5000, 5000]  # 2 tasks a worker
    assert all(len(t) == 1 for t in tasks if t[0].scenario == 1)
    assert [c for t in numpy_tasks for c in t] == [c for c in chunks if c.scenario == 0]
    # many variables kept: tasks stay within TASK_VALUES
    big = _groups(chunks[:20], [True], workers=1, values_per_run=201 * 280)
    assert all(sum(c.stop - c.start for c in t) * 201 * 280 <= 25_000_000 or len(t) == 1 for t in big)


def test_sensitivity_on_numpy_equals_simlin(monkeypatch: pytest.MonkeyPatch) -> None:
    sens = importlib.import_module("entropy.analysis.sensitivity")  # the package exports the function by that name

    u = entropy.load_uncertainty(UNCERTAINTY)
    fast = sens.sensitivity(scenario("bau"), u, "morris", "years_in_overshoot", n=2, seed=3)
    monkeypatch.setattr(sens, "numpy_supports", lambda model, plan: "forced")
    slow = sens.sensitivity(scenario("bau"), u, "morris", "years_in_overshoot", n=2, seed=3)
    assert fast.equals(slow)
