"""Time series from CSV files: the format and every check made before a run.

The files are read against ``series.mdl`` (see :mod:`tests.test_series_input`);
each bad file or setting must give a message naming the scenario, the key, the
file and its line, exit code 2 from the command line, no traceback and no output.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

import entropy
from entropy.cli import main
from entropy.errors import ScenarioError
from entropy.limits import MAX_SERIES_FILE_BYTES, MAX_SERIES_POINTS
from entropy.loading.scenario import TimeSeries, parse_scenario
from entropy.loading.uncertainty import check_not_set, load_uncertainty

from .test_series_input import GOOD, SERIES, scenario_file, write


def test_csv_format_bom_comments_crlf_quotes_and_columns(tmp_path: Path) -> None:
    raw = ("\ufeff# Illustrative input, Mt/Year\r\n\r\n\"Year\", \"Input Rate\" , other\r\n"
           "  # an indented comment\r\n0, 1, 0.5\r\n\r\n10,2.5e0,0.75\r\n").encode("utf-8")
    write(tmp_path, "d.csv", raw)
    # several value columns: the one named as the constant (case, spaces and underscores aside)
    ts = entropy.load_scenario(scenario_file(tmp_path, 'input_rate = { csv = "d.csv" }')).changes["input_rate"]
    assert isinstance(ts, TimeSeries)
    assert (ts.years, ts.values, ts.column) == ((0.0, 10.0), (1.0, 2.5), "Input Rate")
    assert ts.file == str(tmp_path / "d.csv") and ts.sha256 == hashlib.sha256(raw).hexdigest()
    # or the one named by column, and a pinned file is read when it has not changed
    levers = f'input_rate = {{ csv = "d.csv", column = "OTHER", sha256 = "{ts.sha256}" }}'
    other = entropy.load_scenario(scenario_file(tmp_path, levers)).changes["input_rate"]
    assert isinstance(other, TimeSeries) and other.values == (0.5, 0.75) and other.column == "other"
    # a file in a folder, relative to the scenario file
    (tmp_path / "data").mkdir()
    write(tmp_path / "data", "in.csv", "time,anything\n-5,1\n20,2\n")
    sub = entropy.load_scenario(scenario_file(tmp_path, 'input_rate = { csv = "data/in.csv" }'))
    assert sub.changes["input_rate"].value_at(5.0) == pytest.approx(1.4, rel=1e-15)


# --- bad input: each refused before any run, naming the file, the line and what is allowed ----

#: case -> (files, levers, message); ``{f}`` the scenario file, ``{d}`` its folder.
CASES: dict[str, tuple[dict[str, str | bytes], str, str]] = {
    "missing_file": (
        {}, 'input_rate = { csv = "missing.csv" }',
        "{f}: [levers] input_rate: {d}/missing.csv: cannot read the series file: No such file or directory"),
    "too_large": (
        {"d.csv": "year,input_rate\n0,1\n10,2\n" + "#" * MAX_SERIES_FILE_BYTES}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv: the series file is 1,048,601 bytes; allowed at most 1,048,576"),
    "too_many_points": (
        {"d.csv": "year,input_rate\n" + "".join(f"{i},1\n" for i in range(MAX_SERIES_POINTS + 1))},
        'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv: 10,001 data rows; allowed at most 10,000 points"),
    "not_utf8": (
        {"d.csv": b"year,input_rate\n0,1\n10,\xe92\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv: not UTF-8 text (byte 23); save it as UTF-8 CSV"),
    "binary": (
        {"d.csv": b"year,input_rate\n0,1\x00\n10,2\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv: the file contains NUL bytes (a binary file?); expected UTF-8 CSV text"),
    "empty": (
        {"d.csv": "# nothing yet\n\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv: no header and no data; expected a header such as year,value "
        "and one row per point"),
    "no_header": (
        {"d.csv": "0,1\n10,2\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 1: expected a header row (e.g. year,value) before the "
        "numbers, got '0,1'"),
    "semicolons": (
        {"d.csv": "year;input_rate\n0;1\n10;2\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 1: the header has 1 column (cells are separated by commas, "
        "not ';'); expected the year column and at least one value column, e.g. year,value"),
    "empty_header_cell": (
        {"d.csv": "year,,input_rate\n0,1,1\n10,2,2\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 1: header cell 2 is empty; name every column"),
    "ragged_row": (
        {"d.csv": "year,input_rate\n0,1\n5\n10,2\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 3: 1 cell; expected 2, as in the header (year,input_rate)"),
    "non_numeric": (
        {"d.csv": "year,input_rate\n0,1\n10,two\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 3: the value in column input_rate is 'two', not a number "
        "(write e.g. 0.05 or 5e-2)"),
    "empty_cell": (
        {"d.csv": "year,input_rate\n0,1\n10, \n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 3: the value in column input_rate is empty; every row "
        "needs a number"),
    "nan": (
        {"d.csv": "year,input_rate\n0,1\n10,NaN\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 3: the value in column input_rate is 'NaN'; allowed: a "
        "finite number"),
    "infinite_year": (
        {"d.csv": "year,input_rate\n0,1\n-inf,2\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 3: the year (year) is '-inf'; allowed: a finite number"),
    "overflow": (
        {"d.csv": "year,input_rate\n0,1\n10,1e999\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 3: the value in column input_rate is '1e999', too large "
        "for a float; allowed: a finite number"),
    "year_too_far": (
        {"d.csv": "year,input_rate\n0,1\n1e8,2\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 3: year 1e+08 is out of range: allowed [-1e+07, 1e+07]"),
    "decreasing_years": (
        {"d.csv": "year,input_rate\n0,1\n10,2\n5,3\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 4: year 5 comes after 10 (line 3); years must be strictly "
        "increasing"),
    "duplicate_years": (
        {"d.csv": "year,input_rate\n0,1\n# a comment\n10,2\n10,3\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 5: year 10 appears twice (also line 4); years must be "
        "strictly increasing"),
    "one_point": (
        {"d.csv": "year,input_rate\n0,1\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv: 1 point; a time series needs at least 2 (for a value that never "
        "changes write NAME = VALUE)"),
    "out_of_range": (
        {"d.csv": "year,input_rate\n0,1\n5,11\n10,2\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 3: year 5: value 11 is out of range: allowed [0, 10] Mt/Year"),
    "not_covering": (
        {"d.csv": "year,input_rate\n1,1\n9.5,2\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: the time series from {d}/d.csv (column input_rate) covers 1 to 9.5, but the "
        "run is 0 to 10; a series must cover the whole horizon (values are not extrapolated): add a point at "
        "or before 0 and a point at or after 10"),
    "several_columns": (
        {"d.csv": "year,a,b\n0,1,2\n10,2,3\n"}, 'input_rate = { csv = "d.csv" }',
        "{f}: [levers] input_rate: {d}/d.csv line 1: 2 value columns (a, b) and none is named input_rate; "
        "choose one with column = \"NAME\""),
    "unknown_column": (
        {"d.csv": "year,a,b\n0,1,2\n10,2,3\n"}, 'input_rate = { csv = "d.csv", column = "c" }',
        "{f}: [levers] input_rate: {d}/d.csv line 1: no column 'c'; the value columns are a, b"),
    "changed_file": (
        {"d.csv": GOOD}, f'input_rate = {{ csv = "d.csv", sha256 = "{"0" * 64}" }}',
        "{f}: [levers] input_rate: {d}/d.csv: the file has changed: its SHA-256 is "
        f"{hashlib.sha256(GOOD.encode()).hexdigest()}, the scenario expects {'0' * 64}"),
    "bad_sha256": (
        {"d.csv": GOOD}, 'input_rate = { csv = "d.csv", sha256 = "ABC" }',
        "{f}: [levers] input_rate: sha256 = 'ABC' is not a SHA-256 (64 lowercase hex digits)"),
    "no_data": (
        {}, 'input_rate = { column = "x" }',
        "{f}: [levers] input_rate: a time series needs csv = \"FILE.csv\" or years = [...] and values = [...]"),
    "a_stock": (
        {"d.csv": GOOD}, 'accumulated = { csv = "d.csv" }',
        "{f}: [levers] accumulated is a stock, not a constant of model series"),
    "unknown_name": (
        {"d.csv": GOOD}, 'input_rates = { csv = "d.csv" }',
        "{f}: [levers] input_rates is not a constant of model series; did you mean input_rate? (the model has "
        "2 constants; `entropy levers series` lists them)"),
    "unknown_key": (
        {"d.csv": GOOD}, 'input_rate = { csv = "d.csv", interpolate = "step" }',
        "{f}: [levers] input_rate: unknown key 'interpolate' in a time series; write {{ csv = \"FILE.csv\" }} "
        "(optionally column = \"NAME\", sha256 = \"HEX\") or {{ years = [...], values = [...] }}"),
    "csv_not_a_string": (
        {}, "input_rate = { csv = 3 }",
        "{f}: [levers] input_rate: csv must be a string, got int 3"),
    "inline_lengths": (
        {}, "input_rate = { years = [0, 10], values = [1] }",
        "{f}: [levers] input_rate: 2 years but 1 values; give one value per year"),
    "inline_not_numbers": (
        {}, 'input_rate = { years = [0, 10], values = [1, "2"] }',
        "{f}: [levers] input_rate: values[1] must be a number, got str '2'"),
    "inline_out_of_range": (
        {}, '"share[b]" = { years = [0, 10], values = [0.5, 1.5] }',
        "{f}: [levers] share[b]: point 2: year 10: value 1.5 is out of range: allowed [0, 1] Dmnl"),
}


def _case(tmp_path: Path, case: str) -> tuple[Path, str]:
    files, levers, message = CASES[case]
    for name, data in files.items():
        write(tmp_path, name, data)
    f = scenario_file(tmp_path, levers)
    return f, message.format(f=f, d=tmp_path)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_series_api_message(tmp_path: Path, case: str) -> None:
    f, message = _case(tmp_path, case)
    with pytest.raises(ScenarioError) as info:
        entropy.load_scenario(f)
    assert str(info.value) == message


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_series_cli_exits_2_without_traceback_or_output(
        tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    f, message = _case(tmp_path, case)
    before = sorted(p.name for p in tmp_path.iterdir())
    out = tmp_path / "result.nc"
    assert main(["run", str(f), "--engine", "simlin", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "entropy: error: " + message and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no result file, nothing else either


def test_an_untrusted_scenario_gives_points_but_never_names_a_file(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", "year,demand_growth_rate\n2000,0.05\n2300,0.05\n")
    text = f'model = "cluster"\n[levers]\ndemand_growth_rate = {{ csv = "{tmp_path / "d.csv"}" }}\n'
    assert isinstance(parse_scenario(text, name="upload").changes["demand_growth_rate"], TimeSeries)
    with pytest.raises(ScenarioError, match="a scenario from here may not read files; give the points"):
        parse_scenario(text, name="upload", shipped_only=True)
    points = 'model = "cluster"\n[levers]\ndemand_growth_rate = { years = [2025, 2225], values = [0.05, 0.02] }\n'
    sc = parse_scenario(points, name="upload", shipped_only=True)
    assert sc.changes["demand_growth_rate"] == TimeSeries((2025.0, 2225.0), (0.05, 0.02))


def test_a_sampled_parameter_cannot_be_driven_by_a_series(tmp_path: Path) -> None:
    write(tmp_path, "d.csv", GOOD)
    u = write(tmp_path, "u.toml", f'model = "{SERIES}"\n[parameters.input_rate]\ndistribution = "uniform"\n'
                                  "min = 0.5\nmax = 2\n")
    f = scenario_file(tmp_path, 'input_rate = { csv = "d.csv" }')
    with pytest.raises(ScenarioError) as info:
        check_not_set(entropy.load_scenario(f), load_uncertainty(u))
    assert str(info.value) == (
        f"{f}: [levers] input_rate: the scenario drives it with the time series from {tmp_path}/d.csv "
        f"(column input_rate) (2 points, 0 to 10), but {u} makes it uncertain; remove it from the scenario "
        "(or from the uncertainty file) to run an ensemble")


def test_a_longer_horizon_must_stay_covered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "d.csv", "year,input_rate\n0,1\n12,2\n")
    f = scenario_file(tmp_path, 'input_rate = { csv = "d.csv" }')
    sc = entropy.load_scenario(f)
    assert sc.with_horizon(end=12).end == 12
    with pytest.raises(ScenarioError, match=r"covers 0 to 12, but the run is 0 to 12.5; .* a point at or after 12.5$"):
        sc.with_horizon(end=12.5)
    assert main(["run", str(f), "--engine", "simlin", "--end", "20"]) == 2
    assert "covers 0 to 12, but the run is 0 to 20" in capsys.readouterr().err


def test_all_series_together_have_a_limit() -> None:
    sc = parse_scenario(f'model = "{SERIES}"\n', name="many")
    years = tuple(float(y) for y in np.linspace(0, 10, 7_000))
    ts = TimeSeries(years, (0.5,) * 7_000)
    two = sc.with_overrides({"input_rate": ts, "share[a]": ts}, origin="api")
    assert set(two.changes) == {"input_rate", "share[a]"}
    with pytest.raises(ScenarioError, match="its time series have 21,000 points together; allowed at most 20,000"):
        two.with_overrides({"share[b]": ts}, origin="api")


# --- the command line: --set NAME=@FILE.csv -------------------------------------------------
