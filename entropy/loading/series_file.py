"""Time series for a scenario's constants: a CSV file (or points in the scenario), checked.

A scenario drives a constant (or one element of an arrayed one) with data::

    [levers]
    demand_growth_rate = { csv = "data/demand.csv" }                  # the file's only value column
    renewable_share_policy = { csv = "data/policy.csv", column = "renewables" }
    "rate[b]" = { years = [2025, 2050, 2225], values = [0.02, 0.05, 0.05] }   # points in the file

The CSV file (UTF-8, a byte-order mark accepted; path relative to the scenario
file) has a header row, then one row per point: the first column the year
(model time units), then one or more value columns, comma-separated.
Blank lines and lines starting with ``#`` are skipped::

    # Demand growth, illustrative
    year,demand_growth_rate
    2025,0.05
    2050,0.03
    2225,0.01

Without ``column``, the value column is the file's only one, else the one
whose header is the constant's name (as a lever key is matched: case, spaces
and underscores aside). ``sha256 = "..."`` pins the file: a file whose bytes
have changed is refused.

Every point is checked before anything runs: the years strictly increasing
and finite (within ``MAX_ABS_TIME``), the values finite and inside the
constant's Vensim range, at least 2 and at most ``MAX_SERIES_POINTS`` points;
the file at most ``MAX_SERIES_FILE_BYTES``, text and UTF-8. Each message names
the scenario file, the key, the CSV file and its line. That the points cover
the horizon is checked by the scenario (:func:`check_covers`), which knows it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import numbers
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import ScenarioError
from ..limits import MAX_ABS_TIME, MAX_SERIES_FILE_BYTES, MAX_SERIES_POINTS
from .changes import TimeSeries
from .model import VarInfo

__all__ = ["SERIES_KEYS", "check_covers", "check_series", "is_series_table", "read_series_csv", "series_from_table",
           "series_toml"]

#: Keys of a lever's series table.
SERIES_KEYS = frozenset({"csv", "column", "sha256", "years", "values"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SPACES = re.compile(r"[\s_]+")
#: One point as read: where it is for messages (``FILE line 7``, ``[levers] KEY: point 3``),
#: the same in short (``line 7``), its year and its value.
Point = tuple[str, str, float, float]


def is_series_table(table: Mapping[str, Any]) -> bool:
    """Whether a lever's table is meant as a series (it has a key of one: ``csv``, ``years``, ...)."""
    return bool(SERIES_KEYS & set(table))


def series_from_table(table: Mapping[str, Any], info: VarInfo, key: str, where: str, label: str,
                      base: Path, trusted: bool = True) -> TimeSeries:
    """The series a lever's table gives, checked (all but the horizon: see :func:`check_covers`).

    Parameters
    ----------
    table : mapping
        ``{ csv = PATH, column = NAME, sha256 = HEX }`` (the file is read), or
        ``{ years = [...], values = [...] }`` (the points are the data; ``csv``,
        ``column`` and ``sha256`` are then only a record of where they came from,
        as a run's ``scenario_toml`` writes them).
    info : VarInfo
        The constant (its range and units).
    key : str
        The canonical lever key (``rate[b]``), to pick a column by name.
    where, label : str
        The scenario file and ``[levers] KEY``, for messages.
    base : Path
        Folder a relative ``csv`` path is read from (the scenario file's).
    trusted : bool
        False for text from an untrusted source (a browser upload): a file
        on this machine is then never read; points in the scenario are.

    Raises
    ------
    ScenarioError
    """
    head = f"{where}: {label}"
    extra = sorted(set(table) - SERIES_KEYS)
    if extra:
        raise ScenarioError(f"{head}: unknown key {extra[0]!r} in a time series; write "
                            "{ csv = \"FILE.csv\" } (optionally column = \"NAME\", sha256 = \"HEX\") "
                            "or { years = [...], values = [...] }")
    file, column, sha = (_text(table, k, head) for k in ("csv", "column", "sha256"))
    if sha is not None and not _SHA256.fullmatch(sha):
        raise ScenarioError(f"{head}: sha256 = {sha!r} is not a SHA-256 (64 lowercase hex digits)")
    if "years" in table or "values" in table:
        years, values = (_numbers(table.get(k), head, k) for k in ("years", "values"))
        if len(years) != len(values):
            raise ScenarioError(f"{head}: {len(years)} years but {len(values)} values; give one value per year")
        if len(years) > MAX_SERIES_POINTS:
            raise ScenarioError(f"{head}: {len(years):,} points; allowed at most {MAX_SERIES_POINTS:,}")
        points = [(f"{head}: point {i + 1}", f"point {i + 1}", y, v)
                  for i, (y, v) in enumerate(zip(years, values))]
        _check_points(points, info, head)
        return TimeSeries(tuple(years), tuple(values), file, column, sha)
    if file is None:
        raise ScenarioError(f"{head}: a time series needs csv = \"FILE.csv\" or years = [...] and values = [...]")
    if not file.strip():
        raise ScenarioError(f"{head}: csv must name a file, got {file!r}")
    if not trusted:
        raise ScenarioError(f"{head}: csv = {file!r}: a scenario from here may not read files; "
                            "give the points as years = [...], values = [...]")
    return read_series_csv(base / file, info, key, where, label, column, sha)


def _text(table: Mapping[str, Any], name: str, head: str) -> str | None:
    value = table.get(name)
    if value is not None and not isinstance(value, str):
        raise ScenarioError(f"{head}: {name} must be a string, got {type(value).__name__} {value!r}")
    return value


def _numbers(value: Any, head: str, name: str) -> list[float]:
    if value is None:
        raise ScenarioError(f"{head}: missing {name} = [...]; give years and values, one value per year")
    if not isinstance(value, list):
        raise ScenarioError(f"{head}: {name} must be an array of numbers, e.g. {name} = [2025, 2050], "
                            f"got {type(value).__name__}")
    out = []
    for i, x in enumerate(value):
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise ScenarioError(f"{head}: {name}[{i}] must be a number, got {type(x).__name__} {x!r}")
        out.append(float(x))
    return out


def read_series_csv(path: Path, info: VarInfo, key: str, where: str, label: str,
                    column: str | None = None, sha256: str | None = None) -> TimeSeries:
    """Read and check a series file (see the module's docstring for the format).

    Parameters
    ----------
    path : Path
        The CSV file.
    info : VarInfo
        The constant the series drives (its range and units).
    key : str
        The canonical lever key, to pick a value column by name.
    where, label : str
        The scenario file (or ``--set``) and the key, for messages.
    column : str, optional
        The value column's header; by default the only value column, or the
        one named as the constant.
    sha256 : str, optional
        The file's expected SHA-256 (lowercase hex).

    Raises
    ------
    ScenarioError
        Naming the file, the line and what is allowed.
    """
    path = Path(os.path.abspath(path))  # named in full in messages and the run's record
    head = f"{where}: {label}: {path}"
    try:
        size = path.stat().st_size
        if size > MAX_SERIES_FILE_BYTES:
            raise ScenarioError(f"{head}: the series file is {size:,} bytes; allowed at most "
                                f"{MAX_SERIES_FILE_BYTES:,}")
        if not path.is_file():
            raise ScenarioError(f"{head}: not a file; csv must name a CSV file")
        data = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"{head}: cannot read the series file: {exc.strerror or exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and digest != sha256:
        raise ScenarioError(f"{head}: the file has changed: its SHA-256 is {digest}, the scenario expects "
                            f"{sha256}")
    if b"\x00" in data:
        raise ScenarioError(f"{head}: the file contains NUL bytes (a binary file?); expected UTF-8 CSV text")
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark (Excel's "CSV UTF-8") is dropped
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{head}: not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV") from None
    rows = [(n, line) for n, line in enumerate(text.split("\n"), start=1)
            if line.strip() and not line.lstrip().startswith("#")]
    if not rows:
        raise ScenarioError(f"{head}: no header and no data; expected a header such as year,value "
                            "and one row per point")
    n, header = rows[0][0], _cells(rows[0][1])
    if len(header) < 2:
        hint = " (cells are separated by commas, not ';')" if ";" in rows[0][1] else ""
        raise ScenarioError(f"{head} line {n}: the header has 1 column{hint}; expected the year "
                            "column and at least one value column, e.g. year,value")
    if all(_NUMBER.fullmatch(c) for c in header):
        raise ScenarioError(f"{head} line {n}: expected a header row (e.g. year,value) before the numbers, "
                            f"got {rows[0][1].strip()!r}")
    empty = [i + 1 for i, c in enumerate(header) if not c]
    if empty:
        raise ScenarioError(f"{head} line {n}: header cell {empty[0]} is empty; name every column")
    if len(set(header)) != len(header):
        twice = next(c for c in header if header.count(c) > 1)
        raise ScenarioError(f"{head} line {n}: column {twice!r} appears twice in the header")
    j = _pick_column(header, column, info, key, f"{head} line {n}")
    if len(rows) - 1 > MAX_SERIES_POINTS:
        raise ScenarioError(f"{head}: {len(rows) - 1:,} data rows; allowed at most {MAX_SERIES_POINTS:,} points")
    points: list[Point] = []
    for n, line in rows[1:]:
        cells = _cells(line)
        if len(cells) != len(header):
            raise ScenarioError(f"{head} line {n}: {len(cells)} cell{'s' if len(cells) != 1 else ''}; expected "
                                f"{len(header)}, as in the header ({','.join(header)})")
        year = _cell(cells[0], f"{head} line {n}", f"year ({header[0]})")
        value = _cell(cells[j], f"{head} line {n}", f"value in column {header[j]}")
        points.append((f"{head} line {n}", f"line {n}", year, value))
    _check_points(points, info, head)
    return TimeSeries(tuple(p[2] for p in points), tuple(p[3] for p in points), str(path), header[j], digest)


def _cells(line: str) -> list[str]:
    """One line's cells (quoted cells as CSV quotes them), stripped of spaces."""
    return [c.strip() for c in next(csv.reader([line], skipinitialspace=True), [])]


def _norm(name: str) -> str:
    return _SPACES.sub(" ", name.strip().strip('"')).strip().lower()


def _pick_column(header: list[str], column: str | None, info: VarInfo, key: str, head: str) -> int:
    """Index of the value column: ``column``, the only one, or the one named as the constant."""
    names = header[1:]
    listing = ", ".join(names)
    if column is not None:
        for i, name in enumerate(names, start=1):
            if name == column or _norm(name) == _norm(column):
                return i
        raise ScenarioError(f"{head}: no column {column!r}; the value columns are {listing}")
    if len(names) == 1:
        return 1
    for wanted in (key, info.name, info.real_name):
        for i, name in enumerate(names, start=1):
            if _norm(name) == _norm(wanted):
                return i
    raise ScenarioError(f"{head}: {len(names)} value columns ({listing}) and none is named {key}; "
                        "choose one with column = \"NAME\"")


def _cell(text: str, head: str, what: str) -> float:
    if not text:
        raise ScenarioError(f"{head}: the {what} is empty; every row needs a number")
    if _NON_FINITE.fullmatch(text):
        raise ScenarioError(f"{head}: the {what} is {text!r}; allowed: a finite number")
    if not _NUMBER.fullmatch(text):
        raise ScenarioError(f"{head}: the {what} is {text!r}, not a number (write e.g. 0.05 or 5e-2)")
    number = float(text)
    if not math.isfinite(number):
        raise ScenarioError(f"{head}: the {what} is {text!r}, too large for a float; allowed: a finite number")
    return number


def _check_points(points: Sequence[Point], info: VarInfo, head: str) -> None:
    """Refuse too few points, bad or unordered years, and values that are not finite or out of range."""
    if len(points) < 2:
        raise ScenarioError(f"{head}: {len(points)} point{'s' if len(points) != 1 else ''}; a time series needs "
                            "at least 2 (for a value that never changes write NAME = VALUE)")
    lo, hi = info.minimum, info.maximum
    units = f" {info.units}" if info.units else ""
    seen: dict[float, str] = {}
    previous: tuple[str, float] | None = None
    for at, short, year, value in points:
        if not math.isfinite(year) or abs(year) > MAX_ABS_TIME:
            raise ScenarioError(f"{at}: year {year:g} is out of range: allowed "
                                f"[-{MAX_ABS_TIME:g}, {MAX_ABS_TIME:g}]")
        if year in seen:
            raise ScenarioError(f"{at}: year {year:g} appears twice (also {seen[year]}); "
                                "years must be strictly increasing")
        if previous is not None and year < previous[1]:
            raise ScenarioError(f"{at}: year {year:g} comes after {previous[1]:g} ({previous[0]}); "
                                "years must be strictly increasing")
        if not math.isfinite(value):
            raise ScenarioError(f"{at}: year {year:g}: the value {value!r} is not a finite number")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ScenarioError(f"{at}: year {year:g}: value {value:g} is out of range: "
                                f"allowed {info.range_text}{units}")
        seen[year] = short
        previous = (short, year)


def check_series(ts: TimeSeries, info: VarInfo, where: str, label: str) -> None:
    """Check a series made elsewhere (the API) as a file's: its points, range and size.

    Raises
    ------
    ScenarioError
    """
    head = f"{where}: {label}"
    if len(ts.years) > MAX_SERIES_POINTS:
        raise ScenarioError(f"{head}: {len(ts.years):,} points; allowed at most {MAX_SERIES_POINTS:,}")
    _check_points([(f"{head}: point {i + 1}", f"point {i + 1}", y, v)
                   for i, (y, v) in enumerate(zip(ts.years, ts.values))], info, head)


def check_covers(ts: TimeSeries, start: float, end: float, where: str, label: str) -> None:
    """Refuse a series that does not span the horizon ``[start, end]``: no value is extrapolated.

    Raises
    ------
    ScenarioError
        Naming the file, the years it covers and the horizon.
    """
    if ts.covers(start, end):
        return
    need = []
    if ts.years[0] > start:
        need.append(f"a point at or before {start:g}")
    if ts.years[-1] < end:
        need.append(f"a point at or after {end:g}")
    raise ScenarioError(
        f"{where}: {label}: the time series from {ts.origin} covers {ts.years[0]:g} to {ts.years[-1]:g}, "
        f"but the run is {start:g} to {end:g}; a series must cover the whole horizon (values are "
        f"not extrapolated): add {' and '.join(need)}")


def series_toml(ts: TimeSeries) -> str:
    """``ts`` as a TOML inline table with its points, so that a recorded scenario needs no file.

    The file's name, column and SHA-256 are kept as a record of where the
    points came from; reading the table back uses the points.
    """
    parts = [f"{k} = {json.dumps(v, ensure_ascii=False)}"
             for k, v in (("csv", ts.file), ("column", ts.column), ("sha256", ts.sha256)) if v is not None]
    parts.append("years = [" + ", ".join(repr(y) for y in ts.years) + "]")
    parts.append("values = [" + ", ".join(repr(v) for v in ts.values) + "]")
    return "{ " + ", ".join(parts) + " }"
