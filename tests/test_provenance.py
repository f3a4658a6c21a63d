"""Every netCDF and zarr file the package writes says what it is, where it came from and how it was made.

Each kind of file is written once, small (five years, a few runs): a run through
the command line (a real process, so ``history`` is the command line as typed)
and through the API, several scenarios in one file, an ensemble as netCDF and as
zarr, a stored ensemble part, loop dominance, a sensitivity table, discovery's
``runs.nc`` and a web download's bytes. Each must carry the CF global attributes
(``Conventions``, ``title``, ``history``, ``source``, ``references``) with
netCDF-legal values, keep the attributes it had, and let cf_xarray find its
time axis without a warning. Then the NCAS CF checker reads them: it must find
nothing in the global attributes, and nothing in the variables beyond the
residue the README documents (model units UDUNITS does not know, a time axis
of year numbers, netCDF-4 strings the 1.8-era checker does not read).
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib.metadata
import io
import re
import shlex
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.analysis.sensitivity import write_table
from entropy.cli import main
from entropy.decision import discover, write_discovery
from entropy.loading.scenario import Scenario
from entropy.loading.uncertainty import UncertaintySet, load_uncertainty
from entropy.output import provenance
from entropy.simulation.ensemble import Chunk

from .conftest import DATA, ROOT

UNCERTAIN = ROOT / "sd_models" / "cluster" / "uncertainty.toml"
END = "2030"
#: The CF global attributes every file carries, besides its own.
CF_GLOBALS = ("Conventions", "title", "history", "source", "references")
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ")


def _engine(name: str) -> str:
    dist = {"simlin": "pysimlin", "pysd": "pysd", "numpy": "numpy"}[name]
    return f"{name} ({dist} {importlib.metadata.version(dist)})"


def _cli(*argv: str) -> str:
    """Run the command line in this process; the command as ``history`` must record it."""
    assert main(list(argv)) == 0
    return shlex.join(["entropy", *argv])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A space in the path: the command line in `history` must be shell-quoted.
    path = tmp_path_factory.mktemp("provenance") / "with space"
    path.mkdir()
    return path


@pytest.fixture(scope="module")
def uncertain() -> UncertaintySet:
    return load_uncertainty(UNCERTAIN)


@pytest.fixture(scope="module")
def short() -> Scenario:
    return entropy.load_scenario("bau").with_horizon(end=float(END))


@pytest.fixture(scope="module")
def written(folder: Path, uncertain: UncertaintySet, short: Scenario) -> dict[str, tuple[xr.Dataset, str, str]]:
    """Every kind of file: name -> (its Dataset as read back, the command in its history, engine)."""
    files: dict[str, tuple[Path, str, str]] = {}

    exe = Path(sys.executable).parent / "entropy"
    argv = ["run", "bau", "--engine", "simlin", "--end", END, "--set", "recycle_policy=0.8",
            "--out", str(folder / "cli run.nc")]
    subprocess.run([str(exe), *argv], check=True, capture_output=True, timeout=300)
    files["cli run"] = (folder / "cli run.nc", shlex.join(["entropy", *argv]), "simlin")

    ds = entropy.run(short, engine="simlin", variables=["binding_load_ratio", "ecosystem_health"])
    entropy.write_results(ds, folder / "api.nc")
    files["api run"] = (folder / "api.nc", f"Python API: entropy.write_results(<Dataset>, {str(folder / 'api.nc')!r})",
                        "simlin")

    command = _cli("run", "bau", "eco-park", "--engine", "simlin", "--end", END, "--out", str(folder / "two.nc"))
    files["scenarios"] = (folder / "two.nc", command, "simlin")

    entropy.ensemble([short], uncertain, 4, workers=1, out=folder / "ens.nc")
    files["ensemble nc"] = (folder / "ens.nc", "Python API: entropy.ensemble([<Scenario 'bau'>], <UncertaintySet",
                            "numpy")

    command = _cli("ensemble", "bau", "--uncertain", str(UNCERTAIN), "--runs", "4", "--workers", "1",
                   "--end", END, "--out", str(folder / "ens.zarr"))
    files["ensemble zarr"] = (folder / "ens.zarr", command, "numpy")

    command = _cli("loops", "bau", "--out", str(folder / "loops.nc"))
    files["loops"] = (folder / "loops.nc", command, "simlin")

    table = entropy.sensitivity(short, uncertain, method="morris", n=4, seed=1)
    write_table(table, folder / "sensitivity.nc")
    files["sensitivity"] = (folder / "sensitivity.nc", "Python API: entropy.analysis.sensitivity.write_table(", "numpy")

    found = discover(short, uncertain, ["recycle_policy"], 50, workers=1)
    (folder / "discovery").mkdir()
    write_discovery(found, folder / "discovery", "cluster")
    files["discovery"] = (folder / "discovery" / "runs.nc", "Python API: entropy.discover(<Scenario 'bau'>", "numpy")

    data = entropy.result_bytes(ds, "nc")
    (folder / "download.nc").write_bytes(data)
    files["download"] = (folder / "download.nc", "Python API: entropy.result_bytes(<Dataset>, 'nc')", "simlin")

    return {name: (xr.open_zarr(path) if path.suffix == ".zarr" else xr.load_dataset(path), command, engine)
            for name, (path, command, engine) in files.items()}


KINDS = ["cli run", "api run", "scenarios", "ensemble nc", "ensemble zarr", "loops", "sensitivity", "discovery",
         "download"]


def _legal(value: object) -> bool:
    if isinstance(value, (bool, np.bool_)) or value is None:
        return False
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "iuf"
    if isinstance(value, list):  # zarr hands arrays back as lists
        return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    return isinstance(value, (str, int, float, np.integer, np.floating))


@pytest.mark.parametrize("kind", KINDS)
def test_every_file_carries_the_cf_global_attributes(written: dict[str, tuple[xr.Dataset, str, str]],
                                                     kind: str) -> None:
    ds, command, engine = written[kind]
    for key in CF_GLOBALS:
        assert isinstance(ds.attrs.get(key), str) and ds.attrs[key].strip(), (kind, key)
    assert ds.attrs["Conventions"] == provenance.CONVENTIONS == "CF-1.8"
    bad = {k: v for k, v in ds.attrs.items() if not _legal(v)}
    bad.update({f"{name}:{k}": v for name, var in ds.variables.items() for k, v in var.attrs.items()
                if not _legal(v)})
    assert not bad, (kind, bad)
    # The attributes the files had before stay (a sensitivity table has its own: method, output, ...).
    kept = ("method", "output", "engine") if kind == "sensitivity" else ("model", "engine", "created", "model_sha256")
    assert all(key in ds.attrs for key in kept), (kind, kept)


@pytest.mark.parametrize("kind", KINDS)
def test_history_names_the_command_that_made_the_file(written: dict[str, tuple[xr.Dataset, str, str]],
                                                      kind: str) -> None:
    ds, command, _ = written[kind]
    lines = ds.attrs["history"].splitlines()
    assert all(STAMP.match(line) for line in lines), lines
    assert any(command in line for line in lines), (command, lines)
    if command.startswith("entropy "):
        # One command line made and wrote the file: one line, exactly the command as typed.
        assert len(lines) == 1 and lines[0][len("2026-01-01T00:00:00Z "):] == command, lines


def test_history_of_an_api_run_then_write_is_both_calls(written: dict[str, tuple[xr.Dataset, str, str]]) -> None:
    lines = written["api run"][0].attrs["history"].splitlines()
    assert len(lines) == 2, lines
    assert lines[0].endswith("Python API: entropy.run(<Scenario 'bau'>, engine='simlin', "
                             "variables=['binding_load_ratio', 'ecosystem_health'])")
    assert "entropy.write_results" in lines[1]


@pytest.mark.parametrize("kind", KINDS)
def test_source_names_the_package_and_the_engine_with_versions(written: dict[str, tuple[xr.Dataset, str, str]],
                                                               kind: str) -> None:
    ds, _, engine = written[kind]
    assert ds.attrs["source"] == f"entropy-sim {entropy.__version__}; engine {_engine(engine)}"


@pytest.mark.parametrize("kind", KINDS)
def test_references_are_the_model_s(written: dict[str, tuple[xr.Dataset, str, str]], kind: str) -> None:
    model = entropy.load_model(entropy.list_models()["cluster"])
    refs = written[kind][0].attrs["references"]
    assert refs == provenance.model_references(model)
    assert "Meadows" in refs and "Dynamics of Growth in a Finite World" in refs


@pytest.mark.parametrize("kind", KINDS)
def test_cf_xarray_finds_the_time_axis_without_a_warning(written: dict[str, tuple[xr.Dataset, str, str]],
                                                         kind: str) -> None:
    import cf_xarray  # noqa: F401 - the .cf accessor

    ds = written[kind][0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        axes = ds.cf.axes
        repr(ds.cf)
    if "time" in ds.dims:
        assert axes == {"T": ["time"]}, axes
        attrs = ds["time"].attrs
        assert attrs["axis"] == "T" and attrs["long_name"] == "Time" and attrs["units"] == "Year"
        assert ds["time"].dtype == np.float64  # year numbers, not decoded into dates
    else:
        assert kind == "sensitivity" and axes == {}


def test_pysd_and_a_live_run_name_their_engine_and_call(short: Scenario) -> None:
    from entropy.simulation.runner import Runner

    ds = entropy.run(short, engine="pysd", variables=["binding_load_ratio"])
    assert ds.attrs["source"] == f"entropy-sim {entropy.__version__}; engine {_engine('pysd')}"
    live = Runner(short, ["binding_load_ratio"]).run(short.with_levers(recycle_policy=0.9))
    assert live.attrs["history"].endswith("Python API: entropy.simulation.runner.Runner.run(<Scenario 'bau'>)")
    assert live.attrs["source"] == f"entropy-sim {entropy.__version__}; engine {_engine('simlin')}"


def test_the_caller_s_dataset_is_not_changed_by_writing(tmp_path: Path, short: Scenario) -> None:
    ds = entropy.run(short, engine="simlin", variables=["binding_load_ratio"])
    before = (dict(ds.attrs), dict(ds["time"].attrs))
    entropy.write_results(ds, tmp_path / "x.nc")
    entropy.result_bytes(ds, "nc")
    assert (dict(ds.attrs), dict(ds["time"].attrs)) == before


def test_an_ensemble_part_carries_them_too(tmp_path: Path, uncertain: UncertaintySet, short: Scenario) -> None:
    out = tmp_path / "ens.nc"

    def stop(chunk: Chunk) -> None:
        raise KeyboardInterrupt  # as a kill would, after the first part is stored

    with pytest.raises(KeyboardInterrupt):
        entropy.ensemble([short], uncertain, 4, workers=1, chunk_size=2, out=out, on_chunk=stop)
    [part] = Path(str(out) + ".parts").rglob("*.nc")
    ds = xr.load_dataset(part)
    assert ds.attrs["Conventions"] == "CF-1.8" and "part of an ensemble of cluster" in ds.attrs["title"]
    assert ds.attrs["history"].endswith("Python API: " + provenance.call_text(
        "entropy.ensemble", [[short], uncertain, 4], {"workers": 1, "chunk_size": 2, "out": out, "on_chunk": stop}))
    assert ds.attrs["source"] == f"entropy-sim {entropy.__version__}; engine {_engine('numpy')}"
    assert ds["time"].attrs["units"] == "Year" and ds["time"].attrs["axis"] == "T"
    # Resumed, the whole file says so too; parts' attributes do not leak into it.
    done = entropy.ensemble([short], uncertain, 4, workers=1, chunk_size=2, out=out)
    back = xr.load_dataset(out)
    assert back.attrs["title"] == done.attrs["title"] == "ensemble of cluster: bau"
    [line] = back.attrs["history"].splitlines()
    assert "chunk_size=2, out=" in line and "on_chunk" not in line, line


def test_a_third_party_model_gets_its_file_and_checksum_as_references(tmp_path: Path) -> None:
    mdl = DATA / "third_party.mdl"
    scenario = tmp_path / "s.toml"
    scenario.write_text(f'model = "{mdl}"\n', encoding="utf-8")
    ds = entropy.run(scenario, engine="simlin")
    model = entropy.load_model(mdl)
    assert ds.attrs["references"].startswith(f"{mdl.name} (SHA-256 {model.sha256})")


def test_every_shipped_model_lists_its_references() -> None:
    for name, mdl in entropy.list_models().items():
        refs = provenance.read_references(mdl.parent / provenance.REFERENCES_FILE).splitlines()
        assert len(refs) >= 5 and len(set(refs)) == len(refs), name
        assert any("Meadows" in r for r in refs), name


def test_netcdf_illegal_attribute_values_are_written_legally(tmp_path: Path) -> None:
    ds = xr.Dataset({"x": ("time", [1.0, 2.0], {"flag": True, "none": None})}, coords={"time": [2025.0, 2026.0]},
                    attrs={"ok": True, "map": {"a": 1}, "nothing": None})
    back = xr.load_dataset(entropy.write_results(ds, tmp_path / "made.nc"))
    assert back.attrs["ok"] == 1 and back.attrs["map"] == '{"a": 1}' and back.attrs["nothing"] == ""
    assert back["x"].attrs["flag"] == 1
    assert back.attrs["source"] == f"entropy-sim {entropy.__version__}"
    assert back.attrs["references"] == "not recorded" and back.attrs["title"] == "entropy-sim result"
    assert back["time"].attrs["axis"] == "T" and "units" not in back["time"].attrs


# --- the NCAS CF checker -------------------------------------------------------------------------------------------

#: What the CF checker still reports, and why (README, "Limits, bad input and result files"):
#: model units that are not UDUNITS (Vensim's Dmnl, money in BCNY, MtCO2); a time axis of year
#: numbers without a reference date (CF wants "years since ..."; readers would then get dates);
#: netCDF-4 string variables, which CF-1.8 allows but cfchecker 4.1 cannot read, and string-valued
#: dimension coordinates (xarray's labels); a run number without units (a label, not a quantity).
RESIDUE = [
    r"ERROR \(3\.1\): Invalid units: .*(Dmnl|BCNY|MtCO2)",
    r"ERROR \(4\.4\): Invalid units and/or reference time \[time\]",
    r"WARN \(4\.4\.1\): Use of the calendar and/or month_lengths attributes is recommended .* \[time\]",
    r"ERROR \(2\.2\): Invalid variable type: .*vlen types not supported",
    r"WARN \(2\.2\): Could not get typecode of variable",
    r"ERROR \(5\): string-valued coordinate variable",
    r"WARN \(3\.1\): units attribute should be present \[run\]",
    r"INFO \(3\.1\): No units attribute set",
]


def _tables(folder: Path) -> dict[str, str]:
    """Stand-ins for the CF tables the checker downloads (no network in CI).

    The files use no standard_name, area type or region name, so empty tables
    change nothing; a standard_name added later would be reported as unknown.
    """
    tables = {"cfStandardNamesXML": ("std.xml", "standard_name_table", "last_modified"),
              "cfAreaTypesXML": ("area.xml", "area_type_table", "date"),
              "cfRegionNamesXML": ("region.xml", "standardized_region_list", "date")}
    out = {}
    for arg, (name, root, date) in tables.items():
        path = folder / name
        path.write_text(f'<?xml version="1.0"?><{root}><version_number>none</version_number>'
                        f"<{date}>none</{date}></{root}>", encoding="utf-8")
        out[arg] = str(path)
    return out


@pytest.fixture(scope="module")
def cf_checker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[type]:
    if ctypes.util.find_library("udunits2") is None:
        pytest.skip("the CF checker needs the UDUNITS-2 library (Debian libudunits2-0; `make test` installs it)")
    cfchecks = pytest.importorskip("cfchecker.cfchecks")

    class Checker(cfchecks.CFChecker):
        def chkValuesMonotonic(self, var: str) -> None:
            # cfchecker 4.1 subtracts the values of every coordinate variable and
            # crashes on string labels; report them and check the rest of the file.
            if self.f.variables[var].dtype is str:
                self._add_error("string-valued coordinate variable", var, code="5")
            else:
                super().chkValuesMonotonic(var)

    yield Checker


@pytest.mark.parametrize("kind", ["cli run", "scenarios", "ensemble nc", "loops", "sensitivity", "discovery"])
def test_the_cf_checker_finds_nothing_but_the_documented_residue(
        written: dict[str, tuple[xr.Dataset, str, str]], folder: Path, cf_checker: type, kind: str,
        tmp_path: Path) -> None:
    path = {"cli run": "cli run.nc", "scenarios": "two.nc", "ensemble nc": "ens.nc", "loops": "loops.nc",
            "sensitivity": "sensitivity.nc", "discovery": "discovery/runs.nc"}[kind]
    checker = cf_checker(silent=True, **_tables(tmp_path))
    with contextlib.redirect_stdout(io.StringIO()):  # the checker prints its own summary
        results = checker.checker(str(folder / path))
    found = {cat: msgs for cat, msgs in results["global"].items() if msgs and cat != "VERSION"}
    assert found == {}, found  # the global attributes: nothing at all
    unexplained = [f"{cat} {msg} [{var}]" for var, by_cat in results["variables"].items()
                   for cat, msgs in by_cat.items() if cat in ("FATAL", "ERROR", "WARN", "INFO") for msg in msgs]
    unexplained = [m for m in unexplained if not any(re.search(p, m) for p in RESIDUE)]
    assert unexplained == [], unexplained
