"""Bounded work, non-finite results, and output files that land where they should, whole.

Every absurd request is refused before anything is allocated, in well under a
second, on both engines, through the API and the command line; a run with NaN or
infinity is an error naming the first variable and time; result files are named
safely, confined to their folder, written all or none, and keep what they replace.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import entropy
from entropy import limits
from entropy.cli import main
from entropy.errors import EntropyError, NonFiniteError, ScenarioError
from entropy.output.files import atomic_write_all, output_targets, safe_stem
from entropy.simulation.run import first_non_finite

from .conftest import DATA, scenario

ENGINES = ("simlin", "pysd")


def write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


# --- Bounded work ------------------------------------------------------------------

ABSURD_HORIZONS = {
    "end_1e9": ("[horizon]\nend = 1e9\n", "[horizon] end = 1e+09 is out of range"),
    "end_1e6": ("[horizon]\nend = 1e6\n", "integration steps; allowed at most 1,000,000"),
    "tiny_step": ("[horizon]\ntime_step = 1e-300\n", "time_step = 1e-300 is too small"),
    "small_step": ("[horizon]\ntime_step = 1e-5\n", "integration steps; allowed at most"),
    "many_saved": ("[horizon]\nend = 200000\ntime_step = 0.5\nsave_period = 0.5\n",
                   "allowed at most 100,000"),
    "save_too_long": ("[horizon]\nsave_period = 1e300\n", "save_period (1e+300) is longer than the horizon"),
    "start_far": ("[horizon]\nstart = -1e300\n", "[horizon] start = -1e+300 is out of range"),
    "step_year": ("[levers]\nrecycle_policy = { before = 0, after = 0.5, year = 1e300 }\n",
                  "year = 1e+300 is out of range"),
}


@pytest.mark.parametrize("case", sorted(ABSURD_HORIZONS))
@pytest.mark.parametrize("engine", ENGINES)
def test_absurd_work_is_refused_fast_in_the_api(case: str, engine: str, tmp_path: Path) -> None:
    text, expected = ABSURD_HORIZONS[case]
    path = write(tmp_path, f"{case}.toml", 'model = "cluster"\n' + text)
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match=f"^{path}: ") as info:
        entropy.run(path, engine=engine)
    assert time.perf_counter() - started < 1.0
    assert expected in str(info.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_absurd_work_is_refused_on_the_command_line(
    engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "big.toml", 'model = "cluster"\n[horizon]\nend = 1e9\n')
    out = tmp_path / "out.nc"
    assert main(["run", str(path), "--engine", engine, "--out", str(out)]) == 2
    assert "[horizon] end = 1e+09 is out of range" in capsys.readouterr().err
    assert not out.exists()
    assert main(["run", "bau", "--engine", engine, "--dt", "1e-9"]) == 2
    assert "integration steps; allowed at most 1,000,000" in capsys.readouterr().err


def test_overrides_are_bounded_too() -> None:
    sc = scenario("bau")
    with pytest.raises(ScenarioError, match="integration steps"):
        sc.with_horizon(end=5e6)
    with pytest.raises(ScenarioError, match="integration steps"):
        entropy.run(sc, engine="simlin", time_step=1e-6)


def test_limits_are_generous_for_real_use() -> None:
    """A thousand years at a time step of 1/128 year passes the checks."""
    limits.check_horizon_work("x", 2025, 3025, 1 / 128, 1)


def test_saved_values_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_RUN_VALUES", 1000)
    with pytest.raises(ScenarioError, match="saved points x .* variable elements"):
        entropy.run(scenario("bau"), engine="simlin")
    # Fewer kept variables fit.
    entropy.run(scenario("bau"), engine="simlin", variables=["binding_load_ratio"])


@pytest.mark.parametrize(
    "value, ok",
    [(5, True), (np.int64(5), True), (5.0, True), (np.float64(5.0), True), (True, False),
     (5.5, False), (float("nan"), False), ("5", False), (0, False), (None, False)],
)
def test_counts_are_whole_numbers_in_range(value: object, ok: bool) -> None:
    if ok:
        assert limits.check_count("--runs", value, 1, 10) == 5
    else:
        with pytest.raises(EntropyError, match="^--runs .*allowed: a whole number from 1 to 10"):
            limits.check_count("--runs", value, 1, 10)


def test_numpy_scalars_are_numbers_in_the_api() -> None:
    sc = scenario("bau").with_levers(recycle_policy=np.float64(0.5), reuse_policy=np.int64(0))
    assert sc.constants["recycle_policy"] == 0.5
    ds = entropy.run(sc, engine="simlin", end=np.int64(2100), time_step=np.float64(0.25))
    assert float(ds["time"][-1]) == 2100
    with pytest.raises(ScenarioError, match="must be a number, got bool"):
        scenario("bau").with_levers(recycle_policy=np.bool_(True))


# --- No silent wrong numbers -----------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_non_finite_run_is_an_error_naming_variable_and_time(engine: str) -> None:
    sc = entropy.load_scenario(DATA / "fragile.toml").with_levers(x=0.5)
    with pytest.raises(NonFiniteError, match=r"rate is (inf|not finite).* at time 0\b"):
        entropy.run(sc, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_check_fails_on_non_finite_values(engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["check", str(DATA / "fragile.toml"), "--set", "x=0.5", "--engine", engine, "--quick"]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "finite     FAIL" in out and "rate" in out
    assert out.strip().splitlines()[-1] == "0 passed, 1 failed"


def test_first_non_finite_is_the_earliest() -> None:
    time_ = np.array([0.0, 1.0, 2.0])
    series = {"a": np.array([1.0, 1.0, np.nan]), "b": np.array([1.0, np.inf, 1.0])}
    assert first_non_finite(time_, series) == (
        "b is inf at time 1 (1 more variable non-finite)"
    )
    assert first_non_finite(time_, {"a": np.ones(3)}) is None


#: Every constant of the cluster model with a finite range, for the sweep.
_SWEPT = {k: v for k, v in scenario("bau").model.constants.items()
          if v.minimum is not None and v.maximum is not None}


@st.composite
def _settings(draw: st.DrawFn) -> dict[str, float]:
    out = {}
    for name, info in _SWEPT.items():
        assert info.minimum is not None and info.maximum is not None
        # Extremes of the ranges are where models break: draw them often.
        out[name] = draw(st.one_of(st.sampled_from([info.minimum, info.maximum]),
                                   st.floats(info.minimum, info.maximum)))
    return out


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(_settings())
def test_no_in_range_setting_gives_a_non_finite_result(setting: dict[str, float]) -> None:
    """Random in-range settings of every constant (Simlin): every value finite.

    Found the infinite load ratio of a zero residual assimilation (the range of
    that assumption now starts at 0.01).
    """
    entropy.run(scenario("bau").with_levers(**setting), engine="simlin")


def test_every_constant_has_a_finite_range() -> None:
    """A constant without a range could be set to anything: the sweep must cover all."""
    assert set(_SWEPT) == set(scenario("bau").model.constants)


# --- Files land where they should, whole -------------------------------------------

@pytest.mark.parametrize(
    "name, stem",
    [("../escaped", "escaped"), ("..", "scenario"), ("/etc/passwd", "etc_passwd"),
     ("a/../../b", "a_b"), (".hidden", "hidden"), ("con", "_con"), ("x\x00y\n", "x_y"),
     ("C:\\win", "C_win"), ("名字", "名字"), ("full 3R", "full_3R"), ("a" * 300, "a" * 80)],
)
def test_output_names_are_safe(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


def test_out_dir_confines_and_checks_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    escaped = write(tmp_path, "esc.toml", 'name = "../escaped"\nmodel = "cluster"\n')
    out = tmp_path / "out"
    out.mkdir()
    assert main(["run", str(escaped), "--engine", "simlin", "--out-dir", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["escaped.nc"]
    assert not (tmp_path / "escaped.nc").exists()
    # Two scenarios named alike (after making names safe, ignoring case): refused, nothing run.
    twin = write(tmp_path, "twin.toml", 'name = "ESCAPED"\nmodel = "cluster"\n')
    capsys.readouterr()
    assert main(["run", str(escaped), str(twin), "--engine", "simlin", "--out-dir", str(out)]) == 2
    assert "would both be written to" in capsys.readouterr().err
    same = write(tmp_path, "bau2.toml", 'name = "bau"\nmodel = "cluster"\n')
    assert main(["run", "bau", str(same), "--engine", "simlin", "--out-dir", str(out)]) == 2
    assert "scenario 'bau' is given twice" in capsys.readouterr().err


def test_out_dir_writes_all_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "bau.nc").write_bytes(b"old")
    calls = []

    def write_ok(tmp: Path) -> None:
        calls.append(tmp)
        tmp.write_bytes(b"new")

    def write_fails(tmp: Path) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write_all([(out / "bau.nc", write_ok), (out / "eco-park.nc", write_fails)])
    assert sorted(p.name for p in out.iterdir()) == ["bau.nc"]
    assert (out / "bau.nc").read_bytes() == b"old"

    # A rename that fails half way restores what was replaced.
    real_replace = os.replace
    seen: list[str] = []

    def flaky_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        seen.append(str(dst))
        if len(seen) == 2:
            raise OSError("rename failed")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    with pytest.raises(OSError, match="rename failed"):
        atomic_write_all([(out / "bau.nc", write_ok), (out / "new.nc", write_ok)])
    monkeypatch.setattr(os, "replace", real_replace)
    assert sorted(p.name for p in out.iterdir()) == ["bau.nc"]
    assert (out / "bau.nc").read_bytes() == b"old"


def test_overwrite_keeps_permissions_and_writes_through_symlinks(tmp_path: Path) -> None:
    target = tmp_path / "kept.csv"
    target.write_text("old")
    os.chmod(target, 0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(target.name)
    assert main(["run", "bau", "--engine", "simlin", "--out", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == "kept.csv"
    assert target.read_text().startswith("scenario,time") or target.read_text().startswith("time")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_out_nc_is_always_netcdf(tmp_path: Path) -> None:
    for name in ("x.nc", "X.NC"):
        path = tmp_path / name
        assert main(["run", "bau", "--engine", "simlin", "--out", str(path)]) == 0
        assert path.read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_unwritable_destination_is_found_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    import entropy.cli as cli

    monkeypatch.setattr(cli, "run", lambda *a, **k: pytest.fail("ran"))
    assert main(["run", "bau", "--out", str(locked / "x.nc")]) == 2
    assert "cannot write in folder" in capsys.readouterr().err


def test_unwritable_destination_is_found_before_the_run_as_any_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A destination that is a folder, or a missing folder, or a read-only file."""
    import entropy.cli as cli

    monkeypatch.setattr(cli, "run", lambda *a, **k: pytest.fail("ran before checking the output"))
    (tmp_path / "dir.nc").mkdir()
    assert main(["run", "bau", "--out", str(tmp_path / "dir.nc")]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["run", "bau", "--out", str(tmp_path / "missing" / "x.nc")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["run", "bau", "--out-dir", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err
    out = tmp_path / "out"
    out.mkdir()
    assert output_targets(out, ["bau"], "nc") == [out / "bau.nc"]


def test_different_horizons_refused_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = write(tmp_path, "short.toml", 'name = "short"\nmodel = "cluster"\n[horizon]\nend = 2100\n')
    for argv in (["run", "bau", str(short), "--out", str(tmp_path / "both.nc")],
                 ["compare", "bau", str(short)]):
        assert main([*argv, "--engine", "simlin"]) == 2
        assert "save at different times" in capsys.readouterr().err
    assert not (tmp_path / "both.nc").exists()


# --- Every user error is a message ---------------------------------------------------

def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b'\xef\xbb\xbfmodel = "cluster"\n[levers]\nrecycle_policy = 0.5\n')
    assert entropy.load_scenario(path).constants == {"recycle_policy": 0.5}


@pytest.mark.parametrize(
    "data, message",
    [(b'model = "cluster"\nx = ' + b"[" * 5000 + b"]" * 5000 + b"\n", "nested too deeply"),
     (b"\x89PNG\r\n\x1a\n\x00\x00binary", "is not UTF-8 text"),
     (b'model = "cluster"\x00\n', "NUL bytes"),
     (b"# " + b"x" * (limits.MAX_TEXT_FILE_BYTES + 1), "allowed at most 1,048,576")],
)
def test_unreadable_scenario_files_are_clear_errors(
    data: bytes, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(data)
    assert main(["run", str(path), "--engine", "simlin"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"entropy: error: {path}: ") and message in err
    assert "Traceback" not in err


def test_empty_variables_list_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "bau", "--engine", "simlin", "--variables", ",,,"]) == 2
    assert "--variables ',,,': no variable names" in capsys.readouterr().err


def test_piping_into_head_exits_quietly() -> None:
    """The reader goes away before we write: no BrokenPipeError traceback."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "entropy.cli", "levers", "cluster"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_oversized_model_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.mdl"
    big.write_text("{UTF-8}\n" + "x = 1 ~ ~ |\n" * 10, encoding="utf-8")
    monkeypatch.setattr("entropy.loading.model.MAX_MODEL_FILE_BYTES", 64)
    with pytest.raises(entropy.ModelError, match=r"big.mdl: model file is [\d,]+ bytes; allowed at most 64"):
        entropy.load_model(big)
    assert main(["levers", str(big)]) == 2
    assert "allowed at most 64" in capsys.readouterr().err


def test_model_with_too_many_elements_is_refused_at_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 2,000 x 1,000 matrix is 2 million elements: refused before any engine allocates them."""
    text = (
        "{UTF-8}\nA:\n\t(a1-a2000)\n\t~\t~\t|\n\nB:\n\t(b1-b1000)\n\t~\t~\t|\n\n"
        "M[A,B]=\n\t1\n\t~\tDmnl\n\t~\t\t|\n\nS= INTEG(1, 0)\n\t~\tDmnl\n\t~\t\t|\n\n"
        + "".join(f"{n} = {v}\n\t~\tYear\n\t~\t\t|\n"
                  for n, v in (("FINAL TIME", 10), ("INITIAL TIME", 0), ("SAVEPER", 1), ("TIME STEP", 1)))
    )
    mdl = write(tmp_path, "huge.mdl", text)
    scenario_file = write(tmp_path, "huge.toml", 'model = "huge.mdl"\n')
    with pytest.raises(entropy.ModelError, match=r"2,000,005 variable elements .*'m' alone 2,000,000"):
        entropy.load_model(mdl)
    for engine in ENGINES:
        assert main(["run", str(scenario_file), "--engine", engine]) == 2
        assert "allowed at most 1,000,000" in capsys.readouterr().err


def test_ensemble_sample_matrix_is_bounded() -> None:
    with pytest.raises(EntropyError, match=r"1,000,000 runs x 300 uncertain parameters"):
        limits.check_ensemble_work("--runs", 1, 1_000_000, 1, 1, n_parameters=300)
    limits.check_ensemble_work("--runs", 1, 1_000_000, 1, 1, n_parameters=200)
