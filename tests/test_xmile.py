"""XMILE (Stella) models run like Vensim ones, on both engines (issue 12, first point).

Hand-written XMILE models with known answers (tests/data/xmile/): a stock with
an inflow and a first-order outflow, graphical functions, delays and smooths,
and XMILE's operator precedence; the shipped cluster model saved as XMILE by
pysimlin, whose runs must match the ``.mdl`` runs on both engines; and hostile
XMILE files, which must be refused or run harmlessly, never run code.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import entropy
from entropy.cli import main
from entropy.errors import EngineError, ModelError, ScenarioError
from entropy.loading.xmile import read_xmile
from entropy.loading.xmile_copy import clean_xmile

DATA = Path(__file__).resolve().parent / "data" / "xmile"
ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("simlin", "pysd")


def scenario(path: Path, levers: str = "") -> entropy.Scenario:
    return entropy.parse_scenario(f'model = "{path}"\n[levers]\n{levers}')


def both(path: Path, levers: str = "") -> dict[str, object]:
    sc = scenario(path, levers)
    return {e: entropy.run(sc, engine=e) for e in ENGINES}


@pytest.mark.parametrize("engine", ENGINES)
def test_stock_and_flows_follow_eulers_exact_solution(engine: str) -> None:
    ds = entropy.run(scenario(DATA / "decay.xmile"), engine=engine)
    h, k, inflow, s0 = 1 / 8, 0.1, 2.0, 100.0  # dt reciprocal="true" 8
    t = ds["time"].values
    assert t[0] == 0 and t[-1] == 40 and np.allclose(np.diff(t), 1.0)  # isee:save_interval
    star = inflow / k
    euler = star + (s0 - star) * (1 - k * h) ** np.round(t / h)
    assert np.allclose(ds["material_stock"].values, euler, rtol=1e-12)
    # ... and close to the continuous solution, as Euler with h = 1/8 is.
    exact = star + (s0 - star) * np.exp(-k * t)
    assert np.max(np.abs(ds["material_stock"].values - exact)) < 0.5
    assert np.allclose(ds["decay"].values, k * ds["material_stock"].values, rtol=1e-12)


def test_metadata_comes_from_the_file() -> None:
    model = entropy.load_model(DATA / "decay.xmile")
    assert model.format == "xmile"
    assert (model.initial_time, model.final_time, model.time_step, model.saveper) == (0, 40, 0.125, 1)
    rate = model.variables["decay_rate"]
    assert (rate.kind, rate.default, rate.minimum, rate.maximum, rate.units) == ("constant", 0.1, 0, 1, "1/Year")
    assert rate.comment == "Share of the stock lost each year."
    assert model.variables["material_stock"].kind == "stock"
    assert model.variables["decay"].kind == "auxiliary"
    assert model.variables["initial_time"].units == "Year"
    ds = entropy.run(scenario(DATA / "decay.xmile"), engine="simlin")
    assert ds["material_stock"].attrs["units"] == "Mt"
    assert ds.attrs["model"] == "decay"


def test_levers_are_validated_against_the_files_ranges(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"decay_rate = 1.5 is out of range: allowed \[0, 1\]"):
        scenario(DATA / "decay.xmile", "decay_rate = 1.5")
    with pytest.raises(ScenarioError, match="material_stok"):
        scenario(DATA / "decay.xmile", "material_stok = 1")
    runs = both(DATA / "decay.xmile", "decay_rate = { before = 0.1, after = 0.3, year = 10 }")
    for ds in runs.values():
        s = ds["material_stock"].sel(time=[10.0, 20.0]).values
        assert s[1] < s[0] * math.exp(-0.25 * 10) + 20 / 0.3  # drains faster after the change
    assert np.array_equal(runs["simlin"]["material_stock"].values, runs["pysd"]["material_stock"].values)


@pytest.mark.parametrize("engine", ENGINES)
def test_graphical_functions(engine: str) -> None:
    ds = entropy.run(scenario(DATA / "lookups.xmile"), engine=engine)
    t = ds["time"].values
    table = np.interp(t, [0, 4, 10], [1, 3, 0])
    assert np.allclose(ds["demand"].values, table, rtol=0, atol=1e-12)
    assert np.allclose(ds["demand_looked_up"].values, np.interp(t, [0, 5, 10], [1, 3, 0]), atol=1e-12)
    assert np.allclose(ds["ramp_effect"].values, np.interp(t / 2, [0, 2, 5], [0, 10, 10]), atol=1e-12)
    # The stock sums the table's values at each earlier step (Euler, dt 0.25).
    fine = np.arange(0, 12, 0.25)
    cumulative = np.concatenate([[0.0], np.cumsum(0.25 * np.interp(fine, [0, 4, 10], [1, 3, 0]))])
    assert np.allclose(ds["cumulative_demand"].values, cumulative, atol=1e-12)
    kinds = {k: v.kind for k, v in entropy.load_model(DATA / "lookups.xmile").variables.items()}
    assert kinds["demand_table"] == kinds["demand_curve"] == "lookup"


@pytest.mark.parametrize("engine", ENGINES)
def test_delays_and_smooths_of_a_step(engine: str) -> None:
    ds = entropy.run(scenario(DATA / "delays.xmile"), engine=engine)
    t = ds["time"].values
    tau = np.clip(t - 2, 0, None) / 4
    first = 1 - np.exp(-tau)
    third = 1 - np.exp(-3 * tau) * (1 + 3 * tau + (3 * tau) ** 2 / 2)
    for name, exact in (("smooth_1", first), ("delay_1", first), ("smooth_3", third), ("delay_3", third)):
        assert np.max(np.abs(ds[name].values - exact)) < 0.01, name  # Euler at dt 1/64
    assert np.all(ds["start_value"].values == 5)  # INIT keeps the first value


@pytest.mark.parametrize("engine", ENGINES)
def test_operator_precedence_and_builtins(engine: str) -> None:
    ds = entropy.run(scenario(DATA / "operators.xmile"), engine=engine)
    expected = {
        "minus_power": -4, "power_chain": 512, "negative_mod": 2, "mod_times": 2,
        "negative_int": -3, "positive_int": 2, "not_binds_tight": 0, "power_of_negative": 0.5,
        "safe_division": 9, "clock": 5, "functions": 8,
    }
    for name, value in expected.items():
        assert np.all(ds[name].values == value), (name, ds[name].values)
    assert list(ds["conditional"].values) == [20, 20, 10, 20, 10]
    assert list(ds["ramps"].values) == [0, 0, 0, 11, 12]


@pytest.mark.parametrize("name", ["decay", "lookups", "delays", "operators", "non_negative", "functions", "names", "sir"])
def test_engines_agree(name: str) -> None:
    runs = both(next(DATA.glob(f"{name}.*")))
    a, b = runs["simlin"], runs["pysd"]
    assert set(a.data_vars) == set(b.data_vars)
    for v in a.data_vars:
        scale = max(1.0, float(np.max(np.abs(a[v].values))))
        assert np.max(np.abs(a[v].values - b[v].values)) <= 1e-9 * scale, v


@pytest.fixture(scope="module")
def cluster_xmile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped cluster model saved as XMILE by pysimlin."""
    import simlin

    out = tmp_path_factory.mktemp("xmile") / "cluster.xmile"
    out.write_bytes(simlin.load(ROOT / "sd_models" / "cluster" / "cluster.mdl").project.to_xmile())
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_cluster_saved_as_xmile_matches_the_mdl(engine: str, cluster_xmile: Path) -> None:
    levers = 'recycle_policy = 0.8\nrenewable_share_policy = { before = 0.1, after = 0.5, year = 2040 }'
    mdl = entropy.parse_scenario(f'model = "cluster"\n[horizon]\nend = 2125\n[levers]\n{levers}')
    xml = entropy.parse_scenario(f'model = "{cluster_xmile}"\n[horizon]\nend = 2125\n[levers]\n{levers}')
    a, b = entropy.run(mdl, engine=engine), entropy.run(xml, engine=engine)
    assert set(a.data_vars) == set(b.data_vars) and len(a.data_vars) > 200
    for v in a.data_vars:
        scale = max(1e-12, float(np.max(np.abs(a[v].values))))
        assert np.max(np.abs(a[v].values - b[v].values)) <= 1e-9 * scale, v
        ua, ub = a[v].attrs["units"], b[v].attrs["units"]  # pysimlin may write Mt/(Year*Year)
        assert ua == ub or entropy.unit_registry.Quantity(1, ua).to(ub).magnitude == pytest.approx(1), v
    # The indicators read the XMILE run as they read the .mdl run.
    ia, ib = entropy.indicators(a), entropy.indicators(b)
    assert ia["first_overshoot_year"].iloc[0] == ib["first_overshoot_year"].iloc[0]


def test_cluster_xmile_metadata_matches_the_mdl(cluster_xmile: Path) -> None:
    a = entropy.load_model(ROOT / "sd_models" / "cluster" / "cluster.mdl")
    b = entropy.load_model(cluster_xmile)
    assert set(a.variables) == set(b.variables)
    for name, va in a.variables.items():
        vb = b.variables[name]
        assert (va.kind, va.default) == (vb.kind, vb.default), name
        if va.units != vb.units:  # the same units, written another way by pysimlin
            assert entropy.unit_registry.Quantity(1, va.units).to(vb.units).magnitude == pytest.approx(1)
    # pysimlin's export keeps no Vensim ranges: the XMILE copy's levers are unbounded.
    assert b.variables["recycle_policy"].maximum is None


def test_models_lists_xmile_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("decay", "lookups"):
        (tmp_path / name).mkdir()
        suffix = ".xmile" if name == "decay" else ".stmx"
        shutil.copy(DATA / f"{name}.xmile", tmp_path / name / f"{name}{suffix}")
    monkeypatch.setenv("ENTROPY_MODELS_DIR", str(tmp_path))
    assert set(entropy.list_models()) == {"decay", "lookups"}
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"decay +XMILE +\S+decay\.xmile", out) and "lookups.stmx" in out
    (tmp_path / "decay" / "scenarios").mkdir()
    (tmp_path / "decay" / "scenarios" / "fast.toml").write_text('model = "decay"\n[levers]\ndecay_rate = 0.5\n')
    assert main(["run", "decay/fast", "--engine", "simlin", "--out", str(tmp_path / "fast.csv")]) == 0
    assert (tmp_path / "fast.csv").is_file()


def test_numpy_engine_refuses_and_ensembles_use_simlin(tmp_path: Path) -> None:
    sc = scenario(DATA / "decay.xmile")
    from entropy.engines.numpy_model import entries_of

    with pytest.raises(EngineError, match="numpy engine reads Vensim .mdl equations only"):
        entries_of(sc.model)
    unc = tmp_path / "u.toml"
    unc.write_text(f'model = "{DATA / "decay.xmile"}"\n[parameters.decay_rate]\n'
                   'distribution = "uniform"\nmin = 0.05\nmax = 0.2\n')
    out = entropy.ensemble([sc], entropy.load_uncertainty(unc), runs=20, seed=1, workers=1,
                           variables=["material_stock"])
    final = out["material_stock"].isel(time=-1).values.ravel()
    assert final.size == 20 and np.all(np.isfinite(final)) and np.ptp(final) > 1


# ---------------------------------------------------------------------------
# Hostile XMILE: refused with a message, or run harmlessly; never code.
# ---------------------------------------------------------------------------

PY = '__import__("os").system("touch CANARY")'


def xmile(variables: str, before: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{before}'
            '<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">'
            "<header><vendor>x</vendor></header><sim_specs><start>0</start><stop>2</stop><dt>1</dt></sim_specs>"
            f'<model><variables><stock name="S"><eqn>0</eqn><inflow>X</inflow></stock>'
            f'<flow name="X"><eqn>1</eqn></flow>{variables}</variables></model></xmile>')


REFUSED: dict[str, tuple[str, str]] = {
    "external entity": (xmile('<aux name="Y"><eqn>&xxe;</eqn></aux>',
                              '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'), "<!DOCTYPE"),
    "entity expansion": (xmile('<aux name="Y"><eqn>1</eqn></aux>',
                               '<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'), "<!DOCTYPE"),
    "code in an equation": (xmile(f'<aux name="Y"><eqn>{PY}</eqn></aux>'), "is not allowed in an equation"),
    "dunder name": (xmile('<aux name="Y"><eqn>__import__(1)</eqn></aux>'), "IMPORT(...): not allowed"),
    "unknown function": (xmile('<aux name="Y"><eqn>SYSTEM(1)</eqn></aux>'), "SYSTEM(...): not allowed"),
    "unknown variable": (xmile('<aux name="Y"><eqn>os</eqn></aux>'), "'os' is not a variable of the model"),
    "dotted module name": (xmile('<aux name="Y"><eqn>os.system</eqn></aux>'), "dotted"),
    "quote in a name": (xmile('<aux name="Y&quot;)+exec(1)#"><eqn>1</eqn></aux>'), "names may hold only"),
    "semicolon in a name": (xmile('<aux name="Y;exec(1)"><eqn>1</eqn></aux>'), "names may hold only"),
    "backslash in a name": (xmile('<aux name="Y\\"><eqn>1</eqn></aux>'), "names may hold only"),
    "code in graph points": (xmile(f'<gf name="G"><xpts>0,1</xpts><ypts>0,{PY}</ypts></gf>'), "is not a number"),
    "code in an inflow": (xmile('<stock name="T"><eqn>0</eqn><inflow>X+exec(1)</inflow></stock>'),
                          "inflow 'x+exec(1)' is not a variable of the model"),
    "code in an outflow": (xmile('<stock name="T"><eqn>0</eqn><outflow>X;exec(1)</outflow></stock>'),
                           "names may hold only"),
    "code in time units": (xmile("").replace("<sim_specs>", '<sim_specs time_units="%s">'
                                             % PY.replace('"', "&quot;")), "time_units"),
    "huge number": (xmile('<aux name="Y"><eqn>1e999</eqn></aux>'), "too large"),
    "chained comparison": (xmile('<aux name="Y"><eqn>1 &lt; 2 &lt; 3</eqn></aux>'), "cannot be chained"),
    "module": (xmile('<module name="M"/>'), "modules"),
    "unknown dimension": (xmile('<aux name="Y"><dimensions><dim name="D"/></dimensions><eqn>1</eqn></aux>'),
                          "each must be one of the model's <dimensions>"),
    "subscript on a scalar": (xmile('<aux name="Y"><eqn>X[1]</eqn></aux>'), "has 0 dimension(s)"),
    "duplicate": (xmile('<aux name="x"><eqn>1</eqn></aux>'), "defined twice"),
    "builtin name": (xmile('<aux name="Time"><eqn>1</eqn></aux>'), "built-in"),
    "not xml": ("S = INTEG(X, 0) ~ t ~ |", "not well-formed XML"),
    "not xmile": ('<?xml version="1.0"?><html><body/></html>', "not an XMILE model"),
    "no specs": (xmile("").replace("<sim_specs>", "<nope>").replace("</sim_specs>", "</nope>"), "no <sim_specs>"),
    "wrong arity": (xmile('<aux name="Y"><eqn>MIN(1)</eqn></aux>'), "MIN takes 2 arguments, not 1"),
    # Functions one engine cannot run, or on which they disagree, are refused by name.
    "delayn": (xmile('<aux name="Y"><eqn>DELAYN(X, 2, 3)</eqn></aux>'), "DELAYN(...): not allowed"),
    "fixed delay": (xmile('<aux name="Y"><eqn>DELAY(X, 2)</eqn></aux>'), "DELAY(...): not allowed"),
    "previous": (xmile('<aux name="Y"><eqn>PREVIOUS(X, 0)</eqn></aux>'), "PREVIOUS(...): not allowed"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_hostile_xmile_is_refused(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, message = REFUSED[case]
    canary = tmp_path / "canary"
    path = tmp_path / "m.xmile"
    path.write_text(text.replace("CANARY", str(canary)), encoding="utf-8")
    with pytest.raises(ModelError, match=None) as err:
        entropy.load_model(path)
    assert message in str(err.value) and str(path) in str(err.value)
    sc = tmp_path / "s.toml"
    sc.write_text(f'model = "{path}"\n')
    assert main(["run", str(sc), "--engine", "pysd"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("entropy: error: ") and "Traceback" not in err and message in err
    assert not canary.exists()


def test_hostile_xmile_in_a_subprocess(tmp_path: Path) -> None:
    """One case end to end in a real process: exit 2, a message, no traceback, no canary."""
    canary = tmp_path / "canary"
    path = tmp_path / "m.xmile"
    path.write_text(REFUSED["code in an equation"][0].replace("CANARY", str(canary)), encoding="utf-8")
    (tmp_path / "s.toml").write_text(f'model = "{path}"\n')
    done = subprocess.run([sys.executable, "-m", "entropy.cli", "run", "s.toml", "--engine", "pysd"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is not allowed in an equation" in done.stderr and not canary.exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_text_fields_never_reach_the_engines(engine: str, tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    body = (f'<aux name="Y"><eqn>2</eqn><doc>""" + {PY} + """</doc>'
            f"<units>''' + {PY} + '''</units></aux>").replace("CANARY", str(canary))
    path = tmp_path / "m.xmile"
    path.write_text(xmile(body), encoding="utf-8")
    ds = entropy.run(scenario(path), engine=engine)
    assert float(ds["y"]) == 2 and "__import__" in ds["y"].attrs["description"]
    assert not canary.exists()
    clean = clean_xmile(read_xmile(path, path.read_bytes()), engine)
    assert "__import__" not in clean and "<doc>" not in clean and "<units>" not in clean


@pytest.mark.parametrize("engine", ENGINES)
def test_non_negative_stocks_and_flows_keep_mass(engine: str) -> None:
    ds = entropy.run(scenario(DATA / "non_negative.xmile"), engine=engine)
    assert float(ds["s"].min()) == pytest.approx(0, abs=1e-12)  # never below zero ...
    assert np.allclose(ds["s"].values + ds["t"].values, 1.0, atol=1e-12)  # ... and nothing lost
    assert float(ds["s"].sel(time=3.0)) == pytest.approx(0.1) and float(ds["out"].sel(time=3.0)) == pytest.approx(0.2)
    assert float(ds["back"].min()) == 0 and float(ds["u"].isel(time=-1)) == pytest.approx(0.75)


def test_names_with_punctuation_chinese_and_python_words() -> None:
    # PySD's identifiers name the variables, as for a .mdl file: a builtin's name gets _1,
    # punctuation is dropped, a name with no ASCII letter becomes nvs_.
    runs = both(DATA / "names.xmile", '"price_($/t)" = 500')
    a, b = runs["simlin"], runs["pysd"]
    assert set(a.data_vars) == {"price_t", "growth_rate", "sum_1", "max_1", "nvs_", "nvs__1"}
    for v in a.data_vars:
        assert np.array_equal(a[v].values, b[v].values), v
    assert a["price_t"].attrs["long_name"] == "Price ($/t)" and a["nvs_"].attrs["long_name"] == "工业产出"
    assert np.allclose(a["sum_1"].values, 500 * a["nvs_"].values / 1000)
    with pytest.raises(ScenarioError, match=r"out of range: allowed \[100, 900\]"):
        scenario(DATA / "names.xmile", '"Price ($/t)" = 50')
    assert set(entropy.model_structure(entropy.load_model(DATA / "names.xmile"))) >= {"sum_1", "nvs_"}


@pytest.mark.parametrize("name", ["decision", "fragile", "ishigami", "third_party", "arrayed", "exchange", "series"])
def test_test_models_saved_as_xmile_run_like_the_mdl(name: str, tmp_path: Path) -> None:
    """Scalar and arrayed (SUMs of products, per-element equations), as pysimlin writes them."""
    import simlin

    mdl = DATA.parent / f"{name}.mdl"
    xml = tmp_path / f"{name}.xmile"
    xml.write_bytes(simlin.load(mdl).project.to_xmile())
    for engine in ENGINES:
        a, b = entropy.run(scenario(mdl), engine=engine), entropy.run(scenario(xml), engine=engine)
        assert set(a.data_vars) <= set(b.data_vars)  # pysimlin may add a stock's net flow
        for v in a.data_vars:
            assert np.allclose(a[v].values, b[v].values, rtol=1e-9, atol=0), (engine, v)


@pytest.mark.parametrize("engine", ENGINES)
def test_arrays_follow_eulers_exact_solution(engine: str) -> None:
    ds = entropy.run(scenario(DATA / "arrays.xmile"), engine=engine)
    n = np.round(ds["time"].values / 0.25)[:, None, None]
    rate = np.array([0.01, 0.03])[None, None, :]
    exact = 10 * (1 + rate * 0.25) ** n * np.ones((1, 2, 1))
    assert ds["output"].dims == ("time", "Region", "Sector")
    assert list(ds["Sector"].values) == ["Heavy Industry", "Services"]
    assert np.allclose(ds["output"].values, exact, rtol=1e-12)
    assert np.allclose(ds["regional_output"].values, exact.sum(axis=2), rtol=1e-12)
    assert np.allclose(ds["total_output"].values, exact.sum(axis=(1, 2)), rtol=1e-12)
    assert np.allclose(ds["north_growth"].values, (exact[:, 0, :] * rate[0]).sum(axis=1), rtol=1e-12)
    assert np.allclose(ds["north_heavy"].values, exact[:, 0, 0], rtol=1e-12)


def test_arrayed_levers_on_both_engines() -> None:
    model = entropy.load_model(DATA / "arrays.xmile")
    assert model.subscripts == {"Region": ("north", "south"), "Sector": ("Heavy Industry", "Services")}
    rate = model.variables["growth_rate"]
    assert (rate.kind, rate.dims, rate.maximum) == ("constant", ("Sector",), 0.2)
    from entropy.loading.levers import element_defaults

    assert np.array_equal(element_defaults(model)["growth_rate"], [0.01, 0.03])
    with pytest.raises(ScenarioError, match="out of range"):
        scenario(DATA / "arrays.xmile", '"growth_rate[Services]" = 0.5')
    for levers in ('"growth_rate[heavy_industry]" = 0.05',
                   '"growth_rate[Services]" = { before = 0.03, after = 0.1, year = 5 }',
                   '"growth_rate[Services]" = { years = [0, 10], values = [0.0, 0.1] }'):
        runs = both(DATA / "arrays.xmile", levers)
        assert np.array_equal(runs["simlin"]["output"].values, runs["pysd"]["output"].values), levers
    final = runs["simlin"]["output"].isel(time=-1).values
    assert final[0, 0] == pytest.approx(10 * 1.0025 ** 40) and final[0, 1] > 10


ARRAY_REFUSED = {
    "code in an element name": ('', "element 'x\")+exec(1)#': allowed names are"),
    "code in a dimension name": ('', "dimension 'Region\")+exec(1)#': allowed names are"),
    "star outside SUM": ('<aux name="Y"><eqn>MAX(Output[north, *])</eqn></aux>', "may stand only inside SUM"),
    "unknown element": ('<aux name="Y"><eqn>Output[east, Services]</eqn></aux>', "'east' is neither dimension region"),
    "missing subscripts": ('<aux name="Y"><eqn>Output</eqn></aux>', "give its subscripts"),
    "too many subscripts": ('<aux name="Y"><eqn>Growth_Rate[Services, north]</eqn></aux>', "more subscripts"),
    "sum of nothing": ('<aux name="Y"><eqn>SUM(Output[north, Services])</eqn></aux>', "none is marked"),
    "a dimension not its own": ('<aux name="Y"><eqn>Growth_Rate[Sector]</eqn></aux>', "not arrayed over sector"),
}


@pytest.mark.parametrize("case", sorted(ARRAY_REFUSED))
def test_array_misuse_is_refused(case: str, tmp_path: Path) -> None:
    body, message = ARRAY_REFUSED[case]
    text = (DATA / "arrays.xmile").read_text(encoding="utf-8").replace("    </variables>", f"      {body}\n    </variables>")
    if "element name" in case:
        text = text.replace('<elem name="south"/>', '<elem name="x&quot;)+exec(1)#"/>')
    if "dimension name" in case:
        text = text.replace('<dim name="Region">', '<dim name="Region&quot;)+exec(1)#">')
    path = tmp_path / "m.xmile"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError, match=re.escape(message)):
        entropy.load_model(path)


def test_dimension_mappings_are_refused(tmp_path: Path) -> None:
    import simlin

    path = tmp_path / "sectors.xmile"
    path.write_bytes(simlin.load(DATA.parent / "sectors.mdl").project.to_xmile())
    with pytest.raises(ModelError, match="spans other dimensions than the stock; dimension mappings"):
        entropy.load_model(path)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stella_file_runs_as_an_independent_euler_integration(engine: str) -> None:
    """An SIR model as Stella saves it (.stmx: isee extensions, <behavior>, views, names over lines)."""
    ds = entropy.run(scenario(DATA / "sir.stmx"), engine=engine)
    h, n, beta, gamma = 0.25, 1000.0, 5 * 0.05, 1 / 5
    s, i, r = n - 1, 1.0, 0.0
    expected = [(s, i, r)]
    for _ in range(400):
        infection, recovery = beta * s * i / n, gamma * i
        s, i, r = s - h * infection, i + h * (infection - recovery), r + h * recovery
        expected.append((s, i, r))
    got = np.stack([ds[v].values for v in ("susceptible", "infected", "recovered")], axis=1)
    assert got.shape == (401, 3) and np.allclose(got, np.array(expected), rtol=1e-12)
    assert np.allclose(got.sum(axis=1), n, rtol=1e-12)
    assert entropy.load_model(DATA / "sir.stmx").variables["contact_rate"].maximum == 20
