"""What every result file says about itself: CF global attributes and provenance.

Every netCDF or zarr file the package writes carries, besides its own
attributes (``model``, ``model_sha256``, ``engine``, ``scenario_toml``, ...),
the global attributes of the CF conventions:

- ``Conventions``: :data:`CONVENTIONS`;
- ``title``: what the file holds (set by the function that made the data);
- ``history``: one line per command that made or changed it, each a UTC
  timestamp and the command: the ``entropy ...`` command line as typed, or the
  Python call (``Python API: entropy.run('bau', engine='simlin')``);
- ``source``: this package and the engines that ran, with their versions
  (``entropy-sim 0.1.0; engine simlin (pysimlin 0.8.5)``);
- ``references``: the model's sources, from ``sd_models/NAME/references.toml``
  for a shipped model; for any other model, its file name and SHA-256.

The ``time`` coordinate gets ``axis = "T"``, a ``long_name`` and a
``comment``; its ``units`` stay the model's (``Year``), not a CF reference
time (``years since ...``): the values are year numbers (2025.5 is the middle
of 2025), and a reference time would make every netCDF reader turn them into
dates.

The functions that make data (:func:`api` marks them) describe it at creation
(:func:`describe`); every writer passes its Dataset through :func:`for_file`.
"""

from __future__ import annotations

import contextvars
import functools
import json
import numbers
import os
import shlex
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import ParamSpec, TypeVar

import numpy as np
import xarray as xr

from ..errors import ModelError
from ..loading.model import Model
from ..loading.registry import models_dir

__all__ = ["CONVENTIONS", "REFERENCES_FILE", "api", "call_text", "describe", "for_file", "invoked_as", "merge_history",
           "model_references", "package_version", "source", "subscript_attrs", "time_attrs", "time_units"]

#: The newest CF version that the NCAS CF checker (cfchecker 4.1.0, the last on
#: PyPI) verifies; nothing the files use came later.
CONVENTIONS = "CF-1.8"
#: A shipped model's sources, beside its model file: ``references = ["...", ...]``.
REFERENCES_FILE = "references.toml"
#: Engines by the distribution whose version ``source`` names.
_DISTRIBUTIONS = {"pysd": "pysd", "simlin": "pysimlin", "numpy": "numpy"}
_TIME_COMMENT = ("Model time in the model's time units; for the shipped models the calendar year as a number "
                 "(2025.5 is the middle of 2025). Not a CF reference time ('years since ...') on purpose: "
                 "readers get these numbers back, not dates.")
#: What the package's own variables (not the model's, which have the model's names) are called,
#: and the two 0/1 flags' meanings: given in a file to any such variable without a long_name.
_OWN_VARIABLES: dict[str, dict[str, object]] = {
    "scenario": {"long_name": "Scenario"},
    "run": {"long_name": "Run number"},
    "status": {"long_name": "Run status", "flag_values": (0, 1), "flag_meanings": "completed failed"},
    "error": {"long_name": "Why the run failed (empty when it completed)"},
    "target_met": {"long_name": "Whether the run met the target", "flag_values": (0, 1),
                   "flag_meanings": "missed_or_failed met"},
    "loop": {"long_name": "Named feedback loop"},
    "parameter": {"long_name": "Uncertain parameter"},
    "S1": {"long_name": "First-order Sobol index"},
    "S1_conf": {"long_name": "95% confidence half-width of the first-order Sobol index"},
    "ST": {"long_name": "Total-order Sobol index"},
    "ST_conf": {"long_name": "95% confidence half-width of the total-order Sobol index"},
    "mu_star": {"long_name": "Morris mu*: mean absolute elementary effect"},
    "mu_star_conf": {"long_name": "95% confidence half-width of Morris mu*"},
    "sigma": {"long_name": "Morris sigma: standard deviation of the elementary effects"},
}
#: Longest text of one Python call in ``history``.
_MAX_CALL = 1000

#: The command making data now: the ``entropy ...`` command line, or the outermost Python call.
_COMMAND: contextvars.ContextVar[str | None] = contextvars.ContextVar("entropy_command", default=None)

P = ParamSpec("P")
R = TypeVar("R")


@lru_cache(maxsize=1)
def package_version() -> str:
    """Version of this package."""
    try:
        return version("entropy-sim")
    except PackageNotFoundError:
        return "0+unknown"


@lru_cache(maxsize=None)
def _version_of(distribution: str) -> str:
    # Read from the installed metadata: naming PySD's version must not import PySD.
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown version"


@contextmanager
def invoked_as(argv: Sequence[str]) -> Iterator[None]:
    """Record, while the block runs, that the command line ``entropy ARGV...`` makes the data.

    Parameters
    ----------
    argv : sequence of str
        The arguments after ``entropy``, as typed (``sys.argv[1:]``); written
        shell-quoted.
    """
    token = _COMMAND.set(shlex.join(["entropy", *argv]))
    try:
        yield
    finally:
        _COMMAND.reset(token)


def _short(value: object) -> str:
    """A value as it reads in a call: literals as Python writes them, objects by type and name."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Number):
        return str(value)  # numpy numbers too, without numpy 2's np.float64(...) wrapping
    if isinstance(value, os.PathLike):
        value = os.fsdecode(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 200 else value[:197] + "...")
    if isinstance(value, (list, tuple)) and len(value) <= 20:
        inner = ", ".join(_short(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, (xr.Dataset, xr.DataArray)):
        return f"<{type(value).__name__}>"
    name = getattr(value, "name", None)
    return f"<{type(value).__name__} {name!r}>" if isinstance(name, str) else f"<{type(value).__name__}>"


def call_text(name: str, args: Sequence[object], kwargs: Mapping[str, object]) -> str:
    """A Python call as ``history`` writes it, e.g. ``entropy.run('bau', engine='simlin')``."""
    text = f"{name}({', '.join([*(_short(a) for a in args), *(f'{k}={_short(v)}' for k, v in kwargs.items())])})"
    return text if len(text) <= _MAX_CALL else text[:_MAX_CALL - 4] + "...)"


def api(name: str, method: bool = False) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a public function that makes or writes data: its call is the command in ``history``.

    The outermost one wins: inside the command line, or inside another marked
    call (``entropy.discover`` runs ``entropy.ensemble``), the command is that
    one's.

    Parameters
    ----------
    name : str
        How a user calls it, e.g. ``"entropy.run"``.
    method : bool
        A method: its first argument (``self``) is left out of the call shown.
    """
    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def marked(*args: P.args, **kwargs: P.kwargs) -> R:
            if _COMMAND.get() is not None:
                return func(*args, **kwargs)
            token = _COMMAND.set(f"Python API: {call_text(name, args[1:] if method else args, kwargs)}")
            try:
                return func(*args, **kwargs)
            finally:
                _COMMAND.reset(token)
        return marked
    return wrap


def _command() -> str:
    return _COMMAND.get() or "Python API"


def _history_line() -> str:
    return f"{datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')} {_command()}"


def _command_of(line: str) -> str:
    return line.split(" ", 1)[1] if " " in line else line


def merge_history(histories: Iterable[object]) -> str:
    """One ``history`` from several (stacked runs): each command's first line, then the current command's.

    The current command gets a line unless it is already the last one (a
    command line that made and wrote the data is one line).
    """
    lines: list[str] = []
    seen: set[str] = set()
    for history in histories:
        for line in str(history or "").splitlines():
            if line.strip() and _command_of(line) not in seen:
                seen.add(_command_of(line))
                lines.append(line)
    if not lines or _command_of(lines[-1]) != _command():
        lines.append(_history_line())
    return "\n".join(lines)


def source(engines: Iterable[str]) -> str:
    """This package and the engines that ran, with versions: ``entropy-sim 0.1.0; engine simlin (pysimlin 0.8.5)``."""
    ran = [f"{e} ({_DISTRIBUTIONS.get(e, e)} {_version_of(_DISTRIBUTIONS.get(e, e))})" for e in dict.fromkeys(engines)]
    text = f"entropy-sim {package_version()}"
    return f"{text}; engine{'s' if len(ran) > 1 else ''} {', '.join(ran)}" if ran else text


def read_references(path: Path) -> str:
    """A ``references.toml``'s list, one reference a line.

    Raises
    ------
    ModelError
        Naming the file, when it is not a TOML list of non-empty strings under ``references``.
    """
    try:
        refs = tomllib.loads(path.read_text(encoding="utf-8")).get("references")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str) and r.strip() for r in refs):
        raise ModelError(f"{path}: expected references = a list of non-empty strings")
    return "\n".join(r.strip() for r in refs)


@lru_cache(maxsize=64)
def _references(path: Path, sha256: str) -> str:
    folder = path.parent
    listed = folder / REFERENCES_FILE
    # Shipped models only: a third-party model's folder is not ours to read metadata from.
    if folder.parent == models_dir() and path.stem == folder.name and listed.is_file():
        return read_references(listed)
    return (f"{path.name} (SHA-256 {sha256}): the model file; its sources are not recorded "
            f"(a shipped model lists them in sd_models/NAME/{REFERENCES_FILE})")


def model_references(model: Model) -> str:
    """The model's sources, one a line: a shipped model's ``references.toml``, else its file and SHA-256."""
    return _references(model.path, model.sha256)


def describe(model: Model, engines: Iterable[str]) -> dict[str, str]:
    """The CF global attributes of data just made from ``model`` by ``engines`` (all but ``title``).

    ``history`` names the command making it now (:func:`invoked_as`, :func:`api`).
    """
    return {"Conventions": CONVENTIONS, "history": _history_line(), "source": source(engines),
            "references": model_references(model)}


def time_units(model: Model) -> str:
    """The model's time units (its ``INITIAL TIME``'s), or ``""`` when it does not say."""
    return model.variables["initial_time"].units if "initial_time" in model.variables else ""


def time_attrs(units: str) -> dict[str, str]:
    """The ``time`` coordinate's attributes: the model's units, ``axis = "T"``, a name, why no reference time."""
    return {"units": units, "long_name": "Time", "axis": "T", "comment": _TIME_COMMENT}


def subscript_attrs(name: str) -> dict[str, str]:
    """A subscript range's coordinate attributes (its elements are the values)."""
    return {"long_name": f"{name}: a subscript range of the model"}


def _legal(value: object) -> object:
    """An attribute value netCDF and zarr can hold: no booleans, None or mappings."""
    if isinstance(value, (bool, np.bool_)):
        return int(bool(value))
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return json.dumps(value, default=str, ensure_ascii=False)
    return value


def for_file(ds: xr.Dataset) -> xr.Dataset:
    """``ds`` as a file holds it: every CF global attribute present, ``history`` naming this command.

    A shallow copy (the data are shared, the caller's attributes untouched).
    Attributes the data were made with are kept; missing ones get what can
    honestly be said (a Dataset not made by this package gets the package as
    its ``source``); the current command gets a ``history`` line unless it is
    the last one already; booleans, None and mappings become numbers and text.
    """
    out = ds.copy(deep=False)
    attrs = {str(k): _legal(v) for k, v in out.attrs.items()}
    attrs["Conventions"] = CONVENTIONS
    attrs["title"] = str(attrs.get("title") or "entropy-sim result")
    attrs["history"] = merge_history([attrs.get("history", "")])
    attrs["source"] = str(attrs.get("source") or source([str(attrs["engine"])] if attrs.get("engine") else []))
    if not attrs.get("references"):
        attrs["references"] = (f"{attrs['model']} (SHA-256 {attrs.get('model_sha256') or 'not recorded'}): the "
                               "model; its sources are not recorded" if attrs.get("model") else "not recorded")
    out.attrs = attrs
    for name, var in out.variables.items():
        var.attrs = {str(k): _legal(v) for k, v in var.attrs.items()}
        if "long_name" not in var.attrs and str(name) in _OWN_VARIABLES:
            for key, value in _OWN_VARIABLES[str(name)].items():
                # Flag values must have the flag variable's own type.
                var.attrs.setdefault(key, np.array(value, dtype=var.dtype) if key == "flag_values" else value)
    if "time" in out.coords:
        given = out["time"].attrs  # the copy's own dict: the caller's Dataset keeps its attributes
        wanted = time_attrs(str(given.get("units", "")))
        given.update({k: v for k, v in wanted.items() if v and (k not in given or k == "axis")})
    return out
