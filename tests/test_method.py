"""The integration method of a run: ``euler`` (both engines) or ``rk4`` (Simlin only).

Most tests run a tiny exponential-decay model written into a temporary
folder, ``x' = -x`` with ``x(0) = 1``, whose exact solution is ``exp(-t)``.
The last ones hold the shipped cluster model's Euler runs, at the time step
its scenarios ship with, to Simlin's fourth-order Runge-Kutta.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.cli import main
from entropy.engines import PySDEngine, RunPlan, SimlinBatch
from entropy.errors import EngineError
from entropy.loading.model import load_model

DECAY_MDL = """{UTF-8}
X= INTEG (
\t-outflow,
\t\t1)
\t~\tWidget
\t~\tA stock that decays at rate one.
\t|

outflow=
\tX * decay rate
\t~\tWidget/Year
\t~\tThe stock lost per year.
\t|

decay rate=
\t1
\t~\t1/Year [0,?]
\t~\tFraction of the stock lost per year.
\t|

********************************************************
\t.Control
********************************************************~
\t\tSimulation Control Parameters
\t|

FINAL TIME  = 2
\t~\tYear
\t~\tThe final time for the simulation.
\t|

INITIAL TIME  = 0
\t~\tYear
\t~\tThe initial time for the simulation.
\t|

SAVEPER  = 0.25
\t~\tYear [0,?]
\t~\tThe frequency with which output is stored.
\t|

TIME STEP  = 0.25
\t~\tYear [0,?]
\t~\tThe time step for the simulation.
\t|
"""

#: Euler at a shipped scenario's time step stays this close to RK4 on every headline indicator.
EULER_TOL = 0.01
#: Series the headline indicators are read from.
HEADLINE_SERIES = ("industrial_output", "binding_load_ratio", "ecosystem_health",
                   "cumulative_non_renewable_entropy", "cumulative_co2")
PYSD_RK4 = "engine pysd integrates with Euler only (allowed method: euler); use --engine simlin for rk4"


@pytest.fixture
def decay(tmp_path: Path) -> Path:
    """A scenario file of the decay model (the folder holds only the model and it)."""
    (tmp_path / "decay.mdl").write_text(DECAY_MDL, encoding="utf-8")
    scenario = tmp_path / "decay.toml"
    scenario.write_text('model = "decay.mdl"\n', encoding="utf-8")
    return scenario


def relative_error(ds: xr.Dataset) -> float:
    """Largest relative distance of ``x`` from the exact ``exp(-t)``."""
    exact = np.exp(-ds["time"].values)
    return float(np.max(np.abs(ds["x"].values - exact) / exact))


def test_default_is_euler_and_recorded(decay: Path) -> None:
    ds = entropy.run(decay, engine="simlin")
    assert ds.attrs["integration_method"] == "euler"
    # Euler at dt 0.25: x(t) = 0.75 ** (t / 0.25), exactly.
    np.testing.assert_allclose(ds["x"].values, 0.75 ** (ds["time"].values / 0.25), rtol=1e-12)


def test_rk4_differs_from_euler_and_is_closer_to_the_exact_solution(decay: Path) -> None:
    euler = entropy.run(decay, engine="simlin", method="euler")
    rk4 = entropy.run(decay, engine="simlin", method="rk4")
    assert rk4.attrs["integration_method"] == "rk4"
    assert rk4.attrs["engine"] == "simlin"
    assert relative_error(euler) > 0.1
    assert relative_error(rk4) < 1e-3
    # One RK4 step of x' = -x multiplies x by the Taylor polynomial of exp(-h) to h**4.
    h = 0.25
    factor = 1 - h + h**2 / 2 - h**3 / 6 + h**4 / 24
    np.testing.assert_allclose(rk4["x"].values, factor ** (rk4["time"].values / h), rtol=1e-12)


def test_rk4_converges_at_fourth_order(decay: Path) -> None:
    """Halving the step divides Euler's error by about 2 and RK4's by about 16."""
    errors = {
        (method, dt): relative_error(entropy.run(decay, engine="simlin", method=method, time_step=dt))
        for method in ("euler", "rk4")
        for dt in (0.25, 0.125)
    }
    assert 1.5 < errors["euler", 0.25] / errors["euler", 0.125] < 2.5
    assert 12 < errors["rk4", 0.25] / errors["rk4", 0.125] < 20


def test_euler_agrees_across_engines(decay: Path) -> None:
    pysd = entropy.run(decay, engine="pysd", method="euler")
    simlin = entropy.run(decay, engine="simlin", method="euler")
    assert pysd.attrs["integration_method"] == "euler"
    np.testing.assert_allclose(pysd["x"].values, simlin["x"].values, rtol=1e-12)


def test_run_many_records_the_method(decay: Path) -> None:
    ds = entropy.run_many([decay], engine="simlin", method="rk4")
    assert ds.attrs["integration_method"] == "rk4"
    assert relative_error(ds.isel(scenario=0)) < 1e-3


def test_simlin_batch_honours_the_method(decay: Path) -> None:
    model = load_model(decay.parent / "decay.mdl")
    exact = float(np.exp(-2.0))
    finals = {}
    for method in ("euler", "rk4"):
        batch = SimlinBatch(model, RunPlan(0.0, 2.0, 0.25, 0.25, method=method))
        finals[method] = float(batch.run({})["x"][-1])
    assert abs(finals["rk4"] - exact) / exact < 1e-3
    assert abs(finals["euler"] - exact) / exact > 0.1


def test_pysd_refuses_rk4(decay: Path) -> None:
    with pytest.raises(EngineError) as info:
        entropy.run(decay, engine="pysd", method="rk4")
    assert str(info.value) == PYSD_RK4
    with pytest.raises(EngineError, match="integrates with Euler only"):
        entropy.run_many([decay], engine="pysd", method="rk4")
    model = load_model(decay.parent / "decay.mdl")
    with pytest.raises(EngineError, match="integrates with Euler only"):
        PySDEngine().simulate(model, RunPlan(0.0, 2.0, 0.25, 0.25, method="rk4"))


@pytest.mark.parametrize("engine", ["pysd", "simlin"])
@pytest.mark.parametrize("method", ["RK4", "rk2", "", "euler ", 4, None])
def test_unknown_method(decay: Path, engine: str, method: object) -> None:
    with pytest.raises(EngineError) as info:
        entropy.run(decay, engine=engine, method=method)  # type: ignore[arg-type]
    assert str(info.value) == f"unknown integration method {method!r}; allowed: euler, rk4"


def test_unknown_method_in_a_plan(decay: Path) -> None:
    model = load_model(decay.parent / "decay.mdl")
    with pytest.raises(EngineError, match="allowed: euler, rk4"):
        SimlinBatch(model, RunPlan(0.0, 2.0, 0.25, 0.25, method="midpoint"))


def test_cli_rk4_writes_an_rk4_run(decay: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = decay.parent / "r.nc"
    assert main(["run", str(decay), "--engine", "simlin", "--method", "rk4", "--out", str(out)]) == 0
    with xr.open_dataset(out) as ds:
        assert ds.attrs["integration_method"] == "rk4"
        assert relative_error(ds) < 1e-3
    capsys.readouterr()
    out_euler = decay.parent / "e.nc"
    assert main(["run", str(decay), "--engine", "simlin", "--out", str(out_euler)]) == 0
    with xr.open_dataset(out_euler) as ds:
        assert ds.attrs["integration_method"] == "euler"


@pytest.mark.parametrize("command", ["run", "compare"])
def test_cli_pysd_rk4_is_refused(decay: Path, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in decay.parent.iterdir())
    out = decay.parent / ("r.nc" if command == "run" else "r.csv")
    assert main([command, str(decay), "--method", "rk4", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == f"entropy: error: {PYSD_RK4}"
    assert "Traceback" not in captured.err
    assert sorted(p.name for p in decay.parent.iterdir()) == before


@pytest.mark.parametrize("command", ["run", "compare"])
def test_cli_unknown_method(decay: Path, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in decay.parent.iterdir())
    out = decay.parent / ("r.nc" if command == "run" else "r.csv")
    with pytest.raises(SystemExit) as info:
        main([command, str(decay), "--engine", "simlin", "--method", "rk2", "--out", str(out)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --method: invalid choice: 'rk2' (choose from" in err
    assert "'euler', 'rk4'" in err or "euler, rk4" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in decay.parent.iterdir()) == before


def headline(ds: xr.Dataset) -> dict[str, float]:
    """The indicators a reader of a cluster run looks at first."""
    out = ds["industrial_output"].values
    return {
        "peak_output": float(out.max()),
        "final_output": float(out[-1]),
        "max_binding_load": float(ds["binding_load_ratio"].max()),
        "min_health": float(ds["ecosystem_health"].min()),
        "cumulative_non_renewable_entropy": float(ds["cumulative_non_renewable_entropy"].values[-1]),
        "cumulative_co2": float(ds["cumulative_co2"].values[-1]),
    }


def relative_gaps(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    """|a - b| / |b| per indicator (0 where both are 0)."""
    return {k: abs(a[k] - b[k]) / abs(b[k]) if b[k] else abs(a[k]) for k in b}


def test_euler_at_the_shipped_time_step_is_within_one_percent_of_rk4(scenario_name: str) -> None:
    """The shipped time step is small enough: Euler's headline indicators are RK4's to 1%.

    RK4 at that time step is itself converged (halving its step moves the
    indicators by far less), so it stands in for the exact solution.
    """
    sc = entropy.load_scenario(scenario_name)
    euler = headline(entropy.run(sc, engine="simlin", method="euler", variables=HEADLINE_SERIES))
    rk4 = headline(entropy.run(sc, engine="simlin", method="rk4", variables=HEADLINE_SERIES))
    finer = headline(entropy.run(sc, engine="simlin", method="rk4", variables=HEADLINE_SERIES,
                                 time_step=sc.time_step / 2))
    assert max(relative_gaps(rk4, finer).values()) < EULER_TOL / 10
    gaps = relative_gaps(euler, rk4)
    worst = max(gaps, key=lambda k: gaps[k])
    assert gaps[worst] <= EULER_TOL, (
        f"{scenario_name} at dt {sc.time_step:g}: Euler's {worst} is {gaps[worst]:.3%} from RK4's "
        f"(all: {', '.join(f'{k} {v:.2e}' for k, v in gaps.items())})"
    )


def test_euler_gap_to_rk4_shrinks_with_the_step() -> None:
    """The gap is Euler's truncation error: halving the step about halves it."""
    sc = entropy.load_scenario("bau")
    rk4 = headline(entropy.run(sc, engine="simlin", method="rk4", variables=HEADLINE_SERIES))
    gaps = [relative_gaps(headline(entropy.run(sc, engine="simlin", variables=HEADLINE_SERIES,
                                               time_step=sc.time_step * k)), rk4)["min_health"]
            for k in (2, 1)]
    assert 0.3 < gaps[1] / gaps[0] < 0.7, gaps
