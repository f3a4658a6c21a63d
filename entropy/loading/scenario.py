"""Scenario files: TOML text -> a validated :class:`Scenario`.

A scenario names a model and, optionally, a horizon and values for the model's
constants (its levers and parameters)::

    name = "eco-park"
    description = "Full 3R with decomposer investment and the threshold constraint."
    model = "cluster"               # a shipped model, or a path relative to this file

    [horizon]                       # optional; the model's own control values otherwise
    start = 2025                    # Year
    end = 2225                      # Year
    time_step = 0.125               # Year
    save_period = 1                 # Year

    [levers]                        # optional; any constant of the model
    recycle_policy = 0.8
    renewable_share_policy = { before = 0.1, after = 0.6, year = 2050 }
    demand_growth_rate = { csv = "data/demand.csv" }   # a time series (see entropy.loading.series_file)
    rate = 0.05                     # every element of an arrayed constant Rate[Sector]
    "rate[b]" = 0.07                # one element (wins over rate = ... for b)
    "share[a,c]" = { before = 0.3, after = 0.5, year = 2030 }

Only ``model`` is required. Names are the snake_case of the Vensim names (the
Vensim name itself is accepted too); elements of arrayed constants are named as
in the model (see :mod:`entropy.levers`). Every value is checked against the
model: unknown names and elements, wrong types, NaN and infinity, and values
outside the Vensim range ``[min,max]`` are rejected with a message naming the
file and the key; a time series must also cover the whole horizon.
"""

from __future__ import annotations

import math
import numbers
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError, ScenarioError
from .changes import Change, StepChange, TimeSeries
from .levers import Lever, lookup, toml_key
from ..limits import MAX_ABS_TIME, MAX_SCENARIO_SERIES_POINTS, MAX_TEXT_FILE_BYTES, check_horizon_work
from .model import Model, VarInfo, load_model
from .registry import find_scenario, list_models, resolve_model
from .series_file import (check_covers, check_series, is_series_table, read_series_csv, series_from_table,
                          series_toml)

__all__ = ["Scenario", "StepChange", "TimeSeries", "load_scenario", "parse_scenario", "parse_toml",
           "read_text_file"]

_TOP_KEYS = {"name", "description", "model", "horizon", "levers"}
_HORIZON_KEYS = {"start", "end", "time_step", "save_period"}
_CHANGE_KEYS = {"before", "after", "year"}


@dataclass(frozen=True)
class Scenario:
    """A validated scenario, ready to run.

    Attributes
    ----------
    name : str
        Short name, e.g. ``"bau"``.
    description : str
        What the scenario represents.
    model : Model
        The loaded model.
    start, end, time_step, save_period : float
        Horizon (model time units, Year for the shipped models).
    constants : dict of str to float
        Constant values set by the scenario, by canonical lever key (see
        :mod:`entropy.levers`): a scalar's snake_case name, an arrayed
        constant's name (every element) or an element key ``name[e1,e2]``
        (that element; it wins over the name's value).
    changes : dict of str to StepChange or TimeSeries
        Constants (or elements, by the same keys) that vary with time: a
        step change at a year, or a time series (covering the horizon).
    source : Path or None
        The scenario file, if it came from one.
    """

    name: str
    description: str
    model: Model
    start: float
    end: float
    time_step: float
    save_period: float
    constants: dict[str, float] = field(default_factory=dict)
    changes: dict[str, Change] = field(default_factory=dict)
    source: Path | None = None

    def with_horizon(
        self, end: float | None = None, time_step: float | None = None
    ) -> Scenario:
        """Return a copy with a different end year and/or time step (validated)."""
        where = str(self.source) if self.source else self.name
        new_end = self.end if end is None else _number(end, where, "end")
        new_dt = self.time_step if time_step is None else _number(time_step, where, "time_step")
        save = self.save_period
        if time_step is not None and save < new_dt:
            save = new_dt
        _check_horizon(where, self.start, new_end, new_dt, save)
        _check_series_cover(self.changes, where, self.start, new_end, "[levers]")
        return replace(self, end=new_end, time_step=new_dt, save_period=save)

    def with_levers(self, **values: float) -> Scenario:
        """Return a copy with more constants set (validated like a file's)."""
        return self.with_overrides(values, origin="[levers]")

    def with_overrides(self, values: Mapping[str, object], origin: str) -> Scenario:
        """Return a copy with more constants set, validated; messages say ``origin``.

        Parameters
        ----------
        values : mapping of str to number, TimeSeries or Path
            Constant name (snake_case or Vensim) to value, in the constant's
            units: a number, a :class:`TimeSeries`, or the path of a CSV file
            to read one from (relative to the current folder; see
            :mod:`entropy.loading.series_file`). A series must cover the horizon.
        origin : str
            Where the values came from, for messages (e.g. ``"--set"``).
        """
        where = str(self.source) if self.source else self.name
        constants = dict(self.constants)
        changes = dict(self.changes)
        checked = [(lookup(self.model, key, where, origin), value, key) for key, value in values.items()]
        # A value given here replaces whatever the scenario set for the same
        # constant or element: a whole constant's first (it clears the
        # scenario's element values of that constant too), then elements, so
        # that among these values, as in a file, an element wins over its whole.
        for lever, value, key in sorted(checked, key=lambda c: c[0].combo is not None):
            label = f"{origin} {key}"
            setting: float | TimeSeries
            if isinstance(value, os.PathLike):
                setting = read_series_csv(Path(value), lever.info, lever.key, where, label)
            elif isinstance(value, TimeSeries):
                check_series(value, lever.info, where, label)
                setting = value
            else:
                setting = _in_range(lever.info, value, where, label)
            if lever.combo is None:
                for k in [k for k in (*constants, *changes) if _constant_of(k) == lever.key]:
                    constants.pop(k, None)
                    changes.pop(k, None)
            changes.pop(lever.key, None)
            constants.pop(lever.key, None)
            if isinstance(setting, TimeSeries):
                changes[lever.key] = setting
            else:
                constants[lever.key] = setting
        _check_series_cover(changes, where, self.start, self.end, origin)
        return replace(self, constants=constants, changes=changes)

    def to_toml(self, model_ref: str | None = None) -> str:
        """The scenario as TOML text (what a run records in its attributes).

        Parameters
        ----------
        model_ref : str, optional
            What to write as ``model``: e.g. a shipped model's name, for a file
            that works on any machine; default: the model file's full path.
        """
        lines = [f"name = {_q(self.name)}"]
        if self.description:
            lines.append(f"description = {_q(self.description)}")
        lines.append(f"model = {_q(model_ref or str(self.model.path))}")
        lines += [
            "",
            "[horizon]",
            f"start = {self.start!r}",
            f"end = {self.end!r}",
            f"time_step = {self.time_step!r}",
            f"save_period = {self.save_period!r}",
        ]
        if self.constants or self.changes:
            lines += ["", "[levers]"]
            for k, v in self.constants.items():
                lines.append(f"{toml_key(k)} = {v!r}")
            for k, c in self.changes.items():
                if isinstance(c, TimeSeries):
                    lines.append(f"{toml_key(k)} = {series_toml(c)}")
                    continue
                lines.append(
                    f"{toml_key(k)} = {{ before = {c.before!r}, after = {c.after!r}, year = {c.year!r} }}"
                )
        return "\n".join(lines) + "\n"


def _check_series_cover(changes: Mapping[str, Change], where: str, start: float, end: float,
                        origin: str) -> None:
    """Refuse series that leave part of ``[start, end]`` uncovered or have too many points together."""
    series = {k: c for k, c in changes.items() if isinstance(c, TimeSeries)}
    for key, ts in series.items():
        check_covers(ts, start, end, where, f"{origin} {toml_key(key)}")
    total = sum(len(ts.years) for ts in series.values())
    if total > MAX_SCENARIO_SERIES_POINTS:
        raise ScenarioError(f"{where}: its time series have {total:,} points together; allowed at most "
                            f"{MAX_SCENARIO_SERIES_POINTS:,} (a run records them with its results)")


def _constant_of(key: str) -> str:
    """The constant a canonical lever key belongs to: ``rate`` for ``rate[b]``."""
    return key.partition("[")[0]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def load_scenario(ref: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario file.

    Parameters
    ----------
    ref : str or path-like
        A path to a ``.toml`` file, or the name of a shipped scenario
        (``"bau"`` or ``"cluster/bau"``).

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        If the file is missing, is not valid TOML, or does not fit its model.
    ModelError
        If the model it names is missing or cannot be translated.
    """
    path = find_scenario(ref)
    return parse_scenario(read_text_file(path, "scenario"), source=path)


def read_text_file(path: Path, what: str) -> str:
    """Read a small UTF-8 text file (a byte-order mark is accepted), or explain why not.

    Raises
    ------
    ScenarioError
        If the file is unreadable, larger than ``MAX_TEXT_FILE_BYTES`` or not UTF-8 text.
    """
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_FILE_BYTES:
            raise ScenarioError(
                f"{path}: {what} file is {size:,} bytes; allowed at most {MAX_TEXT_FILE_BYTES:,}"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read {what} file: {exc.strerror or exc}") from exc
    try:
        # utf-8-sig drops a byte-order mark that Windows editors write.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            f"{path}: {what} file is not UTF-8 text (byte {exc.start}); save it as UTF-8 TOML"
        ) from None
    if "\x00" in text:
        raise ScenarioError(f"{path}: {what} file contains NUL bytes; expected UTF-8 TOML text")
    return text


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """Parse TOML text; every failure (syntax, nesting too deep) is a ScenarioError.

    Raises
    ------
    ScenarioError
    """
    if len(text) > MAX_TEXT_FILE_BYTES:
        raise ScenarioError(f"{where}: {len(text):,} characters; allowed at most {MAX_TEXT_FILE_BYTES:,}")
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ScenarioError(f"{where}: not valid TOML here: arrays or tables nested too deeply") from None


def parse_scenario(
    text: str, source: Path | None = None, name: str | None = None, shipped_only: bool = False
) -> Scenario:
    """Validate scenario TOML text.

    Parameters
    ----------
    text : str
        The TOML.
    source : Path, optional
        The file it came from: used in messages and to resolve a relative
        model path.
    name : str, optional
        Used in messages when there is no file.
    shipped_only : bool
        Accept only a shipped model's name as ``model``: for text from an
        untrusted source (a browser upload), since translating a model file
        turns its equations into Python code; such text may give a time
        series as points but never names a file to read.
    """
    where = str(source) if source else (name or "<scenario>")
    data = parse_toml(text, where)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ScenarioError(
            f"{where}: unknown key {unknown[0]!r}; allowed keys: "
            + ", ".join(sorted(_TOP_KEYS))
        )
    if "model" not in data:
        raise ScenarioError(f"{where}: missing required key 'model' (a shipped model name or a .mdl path)")
    model_ref = data["model"]
    if not isinstance(model_ref, str) or not model_ref.strip():
        raise ScenarioError(f"{where}: 'model' must be a non-empty string, got {model_ref!r}")
    if shipped_only and model_ref not in list_models():
        raise ScenarioError(
            f"{where}: model {model_ref!r} is not allowed here; use a shipped model: "
            + ", ".join(sorted(list_models()))
        )
    base = source.parent if source else None
    model_path = resolve_model(model_ref, base)
    if not model_path.is_file():
        raise ModelError(f"{where}: model {model_ref!r} not found (looked for {model_path})")
    model = load_model(model_path)

    sc_name = data.get("name", source.stem if source else (name or "scenario"))
    if not isinstance(sc_name, str):
        raise ScenarioError(f"{where}: 'name' must be a string, got {sc_name!r}")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ScenarioError(f"{where}: 'description' must be a string, got {description!r}")

    horizon = data.get("horizon", {})
    if not isinstance(horizon, dict):
        raise ScenarioError(f"{where}: [horizon] must be a table with keys " + ", ".join(sorted(_HORIZON_KEYS)))
    bad = sorted(set(horizon) - _HORIZON_KEYS)
    if bad:
        raise ScenarioError(
            f"{where}: unknown key [horizon] {bad[0]!r}; allowed: " + ", ".join(sorted(_HORIZON_KEYS))
        )
    start = _number(horizon.get("start", model.initial_time), where, "[horizon] start")
    end = _number(horizon.get("end", model.final_time), where, "[horizon] end")
    dt = _number(horizon.get("time_step", model.time_step), where, "[horizon] time_step")
    save_default = max(model.saveper, dt)
    save = _number(horizon.get("save_period", save_default), where, "[horizon] save_period")
    _check_horizon(where, start, end, dt, save)

    levers = data.get("levers", {})
    if not isinstance(levers, dict):
        raise ScenarioError(f"{where}: [levers] must be a table of constant = value")
    constants: dict[str, float] = {}
    changes: dict[str, Change] = {}
    # A series file is read relative to the scenario file (text with no file: the current folder).
    base = source.parent if source else Path.cwd()
    for key, value in levers.items():
        lever: Lever = lookup(model, key, where)
        info = lever.info
        label = f"[levers] {key}"
        if lever.key in constants or lever.key in changes:
            raise ScenarioError(f"{where}: {label} is set twice" + (
                f" (as {lever.key})" if lever.key != key else ""))
        if isinstance(value, dict) and is_series_table(value):
            changes[lever.key] = series_from_table(value, info, lever.key, where, label, base,
                                                   trusted=not shipped_only)
        elif isinstance(value, dict):
            extra = sorted(set(value) - _CHANGE_KEYS)
            missing = sorted(_CHANGE_KEYS - set(value))
            if extra or missing:
                raise ScenarioError(
                    f"{where}: {label} must be a number or a table "
                    "{ before = ..., after = ..., year = ... }"
                    + (f"; unknown key {extra[0]!r}" if extra else "")
                    + (f"; missing {missing[0]!r}" if missing else "")
                )
            changes[lever.key] = StepChange(
                before=_in_range(info, value["before"], where, f"{label}.before"),
                after=_in_range(info, value["after"], where, f"{label}.after"),
                year=_year(value["year"], where, f"{label}.year"),
            )
        else:
            constants[lever.key] = _in_range(info, value, where, label)
    _check_series_cover(changes, where, start, end, "[levers]")
    return Scenario(
        name=sc_name,
        description=description,
        model=model,
        start=start,
        end=end,
        time_step=dt,
        save_period=save,
        constants=constants,
        changes=changes,
        source=source,
    )


def _number(value: Any, where: str, label: str) -> float:
    # numbers.Real covers Python and numpy ints and floats (API callers pass
    # numpy scalars); booleans are numbers to Python but never a lever's value.
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ScenarioError(
            f"{where}: {label} must be a number, got {type(value).__name__} {value!r}"
        )
    f = float(value)
    if not math.isfinite(f):
        raise ScenarioError(f"{where}: {label} must be a finite number, got {value!r}")
    return f


def _year(value: Any, where: str, label: str) -> float:
    year = _number(value, where, label)
    if abs(year) > MAX_ABS_TIME:
        raise ScenarioError(
            f"{where}: {label} = {year:g} is out of range: allowed [-{MAX_ABS_TIME:g}, {MAX_ABS_TIME:g}]"
        )
    return year


def _check_horizon(where: str, start: float, end: float, dt: float, save: float) -> None:
    if end <= start:
        raise ScenarioError(f"{where}: [horizon] end ({end:g}) must be after start ({start:g})")
    if dt <= 0:
        raise ScenarioError(f"{where}: [horizon] time_step must be > 0, got {dt:g}")
    if dt > end - start:
        raise ScenarioError(f"{where}: [horizon] time_step ({dt:g}) is longer than the horizon")
    if save <= 0:
        raise ScenarioError(f"{where}: [horizon] save_period must be > 0, got {save:g}")
    if save > end - start:
        # Only the start would be saved: every indicator would be computed from one point.
        raise ScenarioError(
            f"{where}: [horizon] save_period ({save:g}) is longer than the horizon ({end - start:g})"
        )
    ratio = save / dt
    if save < dt or abs(ratio - round(ratio)) > 1e-9 * max(1.0, ratio):
        raise ScenarioError(
            f"{where}: [horizon] save_period ({save:g}) must be a whole multiple "
            f"of time_step ({dt:g})"
        )
    check_horizon_work(where, start, end, dt, save)


def _in_range(info: VarInfo, value: Any, where: str, label: str) -> float:
    f = _number(value, where, label)
    lo, hi = info.minimum, info.maximum
    if (lo is not None and f < lo) or (hi is not None and f > hi):
        units = f" {info.units}" if info.units else ""
        raise ScenarioError(
            f"{where}: {label} = {f:g} is out of range: allowed {info.range_text}{units}"
        )
    return f
