"""The numpy batch engine on subscripted models: Simlin's numbers element by element, to the bit.

Arrayed equations are expanded element by element (``entropy.engines.numpy_arrays``)
and elements of the same shape computed together (``numpy_vector``); these tests
hold every element of every variable to Simlin's run with the same constants,
on small arrayed models and on the regional model, and check element overrides,
the shape of the results and what the engine refuses.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

import entropy
from entropy.engines import RunPlan, get_batch, numpy_supports
from entropy.engines.numpy_engine import NumpyBatch
from entropy.engines.simlin_engine import SimlinBatch
from entropy.errors import EngineError
from entropy.loading.model import Model, load_model
from entropy.loading.scenario import StepChange

from .conftest import DATA, REGIONAL, ROOT

ARRAYED_MODELS = ("arrays_numpy.mdl", "arrayed.mdl", "exchange.mdl", "sectors.mdl")
REGIONAL_IDS = sorted(k.split("/", 1)[1] for k in REGIONAL)
UNCERTAINTY = ROOT / "sd_models" / "liaoning" / "uncertainty.toml"


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to the bit (signed zeros told apart), any NaN equal to any NaN."""
    na, nb = np.isnan(a), np.isnan(b)
    return bool(a.shape == b.shape and np.array_equal(na, nb)
                and np.array_equal(a[~na].view(np.int64), b[~nb].view(np.int64)))


def _plan(m: Model, constants: dict[str, float] | None = None, changes: dict[str, StepChange] | None = None,
          variables: tuple[str, ...] | None = None) -> RunPlan:
    return RunPlan(m.initial_time, m.final_time, m.time_step, m.saveper, dict(constants or {}),
                   dict(changes or {}), variables)


def _scenario_plan(sc: entropy.Scenario, variables: tuple[str, ...] | None = None) -> RunPlan:
    return RunPlan(sc.start, sc.end, sc.time_step, sc.save_period, dict(sc.constants), dict(sc.changes),
                   variables)


def _check_members(m: Model, plan: RunPlan, overrides: dict[str, np.ndarray]) -> int:
    """Every member of a numpy batch equals Simlin's run with its overrides; returns the series compared."""
    runs = len(next(iter(overrides.values()))) if overrides else 1
    got = NumpyBatch(m, plan).run_many(overrides, runs=runs)
    simlin = SimlinBatch(m, plan)
    compared = 0
    for i in range(runs):
        ref = simlin.run({k: float(v[i]) for k, v in overrides.items()})
        assert set(ref) == set(got)
        for var, series in ref.items():
            assert got[var].shape == (series.shape[0], runs, *series.shape[1:]), var
            assert _same_bits(series, got[var][:, i]), (i, var)
            compared += 1
    return compared


# --- small arrayed models


@pytest.mark.parametrize("model_file", ARRAYED_MODELS)
def test_arrayed_models_equal_simlin(model_file: str) -> None:
    """1-D, 2-D and 3-D arrays, SUM over one and two ranges, transposed sums through an equivalent
    range, VMAX and VMIN (over a subrange too), per-element numbers, equations by element and
    :EXCEPT:, INITIAL, XIDZ, ZIDZ, MIN, MAX, IF THEN ELSE, a stock of four flows: every element."""
    m = load_model(DATA / model_file)
    got = NumpyBatch(m, _plan(m)).run({})
    ref = SimlinBatch(m, _plan(m)).run({})
    assert list(got) == list(ref)
    for var, series in ref.items():
        assert got[var].shape == series.shape == (len(_plan(m).save_times()), *m.shape(var))
        assert _same_bits(series, got[var]), var


def test_sampled_element_overrides_equal_simlin() -> None:
    """Members that set whole arrays, single elements and matrix cells: each is Simlin's run."""
    m = load_model(DATA / "arrays_numpy.mdl")
    rng = np.random.default_rng(3)
    n = 12
    overrides = {
        "capacity": rng.uniform(0.5, 4.0, n),             # every element
        "capacity[south]": rng.uniform(0.5, 4.0, n),      # wins over the whole array
        "route_share[north,east]": rng.uniform(0, 1, n),  # one cell of a matrix
        "initial_level[east,ore]": rng.uniform(-2, 12, n),
        "good_share[fuel]": rng.uniform(0, 1, n),
        "ship_rate": rng.uniform(0, 0.5, n),
    }
    assert _check_members(m, _plan(m), overrides) == n * 27


def test_edge_values_of_reductions_equal_simlin() -> None:
    """SUM, VMAX and VMIN over 0, -0, NaN, infinities and numbers: Simlin adds to 0 (a sum of -0s
    is 0), passes NaN terms over in VMAX and VMIN (all NaN gives the infinity it starts from)."""
    m = load_model(DATA / "arrays_numpy.mdl")
    values = [0.0, -0.0, float("nan"), float("inf"), -float("inf"), 1.5]
    grid = np.array(list(itertools.product(values, repeat=3)))
    plan = _plan(m, variables=("edge_sum", "edge_max", "edge_min", "edge_coast"))
    overrides = {f"edge[{e}]": grid[:, j] for j, e in enumerate(("north", "south", "east"))}
    assert _check_members(m, plan, overrides) == len(grid) * 4
    got = NumpyBatch(m, plan).run({"edge": -0.0})
    assert not np.signbit(got["edge_sum"]).any() and np.signbit(got["edge_max"]).all()
    assert (NumpyBatch(m, plan).run({"edge": float("nan")})["edge_max"] == -np.inf).all()


def test_results_are_assembled_as_simlins() -> None:
    """``run`` gives (time, *dims) and ``run_many`` (time, N, *dims), the model's range order."""
    m = load_model(DATA / "arrays_numpy.mdl")
    plan = _plan(m, variables=("shipment", "stock_level", "total_stock"))
    many = NumpyBatch(m, plan).run_many({"ship_rate": np.array([0.1, 0.2])})
    nt = len(plan.save_times())
    assert many["shipment"].shape == (nt, 2, 3, 3, 2) and many["total_stock"].shape == (nt, 2)
    one = get_batch("numpy", m, plan).run({"ship_rate": 0.2})
    ref = SimlinBatch(m, plan).run({"ship_rate": 0.2})
    for var in plan.variables or ():
        assert one[var].shape == ref[var].shape and _same_bits(one[var], many[var][:, 1])
    # element (north, east, fuel) is where the model's ranges put it
    assert one["shipment"][3, 0, 2, 1] == ref["shipment"][3, 0, 2, 1]


def test_element_wins_over_whole_in_any_order() -> None:
    m = load_model(DATA / "arrays_numpy.mdl")
    plan = _plan(m, variables=("capacity",))
    batch = NumpyBatch(m, plan)
    for order in ((("capacity", 9.0), ("capacity[east]", 1.5)), (("capacity[east]", 1.5), ("capacity", 9.0))):
        got = batch.run_many({k: np.array([v]) for k, v in order})
        assert list(got["capacity"][0, 0]) == [9.0, 9.0, 1.5]


def test_plan_constants_and_step_changes_by_element_equal_simlin() -> None:
    """A scenario's elements, whole arrays and step changes of one element (as :func:`settings`)."""
    m = load_model(DATA / "arrays_numpy.mdl")
    constants = {"capacity": 2.5, "capacity[north]": 4.0, "route_share[south,north]": 0.5}
    changes = {"ship_rate": StepChange(0.1, 0.3, 4.5), "use_time[ore]": StepChange(4.0, 2.0, 3.0)}
    plan = _plan(m, constants, changes)
    assert _check_members(m, plan, {"good_share[ore]": np.array([0.6, 0.9])}) == 2 * 27
    got = NumpyBatch(m, plan).run({})
    assert list(got["use_time"][:, 0]) == [4.0] * 3 + [2.0] * 8
    with pytest.raises(EngineError, match=r"use_time\[ore\] changes at a year"):
        NumpyBatch(m, plan).run_many({"use_time": np.array([1.0])})


def test_unknown_elements_and_variables_are_refused() -> None:
    m = load_model(DATA / "arrays_numpy.mdl")
    batch = NumpyBatch(m, _plan(m, variables=("total_stock",)))
    with pytest.raises(EngineError, match=r"capacity\[west\] is not an element of capacity"):
        batch.run_many({"capacity[west]": np.array([1.0])})
    with pytest.raises(EngineError, match="not a constant"):
        batch.run_many({"health": np.array([1.0])})
    with pytest.raises(EngineError, match="not a constant"):
        batch.run_many({"stock_level[north,ore]": np.array([1.0])})


def test_blocks_of_runs_join_seamlessly(monkeypatch: pytest.MonkeyPatch) -> None:
    import entropy.engines.numpy_engine as engine

    m = load_model(DATA / "arrays_numpy.mdl")
    plan = _plan(m, variables=("stock_level", "lowest_level"))
    values = {"capacity[east]": np.linspace(0.5, 4.0, 7)}
    whole = NumpyBatch(m, plan).run_many(values)
    monkeypatch.setattr(engine, "BLOCK", 3)
    split = NumpyBatch(m, plan).run_many(values)
    for var in whole:
        assert _same_bits(whole[var], split[var])


def test_elements_of_the_same_shape_take_one_call() -> None:
    """The regional model's 4,250 live elements take under a third as many numpy calls a step (about
    950), not one per element."""
    from entropy.engines.numpy_block import Block

    sc = entropy.load_scenario("liaoning/bau")
    batch = NumpyBatch(sc.model, _scenario_plan(sc))
    block = Block(batch, {}, 4)
    assert len(batch.live) > 4000 and len(block.calls) < len(batch.live) / 3


# --- the regional model


@pytest.mark.parametrize("name", ["bau", "eco-province", "chain-led"])
def test_regional_scenarios_equal_simlin(name: str) -> None:
    """Every element of every variable of the regional model (9 sectors, the 9 x 9 exchange)."""
    sc = entropy.load_scenario(f"liaoning/{name}")
    plan = _scenario_plan(sc)
    got = NumpyBatch(sc.model, plan).run({})
    ref = SimlinBatch(sc.model, plan).run({})
    assert list(got) == list(ref)
    for var, series in ref.items():
        assert _same_bits(series, got[var]), var


def test_regional_members_of_the_uncertainty_file_equal_simlin() -> None:
    """Members sampled from the regional uncertainty file (whole arrays and single sectors)."""
    u = entropy.load_uncertainty(UNCERTAINTY)
    assert any("[" in k for k in u.names)
    sc = entropy.load_scenario("liaoning/bau")
    samples = u.sample(4, "mc", 5)
    plan = _scenario_plan(sc, ("industrial_output", "binding_load_ratio", "exchange_flow",
                               "regional_ecosystem_health"))
    overrides = {k: samples[:, j] for j, k in enumerate(u.names)}
    assert _check_members(sc.model, plan, overrides) == 4 * 4


@pytest.mark.slow
@pytest.mark.parametrize("name", REGIONAL_IDS)
def test_every_regional_scenario_equals_simlin(name: str) -> None:
    sc = entropy.load_scenario(f"liaoning/{name}")
    plan = _scenario_plan(sc)
    u = entropy.load_uncertainty(UNCERTAINTY)
    samples = u.sample(3, "lhs", 7)
    overrides = {k: samples[:, j] for j, k in enumerate(u.names) if k not in sc.constants}
    assert _check_members(sc.model, plan, overrides) == 3 * len(sc.model.variables) - 3 * 4  # 4 controls


# --- what is refused

HEAD = """{UTF-8}
Region:
	north, south
	~	~	|
Dest <-> Region
	~	~	|
Good:
	ore, fuel
	~	~	|
Cap[Region]=
	1, 2
	~	Dmnl ~	|
"""
TAIL = """
INITIAL TIME = 0
~ Year ~ |
FINAL TIME = 4
~ Year ~ |
TIME STEP = 0.5
~ Year ~ |
SAVEPER = 1
~ Year ~ |
"""


@pytest.mark.parametrize("body, construct", [
    ("Y[Region]=\n\tCap[Good]\n\t~ Dmnl ~ |\n", r"Y, line 12: refers to Cap over range Good, which is not a "
                                                r"range of the equation's left side \(a subscript mapping\)"),
    ("Y[Region]=\n\tCap * 2\n\t~ Dmnl ~ |\n", "Y, line 12: refers to Cap, which is subscripted, without subscripts"),
    ("Y=\n\tCap[Region!] * 2\n\t~ Dmnl ~ |\n", r"Y, line 12: Cap\[Region!\] outside SUM, VMAX or VMIN"),
    ("Y=\n\tPROD(Cap[Region!])\n\t~ Dmnl ~ |\n", "Y, line 12: calls PROD, a function the numpy engine does not run"),
    ("Y=\n\tELMCOUNT(Region)\n\t~ Dmnl ~ |\n", "Y, line 12: calls ELMCOUNT"),
    ("T((0,0),(10,1))\n~ Dmnl ~ |\nY[Region]=\n\tT(Cap[Region])\n\t~ Dmnl ~ |\n",
     "Y, line 14: calls T, a lookup"),
    ("Y[Region]=\n\tDELAY1(Cap[Region], 2)\n\t~ Dmnl ~ |\n", "Y, line 12: calls DELAY1"),
    ("Y[north]=\n\t1\n\t~ Dmnl ~ |\nZ = Y[south]\n~ Dmnl ~ |\n", r"Y, line 12: element Y\[south\] has no equation"),
    ("Y[Region]=\n\t1 ~~|\nY[north]=\n\t2\n\t~ Dmnl ~ |\n", r"line 14: element Y\[north\] has more than one"),
    ("Y[Region] :=\n\t1\n\t~ Dmnl ~ |\n", r"Y, line 12: data \(:=\)"),
    ("Y[Region]=\n\t1, 2, 3\n\t~ Dmnl ~ |\n", "Y, line 12: a list of 3 numbers for 2 elements"),
    ("Y[Region]=\n\tCap[Region, Region]\n\t~ Dmnl ~ |\n", "Y, line 12: refers to Cap with 2 subscripts"),
    ("Y[Region]=\n\tY[north] + 1\n\t~ Dmnl ~ |\n", r"algebraic loop .*Y\[north\] -> Y\[north\]"),
    ("S[Region]= INTEG(F - G[Region], 1)\n\t~ Dmnl ~ |\nF = 1\n~ Dmnl ~ |\nG[Region] = 0.1\n~ Dmnl ~ |\n",
     "S, line 12: flow F has other subscripts than its stock"),
])
def test_unsupported_array_constructs_are_named(tmp_path: Path, body: str, construct: str) -> None:
    """Refused with the variable, the line and the construct, so an ensemble falls back to Simlin."""
    path = tmp_path / "m.mdl"
    path.write_text(HEAD + body + TAIL, encoding="utf-8")
    m = load_model(path)
    plan = RunPlan(0, 4, 0.5, 1)
    with pytest.raises(EngineError, match=construct):
        NumpyBatch(m, plan)
    reason = numpy_supports(m, plan)
    assert reason is not None and ("use Simlin" in reason or "algebraic loop" in reason)


ARRAYED_SEMANTICS = """{UTF-8}
Region:
	north, south, east
	~	~	|
A[Region]=
	1, -2, 0.5
	~	Dmnl ~	|
B[Region]=
	2, 0, 3
	~	Dmnl ~	|
Lo[Region] = MIN(A[Region], B[Region])
~ Dmnl ~ |
Hi[Region] = MAX(A[Region], B[Region])
~ Dmnl ~ |
Lo Known[Region] = MIN(0, B[Region])
~ Dmnl ~ |
Hi Known[Region] = MAX(A[Region], 0)
~ Dmnl ~ |
Ratio X[Region] = XIDZ(A[Region], B[Region], 7)
~ Dmnl ~ |
Ratio Z[Region] = ZIDZ(A[Region], B[Region])
~ Dmnl ~ |
Pick[Region] = IF THEN ELSE(A[Region], 1, 2)
~ Dmnl ~ |
Pick Cmp[Region] = IF THEN ELSE(A[Region] > B[Region] :AND: :NOT: (A[Region] = B[Region]), A[Region], B[Region])
~ Dmnl ~ |
Differ[Region] = IF THEN ELSE(A[Region] <> B[Region] :OR: A[Region] < 0, 1, 0)
~ Dmnl ~ |
Power[Region] = A[Region] ^ B[Region]
~ Dmnl ~ |
Grow[Region] = EXP(A[Region] * Time / 10) + LN(B[Region]) + SQRT(B[Region])
~ Dmnl ~ |
Mag[Region] = ABS(A[Region]) - -B[Region] + SIN(A[Region]) + ARCTAN(B[Region])
~ Dmnl ~ |
Start[Region] = INITIAL(A[Region] * Time + Level[Region])
~ Dmnl ~ |
Level[Region] = INTEG(Lo[Region] + Ratio X[Region] - Drain[Region], A[Region])
~ Dmnl ~ |
Drain[Region] = Level[Region] / 4 + Start[Region] * 0
~ Dmnl ~ |
Flag[Region] = (A[Region] > B[Region]) * 3 + (Time > 2)
~ Dmnl ~ |
Dyn[Region] = XIDZ(Level[Region], B[Region], 7) + ZIDZ(Level[Region], A[Region] - A[Region]) + MIN(Level[Region], Hi[Region])
~ Dmnl ~ |
Spread = VMAX(Level[Region!]) - VMIN(Level[Region!]) + SUM(Dyn[Region!] * 1) / 1 - 0
~ Dmnl ~ |
INITIAL TIME = 0
~ Year ~ |
FINAL TIME = 4
~ Year ~ |
TIME STEP = 0.5
~ Year ~ |
SAVEPER = 1
~ Year ~ |
"""


def test_every_function_on_blocks_has_simlins_semantics(tmp_path: Path) -> None:
    """The functions of the scalar edge test, computed on blocks of elements: some elements set per
    run to 0, -0, tiny, NaN and infinite values, the others the model's numbers (mixed in one call)."""
    path = tmp_path / "semantics.mdl"
    path.write_text(ARRAYED_SEMANTICS, encoding="utf-8")
    m = load_model(path)
    values = [0.0, -0.0, 1.0, -1.0, 1e-7, 2.0, 1e-300, float("nan"), float("inf"), -float("inf"), 3.5]
    grid = np.array(list(itertools.product(values, values)))
    overrides = {"a[north]": grid[:, 0], "b[north]": grid[:, 1], "a[east]": grid[::-1, 1], "b[south]": grid[:, 0]}
    assert _check_members(m, _plan(m), overrides) == len(grid) * 20
