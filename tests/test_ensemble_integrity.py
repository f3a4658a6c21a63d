"""Ensembles and uncertainty files under bad input and damaged work (sensitivity: test_sensitivity_input.py).

Every case here was found by trying to break the tools: a damaged chunk on
resume, a member that gives infinity, a distribution that is a single point, a
scenario that also sets an uncertain constant, odd seeds and options. Each must
be a clear error (or a reported recomputation), never a traceback or a silent
wrong answer.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.cli import main
from entropy.simulation.ensemble import Chunk, _non_finite, ensemble
from entropy.errors import EntropyError, ScenarioError
from entropy.analysis.robustness import percentile_bands, robustness_table
from entropy.analysis.sensitivity import sensitivity
from entropy.loading.uncertainty import UncertaintySet, load_uncertainty

from .conftest import DATA, ROOT

UNCERTAIN = ROOT / "sd_models" / "cluster" / "uncertainty.toml"
RUNS, CHUNK = 30, 10  # three chunks of bau


@pytest.fixture(scope="module")
def cluster_uncertainty() -> UncertaintySet:
    return load_uncertainty(UNCERTAIN)


@pytest.fixture(scope="module")
def whole(cluster_uncertainty: UncertaintySet) -> xr.Dataset:
    """The uninterrupted ensemble every resumed one must equal, bit for bit."""
    return ensemble(["bau"], cluster_uncertainty, RUNS, seed=9, workers=1, chunk_size=CHUNK)


def _interrupted(out: Path, uncertain: UncertaintySet, after: int = 2) -> list[Path]:
    """Run until ``after`` chunks are stored, then stop as a kill would; the stored parts."""
    seen: list[Chunk] = []

    def stop(chunk: Chunk) -> None:
        seen.append(chunk)
        if len(seen) == after:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ensemble(["bau"], uncertain, RUNS, seed=9, workers=1, chunk_size=CHUNK, out=out, on_chunk=stop)
    return sorted(Path(str(out) + ".parts").rglob("*.nc"))


def _swap(part: Path) -> None:
    """Put the next chunk's intact part (and its true record) in place of this one."""
    other = sorted(part.parent.glob("*.nc"))[1]
    part.write_bytes(other.read_bytes())
    part.with_name(part.name + ".json").write_bytes(other.with_name(other.name + ".json").read_bytes())


def _flip(data: bytes) -> bytes:
    """4 KB of bytes in the middle inverted."""
    mid = len(data) // 2
    return data[:mid] + bytes(b ^ 0xFF for b in data[mid:mid + 4096]) + data[mid + 4096:]


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda p: p.write_bytes(_flip(p.read_bytes())), "is corrupt"),
        (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "is truncated"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_bytes(p.read_bytes() + b"\0" * 10), "has the wrong size"),
        (lambda p: p.with_name(p.name + ".json").unlink(), "has no checksum record"),
        (lambda p: p.with_name(p.name + ".json").write_text("{not json"), "unreadable checksum record"),
        (lambda p: p.unlink(), "is missing"),
        (lambda p: _swap(p), "does not hold runs 0-9"),
        (lambda p: (p.unlink(), p.mkdir()), "is unreadable"),
    ],
    ids=["flipped", "truncated", "empty", "longer", "no-record", "bad-record", "part-gone", "other-chunk",
         "a-folder"],
)
def test_damaged_part_is_reported_and_recomputed(tmp_path: Path, cluster_uncertainty: UncertaintySet,
                                                 whole: xr.Dataset, damage: Callable[[Path], object],
                                                 reason: str) -> None:
    out = tmp_path / "ens.nc"
    parts = _interrupted(out, cluster_uncertainty)
    assert len(parts) == 2 and all(p.with_name(p.name + ".json").is_file() for p in parts)
    damage(parts[0])
    messages: list[str] = []
    computed: list[Chunk] = []
    ds = ensemble(["bau"], cluster_uncertainty, RUNS, seed=9, workers=1, chunk_size=CHUNK, out=out,
                  on_chunk=computed.append, on_message=messages.append)
    assert len(messages) == 1 and parts[0].name in messages[0] and reason in messages[0], messages
    assert "computing runs 0-9 of scenario 1 again" in messages[0]
    assert [c.start for c in computed] == [0, 20]  # the damaged chunk and the one never stored
    for var in ("binding_load_ratio", "persistent_pollution", "status", "param_recycling_yield"):
        np.testing.assert_array_equal(ds[var].values, whole[var].values)
    assert ds.attrs["failed_runs"] == 0
    back = xr.load_dataset(out, engine="h5netcdf")
    np.testing.assert_array_equal(back["persistent_pollution"].values, whole["persistent_pollution"].values)
    assert not Path(str(out) + ".parts").exists()


def test_intact_parts_are_used_without_a_word(tmp_path: Path, cluster_uncertainty: UncertaintySet,
                                              whole: xr.Dataset) -> None:
    out = tmp_path / "ens.zarr"
    _interrupted(out, cluster_uncertainty)
    messages: list[str] = []
    computed: list[Chunk] = []
    ds = ensemble(["bau"], cluster_uncertainty, RUNS, seed=9, workers=1, chunk_size=CHUNK, out=out,
                  on_chunk=computed.append, on_message=messages.append)
    assert messages == [] and [c.start for c in computed] == [20]
    np.testing.assert_array_equal(ds["binding_load_ratio"].values, whole["binding_load_ratio"].values)


def test_cli_reports_a_corrupt_part_on_stderr(tmp_path: Path, cluster_uncertainty: UncertaintySet,
                                              whole: xr.Dataset, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ens.nc"
    parts = _interrupted(out, cluster_uncertainty)
    parts[1].write_bytes(_flip(parts[1].read_bytes()))
    assert main(["ensemble", "bau", "--uncertain", str(UNCERTAIN), "--runs", str(RUNS), "--seed", "9",
                 "--chunk", str(CHUNK), "--workers", "1", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{parts[1].name} is corrupt" in err and "Traceback" not in err
    back = xr.load_dataset(out, engine="h5netcdf")
    np.testing.assert_array_equal(back["persistent_pollution"].values, whole["persistent_pollution"].values)


# --- non-finite members -------------------------------------------------------------------------

def test_first_non_finite_value_is_named_by_variable_and_time() -> None:
    time_ = np.array([0.0, 1.0, 2.0, 3.0])
    out = {"a": np.array([[1.0, 2.0, np.inf, 1.0]]), "b": np.array([[1.0, np.nan, 1.0, 1.0]])}
    assert _non_finite(time_, out, 0) == "non-finite b (nan) from time 1"
    assert _non_finite(time_, {"a": np.ones((1, 4))}, 0) == ""


def test_non_finite_members_fail_with_their_reason() -> None:
    u = load_uncertainty(DATA / "fragile_uncertainty.toml")
    ds = ensemble([DATA / "fragile.toml"], u, 9, workers=1, variables=["level"])
    failed = ds["status"].values[0] == 1
    assert failed.any() and np.all(ds["param_x"].values[failed] == 0.5)
    for e in ds["error"].values[0][failed]:
        assert e.startswith("non-finite level (") and " from time " in e, e


def test_summaries_skip_failed_runs() -> None:
    """A failed run's values (even huge ones) must not move any summary."""
    t = np.arange(3.0)
    load = np.array([[[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [1e300, np.inf, np.nan]]])
    ds = xr.Dataset({
        "binding_load_ratio": (("scenario", "run", "time"), load),
        "ecosystem_health": (("scenario", "run", "time"), np.ones_like(load)),
        "industrial_output": (("scenario", "run", "time"), np.ones_like(load)),
        "status": (("scenario", "run"), np.array([[0, 0, 1]], dtype=np.int8)),
    }, coords={"scenario": ["s"], "run": [0, 1, 2], "time": t})
    assert float(percentile_bands(ds, "binding_load_ratio").max()) == 0.5
    table = robustness_table(ds)
    assert table.loc["s", "p_overshoot"] == 0 and table.loc["s", "failed_runs"] == 1
    assert table.loc["s", "expected_cumulative_output"] == 2


# --- uncertainty files --------------------------------------------------------------------------

_TRI = '[parameters.critical_pollution_index]\ndistribution = "triangular"\n'
_UNI = '[parameters.damage_time]\ndistribution = "uniform"\n'
_NORM = '[parameters.recycling_yield]\ndistribution = "normal"\nmean = 0.85\n'
_DISC = '[parameters.service_life]\ndistribution = "discrete"\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_TRI + "min = 5\nmode = 5\nmax = 5\n", "[parameters.critical_pollution_index] min (5) must be less than max"),
        (_TRI + "min = 15\nmode = 10\nmax = 5\n",
         "[parameters.critical_pollution_index] min (15) must be less than max"),
        (_TRI + "min = 5\nmode = 15\nmax = 10\n", "[parameters.critical_pollution_index] mode (15) must lie between"),
        (_TRI + "min = 1\nmode = 2\nmax = 3\n",
         "[parameters.critical_pollution_index] value 1 is outside the range of critical_pollution_index"),
        (_UNI + "min = 2\nmax = 2\n", "[parameters.damage_time] min (2) must be less than max (2)"),
        (_UNI + "min = 2\nmax = inf\n", "[parameters.damage_time] max must be a finite number, got inf"),
        (_UNI + "min = nan\nmax = 2\n", "[parameters.damage_time] min must be a finite number, got nan"),
        (_NORM + "sd = 0\n", "[parameters.recycling_yield] sd must be positive, got 0"),
        (_NORM + "sd = -0.1\n", "[parameters.recycling_yield] sd must be positive, got -0.1"),
        (_NORM + "sd = nan\n", "[parameters.recycling_yield] sd must be a finite number, got nan"),
        (_NORM + "sd = 1e-300\n", "[parameters.recycling_yield] the normal distribution"),
        (_NORM + "sd = 1e300\n", "[parameters.recycling_yield] the normal distribution"),
        (_DISC + "values = [10, 20]\nweights = [0, 0]\n", "weights must have a positive, finite sum"),
        (_DISC + "values = [10, 20]\nweights = [1, -1]\n", "weights must not be negative, got -1"),
        (_DISC + "values = [10, 20]\nweights = [1, nan]\n", "weights must be a non-empty list of finite numbers"),
        (_DISC + "values = [10, 20]\nweights = [1, inf]\n", "weights must be a non-empty list of finite numbers"),
        (_DISC + "values = [10, 20]\nweights = [1e308, 1e308]\n", "weights must have a positive, finite sum"),
        (_DISC + "values = [10, 20]\nweights = [1, 2, 3]\n", "weights must be as many as values: 3 weights, 2"),
        (_DISC + "values = []\n", "[parameters.service_life] values must be a non-empty list"),
        (_DISC + "values = [10, nan]\n", "values must be a non-empty list of finite numbers"),
        (_DISC + "values = [10, 20]\nweights = [1, 0]\n", "needs at least two different values"),
        (_DISC + "values = [15, 15]\n", "needs at least two different values"),
        (_DISC + "values = [10, 1" + "0" * 400 + "]\n", "values must be a non-empty list of finite numbers"),
        (_DISC + 'values = [10, "20"]\n', "values must be a non-empty list of finite numbers"),
        ('[parameters.recycling_yield]\ndistribution = 5\n', "[parameters.recycling_yield] distribution 5"),
        ('[parameters.recycling_yield]\ndistribution = ["normal"]\n', "distribution ['normal']; allowed"),
        (_NORM + "sd = 0.04\nreason = inf\n", "[parameters.recycling_yield] reason must be text"),
        ('description = nan\n' + _NORM + "sd = 0.04\n", "description must be text"),
    ],
)
def test_degenerate_or_non_finite_distributions(tmp_path: Path, body: str, message: str) -> None:
    f = tmp_path / "u.toml"
    f.write_text('model = "cluster"\n' + body, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_uncertainty(f)
    assert str(info.value).startswith(f"{f}: ") and message in str(info.value), str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89HDF\r\n\x1a\n\x00\x00\xff\xfe binary", "not UTF-8 text"),
        ('model = "cluster"  # caf\xe9\n'.encode("latin-1"), "not UTF-8 text"),
        (b'model = "cluster"\x00\n', "contains NUL bytes"),
        (("x = " + "[" * 5000 + "]" * 5000 + "\n").encode(), "nested too deeply"),
        (b'model = 5\n', "model must be text"),
        (b"", "missing required key 'model'"),
        (b'model = "cluster"\nparameters = 3\n', "[parameters] must hold at least one"),
    ],
    ids=["binary", "latin-1", "nul", "deep", "model-number", "empty", "parameters-number"],
)
def test_unreadable_uncertainty_files(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "u.toml"
    f.write_bytes(content)
    with pytest.raises(ScenarioError) as info:
        load_uncertainty(f)
    assert str(info.value).startswith(str(f)) and message in str(info.value), str(info.value)


def test_a_folder_is_not_an_uncertainty_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read uncertainty file"):
        load_uncertainty(tmp_path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "u.toml"
    f.write_bytes(b"\xef\xbb\xbf" + UNCERTAIN.read_bytes())
    assert load_uncertainty(f).names == load_uncertainty(UNCERTAIN).names


def test_normal_samples_stay_inside_the_range(cluster_uncertainty: UncertaintySet) -> None:
    """The truncated normal's ends round one ulp outside the range unless clipped."""
    p = cluster_uncertainty.parameters[cluster_uncertainty.names.index("recycling_yield")]
    x = p.ppf(np.array([0.0, np.nextafter(1.0, 0.0)]))
    assert x[0] >= p.lower and x[1] <= p.upper


# --- a scenario that sets an uncertain constant -------------------------------------------------

@pytest.mark.parametrize("lever", ["recycling_yield = 0.9",
                                   "recycling_yield = { before = 0.8, after = 0.9, year = 2050 }"],
                         ids=["constant", "step"])
@pytest.mark.parametrize("engine", ["simlin", "pysd"])
def test_scenario_may_not_set_an_uncertain_constant(tmp_path: Path, cluster_uncertainty: UncertaintySet,
                                                    lever: str, engine: str) -> None:
    f = tmp_path / "sets.toml"
    f.write_text(f'name = "sets"\nmodel = "cluster"\n[levers]\n{lever}\n', encoding="utf-8")
    sc = entropy.load_scenario(f)
    for call in (lambda: ensemble([sc], cluster_uncertainty, 2, workers=1, engine=engine, out=tmp_path / "e.nc"),
                 lambda: sensitivity(sc, cluster_uncertainty, "morris", n=2, engine=engine)):
        with pytest.raises(ScenarioError) as info:
            call()
        text = str(info.value)
        assert text.startswith(f"{f}: [levers] recycling_yield: the scenario ") and str(UNCERTAIN) in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sets.toml"]


def test_scenario_file_that_sets_an_uncertain_constant_is_refused_by_the_cli(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No shipped scenario sets an uncertain constant (test_ensemble.py): a user's file may."""
    f = tmp_path / "mine.toml"
    f.write_text('name = "mine"\nmodel = "cluster"\n[levers]\nrecycle_policy = 0.9\nland_capacity = 300\n',
                 encoding="utf-8")
    assert main(["ensemble", str(f), "--uncertain", str(UNCERTAIN), "--runs", "2",
                 "--out", str(tmp_path / "e.nc")]) == 2
    assert "mine.toml: [levers] land_capacity: the scenario sets it to 300" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml"]


# --- seeds and options through the API ----------------------------------------------------------

@pytest.mark.parametrize("seed", [True, -1, 1.5, 2.0, 2**63, "3", None])
def test_bad_seeds(cluster_uncertainty: UncertaintySet, seed: object) -> None:
    with pytest.raises(EntropyError, match=r"seed \(--seed\)"):
        cluster_uncertainty.sample(4, "lhs", seed)  # type: ignore[arg-type]
    with pytest.raises(EntropyError, match=r"seed \(--seed\)"):
        ensemble(["bau"], cluster_uncertainty, 4, seed=seed, workers=1)  # type: ignore[arg-type]


@pytest.mark.parametrize("sampler", ["lhs", "mc", "sobol"])
def test_same_seed_same_result_whatever_the_split(cluster_uncertainty: UncertaintySet, sampler: str) -> None:
    big = 2**63 - 1
    np.testing.assert_array_equal(cluster_uncertainty.sample(8, sampler, big),
                                  cluster_uncertainty.sample(8, sampler, np.int64(big)))  # type: ignore[arg-type]
    a = ensemble(["bau"], cluster_uncertainty, 6, sampler=sampler, seed=np.int64(4),  # type: ignore[arg-type]
                 workers=1, chunk_size=6)
    b = ensemble(["bau"], cluster_uncertainty, np.int64(6), sampler=sampler, seed=4, workers=1,  # type: ignore[arg-type]
                 chunk_size=np.int64(4))  # type: ignore[arg-type]
    np.testing.assert_array_equal(a["binding_load_ratio"].values, b["binding_load_ratio"].values)
    assert a.attrs["seed"] == 4


@pytest.mark.slow
@pytest.mark.parametrize("sampler", ["mc", "sobol"])
def test_same_seed_same_result_on_two_workers(cluster_uncertainty: UncertaintySet, sampler: str) -> None:
    one = ensemble(["bau"], cluster_uncertainty, 20, sampler=sampler, seed=6, workers=1, chunk_size=20)
    two = ensemble(["bau"], cluster_uncertainty, 20, sampler=sampler, seed=6, workers=2, chunk_size=7)
    np.testing.assert_array_equal(one["binding_load_ratio"].values, two["binding_load_ratio"].values)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"runs": 0}, r"runs \(--runs\) = 0 is out of range; allowed: a whole number from 1 to 1,000,000"),
        ({"runs": -5}, r"runs \(--runs\) = -5 is out of range"),
        ({"runs": 1.5}, r"runs \(--runs\) = 1.5 is not a whole number"),
        ({"runs": 10**9}, r"runs \(--runs\) = 1,000,000,000 is out of range"),
        ({"runs": 900_000}, r"runs \(--runs\): 1 scenarios x 900,000 runs x 201 saved points"),
        ({"runs": 50, "max_runs": 20}, r"runs \(--runs\) = 50 is out of range; allowed: a whole number from 1 to 20"),
        ({"chunk_size": 0}, r"chunk_size \(--chunk\) = 0 is out of range"),
        ({"chunk_size": "10"}, r"chunk_size \(--chunk\) must be a whole number"),
        ({"workers": 0}, r"workers \(--workers\) = 0 is out of range; allowed: a whole number from 1 to 256"),
        ({"workers": -2}, r"workers \(--workers\) = -2 is out of range"),
        ({"scheduler": "8786"}, r"scheduler \(--scheduler\) '8786' is not a scheduler address"),
        ({"scheduler": "http://host:8786"}, r"'http://host:8786' is not a scheduler address"),
        ({"scheduler": "tcp://host:0"}, r"'tcp://host:0' is not a scheduler address"),
        ({"sampler": "latin"}, r"unknown sampler 'latin'; allowed: lhs, mc, sobol"),
        ({"engine": "vensim"}, r"unknown engine 'vensim'; allowed: numpy, pysd, simlin"),
        ({"variables": []}, r"variables \(--variables\) is empty"),
        ({"variables": "binding_load_ratio"}, r"variables \(--variables\) must be a list"),
        ({"variables": ["nope"]}, r"unknown variable 'nope' of model cluster"),
        ({"out": "e.csv"}, r"e.csv: unknown ensemble format '.csv'; allowed: .nc, .zarr"),
        ({"out": "missing/e.nc"}, r"folder .*missing does not exist"),
    ],
)
def test_bad_ensemble_options(tmp_path: Path, cluster_uncertainty: UncertaintySet, kwargs: dict[str, object],
                              message: str) -> None:
    args: dict[str, object] = {"runs": 4, "workers": 1, **kwargs}
    if "out" in args:
        args["out"] = tmp_path / str(args["out"])
    started = time.perf_counter()
    with pytest.raises(EntropyError, match=message):
        ensemble(["bau"], cluster_uncertainty, **args)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 1.0
    assert list(tmp_path.iterdir()) == []


def test_output_in_the_way_is_refused(tmp_path: Path, cluster_uncertainty: UncertaintySet) -> None:
    (tmp_path / "mine.zarr").mkdir()
    (tmp_path / "mine.zarr" / "thesis.txt").write_text("precious")
    (tmp_path / "f.nc").mkdir()
    (tmp_path / "p.nc.parts").write_text("a file")
    (tmp_path / "file").write_text("")
    for out, message in [("mine.zarr", "exists and is not a zarr store"), ("f.nc", "is a folder"),
                         ("p.nc", "p.nc.parts: exists and is not a folder"), ("file/e.nc", "does not exist")]:
        with pytest.raises(EntropyError, match=message):
            ensemble(["bau"], cluster_uncertainty, 2, workers=1, out=tmp_path / out)
    assert (tmp_path / "mine.zarr" / "thesis.txt").read_text() == "precious"


def test_unreachable_scheduler_fails_fast_and_leaves_nothing(
        tmp_path: Path, cluster_uncertainty: UncertaintySet, monkeypatch: pytest.MonkeyPatch) -> None:
    # entropy.ensemble is also the function's name in the package: patch the module itself.
    monkeypatch.setattr(sys.modules["entropy.simulation.ensemble"], "CONNECT_TIMEOUT", 1.0)
    started = time.perf_counter()
    with pytest.raises(EntropyError, match=r"tcp://127.0.0.1:1: no Dask scheduler answered within 1 s"):
        ensemble(["bau"], cluster_uncertainty, 4, scheduler="tcp://127.0.0.1:1", out=tmp_path / "e.nc")
    assert time.perf_counter() - started < 8
    assert list(tmp_path.iterdir()) == []


# --- the command line ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runs", "0"], "runs (--runs) = 0 is out of range"),
        (["--runs", "-1"], "runs (--runs) = -1 is out of range"),
        (["--runs", "1000000000"], "runs (--runs) = 1,000,000,000 is out of range"),
        (["--runs", "5", "--chunk", "0"], "chunk_size (--chunk) = 0 is out of range"),
        (["--runs", "5", "--chunk", "-1"], "chunk_size (--chunk) = -1 is out of range"),
        (["--runs", "5", "--chunk", "x"], "argument --chunk: invalid int value: 'x'"),
        (["--runs", "5", "--workers", "0"], "workers (--workers) = 0 is out of range"),
        (["--runs", "5", "--workers", "-1"], "workers (--workers) = -1 is out of range"),
        (["--runs", "5", "--seed", "-1"], "seed (--seed) = -1 is out of range"),
        (["--runs", "5", "--seed", "9223372036854775808"], "seed (--seed) = 9,223,372,036,854,775,808 is out"),
        (["--runs", "5", "--seed", "1.5"], "argument --seed: invalid int value: '1.5'"),
        (["--runs", "5", "--scheduler", "not an address"], "is not a scheduler address"),
        (["--runs", "5", "--variables", ",,,"], "variables (--variables) is empty"),
        (["--runs", "5", "--variables", ""], "variables (--variables) is empty"),
    ],
)
def test_cli_bad_ensemble_options(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                  message: str) -> None:
    started = time.perf_counter()
    try:
        code = main(["ensemble", "bau", "--uncertain", str(UNCERTAIN), "--out", str(tmp_path / "e.nc"), *args])
    except SystemExit as exc:  # argparse's own refusals (not an int at all)
        code = exc.code  # type: ignore[assignment]
    assert code == 2
    assert time.perf_counter() - started < 1.0
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    assert list(tmp_path.iterdir()) == []


def test_checksum_record_holds_size_and_sha256(tmp_path: Path, cluster_uncertainty: UncertaintySet) -> None:
    import hashlib

    parts = _interrupted(tmp_path / "e.nc", cluster_uncertainty, after=1)
    record = json.loads(parts[0].with_name(parts[0].name + ".json").read_text())
    data = parts[0].read_bytes()
    assert record["bytes"] == len(data) and record["sha256"] == hashlib.sha256(data).hexdigest()
