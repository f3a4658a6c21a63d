"""Lever keys: what a scenario, ``--set`` or an uncertainty file may set.

A *lever key* names one of

- a scalar constant: ``recycle_policy``;
- every element of an arrayed constant: ``rate`` (for ``Rate[Sector]``);
- one element of an arrayed constant: ``"rate[b]"``, ``"share[a,c]"`` (TOML
  needs the quotes around a key with brackets).

Variable names are matched as the snake_case name or the Vensim name,
ignoring case, with spaces and underscores alike (``Exchange Share`` and
``exchange_share``); elements by their names in the model, the same way.
Every key is stored in its canonical form: the snake_case name and the
model's own element names, ``share[a,c]`` (:func:`element_key`). A subscript
range is never an element (``rate[Sector]`` is refused: the bare name sets
every element). The Vensim range ``[min,max]`` of an arrayed constant applies
to each of its elements.

The default value of each element (for ``entropy levers``) is read from the
model's checked number lists and constant expressions by
:func:`element_defaults`: nothing is generated or run.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError, ScenarioError
from .mdl import Entry, read_entries
# The expression parser and evaluator of the metadata reader: the same
# rules that give a scalar constant its default give each element its own.
from .metadata import _Parser, _number, subscript_ranges
from .model import Model, VarInfo

__all__ = ["Lever", "arrayed_constants", "covered", "element_defaults", "element_key", "find_constant",
           "lookup", "settable", "toml_key"]

_KEY = re.compile(r"\s*([^\[\]]+?)\s*(?:\[([^\[\]]*)\])?\s*")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SPACES = re.compile(r"[\s_]+")


def element_key(name: str, combo: tuple[str, ...]) -> str:
    """Flat name of one element, e.g. ``population[north]`` or ``flow[a,b]``."""
    return f"{name}[{','.join(combo)}]" if combo else name


def toml_key(key: str) -> str:
    """``key`` as a TOML key: bare where it can be (``rate``), else quoted (``"rate[b]"``)."""
    if _BARE.fullmatch(key):
        return key
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _norm(name: str) -> str:
    """A name as Vensim compares names: case, spaces and underscores aside."""
    return _SPACES.sub(" ", name.strip().strip('"')).strip().lower()


def arrayed_constants(model: Model) -> dict[str, VarInfo]:
    """Subscripted constants (numbers only), by snake_case name, in the model's order."""
    return {k: v for k, v in model.variables.items() if v.kind == "constant" and v.dims}


def settable(model: Model) -> dict[str, VarInfo]:
    """Everything a lever key may name: the scalar constants, then the arrayed ones."""
    return {**model.constants, **arrayed_constants(model)}


def find_constant(model: Model, name: str) -> VarInfo | None:
    """The settable constant ``name`` names (snake_case or Vensim name, any case), or None."""
    candidates = settable(model)
    if name in candidates:
        return candidates[name]
    wanted = _norm(name)
    for v in candidates.values():
        if _norm(v.name) == wanted or _norm(v.real_name) == wanted:
            return v
    return None


@dataclass(frozen=True)
class Lever:
    """What one lever key sets.

    Attributes
    ----------
    info : VarInfo
        The constant.
    combo : tuple of str or None
        The element (the model's element names, one per subscript range), or
        None for the whole constant: a scalar, or every element of an array.
    """

    info: VarInfo
    combo: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        """The canonical key: ``rate``, ``rate[b]`` or ``share[a,c]``."""
        return self.info.name if self.combo is None else element_key(self.info.name, self.combo)


def lookup(model: Model, key: str, where: str, origin: str = "[levers]") -> Lever:
    """Resolve a lever key, or explain what is allowed.

    Parameters
    ----------
    model : Model
    key : str
        As written, e.g. ``"Rate[B]"``.
    where : str
        The file (or scenario), for messages.
    origin : str
        Where the key came from, for messages (``"[levers]"``, ``"--set"``).

    Raises
    ------
    ScenarioError
        For an unknown or non-constant variable, an element given for a scalar,
        the wrong number of subscripts, an unknown element (listing the allowed
        ones) or a subscript range used as an element.
    """
    m = _KEY.fullmatch(key) if isinstance(key, str) else None
    if m is None:
        raise ScenarioError(f"{where}: {origin} {key!r} is not a lever key; write NAME, \"NAME[element]\" "
                            "or \"NAME[element,element]\"")
    name, subs = m.group(1), m.group(2)
    info = find_constant(model, name)
    if info is None:
        _not_a_constant(model, key, name, where, origin)
    assert info is not None
    if subs is None:
        return Lever(info)
    if not info.dims:
        raise ScenarioError(f"{where}: {origin} {key}: {info.name} is a scalar constant and has no elements; "
                            f"write {info.name} = VALUE")
    parts = [p.strip() for p in subs.split(",")]
    example = toml_key(element_key(info.name, tuple(model.subscripts[d][0] for d in info.dims)))
    if len(parts) != len(info.dims) or not all(parts):
        raise ScenarioError(
            f"{where}: {origin} {key}: {info.name} is subscripted [{','.join(info.dims)}]: give "
            f"{len(info.dims)} element{'s' if len(info.dims) > 1 else ''} in the brackets, e.g. {example}, "
            f"or no brackets to set every element")
    combo = tuple(_element(model, info, dim, part, key, where, origin) for dim, part in zip(info.dims, parts))
    return Lever(info, combo)


def _element(model: Model, info: VarInfo, dim: str, part: str, key: str, where: str, origin: str) -> str:
    """The model's name of element ``part`` of range ``dim``, or an error saying what is allowed."""
    elements = model.subscripts[dim]
    wanted = _norm(part)
    for e in elements:
        if _norm(e) == wanted:
            return e
    ranges = [r for r in model.subscripts if _norm(r) == wanted]
    if ranges:
        raise ScenarioError(
            f"{where}: {origin} {key}: {ranges[0]} is a subscript range, not an element; to set every "
            f"element of {info.name} use the bare name ({info.name} = VALUE), or name one element of "
            f"{dim}: {_listing(elements)}")
    raise ScenarioError(f"{where}: {origin} {key}: unknown element {part!r} of {dim}; allowed: "
                        f"{_listing(elements)}")


def _listing(elements: tuple[str, ...], most: int = 30) -> str:
    shown = ", ".join(elements[:most])
    return shown + (f", ... ({len(elements)} elements)" if len(elements) > most else "")


def _not_a_constant(model: Model, key: str, name: str, where: str, origin: str) -> None:
    """Raise the message for a name that is no settable constant."""
    found = model.variables.get(name) or next(
        (v for v in model.variables.values() if _norm(v.real_name) == _norm(name) or _norm(v.name) == _norm(name)),
        None)
    if found is not None:
        if found.kind == "control":
            what = "a control variable: set it in [horizon]"
        elif found.kind == "constant":
            what = "a constant with no plain number to change (its equation is not a number)"
        else:
            article = "an" if found.kind[0] in "aeiou" else "a"
            what = f"{article} {found.kind}, not a constant"
        raise ScenarioError(f"{where}: {origin} {key} is {what} of model {model.name}")
    candidates = settable(model)
    close = difflib.get_close_matches(name, list(candidates), n=3)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise ScenarioError(
        f"{where}: {origin} {key} is not a constant of model {model.name}{hint} "
        f"(the model has {len(candidates)} constants; `entropy levers {model.name}` lists them)"
    )


def covered(model: Model, key: str) -> frozenset[str]:
    """The elements a canonical key sets, as element keys (a scalar: the key itself).

    Two keys overlap when their sets meet: ``rate`` covers ``rate[b]``.
    """
    name, _, _ = key.partition("[")
    info = model.variables.get(name)
    if info is None or not info.dims or "[" in key:
        return frozenset({key})
    return frozenset(element_key(name, c) for c in model.elements(name))


_LOCK = threading.Lock()
_DEFAULTS: dict[tuple[str, str], dict[str, NDArray[np.float64] | None]] = {}


def element_defaults(model: Model) -> dict[str, NDArray[np.float64] | None]:
    """Each arrayed constant's values in the model file, shape ``(len(dim), ...)``.

    Read from the checked equations (number lists such as ``0.1, 0.2; 0.3, 0.4``
    and constant expressions) by the package's own reader; cached per file.
    None for a constant whose elements cannot all be read so (e.g. defined on
    elements that are not in its ranges).

    Raises
    ------
    ModelError
        If the file cannot be read or changed since the model was loaded.
    """
    cache_key = (str(model.path), model.sha256)
    with _LOCK:
        if cache_key in _DEFAULTS:
            return _DEFAULTS[cache_key]
    try:
        raw = model.path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{model.path}: cannot read the model file: {exc.strerror}") from exc
    if hashlib.sha256(raw).hexdigest() != model.sha256:
        raise ModelError(f"{model.path}: the file changed since it was loaded; load it again")
    if model.format == "xmile":
        from .xmile import read_xmile
        from .xmile_meta import array_defaults

        values = array_defaults(read_xmile(model.path, raw))
        with _LOCK:
            return _DEFAULTS.setdefault(cache_key, {n: values.get(n) for n in arrayed_constants(model)})
    entries = read_entries(model.path, raw)
    ranges = subscript_ranges(entries)
    by_name: dict[str, list[Entry]] = {}
    for e in entries:
        if e.op in ("=", "=="):
            by_name.setdefault(_norm(e.name), []).append(e)
    out: dict[str, NDArray[np.float64] | None] = {}
    for name, info in arrayed_constants(model).items():
        out[name] = _fill(model, info, by_name.get(_norm(info.real_name), []), ranges)
    with _LOCK:
        return _DEFAULTS.setdefault(cache_key, out)


def _fill(model: Model, info: VarInfo, entries: list[Entry], ranges: dict[str, tuple[str, ...]]
          ) -> NDArray[np.float64] | None:
    """One arrayed constant's values from its equations, or None where they do not say."""
    axes = [{_norm(e): i for i, e in enumerate(model.subscripts[d])} for d in info.dims]
    values = np.full(tuple(len(a) for a in axes), np.nan)
    for entry in entries:
        if len(entry.subs) != len(axes):
            return None
        lists = [ranges.get(s, (s,)) for s in entry.subs]
        combos: list[tuple[str, ...]] = [()]
        for elems in lists:
            combos = [c + (e,) for c in combos for e in elems]
        skip = set()
        for group in entry.excepts:
            skipped: list[tuple[str, ...]] = [()]
            for s in group:
                skipped = [c + (e,) for c in skipped for e in ranges.get(s, (s,))]
            skip |= {tuple(_norm(x) for x in c) for c in skipped}
        numbers = _numbers(model, entry, len(combos))
        if numbers is None:
            return None
        for combo, number in zip(combos, numbers):
            if tuple(_norm(x) for x in combo) in skip:
                continue
            try:
                index = tuple(axis[_norm(e)] for axis, e in zip(axes, combo))
            except KeyError:
                return None
            values[index] = number
    return None if np.isnan(values).any() else values


def _numbers(model: Model, entry: Entry, count: int) -> list[float] | None:
    """The ``count`` values one equation gives its elements, in order, or None."""
    toks = entry.rhs
    if any(t.text in (",", ";") for t in toks):
        found: list[float] = []
        sign = 1.0
        for t in toks:
            if t.text in (",", ";"):
                continue
            if t.text in ("-", "+"):
                sign = -sign if t.text == "-" else sign
                continue
            if t.kind != "num":
                return None
            found.append(sign * float(t.text))
            sign = 1.0
        return found if len(found) == count else None
    try:
        value = _number(_Parser(model.path, entry).whole(), {})
    except Exception:  # noqa: BLE001 - anything but a plain constant expression has no default here
        return None
    return None if value is None else [value] * count
