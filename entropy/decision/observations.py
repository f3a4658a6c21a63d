"""Observed time series for calibration: a CSV of years and model variables.

::

    # Lines starting with # are comments: say where every number comes from.
    year,industrial_output,solid_waste_landfilled
    2025,5.0,
    2026,5.2,0.031
    2027,,0.033

The first column is the time (``year`` or ``time``, in the model's time
units); every other column is a scalar model variable, by its snake_case or
Vensim name; an empty cell (or ``NA``, ``NaN``) is a missing value. Times must
be finite, increasing and inside the scenario's horizon; values finite. The
file is read as text, never run.
"""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..errors import ScenarioError
from ..limits import MAX_TEXT_FILE_BYTES
from ..loading.model import Model
from ..loading.scenario import Scenario, read_text_file
from .targets import resolve_variable

__all__ = ["Observations", "parse_observations", "read_observations"]

#: Most data rows and series in one file (a real series is decades long).
MAX_ROWS, MAX_SERIES = 10_000, 50
_MISSING = {"", "na", "nan", "n/a", "-"}


@dataclass(frozen=True)
class Observations:
    """Observed series: ``values[:, j]`` of ``variables[j]`` at ``time`` (NaN where missing)."""

    time: NDArray[np.float64]
    variables: tuple[str, ...]
    values: NDArray[np.float64]
    source: Path | None = None
    header: str = ""

    @property
    def count(self) -> int:
        """How many values are observed (not missing)."""
        return int(np.isfinite(self.values).sum())


def read_observations(path: str | os.PathLike[str], model: Model, scenario: Scenario | None = None) -> Observations:
    """Read and check an observations CSV (see the module's documentation).

    Raises
    ------
    ScenarioError
        Naming the file, the row or column and what is allowed.
    """
    p = Path(path)
    return parse_observations(read_text_file(p, "data"), model, scenario, str(p), p)


def parse_observations(text: str, model: Model, scenario: Scenario | None = None, where: str = "data",
                       source: Path | None = None) -> Observations:
    """Check observations given as CSV text (an upload); ``where`` names them in messages.

    Raises
    ------
    ScenarioError
        As :func:`read_observations`.
    """
    if len(text) > MAX_TEXT_FILE_BYTES:
        raise ScenarioError(f"{where}: the data are {len(text):,} characters; allowed at most "
                            f"{MAX_TEXT_FILE_BYTES:,}")
    comments = [line[1:].strip() for line in text.splitlines() if line.lstrip().startswith("#")]
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#") and line.strip())
    rows = list(csv.reader(io.StringIO(body)))
    if len(rows) < 2:
        raise ScenarioError(f"{where}: a header line (year, then variable names) and at least one data row needed")
    header = [h.strip() for h in rows[0]]
    if header[0].lower() not in ("year", "time"):
        raise ScenarioError(f"{where}: the first column must be 'year' or 'time', got {header[0]!r}")
    if len(header) < 2:
        raise ScenarioError(f"{where}: name at least one model variable after the time column")
    if len(header) - 1 > MAX_SERIES or len(rows) - 1 > MAX_ROWS:
        raise ScenarioError(f"{where}: {len(header) - 1} series of {len(rows) - 1} rows; allowed at most "
                            f"{MAX_SERIES} series and {MAX_ROWS:,} rows")
    names = []
    for j, h in enumerate(header[1:], start=2):
        var = resolve_variable(model, h, f"{where}: column {j}")
        if model.variables[var].dims:
            raise ScenarioError(f"{where}: column {j} ({h}) is subscripted over "
                                f"{', '.join(model.variables[var].dims)}; give a scalar variable (e.g. a regional total)")
        if var in names:
            raise ScenarioError(f"{where}: column {j} ({h}) repeats {var}")
        names.append(var)
    time = np.empty(len(rows) - 1)
    values = np.full((len(rows) - 1, len(names)), np.nan)
    for i, row in enumerate(rows[1:]):
        line = i + 2
        if len(row) != len(header):
            raise ScenarioError(f"{where}: data row {line} has {len(row)} cells; the header has {len(header)}")
        time[i] = _cell(row[0], where, line, header[0], allow_missing=False)
        for j, cell in enumerate(row[1:]):
            values[i, j] = _cell(cell, where, line, header[j + 1], allow_missing=True)
    if np.any(np.diff(time) <= 0):
        bad = int(np.flatnonzero(np.diff(time) <= 0)[0]) + 3
        raise ScenarioError(f"{where}: data row {bad}: times must increase")
    if scenario is not None and (time[0] < scenario.start or time[-1] > scenario.end):
        raise ScenarioError(f"{where}: the data run from {time[0]:g} to {time[-1]:g}; the scenario's horizon is "
                            f"{scenario.start:g} to {scenario.end:g}: every observation must lie inside it "
                            "(set the scenario's [horizon] start earlier to compare with history)")
    if not np.isfinite(values).any():
        raise ScenarioError(f"{where}: no value is observed (every cell is missing)")
    return Observations(time, tuple(names), values, source, "\n".join(comments))


def _cell(text: str, where: str, line: int, column: str, allow_missing: bool) -> float:
    s = text.strip()
    if s.lower() in _MISSING:
        if allow_missing:
            return math.nan
        raise ScenarioError(f"{where}: data row {line}: the {column} is missing")
    try:
        value = float(s)
    except ValueError:
        raise ScenarioError(f"{where}: data row {line}, column {column}: {s[:40]!r} is not a number "
                            "(leave the cell empty for a missing value)") from None
    if not math.isfinite(value):
        raise ScenarioError(f"{where}: data row {line}, column {column}: {s!r} is not a finite number")
    return value
