"""The command line as a user runs it."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
import xarray as xr

import entropy
from entropy.analysis import invariants
from entropy.cli import main
from entropy.simulation.progress import Progress
from entropy.output.report import fmt

from .conftest import cached_run, scenario


def row(text: str, indicator: str) -> list[str]:
    """The cells of an indicator's row in a printed table."""
    return next(line for line in text.splitlines() if line.split()[:1] == [indicator]).split()


def test_run_prints_indicators(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "bau", "--engine", "simlin"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["indicator", "units", "bau"]
    table = entropy.indicators(cached_run("bau"))
    for name, (unit, _) in entropy.INDICATORS.items():
        assert row(out, name) == [name, unit, fmt(table.loc["bau", name], unit)], name
    assert row(out, "collapse")[-1] == "yes"  # business as usual overshoots and collapses


def test_run_writes_netcdf(tmp_path: Path) -> None:
    out = tmp_path / "bau.nc"
    assert main(["run", "bau", "--engine", "simlin", "--out", str(out)]) == 0
    ds = xr.load_dataset(out)
    assert ds.attrs["scenario"] == "bau" and "ore_reserve" in ds
    assert (out.stat().st_mode & 0o777) != 0o600  # normal permissions, not mkstemp's


def test_run_writes_csv(tmp_path: Path) -> None:
    out = tmp_path / "bau.csv"
    assert main(["run", "bau", "--engine", "simlin", "--end", "2100", "--out", str(out),
                 "--variables", "persistent_pollution,binding_load_ratio,recycle_policy"]) == 0
    df = pd.read_csv(out, index_col="time")
    assert list(df.columns) == ["persistent_pollution", "binding_load_ratio", "recycle_policy"]
    assert df.index[0] == 2025 and df.index[-1] == 2100
    assert (df["recycle_policy"] == scenario("bau").model.variables["recycle_policy"].default).all()


def test_several_scenarios_one_file(tmp_path: Path) -> None:
    out = tmp_path / "all.nc"
    assert main(["run", "bau", "reduce", "eco-park", "--engine", "simlin", "--out", str(out)]) == 0
    ds = xr.load_dataset(out)
    assert list(ds["scenario"].values) == ["bau", "reduce", "eco-park"]
    assert ds["persistent_pollution"].dims == ("scenario", "time")
    csv = tmp_path / "all.csv"
    assert main(["run", "bau", "reduce", "--engine", "simlin", "--out", str(csv)]) == 0
    df = pd.read_csv(csv)
    assert list(df.columns[:2]) == ["scenario", "time"]
    assert set(df["scenario"]) == {"bau", "reduce"}


def test_several_scenarios_one_file_each(tmp_path: Path) -> None:
    assert main(["run", "bau", "reuse", "--engine", "simlin", "--out-dir", str(tmp_path),
                 "--format", "csv"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bau.csv", "reuse.csv"]


def test_compare(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "cmp.csv"
    assert main(["compare", "bau", "eco-park", "--engine", "simlin", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "eco-park - bau" in text.splitlines()[0]
    years = {n: entropy.indicators(cached_run(n)).iloc[0]["years_in_overshoot"] for n in ("bau", "eco-park")}
    assert years["eco-park"] == 0 < years["bau"]  # the eco-park never overshoots
    assert row(text, "years_in_overshoot")[-1] == fmt(-years["bau"])
    df = pd.read_csv(out, index_col="scenario")
    assert df.loc["eco-park", "years_in_overshoot_diff"] == -years["bau"]


def test_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "eco-park", "--engine", "simlin"]) == 0
    out = capsys.readouterr().out
    names = ("finite", "mass_balance", "exergy_balance", "second_law", "bounds", "time_step",
             "engines_agree", "linear_economy", "maximal_levers")
    assert [line.split()[1] for line in out.splitlines() if line.startswith("eco-park ")] == list(names)
    assert out.strip().splitlines()[-1] == f"{len(names)} passed, 0 failed"


def test_check_fails_with_non_zero_exit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hold mass and exergy balance to an impossible 0 and residuals of 1e-15 fail them."""
    monkeypatch.setattr(invariants, "MASS_TOL", 0.0)
    assert main(["check", "bau", "--engine", "simlin", "--quick"]) == 1
    out = capsys.readouterr().out
    failed = [line.split()[1] for line in out.splitlines() if " FAIL " in f"{line} "]
    assert failed == ["mass_balance", "exergy_balance"]
    assert out.strip().splitlines()[-1] == "3 passed, 2 failed"


def test_listings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models"]) == 0
    assert "cluster" in capsys.readouterr().out
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for name in ("bau", "reduce", "reuse", "recycle", "full-3r", "eco-park",
                 "isomorphic", "heterogeneous", "symbiotic", "chain-led"):
        assert f"cluster/{name} " in out
    assert main(["levers", "cluster"]) == 0
    out = capsys.readouterr().out
    assert "recycle_policy" in out and "[0, 0.95]" in out


def test_progress_bar_draws_after_its_delay() -> None:
    stream = io.StringIO()
    with Progress(2, enabled=True, delay=0.0, stream=stream) as bar:
        bar.step("bau")
        bar.advance()
        import time

        time.sleep(0.3)
    text = stream.getvalue()
    assert "[" in text and "1/2" in text and "bau" in text


def test_progress_bar_silent_for_quick_work() -> None:
    stream = io.StringIO()
    with Progress(1, enabled=True, delay=5.0, stream=stream) as bar:
        bar.step("bau")
        bar.advance()
    assert stream.getvalue() == ""


def test_set_overrides_constants(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.nc"
    assert main(["run", "bau", "--engine", "simlin", "--set", "recycle_policy=0.8",
                 "--set", "decomposer_investment_share_policy=0.1", "--out", str(out)]) == 0
    ds = xr.load_dataset(out)
    assert float(ds["recycle_policy"]) == 0.8
    assert "recycle_policy = 0.8" in ds.attrs["scenario_toml"]
    # The table is of the run with the overrides, not of business as usual.
    set_run = entropy.run(scenario("bau").with_levers(recycle_policy=0.8, decomposer_investment_share_policy=0.1),
                          engine="simlin")
    years = entropy.indicators(set_run).iloc[0]["years_in_overshoot"]
    assert years != entropy.indicators(cached_run("bau")).iloc[0]["years_in_overshoot"]
    assert row(capsys.readouterr().out, "years_in_overshoot")[-1] == fmt(years, "Year")


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("recycle_policy=1.5", "{f}: --set recycle_policy = 1.5 is out of range: allowed [0, 0.95] Dmnl"),
        ("recycle_policy=nan", "{f}: --set recycle_policy must be a finite number, got nan"),
        ("recycle_policy=x", "--set recycle_policy=x: 'x' is not a number"),
        ("recycle_policy", "--set recycle_policy: expected NAME=VALUE, e.g. --set recycle_policy=0.8"),
    ],
)
def test_bad_set(arg: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from entropy.loading.registry import list_scenarios

    out = tmp_path / "r.nc"
    assert main(["run", "bau", "--set", arg, "--out", str(out)]) == 2
    f = list_scenarios()["cluster/bau"]
    assert capsys.readouterr().err.strip() == "entropy: error: " + message.format(f=f)
    assert not out.exists()


def test_check_skips_what_a_third_party_model_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import DATA

    f = tmp_path / "tp.toml"
    f.write_text(f'model = "{DATA / "third_party.mdl"}"\n')
    assert main(["check", str(f)]) == 0
    out = capsys.readouterr().out
    assert "skip" in out and "model third_party has no ore_reserve" in out
    assert out.strip().splitlines()[-1] == "3 passed, 0 failed, 6 skipped"


def test_run_of_a_third_party_model_shows_its_stocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import DATA

    f = tmp_path / "tp.toml"
    f.write_text(f'model = "{DATA / "third_party.mdl"}"\n')
    assert main(["run", str(f), "--engine", "simlin"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "third_party: tp (no cluster indicators for this model)"
    assert lines[1].split() == ["variable", "units", "0", "240"]
    assert lines[4].split()[:3] == ["teacup_temperature", "Degrees", "90"]
