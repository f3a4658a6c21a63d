"""Loop dominance (`entropy loops`, `entropy.loop_dominance`) on a logistic model whose
switch from the reinforcing to the balancing loop is known analytically."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import entropy
from entropy.cli import main
from entropy.errors import ScenarioError
from entropy.limits import MAX_NAMED_LOOPS, MAX_TEXT_FILE_BYTES
from entropy.analysis.loops import NO_LOOP, dominance_periods, dominant_loops
from entropy.loading.loops_file import load_loops, parse_loops

from .conftest import DATA, ROOT
from .test_readme import block_from, cli_output, strip

LOGISTIC = DATA / "logistic" / "logistic.toml"
LOOPS = DATA / "logistic" / "loops.toml"
R, K, P0 = 0.1, 1000.0, 10.0


def t_star(r: float, k: float, p0: float, t0: float = 0.0) -> float:
    """When the logistic population reaches K/2: the balancing loop's score passes the reinforcing one's."""
    return math.log((k - p0) / p0) / r + t0


def switch_time(ds: xr.Dataset) -> float:
    """The first saved time at which crowding dominates."""
    hits = np.flatnonzero(ds["dominant"].values == "crowding")
    return float(ds["time"].values[hits[0]])


@pytest.fixture(scope="module")
def base() -> xr.Dataset:
    return entropy.loop_dominance(str(LOGISTIC))


def test_dataset_layout(base: xr.Dataset) -> None:
    assert list(base["loop"].values) == ["growth", "crowding"]
    assert base["relative_score"].dims == ("loop", "time") == base["absolute_score"].dims
    assert base["relative_score"].attrs["units"] == "Dmnl"
    assert list(base["polarity"].values) == ["reinforcing", "balancing"]
    assert list(base["observed_polarity"].values) == ["R", "B"]
    assert list(base["switch"].values) == ["", "Crowding Switch"]
    assert base["variables"].values[1] == "Population -> Crowding -> Deaths"
    assert base.attrs["ltm_mode"] == "exhaustive" and base.attrs["engine"] == "simlin"
    assert base.attrs["model"] == "logistic" and len(base.attrs["loops_sha256"]) == 64
    rel = base["relative_score"].values
    # Signed as Simlin gives it: the growth loop positive, crowding negative; the
    # two are the only loops, so their shares add up to 1 once anything changes.
    assert (rel[0, 1:] > 0).all() and (rel[1, 1:] < 0).all()
    np.testing.assert_allclose(np.abs(rel[:, 1:]).sum(axis=0), 1.0, atol=1e-9)
    assert base["dominant"].values[0] == NO_LOOP  # no change yet at the first saved time


def test_switch_time_is_analytic(base: xr.Dataset) -> None:
    expected = t_star(R, K, P0)  # 45.95 years
    save = base.attrs["save_period"]
    assert abs(switch_time(base) - expected) <= 2 * save
    periods = dominance_periods(base)
    assert [p.loop for p in periods] == ["growth", "crowding"]
    assert periods[0].start == 0 and periods[-1].end == 100
    assert periods[1].start == switch_time(base)
    assert periods[0].mean_score > 0.5 and periods[1].mean_score < -0.5


def test_finer_saving_narrows_the_switch(tmp_path: Path) -> None:
    sc = tmp_path / "fine.toml"
    sc.write_text(f'model = "{DATA / "logistic" / "logistic.mdl"}"\n'
                  "[horizon]\nend = 60\ntime_step = 0.03125\nsave_period = 0.125\n")
    ds = entropy.loop_dominance(str(sc), LOOPS)
    assert abs(switch_time(ds) - t_star(R, K, P0)) <= 2 * 0.125


@pytest.mark.parametrize(("r", "k", "p0"), [(0.2, 1000, 10), (0.1, 100, 10), (0.1, 1000, 1), (0.05, 1000, 10)])
def test_scenario_constants_move_the_switch(r: float, k: float, p0: float) -> None:
    sc = entropy.load_scenario(LOGISTIC).with_levers(growth_rate=r, carrying_capacity=k, initial_population=p0)
    ds = entropy.loop_dominance(sc)
    assert abs(switch_time(ds) - t_star(r, k, p0)) <= 2.0
    assert "growth_rate" in ds.attrs["scenario_toml"]


def test_step_change_is_honoured() -> None:
    sc = entropy.parse_scenario(
        f'model = "{DATA / "logistic" / "logistic.mdl"}"\n'
        "[levers]\ngrowth_rate = { before = 0.1, after = 0.3, year = 20 }\n", name="stepped")
    ds = entropy.loop_dominance(sc, LOOPS)
    p20 = K / (1 + (K - P0) / P0 * math.exp(-R * 20))
    expected = t_star(0.3, K, p20, t0=20)  # 28.65
    assert abs(switch_time(ds) - expected) <= 2.0


def test_switch_knocks_the_balancing_loop_out() -> None:
    sc = entropy.load_scenario(LOGISTIC).with_levers(crowding_switch=0)
    ds = entropy.loop_dominance(sc)
    assert [p.loop for p in dominance_periods(ds)] == ["growth"]
    assert np.all(ds["relative_score"].sel(loop="crowding").values == 0)


def _synthetic(labels: list[str], times: list[float] | None = None) -> xr.Dataset:
    t = np.asarray(times if times is not None else range(len(labels)), dtype=float)
    names = sorted({x for x in labels if x})
    rel = np.array([[1.0 if x == n else 0.25 for x in labels] for n in names])
    return xr.Dataset({"relative_score": (("loop", "time"), rel), "dominant": ("time", labels)},
                      coords={"loop": names, "time": t})


def test_periods_merge_short_ones_into_the_longer_neighbour() -> None:
    ds = _synthetic(["a"] * 10 + ["b"] + ["a"] * 3 + ["b"] * 6)
    assert [(p.start, p.end, p.loop) for p in dominance_periods(ds, 0)] == [
        (0, 10, "a"), (10, 11, "b"), (11, 14, "a"), (14, 19, "b")]
    # The one-year b joins the a's around it; mean scores count the absorbed year.
    merged = dominance_periods(ds, 2)
    assert [(p.start, p.end, p.loop) for p in merged] == [(0, 14, "a"), (14, 19, "b")]
    assert merged[0].mean_score == pytest.approx((13 * 1.0 + 0.25) / 14)
    assert [p.loop for p in dominance_periods(ds, 100)] == ["a"]  # the run is shorter: one period
    alternating = _synthetic(["a", "b"] * 5)
    assert len(dominance_periods(alternating, 3)) == 1


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_periods_refuse_a_bad_minimum(base: xr.Dataset, bad: float) -> None:
    with pytest.raises(ScenarioError, match="min_period"):
        dominance_periods(base, bad)


def test_dominant_ignores_nan_and_inactive() -> None:
    rel = np.array([[np.nan, 0.0, 0.4, 0.2], [np.nan, 0.0, -0.6, np.nan]])
    assert list(dominant_loops(rel, ["a", "b"])) == ["", "", "b", "a"]


# ---- the command line ----------------------------------------------------------


def test_cli_prints_the_periods_and_writes_netcdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "loops.nc"
    assert main(["loops", str(LOGISTIC), "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:3] == ["from", "to", "dominant"]
    assert lines[3].split()[:4] == ["0", "47", "growth", "reinforcing"]
    assert lines[4].split()[:4] == ["47", "100", "crowding", "balancing"]
    ds = xr.load_dataset(out)
    assert ds["relative_score"].dims == ("loop", "time")
    assert list(ds["loop"].values) == ["growth", "crowding"] and ds["dominant"].values[60] == "crowding"


def test_cli_writes_csv_and_keeps_short_periods(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "loops.csv"
    assert main(["loops", str(LOGISTIC), "--loops", str(LOOPS), "--min-period", "0", "--out", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "(no named loop active)" in shown  # the first saved time, kept with --min-period 0
    df = pd.read_csv(out, keep_default_na=False)
    assert list(df.columns[:4]) == ["loop", "time", "relative_score", "absolute_score"]
    assert len(df) == 2 * 101 and set(df["loop"]) == {"growth", "crowding"}
    assert df.loc[(df["loop"] == "growth") & (df["time"] == 60), "dominant"].item() == "crowding"


def test_readme_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    block = block_from("$ entropy loops")
    first, _, shown = block.partition("\n")
    argv = first.removeprefix("$ ").split()[1:]
    assert strip(shown) == strip(cli_output(argv))


# ---- bad loops files -------------------------------------------------------------

GOOD = LOOPS.read_text(encoding="utf-8")
GROWTH = '[[loop]]\nname = "growth"\ntitle = "t"\npolarity = "reinforcing"\nvariables = ["Population", "Births"]\n'


def _loop(**fields: str) -> str:
    spec = {"name": '"crowding"', "title": '"t"', "polarity": '"balancing"',
            "variables": '["Population", "Crowding", "Deaths"]'}
    spec.update(fields)
    return "[[loop]]\n" + "".join(f"{k} = {v}\n" for k, v in spec.items() if v)


BAD = {
    "toml": ("[[loop]\nname =", r"not valid TOML"),
    "top_key": ('model = "x"\n' + GROWTH, r"unknown key 'model'; allowed: loop"),
    "empty": ("", r"no \[\[loop\]\] tables"),
    "not_tables": ("loop = 3\n", r"no \[\[loop\]\] tables"),
    "loop_key": (_loop(colour='"red"'), r"\[\[loop\]\] #1 \(crowding\): unknown key 'colour'; allowed: name, "),
    "missing": (_loop(title=""), r"missing key 'title'"),
    "name_type": (_loop(name="3"), r"name = 3; allowed: 1 to 40 of a-z"),
    "name_chars": (_loop(name='"Crowding!"'), r"name = 'Crowding!'; allowed"),
    "title_type": (_loop(title="[1]"), r"title = \[1\]; allowed: text"),
    "title_escape": (_loop(title='"\\u001b[31mred"'), r"title holds control characters"),
    "polarity": (_loop(polarity='"negative"'), r"polarity = 'negative'; allowed: reinforcing, balancing"),
    "variables_type": (_loop(variables='"Population"'), r"variables = 'Population'; allowed: a list of at least two"),
    "variables_one": (_loop(variables='["Population"]'), r"allowed: a list of at least two"),
    "unknown_variable": (_loop(variables='["Population", "Crowdin", "Deaths"]'),
                         r"'Crowdin' is not a variable of model logistic; did you mean 'Crowding'"),
    "twice": (_loop(variables='["Population", "Crowding", "Population"]'), r"lists 'Population' twice"),
    "reversed": (_loop(variables='["Population", "Deaths", "Crowding"]'),
                 r"do not form a feedback loop: 'Population' does not cause 'Deaths'.*reverse causal order"),
    "not_linked": (_loop(variables='["Population", "Births", "Deaths"]'),
                   r"'Births' does not cause 'Deaths' in the model \('Deaths' is caused by: Crowding, "),
    "constant": (_loop(variables='["Growth Rate", "Births", "Population"]'),
                 r"'Growth Rate' is a constant, which no feedback loop"),
    "initial_value": (_loop(variables='["Initial Population", "Population"]'), r"is a constant"),
    "duplicate_name": (GROWTH + GROWTH.replace('["Population", "Births"]', '["Population", "Crowding", "Deaths"]'),
                       r"#2 \(growth\): name 'growth' is used twice"),
    "duplicate_cycle": (GROWTH + GROWTH.replace('"growth"', '"births"').replace(
        '["Population", "Births"]', '["Births", "Population"]'), r"the same cycle as loop 'growth'"),
    "switch_kind": (_loop(switch='"Births"'), r"switch 'Births' is an auxiliary; allowed: a scalar constant"),
    "switch_unused": (_loop(switch='"Initial Population"'),
                      r"switch 'Initial Population' does not affect any variable of the loop"),
    "switch_type": (_loop(switch="1"), r"switch = 1; allowed: the name of a constant"),
    "too_many": (GROWTH * (MAX_NAMED_LOOPS + 1), rf"{MAX_NAMED_LOOPS + 1} loops; allowed at most {MAX_NAMED_LOOPS}"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_loops_file(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, message = BAD[case]
    path = tmp_path / "loops.toml"
    path.write_text(text, encoding="utf-8")
    model = entropy.load_scenario(LOGISTIC).model
    with pytest.raises(ScenarioError, match=message) as err:
        load_loops(path, model)
    assert str(err.value).startswith(f"{path}: ")
    out = tmp_path / "out.nc"
    assert main(["loops", str(LOGISTIC), "--loops", str(path), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"entropy: error: {path}: ") and "Traceback" not in captured.err
    assert re.search(message, captured.err) and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loops.toml"]


def test_oversized_and_binary_files(tmp_path: Path) -> None:
    model = entropy.load_scenario(LOGISTIC).model
    big = tmp_path / "big.toml"
    big.write_text(GOOD + "#" * MAX_TEXT_FILE_BYTES, encoding="utf-8")
    with pytest.raises(ScenarioError, match=rf"{big}: loops file is .* bytes; allowed at most"):
        load_loops(big, model)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00loop")
    with pytest.raises(ScenarioError, match="not UTF-8 text"):
        load_loops(binary, model)
    with pytest.raises(ScenarioError, match="cannot read loops file"):
        load_loops(tmp_path / "missing.toml", model)


def test_wrong_declared_polarity_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "loops.toml"
    path.write_text(GROWTH.replace('"reinforcing"', '"balancing"'), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["loops", str(LOGISTIC), "--loops", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: loop 'growth' is declared balancing, but its links make it reinforcing" in err
    assert not out.exists()


def test_a_model_without_loops_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["loops", str(DATA / "fragile.toml")]) == 2
    assert "has no loops file" in capsys.readouterr().err


def test_loops_of_another_model_are_refused() -> None:
    loops = load_loops(LOOPS, entropy.load_scenario(LOGISTIC).model)
    with pytest.raises(ScenarioError, match="checked against model"):
        entropy.loop_dominance(DATA / "fragile.toml", loops)


def test_names_in_snake_case_and_any_case() -> None:
    model = entropy.load_scenario(LOGISTIC).model
    loops = parse_loops(GROWTH.replace('["Population", "Births"]', '["population", "BIRTHS"]'), model)
    assert loops.loops[0].variables == ("population", "births")


@pytest.mark.parametrize("option", [["--min-period", "-1"], ["--min-period", "nan"], ["--out", "x.txt"]])
def test_bad_options_cost_nothing(option: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["loops", str(LOGISTIC), *option]) == 2
    assert "entropy: error:" in capsys.readouterr().err


def test_loop_scores_are_bounded_before_simlin_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import entropy.limits

    monkeypatch.setattr(entropy.limits, "MAX_RUN_VALUES", 1000)
    with pytest.raises(ScenarioError, match=r"\(loop scores\): 101 saved points x .* allowed at most 1,000"):
        entropy.loop_dominance(str(LOGISTIC))
