"""Bad input gets a clear error naming file, key and what is allowed; nothing is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import entropy
from entropy.cli import main
from entropy.errors import EngineError, ModelError, ScenarioError
from entropy.output.files import atomic_write

#: How many constants the cluster model has (the unknown-lever message counts them).
CONSTANTS = len(entropy.load_scenario("bau").model.constants)
BROKEN_MDL = "Stock = INTEG(flow +, \n ~ ~ |\n garbage (((\n"


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


CASES = {
    "malformed": (
        'name = "x"\nmodel = "cluster"\n[levers\n',
        ScenarioError,
        "{f}: not valid TOML: Expected ']' at the end of a table declaration (at line 3, column 8)",
    ),
    "unknown_lever": (
        'model = "cluster"\n[levers]\nrecycel_policy = 0.5\n',
        ScenarioError,
        "{f}: [levers] recycel_policy is not a constant of model cluster; did you mean "
        "recycle_policy or reduce_policy or reuse_policy? (the model has {n} constants; "
        "`entropy levers cluster` lists them)",
    ),
    "out_of_range": (
        'model = "cluster"\n[levers]\nrecycle_policy = 1.5\n',
        ScenarioError,
        "{f}: [levers] recycle_policy = 1.5 is out of range: allowed [0, 0.95] Dmnl",
    ),
    "nan": (
        'model = "cluster"\n[levers]\nrecycle_policy = nan\n',
        ScenarioError,
        "{f}: [levers] recycle_policy must be a finite number, got nan",
    ),
    "infinity": (
        'model = "cluster"\n[levers]\nreduce_policy = inf\n',
        ScenarioError,
        "{f}: [levers] reduce_policy must be a finite number, got inf",
    ),
    "wrong_type": (
        'model = "cluster"\n[levers]\nreuse_policy = "high"\n',
        ScenarioError,
        "{f}: [levers] reuse_policy must be a number, got str 'high'",
    ),
    "boolean": (
        'model = "cluster"\n[levers]\nthreshold_constraint_switch = true\n',
        ScenarioError,
        "{f}: [levers] threshold_constraint_switch must be a number, got bool True",
    ),
    "unknown_top_key": (
        'model = "cluster"\nlevrs = 1\n',
        ScenarioError,
        "{f}: unknown key 'levrs'; allowed keys: description, horizon, levers, model, name",
    ),
    "no_model": (
        'name = "x"\n',
        ScenarioError,
        "{f}: missing required key 'model' (a shipped model name or a .mdl path)",
    ),
    "missing_model": (
        'model = "nowhere.mdl"\n',
        ModelError,
        "{f}: model 'nowhere.mdl' not found (looked for {d}/nowhere.mdl)",
    ),
    "bad_horizon": (
        'model = "cluster"\n[horizon]\nstart = 2100\nend = 2050\n',
        ScenarioError,
        "{f}: [horizon] end (2050) must be after start (2100)",
    ),
    "bad_save_period": (
        'model = "cluster"\n[horizon]\ntime_step = 0.25\nsave_period = 0.3\n',
        ScenarioError,
        "{f}: [horizon] save_period (0.3) must be a whole multiple of time_step (0.25)",
    ),
    "step_change_out_of_range": (
        'model = "cluster"\n[levers]\nrecycle_policy = { before = 0.1, after = 2, year = 2050 }\n',
        ScenarioError,
        "{f}: [levers] recycle_policy.after = 2 is out of range: allowed [0, 0.95] Dmnl",
    ),
    "step_change_bad_key": (
        'model = "cluster"\n[levers]\nrecycle_policy = { before = 0.1, afterwards = 0.5, year = 2050 }\n',
        ScenarioError,
        "{f}: [levers] recycle_policy must be a number or a table {{ before = ..., after = ..., "
        "year = ... }}; unknown key 'afterwards'; missing 'after'",
    ),
    "stock_as_lever": (
        'model = "cluster"\n[levers]\nore_reserve = 10\n',
        ScenarioError,
        "{f}: [levers] ore_reserve is a stock, not a constant of model cluster",
    ),
    "control_as_lever": (
        'model = "cluster"\n[levers]\ntime_step = 1\n',
        ScenarioError,
        "{f}: [levers] time_step is a control variable: set it in [horizon] of model cluster",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_api_message(tmp_path: Path, case: str) -> None:
    text, error, message = CASES[case]
    f = write(tmp_path, f"{case}.toml", text)
    with pytest.raises(error) as info:
        entropy.load_scenario(f)
    assert str(info.value) == message.format(f=f, d=tmp_path, n=CONSTANTS)


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_exits_non_zero_and_writes_nothing(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _, message = CASES[case]
    f = write(tmp_path, f"{case}.toml", text)
    out = tmp_path / "result.nc"
    code = main(["run", str(f), "--engine", "simlin", "--out", str(out)])
    assert code == 2
    expected = "entropy: error: " + message.format(f=f, d=tmp_path, n=CONSTANTS)
    assert capsys.readouterr().err.strip() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [f.name]


def test_broken_mdl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mdl = write(tmp_path, "broken.mdl", BROKEN_MDL)
    sc = write(tmp_path, "broken.toml", 'model = "broken.mdl"\n')
    with pytest.raises(ModelError) as info:
        entropy.load_scenario(sc)
    # Read by the package's own reader (no PySD translation): names file and line.
    assert str(info.value).startswith(f"{mdl}: line 2: equation not closed")
    code = main(["run", str(sc), "--out", str(tmp_path / "r.csv")])
    assert code == 2
    assert capsys.readouterr().err.startswith(f"entropy: error: {mdl}: line 2: equation not closed")
    assert not (tmp_path / "r.csv").exists()


def test_not_an_mdl_file(tmp_path: Path) -> None:
    other = write(tmp_path, "model.txt", "hello")
    with pytest.raises(ModelError, match=r"model.txt: not a model file; allowed: Vensim .mdl, or XMILE .xmile, .stmx, .xml$"):
        entropy.load_model(other)


def test_missing_scenario_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "no-such-scenario"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("entropy: error: no-such-scenario: no such scenario file, and no shipped scenario")
    assert "bau" in err and "eco-park" in err


def test_unknown_output_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.xlsx"
    assert main(["run", "bau", "--engine", "simlin", "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"entropy: error: {out}: unknown output format '.xlsx'; allowed: "
        ".nc (netCDF (xarray, h5netcdf)), .csv (CSV)"
    )
    assert not out.exists()


def test_bad_cli_horizon(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "bau", "--dt", "-1"]) == 2
    assert "time_step must be > 0, got -1" in capsys.readouterr().err


def test_engine_failure_mid_batch_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """If the second of two runs fails, neither the combined file nor a temp file is left."""
    from entropy.engines import simlin_engine

    real = simlin_engine.SimlinEngine.simulate
    calls = {"n": 0}

    def flaky(self, model, plan):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise EngineError(f"{model.path}: Simlin run failed: injected")
        return real(self, model, plan)

    monkeypatch.setattr(simlin_engine.SimlinEngine, "simulate", flaky)
    out = tmp_path / "both.nc"
    assert main(["run", "bau", "reduce", "--engine", "simlin", "--out", str(out)]) == 2
    assert "injected" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"

    def half(tmp: Path) -> None:
        tmp.write_text("time,x\n2025,")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(target, half)
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    target.write_text("old")

    def half(tmp: Path) -> None:
        tmp.write_text("new but partial")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(target, half)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


def test_console_script_exit_code(tmp_path: Path) -> None:
    """The installed command, as a user runs it."""
    f = write(tmp_path, "bad.toml", 'model = "cluster"\n[levers]\nrecycle_policy = 1.5\n')
    exe = Path(sys.executable).parent / "entropy"
    proc = subprocess.run([str(exe), "run", str(f), "--out", str(tmp_path / "x.nc")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"entropy: error: {f}: [levers] recycle_policy = 1.5 is out of range: allowed [0, 0.95] Dmnl"
    )
    assert not (tmp_path / "x.nc").exists()
