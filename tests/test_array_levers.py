"""Arrayed constants as levers: whole arrays, elements and matrix links, on both engines.

The models: ``sectors.mdl`` (sectors a, b, c; ``Rate[Sector]``, a full 3 x 3
``Share[Sector,Receiver]`` with ``Receiver <-> Sector``, SUMs over Sector!) and
``exchange.mdl`` (names with spaces and capitals, an array given by one
equation for every element, one defined over a subrange). Matrices are
defined whole, row by row: Simlin reads a partly defined 2-D variable as 0,
which comparing the engines would show.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.cli import main
from entropy.engines import PySDBatch, RunPlan, SimlinBatch, SimlinEngine
from entropy.engines.base import settings
from entropy.simulation.ensemble import ensemble
from entropy.errors import EngineError, ScenarioError
from entropy.loading.levers import covered, element_defaults, lookup
from entropy.loading.scenario import StepChange
from entropy.analysis.sensitivity import sensitivity
from entropy.loading.uncertainty import check_not_set, load_uncertainty

from .conftest import DATA

SECTORS = DATA / "sectors.mdl"
EXCHANGE = DATA / "exchange.mdl"
RTOL = 1e-9


def scenario(tmp_path: Path, levers: str, model: Path = SECTORS, name: str = "s") -> Path:
    f = tmp_path / f"{name}.toml"
    f.write_text(f'model = "{model}"\n[levers]\n{levers}\n', encoding="utf-8")
    return f


def both(sc: entropy.Scenario) -> tuple[xr.Dataset, xr.Dataset]:
    """The scenario run on Simlin and on PySD, checked to agree on every variable."""
    a = entropy.run(sc, engine="simlin")
    b = entropy.run(sc, engine="pysd")
    assert set(a.data_vars) == set(b.data_vars)
    for v in a.data_vars:
        np.testing.assert_allclose(a[v].values, b[v].values, rtol=RTOL, atol=1e-12, err_msg=v)
    return a, b


def values(ds: xr.Dataset, name: str) -> np.ndarray:
    """A constant's values at the last time (a constant that never changes has no time axis)."""
    da = ds[name]
    return np.asarray(da.isel(time=-1).values if "time" in da.dims else da.values)


# --- scenario keys -----------------------------------------------------------------------------------


def test_keys_are_canonical_and_round_trip(tmp_path: Path) -> None:
    f = scenario(tmp_path, 'rate = 0.05\n"Rate[B]" = 0.1\n" share [ a , c ] " = 0.3\n'
                           '"SHARE[b,b]" = { before = 0.5, after = 0.9, year = 4 }')
    sc = entropy.load_scenario(f)
    assert sc.constants == {"rate": 0.05, "rate[b]": 0.1, "share[a,c]": 0.3}
    assert sc.changes == {"share[b,b]": StepChange(0.5, 0.9, 4.0)}
    text = sc.to_toml()
    assert '"rate[b]" = 0.1' in text and '"share[b,b]" = { before = 0.5' in text
    again = entropy.parse_scenario(text)
    assert again.constants == sc.constants and again.changes == sc.changes


def test_real_names_spaces_and_case(tmp_path: Path) -> None:
    f = scenario(tmp_path, '"Exchange Share[heavy industry, LIGHT]" = 0.9\n'
                           '"exchange_share[Services,Heavy_Industry]" = 0.1\n"Base Growth" = 0.02', EXCHANGE)
    sc = entropy.load_scenario(f)
    assert sc.constants == {"exchange_share[Heavy Industry,Light]": 0.9,
                            "exchange_share[Services,Heavy Industry]": 0.1, "base_growth": 0.02}


@pytest.mark.parametrize("order", ["whole first", "element first"])
def test_element_wins_over_whole_in_any_order(tmp_path: Path, order: str) -> None:
    lines = ['rate = 0.05', '"rate[b]" = 0.1']
    if order == "element first":
        lines.reverse()
    a, _ = both(entropy.load_scenario(scenario(tmp_path, "\n".join(lines))))
    np.testing.assert_array_equal(values(a, "rate"), [0.05, 0.1, 0.05])


LEVERS = {
    "whole vector": ('rate = 0.05', {"rate": [0.05, 0.05, 0.05]}),
    "one element": ('"rate[b]" = 0.1', {"rate": [0.01, 0.1, 0.03]}),
    "matrix link": ('"share[a,c]" = 0.9', {"share": [[0.1, 0.2, 0.9], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]]}),
    "whole matrix and a link": ('share = 0.5\n"share[c,a]" = 0.05',
                                {"share": [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.05, 0.5, 0.5]]}),
    "scalar and elements": ('exchange_rate = 0.2\n"rate[c]" = 0\n"share[b,a]" = 1',
                            {"rate": [0.01, 0.02, 0.0], "exchange_rate": 0.2}),
}


@pytest.mark.parametrize("case", sorted(LEVERS))
def test_engines_agree_and_set_what_was_asked(tmp_path: Path, case: str) -> None:
    text, expected = LEVERS[case]
    sc = entropy.load_scenario(scenario(tmp_path, text))
    a, b = both(sc)
    for name, want in expected.items():
        np.testing.assert_array_equal(values(a, name), want)
        np.testing.assert_array_equal(values(b, name), want)
    default, _ = both(entropy.load_scenario(scenario(tmp_path, "", name="default")))
    assert not np.allclose(a["output"].values, default["output"].values), "the levers changed nothing"


def test_model_with_spaces_subranges_and_one_equation_arrays(tmp_path: Path) -> None:
    f = scenario(tmp_path, 'capacity_factor = 0.5\n"capacity factor[Services]" = 1\n'
                           '"emission factor[light]" = 1\n"exchange share[Heavy Industry,Light]" = 0.1', EXCHANGE)
    a, _ = both(entropy.load_scenario(f))
    np.testing.assert_array_equal(values(a, "capacity_factor"), [0.5, 0.5, 1.0])
    np.testing.assert_array_equal(values(a, "emission_factor"), [2.0, 1.0, 0.5])
    assert float(values(a, "exchange_share")[0, 1]) == 0.1


# --- step changes ------------------------------------------------------------------------------------

STEPS = {
    "element": ('"rate[b]" = { before = 0.02, after = 0.15, year = 4 }\n"rate[a]" = 0.07', SECTORS,
                "rate", (1,), 0.02, 0.15, 4),
    "whole with an element kept": ('rate = { before = 0.02, after = 0.15, year = 4 }\n"rate[c]" = 0', SECTORS,
                                   "rate", (0,), 0.02, 0.15, 4),
    "matrix link off the time grid": ('"share[b,b]" = { before = 0.1, after = 1, year = 2.3 }', SECTORS,
                                      "share", (1, 1), 0.1, 1.0, 2.3),
    "two years in one array": ('"rate[a]" = { before = 0, after = 0.1, year = 3 }\n'
                               '"rate[c]" = { before = 0.2, after = 0, year = 7 }', SECTORS, "rate", (2,), 0.2, 0.0, 7),
    "one-equation array": ('"capacity_factor[Light]" = { before = 0.9, after = 0.2, year = 5 }', EXCHANGE,
                           "capacity_factor", (1,), 0.9, 0.2, 5),
    "subrange-defined array": ('"emission factor[services]" = { before = 0.5, after = 3, year = 4 }', EXCHANGE,
                               "emission_factor", (2,), 0.5, 3.0, 4),
}


@pytest.mark.parametrize("case", sorted(STEPS))
def test_step_changes_of_elements_on_both_engines(tmp_path: Path, case: str) -> None:
    text, model, name, index, before, after, year = STEPS[case]
    a, _ = both(entropy.load_scenario(scenario(tmp_path, text, model)))
    series = a[name].values[(slice(None), *index)]
    t = a["time"].values
    np.testing.assert_array_equal(series[t < year], before)
    np.testing.assert_array_equal(series[t >= year], after)


def test_other_elements_keep_their_values_under_a_step(tmp_path: Path) -> None:
    sc = entropy.load_scenario(scenario(tmp_path, '"rate[b]" = { before = 0.02, after = 0.15, year = 4 }'))
    a, _ = both(sc)
    np.testing.assert_array_equal(a["rate"].values[:, 0], 0.01)
    np.testing.assert_array_equal(a["rate"].values[:, 2], 0.03)


# --- --set and with_overrides ------------------------------------------------------------------------


def test_overrides_replace_what_the_scenario_set(tmp_path: Path) -> None:
    sc = entropy.load_scenario(scenario(tmp_path, '"rate[b]" = 0.1\n"rate[c]" = { before = 0, after = 0.1, year = 3 }'))
    whole = sc.with_overrides({"rate": 0.05}, origin="--set")
    assert whole.constants == {"rate": 0.05} and whole.changes == {}
    element = sc.with_overrides({"rate[c]": 0.2, "rate": 0.04}, origin="--set")
    # Given together, the element wins over its whole, as in a file; the whole replaced the scenario's.
    assert element.constants == {"rate": 0.04, "rate[c]": 0.2} and element.changes == {}
    one = sc.with_overrides({"RATE[C]": 0.2}, origin="--set")
    assert one.constants == {"rate[b]": 0.1, "rate[c]": 0.2} and one.changes == {}


def test_cli_set_element(tmp_path: Path) -> None:
    f = scenario(tmp_path, "")
    out = tmp_path / "r.nc"
    assert main(["run", str(f), "--engine", "simlin", "--set", "rate[b]=0.1", "--set", "share[a,c]=0.9",
                 "--out", str(out)]) == 0
    ds = xr.load_dataset(out)
    np.testing.assert_array_equal(values(ds, "rate"), [0.01, 0.1, 0.03])
    assert float(values(ds, "share")[0, 2]) == 0.9


# --- errors ------------------------------------------------------------------------------------------

ERRORS = {
    "unknown element": ('"rate[d]" = 0.1', "[levers] rate[d]: unknown element 'd' of Sector; allowed: a, b, c"),
    "too many subscripts": ('"rate[a,b]" = 0.1', "[levers] rate[a,b]: rate is subscripted [Sector]: give 1 element "
                            'in the brackets, e.g. "rate[a]", or no brackets to set every element'),
    "too few subscripts": ('"share[a]" = 0.1', "[levers] share[a]: share is subscripted [Sector,Receiver]: give 2 "
                           'elements in the brackets, e.g. "share[a,a]", or no brackets to set every element'),
    "element of a scalar": ('"exchange_rate[a]" = 0.1', "[levers] exchange_rate[a]: exchange_rate is a scalar "
                            "constant and has no elements; write exchange_rate = VALUE"),
    "out of range": ('"rate[b]" = 0.5', "[levers] rate[b] = 0.5 is out of range: allowed [0, 0.2] 1/Year"),
    "whole out of range": ('share = 1.5', "[levers] share = 1.5 is out of range: allowed [0, 1] Dmnl"),
    "step out of range": ('"share[a,b]" = { before = 0.1, after = -1, year = 3 }',
                          "[levers] share[a,b].after = -1 is out of range: allowed [0, 1] Dmnl"),
    "range as element": ('"rate[Sector]" = 0.1', "[levers] rate[Sector]: Sector is a subscript range, not an "
                         "element; to set every element of rate use the bare name (rate = VALUE), or name one "
                         "element of Sector: a, b, c"),
    "equivalent range as element": ('"share[a,receiver]" = 0.1', "[levers] share[a,receiver]: Receiver is a "
                                    "subscript range, not an element; to set every element of share use the bare "
                                    "name (share = VALUE), or name one element of Receiver: a, b, c"),
    "set twice": ('"rate[b]" = 0.1\n"RATE[ B ]" = 0.2', "[levers] RATE[ B ] is set twice (as rate[b])"),
    "not a constant": ('"growth[a]" = 1', "[levers] growth[a] is an auxiliary, not a constant of model sectors"),
    "unclosed bracket": ('"rate[b" = 0.1', "[levers] 'rate[b' is not a lever key; write NAME, \"NAME[element]\" "
                         'or "NAME[element,element]"'),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_bad_keys_are_explained(tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    text, message = ERRORS[case]
    f = scenario(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        entropy.load_scenario(f)
    assert str(info.value) == f"{f}: {message}"
    out = tmp_path / "r.nc"
    assert main(["run", str(f), "--engine", "simlin", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"entropy: error: {f}: {message}" and "Traceback" not in err
    assert not out.exists()


def test_cli_set_bad_element(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = scenario(tmp_path, "")
    assert main(["run", str(f), "--engine", "simlin", "--set", "share[a,z]=0.1"]) == 2
    assert "--set share[a,z]: unknown element 'z' of Receiver; allowed: a, b, c" in capsys.readouterr().err


def test_engine_refuses_unknown_element_keys() -> None:
    model = entropy.load_model(SECTORS)
    with pytest.raises(EngineError, match="rate\\[d\\] is not an element of rate"):
        settings(model, {"rate[d]": 0.1}, {})
    with pytest.raises(EngineError, match="growth is not a constant"):
        settings(model, {"growth": 0.1}, {})


# --- batches -----------------------------------------------------------------------------------------


def test_simlin_batch_takes_element_keys_and_returns_arrays() -> None:
    model = entropy.load_model(SECTORS)
    plan = RunPlan(0, 10, 0.25, 1, {"rate[a]": 0.05}, {"rate[c]": StepChange(0.03, 0.1, 5)},
                   ("output", "share", "total_output"))
    batch = SimlinBatch(model, plan)
    for overrides in ({"share": 0.5, "rate[b]": 0.1}, {"share[a,c]": 0.9}, {}):
        got = batch.run(overrides)
        assert got["output"].shape == (11, 3) and got["share"].shape == (11, 3, 3)
        single = dict(plan.constants, **overrides)
        want = SimlinEngine().simulate(model, RunPlan(0, 10, 0.25, 1, single, plan.changes, plan.variables)).series
        ref = PySDBatch(model, plan).run(overrides)
        for v in plan.variables or ():
            np.testing.assert_array_equal(got[v], want[v])
            np.testing.assert_allclose(got[v], ref[v], rtol=RTOL)
    # nothing carries over from one run to the next
    np.testing.assert_array_equal(batch.run({})["share"][-1], [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]])


# --- uncertainty, ensembles, sensitivity -------------------------------------------------------------

UNCERTAIN = f'''model = "{SECTORS}"
[parameters."rate[b]"]
distribution = "uniform"
min = 0.01
max = 0.05
[parameters.share]
distribution = "triangular"
min = 0.1
mode = 0.3
max = 0.9
[parameters.exchange_rate]
distribution = "uniform"
min = 0.01
max = 0.1
'''


@pytest.fixture
def uncertain_file(tmp_path: Path) -> Path:
    f = tmp_path / "u.toml"
    f.write_text(UNCERTAIN, encoding="utf-8")
    return f


def test_uncertainty_file_with_elements(uncertain_file: Path) -> None:
    u = load_uncertainty(uncertain_file)
    assert u.names == ["rate[b]", "share", "exchange_rate"]
    assert [p.constant for p in u.parameters] == ["rate", "share", "exchange_rate"]
    x = u.sample(50, "lhs", seed=3)
    assert x.shape == (50, 3) and (x[:, 0] >= 0.01).all() and (x[:, 0] <= 0.05).all()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[parameters."rate[d]"]\ndistribution = "uniform"\nmin = 0\nmax = 0.1\n',
         "[parameters] rate[d]: unknown element 'd' of Sector; allowed: a, b, c"),
        ('[parameters."rate[b]"]\ndistribution = "uniform"\nmin = 0\nmax = 0.5\n',
         '[parameters."rate[b]"] value 0.5 is outside the range of rate[b]: allowed [0, 0.2] 1/Year'),
        ('[parameters.rate]\ndistribution = "uniform"\nmin = 0\nmax = 0.1\n'
         '[parameters."rate[b]"]\ndistribution = "uniform"\nmin = 0\nmax = 0.1\n',
         '[parameters."rate[b]"] samples some of the same elements as [parameters.rate]; sample each element '
         "once (an arrayed constant's bare name samples all its elements)"),
        ('[parameters."rate[Sector]"]\ndistribution = "uniform"\nmin = 0\nmax = 0.1\n',
         "[parameters] rate[Sector]: Sector is a subscript range, not an element; to set every element of rate "
         "use the bare name (rate = VALUE), or name one element of Sector: a, b, c"),
    ],
)
def test_bad_uncertain_elements(tmp_path: Path, body: str, message: str) -> None:
    f = tmp_path / "u.toml"
    f.write_text(f'model = "{SECTORS}"\n' + body, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_uncertainty(f)
    assert str(info.value) == f"{f}: {message}"


@pytest.mark.parametrize(
    ("levers", "clash"),
    [('"rate[b]" = 0.02', "rate[b]"), ("rate = 0.02", "rate"), ('"share[c,a]" = { before = 0.1, after = 0.2, year = 3 }',
                                                                 "share[c,a]")],
)
def test_scenario_and_uncertainty_must_not_overlap(tmp_path: Path, uncertain_file: Path, levers: str,
                                                   clash: str) -> None:
    sc = entropy.load_scenario(scenario(tmp_path, levers))
    with pytest.raises(ScenarioError, match=rf"\[levers\] {clash.replace('[', '.').replace(']', '.')}: the scenario"):
        check_not_set(sc, load_uncertainty(uncertain_file))


def test_elements_that_do_not_overlap_are_fine(tmp_path: Path, uncertain_file: Path) -> None:
    sc = entropy.load_scenario(scenario(tmp_path, '"rate[a]" = 0.05\n"rate[c]" = { before = 0.03, after = 0.1, year = 3 }'))
    check_not_set(sc, load_uncertainty(uncertain_file))
    model = sc.model
    assert covered(model, "rate") == {"rate[a]", "rate[b]", "rate[c]"}
    assert covered(model, "rate[b]") == {"rate[b]"} and covered(model, "exchange_rate") == {"exchange_rate"}


def test_ensemble_on_an_arrayed_model(tmp_path: Path, uncertain_file: Path) -> None:
    sc = entropy.load_scenario(scenario(tmp_path, '"rate[a]" = 0.05\n"rate[c]" = { before = 0.03, after = 0.1, year = 3 }'))
    u = load_uncertainty(uncertain_file)
    out = tmp_path / "ens.nc"
    ds = ensemble([sc], u, runs=6, seed=2, workers=1, out=out, variables=["output", "total_output"], chunk_size=4)
    # The numpy batch engine runs subscripted models (element overrides and steps included).
    assert ds.attrs["batch_engine"] == "s: numpy"
    back = xr.load_dataset(out)
    assert back["output"].dims == ("scenario", "run", "time", "Sector")
    assert list(back["Sector"].values) == ["a", "b", "c"]
    assert {"param_rate[b]", "param_share", "param_exchange_rate"} <= set(back.data_vars)
    assert back["param_rate[b]"].attrs["long_name"] == "Rate[b]"
    assert int(back["status"].sum()) == 0
    # each member is the run of the scenario with its sampled values, on PySD too
    for i in (0, 5):
        params = {k: float(back[f"param_{k}"][i]) for k in u.names}
        single = entropy.run(sc.with_overrides(params, origin="sample"), engine="pysd", variables=["output"])
        np.testing.assert_allclose(back["output"].values[0, i], single["output"].values, rtol=RTOL)
    on_numpy = ensemble([sc], u, runs=6, seed=2, workers=1, engine="numpy", variables=["output", "total_output"],
                        chunk_size=4)
    np.testing.assert_allclose(on_numpy["output"].values, back["output"].values, rtol=1e-12)


def test_ensemble_pysd_matches_simlin(tmp_path: Path, uncertain_file: Path) -> None:
    sc = entropy.load_scenario(scenario(tmp_path, ""))
    u = load_uncertainty(uncertain_file)
    a = ensemble([sc], u, runs=3, seed=1, workers=1, variables=["output"])
    b = ensemble([sc], u, runs=3, seed=1, workers=1, variables=["output"], engine="pysd")
    np.testing.assert_allclose(a["output"].values, b["output"].values, rtol=RTOL)


def test_sobol_sensitivity_of_elements(tmp_path: Path, uncertain_file: Path) -> None:
    sc = entropy.load_scenario(scenario(tmp_path, ""))
    table = sensitivity(sc, load_uncertainty(uncertain_file), "sobol", "total_output", n=32, seed=0)
    assert set(table.index) == {"rate[b]", "share", "exchange_rate"}
    assert table.index[0] == "rate[b]"  # total output grows with the rates; the exchange only moves it around
    assert table.attrs["runs"] == 32 * 5
    with pytest.raises(ScenarioError, match="output 'output' is subscripted over Sector; choose a scalar"):
        sensitivity(sc, load_uncertainty(uncertain_file), "sobol", "output", n=4)


def test_sensitivity_refuses_indicators_of_arrayed_variables(tmp_path: Path) -> None:
    """An indicator needs one series per run: an arrayed model's variable of that name is refused, not guessed."""
    model = tmp_path / "m.mdl"
    model.write_text(SECTORS.read_text().replace("Total Output", "Industrial Output Sum")
                     .replace("Output[", "Industrial Output["),
                     encoding="utf-8")
    f = tmp_path / "u.toml"
    f.write_text(UNCERTAIN.replace(str(SECTORS), str(model)), encoding="utf-8")
    sc = entropy.load_scenario(scenario(tmp_path, "", model))
    with pytest.raises(ScenarioError, match="output 'final_output' needs variable 'industrial_output', which model m "
                       "has over Sector; choose a scalar variable"):
        sensitivity(sc, load_uncertainty(f), "sobol", "final_output", n=4)


def test_cli_ensemble_and_sensitivity(tmp_path: Path, uncertain_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = scenario(tmp_path, "")
    out = tmp_path / "e.nc"
    assert main(["ensemble", str(f), "--uncertain", str(uncertain_file), "--runs", "4", "--workers", "1",
                 "--variables", "output,total_output", "--out", str(out)]) == 0
    assert "param_share" in xr.load_dataset(out)
    assert main(["sensitivity", str(f), "--uncertain", str(uncertain_file), "--samples", "8",
                 "--output", "total_output"]) == 0
    assert "rate[b]" in capsys.readouterr().out


# --- entropy levers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["sectors.mdl", "exchange.mdl", "arrayed.mdl", "zoo.mdl"])
def test_element_defaults_are_pysds(model: str) -> None:
    import pysd

    m = entropy.load_model(DATA / model)
    pm = pysd.load(str(m.python_file))
    defaults = element_defaults(m)
    assert defaults
    for name, got in defaults.items():
        assert got is not None, name
        np.testing.assert_array_equal(got, np.asarray(pm[name].values), err_msg=name)


def test_levers_lists_arrays(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["levers", str(SECTORS)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "rate[Sector]            3 values: 0.01 to 0.03  1/Year  [0, 0.2]" in lines[3]
    assert "share[Sector,Receiver]         3x3: 0.1 to 0.9  Dmnl    [0, 1]" in lines[4]
    # the vectors of each range as a grid: one row per constant, one column per element
    assert lines[6].split() == ["[Sector]", "a", "b", "c"] and lines[8].split() == ["rate", "0.01", "0.02", "0.03"]
    assert '`"rate[a]" = VALUE` one' in out
    assert main(["levers", str(SECTORS), "--constant", "share"]) == 0
    grid = capsys.readouterr().out
    assert "Sector \\ Receiver    a    b    c" in grid and "b                  0.4  0.5  0.6" in grid
    assert main(["levers", str(EXCHANGE), "--constant", "Emission Factor"]) == 0
    rows = capsys.readouterr().out
    assert [line.split() for line in rows.splitlines()[-3:]] == [
        ['"emission_factor[Heavy', 'Industry]"', "2"], ['"emission_factor[Light]"', "2"],
        ['"emission_factor[Services]"', "0.5"]]
    assert main(["levers", str(SECTORS), "--constant", "rate[x]"]) == 2
    assert "unknown element 'x' of Sector" in capsys.readouterr().err


def test_levers_of_an_arrayed_model_never_import_pysd() -> None:
    code = ("import sys\nfrom entropy.cli import main\n"
            f"assert main(['levers', {str(EXCHANGE)!r}]) == 0\n"
            f"assert main(['levers', {str(EXCHANGE)!r}, '--constant', 'exchange_share']) == 0\n"
            "assert 'pysd' not in sys.modules, 'pysd was imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ), check=False)
    assert done.returncode == 0, done.stderr


def test_lookup_returns_model_names() -> None:
    model = entropy.load_model(EXCHANGE)
    lever = lookup(model, "Exchange_Share[heavy industry,services]", "x")
    assert lever.key == "exchange_share[Heavy Industry,Services]" and lever.info.dims == ("Sector", "Receiver")
