"""Sensitivity analysis under bad input: clear errors before any run, honest results.

Sample sizes, seeds, methods and outputs are checked before anything runs; a
constant output says its indices are undefined instead of printing zeros; a
non-finite run is named; ``--out`` writes the format its suffix names.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.cli import main
from entropy.errors import EngineError, EntropyError, ScenarioError
from entropy.analysis.indicators import INDICATORS, summary
from entropy.analysis.sensitivity import CENSORED, OUTPUTS, sensitivity
from entropy.loading.uncertainty import load_uncertainty

from .conftest import DATA, ROOT

UNCERTAIN = ROOT / "sd_models" / "cluster" / "uncertainty.toml"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, r"samples \(--samples\) = 0 is out of range; allowed: a whole number from 2 to 65,536"),
        ({"n": -4}, r"samples \(--samples\) = -4 is out of range"),
        ({"n": 1}, r"samples \(--samples\) = 1 is out of range"),
        ({"n": 2**20}, r"samples \(--samples\) = 1,048,576 is out of range"),
        ({"n": 6}, r"samples \(--samples\) = 6: Sobol' needs a power of 2, e.g. 4 or 8"),
        ({"n": True}, r"samples \(--samples\) must be a whole number"),
        ({"seed": -5}, r"seed \(--seed\) = -5 is out of range"),
        ({"method": "fast"}, r"unknown method 'fast'; allowed: sobol, morris"),
        ({"output": "nope"}, r"unknown output 'nope'"),
        ({"engine": "x"}, r"unknown engine 'x'"),
    ],
)
def test_bad_sensitivity_arguments(kwargs: dict[str, object], message: str) -> None:
    u = load_uncertainty(DATA / "ishigami_uncertainty.toml")
    sc = entropy.load_scenario(DATA / "ishigami.toml")
    args: dict[str, object] = {"method": "sobol", "output": "y", "n": 4, **kwargs}
    with pytest.raises(EntropyError, match=message):
        sensitivity(sc, u, **args)  # type: ignore[arg-type]


def test_sensitivity_accepts_numpy_numbers() -> None:
    u = load_uncertainty(DATA / "ishigami_uncertainty.toml")
    sc = entropy.load_scenario(DATA / "ishigami.toml")
    a = sensitivity(sc, u, "sobol", "y", n=np.int64(8), seed=np.int64(3))  # type: ignore[arg-type]
    b = sensitivity(sc, u, "sobol", "y", n=8, seed=3)
    assert a.equals(b) and a.attrs["varies"] and a.attrs["note"] == ""


#: Reduce costs nothing in bau (nothing is reduced): its cost coefficient cannot matter.
_INERT = ('model = "cluster"\n[parameters.reduce_cost_coefficient]\ndistribution = "uniform"\n'
          'min = 0.05\nmax = 0.5\n')


def test_constant_output_says_its_indices_are_undefined(tmp_path: Path) -> None:
    """The cost of reduce does not matter in bau (reduce is 0): no variance, no indices."""
    f = tmp_path / "u.toml"
    f.write_text(_INERT, encoding="utf-8")
    u = load_uncertainty(f)
    for method in ("sobol", "morris"):
        table = sensitivity(entropy.load_scenario("bau"), u, method, "years_in_overshoot", n=2)
        assert table.isna().all().all(), table
        assert not table.attrs["varies"] and "does not vary" in table.attrs["note"]
        assert "indices are undefined" in table.attrs["note"]


def test_non_finite_sensitivity_output_names_the_run() -> None:
    u = load_uncertainty(DATA / "fragile_uncertainty.toml")
    sc = entropy.load_scenario(DATA / "fragile.toml")
    with pytest.raises(EngineError, match=r"sensitivity run \d+ of \d+ \(x=0\.5\): level is not finite"):
        sensitivity(sc, u, "morris", "level", n=4)


@pytest.mark.parametrize("suffix", [".nc", ".csv"])
def test_cli_sensitivity_writes_the_format_its_suffix_names(tmp_path: Path, suffix: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"s{suffix}"
    assert main(["sensitivity", str(DATA / "ishigami.toml"), "--uncertain", str(DATA / "ishigami_uncertainty.toml"),
                 "--output", "y", "--samples", "8", "--out", str(out)]) == 0
    if suffix == ".nc":
        assert out.read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"
        ds = xr.load_dataset(out, engine="h5netcdf")
        assert list(ds["parameter"].values) and set(ds.data_vars) == {"S1", "S1_conf", "ST", "ST_conf"}
        assert ds.attrs["method"] == "sobol" and ds.attrs["varies"] == 1
    else:
        assert out.read_text().splitlines()[0] == "parameter,S1,S1_conf,ST,ST_conf"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--samples", "0"], "samples (--samples) = 0 is out of range"),
        (["--samples", "-3"], "samples (--samples) = -3 is out of range"),
        (["--samples", "99999999999"], "samples (--samples) = 99,999,999,999 is out of range"),
        (["--seed", "-5"], "seed (--seed) = -5 is out of range"),
        (["--out", "OUT/s.txt"], "s.txt: unknown table format '.txt'; allowed: .csv (CSV), .nc (netCDF)"),
        (["--out", "OUT/none/s.nc"], "does not exist"),
    ],
)
def test_cli_bad_sensitivity_options(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                     message: str) -> None:
    args = [a.replace("OUT", str(tmp_path)) for a in args]
    started = time.perf_counter()
    assert main(["sensitivity", "bau", "--uncertain", str(UNCERTAIN), *args]) == 2
    assert time.perf_counter() - started < 1.0
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    assert list(tmp_path.iterdir()) == []


def test_cli_constant_sensitivity_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "u.toml"
    f.write_text(_INERT, encoding="utf-8")
    assert main(["sensitivity", "bau", "--uncertain", str(f), "--method", "morris", "--samples", "2"]) == 0
    out = capsys.readouterr().out
    assert "does not vary" in out and "indices are undefined" in out and " 0 " not in out


def test_outputs_are_the_indicators() -> None:
    """Each sensitivity output is the indicator of the same name, computed the same way:
    on a full bau run, from only the variables the output asks for."""
    ds = entropy.run(entropy.load_scenario("bau"), engine="simlin")
    expected = summary(ds)
    for name, (needed, fn) in OUTPUTS.items():
        assert name in INDICATORS, name
        run = xr.Dataset({v: ("time", np.broadcast_to(ds[v].values, ds["time"].shape)) for v in needed},
                         coords={"time": ds["time"].values})
        assert fn(run) == pytest.approx(expected[name], rel=1e-12, abs=1e-12), name


def test_event_that_never_happens_is_censored_and_counted(tmp_path: Path) -> None:
    """The eco-park never overshoots: its first overshoot year is the horizon's end plus one
    save period in every run, counted in ``censored``, and so does not vary."""
    f = tmp_path / "u.toml"
    f.write_text('model = "cluster"\n[parameters.land_capacity]\ndistribution = "uniform"\n'
                 'min = 150\nmax = 250\n', encoding="utf-8")
    table = sensitivity(entropy.load_scenario("eco-park"), load_uncertainty(f), "morris",
                        "first_overshoot_year", n=2)
    assert table.attrs["censored"] == table.attrs["runs"] and "first_overshoot_year" in CENSORED
    assert not table.attrs["varies"] and "it is 2226 in all" in table.attrs["note"]
    years = sensitivity(entropy.load_scenario("bau"), load_uncertainty(f), "morris", "years_in_overshoot", n=2)
    assert years.attrs["censored"] == 0


def test_output_the_model_cannot_give_is_refused_before_any_run() -> None:
    u = load_uncertainty(DATA / "ishigami_uncertainty.toml")
    sc = entropy.load_scenario(DATA / "ishigami.toml")
    with pytest.raises(ScenarioError, match="output 'max_load_ratio' needs variable 'binding_load_ratio'"):
        sensitivity(sc, u, "morris", "max_load_ratio", n=2)
