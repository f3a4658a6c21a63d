"""A scalar Vensim model read for the numpy batch engine (:mod:`.numpy_engine`).

The equations come from the package's own reader (:mod:`entropy.mdl` tokens,
:class:`entropy.loading.metadata._Parser` trees); nothing is generated or evaluated as
code. This module checks that every construct is one the numpy engine runs
(anything else is an :class:`~entropy.errors.EngineError` naming it, so the
caller can fall back to Simlin), splits each stock's rate into inflows and
outflows as Simlin does (so the Euler sums are added in Simlin's order), and
orders the equations: once for the initial time (stocks' initial values,
``INITIAL``) and once for every step (auxiliaries from the current stocks).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from ..errors import EngineError
from ..loading.mdl import Entry, read_entries
from ..loading.metadata import CONTROLS, Node, _Parser
from ..loading.model import Model
from .base import Change, RunPlan

#: Functions the numpy engine evaluates, with their number of arguments.
FUNCTIONS: dict[str, int] = {
    "if_then_else": 3, "min": 2, "max": 2, "xidz": 3, "zidz": 2, "abs": 1, "exp": 1, "ln": 1,
    "sqrt": 1, "sin": 1, "cos": 1, "tan": 1, "arcsin": 1, "arccos": 1, "arctan": 1, "pi": 0,
    "integ": 2, "initial": 1, "neg": 1, "pos": 1, "not": 1,
}
#: Internal functions of expanded array reductions (:mod:`.numpy_arrays`), any number of arguments.
FOLDS = ("vmax", "vmin")
#: The name a reference to the clock has in the trees.
TIME = "time"


def vensim_name(key: str) -> str:
    """A function's name as Vensim spells it (``delay_fixed`` -> ``DELAY FIXED``)."""
    return key.upper().replace("_", " ")


@dataclass(frozen=True)
class Stock:
    """A stock (INTEG) of the model.

    Attributes
    ----------
    initial : Node
        Its initial value, evaluated once at the initial time.
    rate : Node
        Its rate of change (per time unit), as written.
    inflows, outflows : tuple of str
        The named flows Simlin splits the rate into; the Euler step adds
        ``(sum(inflows) - sum(outflows)) * dt``, each sum from left to right
        (an empty sum is 0). When ``split`` is False the rate is not a plain
        sum of flows and is used as it is.
    split : bool
    """

    initial: Node
    rate: Node
    inflows: tuple[str, ...] = ()
    outflows: tuple[str, ...] = ()
    split: bool = False


@dataclass(frozen=True)
class ScalarModel:
    """The equations of a scalar model, checked and ordered.

    Attributes
    ----------
    stocks : dict of str to Stock
        By snake_case name, in the model's order.
    auxes : dict of str to Node
        Every other variable (auxiliaries and constants) by snake_case name.
    constants : frozenset of str
        Names a run may override (plain constants).
    initial_order : tuple of str
        Every stock and auxiliary, each after what its value at the initial
        time depends on.
    step_order : tuple of str
        Every auxiliary, each after the auxiliaries it depends on within a
        step (stocks and ``INITIAL`` values are known by then).
    arrays : dict of str to tuple of str
        For a subscripted model, each arrayed variable's elements (the keys
        of ``stocks`` and ``auxes`` that stand for them, ``name[e1,e2]``) in
        the order of :meth:`entropy.loading.model.Model.elements`; empty for a scalar
        model. Every other name is a scalar variable's own.
    """

    stocks: dict[str, Stock]
    auxes: dict[str, Node]
    constants: frozenset[str]
    initial_order: tuple[str, ...]
    step_order: tuple[str, ...]
    arrays: dict[str, tuple[str, ...]] = field(default_factory=dict)


class Batch(Protocol):
    """What a block (:class:`~entropy.engines.numpy_block.Block`) needs of its
    :class:`~entropy.engines.numpy_engine.NumpyBatch`."""

    model: Model
    plan: RunPlan
    scalar: ScalarModel
    kept: list[str]
    time: NDArray[np.float64]
    every: int
    steps: int
    fixed: dict[str, float]
    changes: dict[str, Change]
    live: frozenset[str]


def entries_of(model: Model) -> list[Entry]:
    """The model file's checked equations, from the file as it was loaded (else EngineError)."""
    if model.format != "mdl":
        raise EngineError(f"{model.path}: the numpy engine reads Vensim .mdl equations only; "
                          "an XMILE model runs on Simlin or PySD")
    raw = model.path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != model.sha256:
        raise EngineError(f"{model.path}: the file changed since it was loaded; load it again")
    return read_entries(model.path, raw)


_READ: dict[tuple[str, str], ScalarModel] = {}
_LOCK = threading.Lock()


def read_scalar_model(model: Model) -> ScalarModel:
    """Read, check and order the equations of ``model`` for the numpy engine.

    Kept per file and content in this process (a few of them): the result is
    never changed by its users.

    A subscripted model is expanded into one equation per element
    (:func:`entropy.engines.numpy_arrays.read_arrayed_model`).

    Raises
    ------
    EngineError
        Naming the first construct the engine does not run (lookups, data,
        delays and smooths, other functions, subscripts it cannot expand, an
        algebraic loop).
    """
    key = (str(model.path), model.sha256)
    with _LOCK:
        if key in _READ:
            return _READ[key]
    if model.subscripts or any(v.dims for v in model.variables.values()):
        from .numpy_arrays import read_arrayed_model  # it builds on this module

        scalar = read_arrayed_model(model)
    else:
        scalar = _read(model)
    with _LOCK:
        if len(_READ) >= 16:
            _READ.pop(next(iter(_READ)))
        return _READ.setdefault(key, scalar)


def _read(model: Model) -> ScalarModel:
    where = f"{model.path}: the numpy engine cannot run this model"
    keys = {v.real_name.lower().replace(" ", "_"): v.name for v in model.variables.values()}
    trees: dict[str, Node] = {}
    for e in entries_of(model):
        if e.op == "check":
            continue
        if e.op in ("subscript", "copy") or e.subs:  # pragma: no cover - read_arrayed_model reads those
            raise EngineError(f"{where}: it is subscripted (line {e.line}, {e.name}); use Simlin")
        if e.op == "lookup":
            continue  # a table; calling one is refused below
        if e.op == ":=":
            raise EngineError(f"{where}: {e.name} is data (:=), line {e.line}; use Simlin")
        name = keys[e.name.lower().replace(" ", "_")]
        if name in trees:
            raise EngineError(f"{where}: {e.name} has more than one equation, line {e.line}")
        trees[name] = _checked(_Parser(model.path, e, set(keys)).whole(), keys, e.name, where)
        if any(t.text == "[" for t in e.rhs):  # after the check, which names WITH LOOKUP's ranges
            raise EngineError(f"{where}: {e.name} uses a subscript, line {e.line}; use Simlin")
    stocks: dict[str, Stock] = {}
    auxes: dict[str, Node] = {}
    for name, tree in trees.items():
        if name in CONTROLS:
            continue
        if tree.tag == "call" and tree.name == "integ":
            stocks[name] = Stock(initial=tree.args[1], rate=tree.args[0])
        else:
            auxes[name] = tree
        for node in nodes(tree.args[1] if name in stocks else tree):
            if node.tag == "call" and node.name == "integ":
                raise EngineError(f"{where}: INTEG inside an expression in {model.variables[name].real_name}")
    stocks = _split_flows(stocks, set(trees))
    constants = frozenset(k for k, v in model.variables.items()
                          if v.kind == "constant" and v.default is not None and k in auxes)
    initial_deps = {n: refs(s.initial, True) for n, s in stocks.items()}
    initial_deps.update({n: refs(t, True) for n, t in auxes.items()})
    step_deps = {n: refs(t, False) - set(stocks) for n, t in auxes.items()}
    return ScalarModel(
        stocks=stocks, auxes=auxes, constants=constants,
        initial_order=order(initial_deps, model, "at the initial time"),
        step_order=order(step_deps, model, "within a time step"),
    )


def live_variables(sm: ScalarModel, names: list[str]) -> frozenset[str]:
    """``names`` and every variable a time step needs to compute them.

    A stock needs its rate; an auxiliary its equation, except inside
    ``INITIAL`` (evaluated once at the initial time with everything else).
    """
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in sm.stocks:
            todo.extend(refs(sm.stocks[name].rate, False))
        elif name in sm.auxes:
            todo.extend(refs(sm.auxes[name], False))
    return frozenset(seen)


def _checked(node: Node, keys: dict[str, str], owner: str, where: str) -> Node:
    """``node`` with references renamed to snake_case; unsupported constructs refused."""
    if node.tag == "array":
        raise EngineError(f"{where}: {owner} is a list of numbers (an array); use Simlin")
    if node.tag == "ref":
        if node.name == TIME:
            return node
        if node.name not in keys:
            raise EngineError(f"{where}: {owner} refers to {node.name!r}, which the model does not define")
        return Node("ref", keys[node.name])
    args = tuple(_checked(a, keys, owner, where) for a in node.args)
    if node.tag == "call":
        if node.name not in FUNCTIONS:
            what = "a lookup (graphical function)" if node.name in keys or node.name == "with_lookup" \
                else "a function the numpy engine does not run"
            raise EngineError(f"{where}: {owner} calls {vensim_name(node.name)}, {what}; use Simlin")
        if len(args) != FUNCTIONS[node.name]:
            raise EngineError(f"{where}: {owner} calls {vensim_name(node.name)} with {len(args)} "
                              f"arguments; the numpy engine runs it with {FUNCTIONS[node.name]}")
    return Node(node.tag, node.name, node.value, args)


def nodes(node: Node) -> list[Node]:
    """``node`` and every node below it."""
    out = [node]
    for a in node.args:
        out.extend(nodes(a))
    return out


def refs(node: Node, inside_initial: bool) -> set[str]:
    """Variables ``node`` reads; within INITIAL only when ``inside_initial``."""
    if node.tag == "ref":
        return set() if node.name == TIME else {node.name}
    if node.tag == "call" and node.name == "initial" and not inside_initial:
        return set()
    out: set[str] = set()
    for a in node.args:
        out |= refs(a, inside_initial)
    return out


def _collect(node: Node, positive: bool, ins: list[str], outs: list[str], stocks: set[str],
             known: set[str]) -> bool:
    """Simlin's split of a rate into named flows (``collect_flows`` of its MDL reader)."""
    if node.tag == "ref":
        name = node.name
        if name in (ins if positive else outs) or name in (outs if positive else ins):
            return False
        if name in stocks or name not in known:
            return False
        (ins if positive else outs).append(name)
        return True
    if node.tag == "call" and node.name in ("neg", "pos"):
        return _collect(node.args[0], positive == (node.name == "pos"), ins, outs, stocks, known)
    if node.tag == "op" and node.name in ("+", "-"):
        return (_collect(node.args[0], positive, ins, outs, stocks, known)
                and _collect(node.args[1], positive == (node.name == "+"), ins, outs, stocks, known))
    return False


def _split_flows(stocks: dict[str, Stock], known: set[str]) -> dict[str, Stock]:
    """Each stock with its inflows and outflows where Simlin would find them.

    A flow may be the inflow of one stock and the outflow of one stock; one
    used twice in the same direction makes both stocks use their whole rate.
    """
    split: dict[str, tuple[list[str], list[str]]] = {}
    for name, s in stocks.items():
        ins: list[str] = []
        outs: list[str] = []
        if _collect(s.rate, True, ins, outs, set(stocks), known - {TIME}):
            split[name] = (ins, outs)
    conflicted: set[str] = set()
    for direction in (0, 1):
        owner: dict[str, str] = {}
        for name, flows in split.items():
            for f in flows[direction]:
                if f in owner:
                    conflicted |= {owner[f], name}
                owner.setdefault(f, name)
    out = {}
    for name, s in stocks.items():
        if name in split and name not in conflicted:
            ins, outs = split[name]
            out[name] = Stock(s.initial, s.rate, tuple(ins), tuple(outs), True)
        else:
            out[name] = s
    return out


def order(deps: dict[str, set[str]], model: Model, when: str,
          label: Callable[[str], str] | None = None) -> tuple[str, ...]:
    """Names with their dependencies first; a cycle is an EngineError naming it.

    ``label`` gives a name as the message shows it (default: the variable's
    Vensim name; an expanded model's elements need their subscripts too).
    """
    show = label or (lambda n: model.variables[n].real_name)
    done: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for root in deps:
        if state.get(root):
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(deps[root] & deps.keys()))]
        state[root] = 1
        while stack:
            name, todo = stack[-1]
            if not todo:
                stack.pop()
                state[name] = 2
                done.append(name)
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                path = [n for n, _ in stack]
                cycle = path[path.index(nxt):] + [nxt]
                names = " -> ".join(show(n) for n in cycle)
                raise EngineError(f"{model.path}: algebraic loop {when} (no stock on it): {names}; "
                                  "neither the numpy engine nor Vensim can order it")
            if not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, sorted(deps[nxt] & deps.keys())))
    return tuple(done)


def step_reads(node: Node) -> set[str]:
    """Names a step reads (time included; inside INITIAL nothing: it is fixed)."""
    if node.tag == "ref":
        return {node.name}
    if node.tag == "call" and node.name == "initial":
        return set()
    out: set[str] = set()
    for a in node.args:
        out |= step_reads(a)
    return out


def flow_sum(names: tuple[str, ...]) -> Node:
    """``a + b + c`` from left to right (Simlin's ``fold_flows``); 0 when empty."""
    if not names:
        return Node("num", value=0.0)
    node = Node("ref", names[0])
    for name in names[1:]:
        node = Node("op", "+", args=(node, Node("ref", name)))
    return node
