"""Named feedback loops of a model: the ``loops.toml`` file beside it, validated.

A model's loops file (``sd_models/<model>/loops.toml``, next to the ``.mdl``)
names the feedback loops whose dominance :func:`entropy.loop_dominance`
reports::

    [[loop]]
    name = "growth"                       # short id: a-z, 0-9, _ and -
    title = "Births: more animals, more births"
    polarity = "reinforcing"              # or "balancing"
    variables = ["Population", "Births"]  # the cycle, in causal order
    switch = "Growth Switch"              # optional: the constant that knocks it out

``variables`` lists the loop's variables (Vensim names, or their snake_case) in
the order of its causal links: each causes the next, and the last causes the
first. The file is untrusted input: it is refused, with a message naming the
file, the loop and the key, when it is too large, not UTF-8 TOML, has unknown
keys or wrong types, names a variable the model lacks, lists variables that do
not form a cycle of the model's causal links (a stock is caused by its flows
only, not by its initial value), repeats a name or a cycle, or names a switch
that is not a constant feeding the loop. Nothing here runs a simulation.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import threading
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ModelError, ScenarioError
from ..limits import MAX_NAMED_LOOPS
from .model import Model, VarInfo
from .scenario import parse_toml, read_text_file

#: Loop polarities a file may declare.
POLARITIES = ("reinforcing", "balancing")
#: The name of a model's loops file, in the model's folder.
LOOPS_FILE = "loops.toml"

_KEYS = ("name", "title", "polarity", "variables", "switch")
_REQUIRED = ("name", "title", "polarity", "variables")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_MAX_TITLE = 200


@dataclass(frozen=True)
class LoopDef:
    """One named feedback loop.

    Attributes
    ----------
    name : str
        Short id (``[a-z0-9][a-z0-9_-]*``, at most 40 characters).
    title : str
        Display text.
    polarity : str
        Declared polarity, one of :data:`POLARITIES`.
    variables : tuple of str
        snake_case names in causal order (each causes the next; the last the first).
    switch : str or None
        snake_case name of the constant that knocks the loop out, if any.
    """

    name: str
    title: str
    polarity: str
    variables: tuple[str, ...]
    switch: str | None = None


@dataclass(frozen=True)
class LoopSet:
    """The named loops of one model, read from a file.

    Attributes
    ----------
    model : Model
        The model the loops were checked against.
    loops : tuple of LoopDef
        In file order.
    source : Path or None
        The file, if any.
    sha256 : str
        Hex SHA-256 of the file's text (UTF-8), ``""`` without a file.
    """

    model: Model
    loops: tuple[LoopDef, ...]
    source: Path | None = None
    sha256: str = field(default="")

    @property
    def names(self) -> list[str]:
        """Loop names, in file order."""
        return [lp.name for lp in self.loops]


def default_loops_path(model: Model) -> Path:
    """Where a model's loops file lives: ``loops.toml`` in the model's folder."""
    return model.path.parent / LOOPS_FILE


def load_loops(path: str | os.PathLike[str] | None, model: Model) -> LoopSet:
    """Read and validate a loops file against ``model``.

    Parameters
    ----------
    path : str, path-like or None
        The TOML file; None for the model's own (:func:`default_loops_path`).
    model : Model
        The model whose variables and causal links the loops must use.

    Returns
    -------
    LoopSet

    Raises
    ------
    ScenarioError
        Naming the file, the loop, the key and what is allowed.
    """
    p = default_loops_path(model) if path is None else Path(path)
    if path is None and not p.is_file():
        raise ScenarioError(
            f"{p}: model {model.name} has no loops file; write one (see README, "
            "'Loop dominance') or pass --loops FILE")
    text = read_text_file(p, "loops")
    return parse_loops(text, model, source=p)


def parse_loops(text: str, model: Model, source: Path | None = None) -> LoopSet:
    """Validate loops-file TOML text against ``model`` (see the module's documentation).

    Raises
    ------
    ScenarioError
    """
    where = str(source) if source else "<loops>"
    data = parse_toml(text, where)
    unknown = sorted(set(data) - {"loop"})
    if unknown:
        raise ScenarioError(f"{where}: unknown key {unknown[0]!r}; allowed: loop (as [[loop]] tables)")
    tables = data.get("loop")
    if not isinstance(tables, list) or not tables:
        raise ScenarioError(f"{where}: no [[loop]] tables; at least one is needed, with keys "
                            + ", ".join(_KEYS))
    if len(tables) > MAX_NAMED_LOOPS:
        raise ScenarioError(f"{where}: {len(tables):,} loops; allowed at most {MAX_NAMED_LOOPS}")
    graph = causal_inputs(model)
    loops: list[LoopDef] = []
    cycles: dict[frozenset[str], str] = {}
    for i, spec in enumerate(tables, start=1):
        loop = _parse_one(spec, i, model, graph, where)
        if loop.name in {lp.name for lp in loops}:
            raise ScenarioError(f"{where}: [[loop]] #{i} ({loop.name}): name {loop.name!r} is used twice; "
                                "loop names must differ")
        members = frozenset(loop.variables)
        if members in cycles:
            raise ScenarioError(f"{where}: [[loop]] #{i} ({loop.name}): the same cycle as loop "
                                f"{cycles[members]!r}; name each loop once")
        cycles[members] = loop.name
        loops.append(loop)
    digest = hashlib.sha256(text.encode("utf-8", errors="surrogateescape")).hexdigest()
    return LoopSet(model, tuple(loops), source, digest)


def _parse_one(spec: Any, i: int, model: Model, graph: dict[str, frozenset[str]], where: str) -> LoopDef:
    label = f"[[loop]] #{i}"
    if not isinstance(spec, dict):
        raise ScenarioError(f"{where}: {label} must be a table with keys " + ", ".join(_KEYS))
    name = spec.get("name")
    if isinstance(name, str) and _NAME.fullmatch(name):
        label = f"{label} ({name})"
    bad = sorted(set(spec) - set(_KEYS))
    if bad:
        raise ScenarioError(f"{where}: {label}: unknown key {bad[0]!r}; allowed: " + ", ".join(_KEYS))
    missing = [k for k in _REQUIRED if k not in spec]
    if missing:
        raise ScenarioError(f"{where}: {label}: missing key {missing[0]!r}")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ScenarioError(f"{where}: {label}: name = {_show(name)}; allowed: 1 to 40 of a-z, 0-9, "
                            "_ and -, starting with a letter or digit")
    title = spec["title"]
    if not isinstance(title, str) or not title.strip() or len(title) > _MAX_TITLE:
        raise ScenarioError(f"{where}: {label}: title = {_show(title)}; allowed: text of 1 to "
                            f"{_MAX_TITLE} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in title):
        # A terminal would act on escape sequences in a printed title.
        raise ScenarioError(f"{where}: {label}: title holds control characters; allowed: printable text")
    polarity = spec["polarity"]
    if polarity not in POLARITIES:
        raise ScenarioError(f"{where}: {label}: polarity = {_show(polarity)}; allowed: "
                            + ", ".join(POLARITIES))
    raw = spec["variables"]
    if not isinstance(raw, list) or len(raw) < 2 or not all(isinstance(v, str) for v in raw):
        raise ScenarioError(f"{where}: {label}: variables = {_show(raw)}; allowed: a list of at least "
                            "two variable names (text), in causal order")
    names = tuple(_variable(model, v, where, f"{label}: variables") for v in raw)
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise ScenarioError(f"{where}: {label}: variables lists {model.variables[n].real_name!r} "
                                "twice; a loop passes each variable once")
        seen.add(n)
    _check_cycle(model, names, graph, where, label)
    switch = spec.get("switch")
    if switch is not None:
        switch = _switch(model, switch, names, graph, where, label)
    return LoopDef(name, title, str(polarity), names, switch)


def _variable(model: Model, ref: str, where: str, label: str) -> str:
    """The snake_case name of a variable given by its Vensim or snake_case name."""
    if ref in model.variables:
        return ref
    def norm(text: str) -> str:  # Vensim names ignore case, and spaces equal underscores
        return " ".join(text.replace("_", " ").split()).lower()

    by_real = {norm(v.real_name): v.name for v in model.variables.values()}
    key = norm(ref)
    if key in by_real:
        return by_real[key]
    close = difflib.get_close_matches(ref, [v.real_name for v in model.variables.values()], n=3)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise ScenarioError(f"{where}: {label}: {_show(ref)} is not a variable of model {model.name}{hint}")


def _check_cycle(model: Model, names: tuple[str, ...], graph: dict[str, frozenset[str]],
                 where: str, label: str) -> None:
    """Each variable must cause the next (the last the first): a link of the model."""
    allowed = "allowed: variables in causal order, each causing the next and the last the first"
    real = {n: model.variables[n].real_name for n in names}
    for n in names:
        info: VarInfo = model.variables[n]
        if info.kind in ("constant", "lookup", "control", "data") or not graph.get(n):
            what = info.kind if info.kind in ("constant", "lookup", "control", "data") \
                else f"{info.kind} that depends on nothing"
            raise ScenarioError(f"{where}: {label}: variables do not form a feedback loop: {real[n]!r} is a "
                                f"{what}, which no feedback loop passes through; {allowed}")
    for k, source in enumerate(names):
        target = names[(k + 1) % len(names)]
        if source in graph[target]:
            continue
        causes = sorted(model.variables[c].real_name for c in graph[target] if c in model.variables)
        why = (f"{real[source]!r} does not cause {real[target]!r} in the model "
               f"({real[target]!r} is caused by: {', '.join(causes)})")
        if all(names[j + 1] in graph[names[j]] for j in range(len(names) - 1)) and names[0] in graph[names[-1]]:
            why += "; the list is in reverse causal order"
        raise ScenarioError(f"{where}: {label}: variables do not form a feedback loop: {why}; {allowed}")


def _switch(model: Model, ref: Any, names: tuple[str, ...], graph: dict[str, frozenset[str]],
            where: str, label: str) -> str:
    if not isinstance(ref, str):
        raise ScenarioError(f"{where}: {label}: switch = {_show(ref)}; allowed: the name of a constant")
    name = _variable(model, ref, where, f"{label}: switch")
    if name not in model.constants:
        kind = model.variables[name].kind
        article = "an" if kind[0] in "aeiou" else "a"
        raise ScenarioError(f"{where}: {label}: switch {ref!r} is {article} {kind}; "
                            "allowed: a scalar constant of the model")
    # It must feed the loop: some loop variable depends on it, directly or not.
    effects: dict[str, set[str]] = {}
    for target, causes in graph.items():
        for c in causes:
            effects.setdefault(c, set()).add(target)
    seen, todo = {name}, deque([name])
    while todo:
        for nxt in effects.get(todo.popleft(), ()):
            if nxt in names:
                return name
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    raise ScenarioError(f"{where}: {label}: switch {ref!r} does not affect any variable of the loop; "
                        "allowed: a constant that the loop's variables depend on")


_GRAPH_LOCK = threading.Lock()
_GRAPHS: dict[str, dict[str, frozenset[str]]] = {}


def causal_inputs(model: Model) -> dict[str, frozenset[str]]:
    """Each variable's direct causes (snake_case), as Loops that Matter sees them.

    A stock is caused by its inflows and outflows only (its initial value sets
    where it starts, not how it changes); any other variable by the variables
    its equation uses. Read by Simlin from the model's runnable copy; cached
    per file content.

    Raises
    ------
    ModelError
        If Simlin cannot read the model.
    """
    with _GRAPH_LOCK:
        if model.sha256 in _GRAPHS:
            return _GRAPHS[model.sha256]
    import simlin

    from ..engines.simlin_engine import _runnable_copy
    from .names import simlin_ident

    try:
        sm = simlin.load(_runnable_copy(model))
        by_ident = {ident: name for name, ident in model.simlin_names().items()}
        graph: dict[str, frozenset[str]] = {}
        for ident, name in by_ident.items():
            var = sm.get_variable(ident)
            if var is None:
                continue
            if isinstance(var, simlin.Stock):
                links = [simlin_ident(f) for f in (*var.inflows, *var.outflows)]
            else:
                try:
                    links = sm.get_incoming_links(ident)
                except simlin.SimlinError:
                    links = []
            graph[name] = frozenset(by_ident[i] for i in links if i in by_ident)
    except simlin.SimlinError as exc:
        raise ModelError(f"{model.path}: Simlin cannot read this model: {exc}") from exc
    with _GRAPH_LOCK:
        return _GRAPHS.setdefault(model.sha256, graph)


def _show(value: Any) -> str:
    """A value for a message, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
