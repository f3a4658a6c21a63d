"""What a model's equations say about its variables, read without running code.

From the checked equations of :mod:`entropy.mdl` this module derives, for
every variable, what PySD would report in its ``doc`` table (Python name, real
name, units, range, kind, subscripts, documentation) and the values of scalar
constants and control variables, by evaluating plain arithmetic itself. It
follows PySD's own rules (kinds from ``pysd.builders.python``, names from its
``NamespaceManager``) so that the names match PySD's; a test compares the
result with PySD's on every shipped and test model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import ModelError
from .mdl import Entry, Token, TokenCursor
from .names import python_identifiers

#: Vensim's control variables by their snake_case names.
CONTROLS = ("initial_time", "final_time", "time_step", "saveper")

# Functions PySD builds as stateful objects, with the subtype it records.
_STATEFUL = {
    "integ": "Integ", "initial": "Initial", "delay1": "Delay", "delay1i": "Delay",
    "delay3": "Delay", "delay3i": "Delay", "delay_n": "DelayN", "delay_fixed": "DelayFixed",
    "smooth": "Smooth", "smoothi": "Smooth", "smooth3": "Smooth", "smooth3i": "Smooth",
    "smooth_n": "Smooth", "trend": "Trend", "forecast": "Forecast",
    "sample_if_true": "SampleIfTrue",
}
# Functions whose value depends on time (PySD adds time to their dependencies).
_TIMED = {"step", "ramp", "pulse", "pulse_train", "get_time_value", "random_0_1",
          "random_uniform", "random_normal", "random_exponential", "random_poisson",
          "random_triangular", "active_initial"}
# Every function PySD translates (its ``functionspace`` and structures); a call
# to anything else is refused, as it could not run anyway.
_FUNCTIONS = set(_STATEFUL) | _TIMED | {
    "abs", "arccos", "arcsin", "arctan", "cos", "cosh", "elmcount", "exp", "if_then_else",
    "integer", "invert_matrix", "ln", "log", "max", "min", "modulo", "pi", "power", "prod",
    "quantum", "sin", "sinh", "sqrt", "sum", "tan", "tanh", "vector_rank", "vector_reorder",
    "vector_select", "vector_sort_order", "vmax", "vmin", "xidz", "zidz", "with_lookup",
    "tabbed_array", "allocate_available", "allocate_by_priority", "game", "lookup",
}
_MATH: dict[str, Callable[..., float]] = {
    "abs": abs, "exp": math.exp, "ln": math.log, "sqrt": math.sqrt, "sin": math.sin,
    "cos": math.cos, "tan": math.tan, "arcsin": math.asin, "arccos": math.acos,
    "arctan": math.atan, "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh,
    "min": min, "max": max, "power": math.pow, "integer": lambda x: float(int(x)),
    "modulo": math.fmod, "log": lambda x, b: math.log(x) / math.log(b),
    "xidz": lambda a, b, x: x if abs(b) < 1e-6 else a / b,
    "zidz": lambda a, b: 0.0 if b == 0 else a / b,
}



@dataclass(frozen=True)
class Node:
    """An expression: ``num`` (value), ``ref`` or ``call`` (name, args), ``op`` (name = operator)."""

    tag: str
    name: str = ""
    value: float = 0.0
    args: tuple[Node, ...] = ()


@dataclass(frozen=True)
class VarMeta:
    """One variable as PySD's ``doc`` describes it (see :class:`entropy.loading.model.VarInfo`)."""

    name: str
    real_name: str
    units: str
    kind: str
    minimum: float | None
    maximum: float | None
    step: float | None
    default: float | None
    comment: str
    dims: tuple[str, ...]


class _Parser(TokenCursor):
    """Recursive descent over checked tokens, with PySD's operator precedence."""

    def __init__(self, path: Path, entry: Entry, callable_names: set[str] | None = None) -> None:
        self.path, self.entry, self.toks, self.i = path, entry, entry.rhs, 0
        self.callable = callable_names or set()

    def error(self, message: str) -> ModelError:
        t = self.toks[min(self.i, len(self.toks) - 1)] if self.toks else None
        line = t.line if t else self.entry.line
        return ModelError(f"{self.path}: line {line}: variable {self.entry.name!r}: {message}")

    fail = error

    def expect(self, text: str) -> None:
        if not self.at(text):
            t = self.peek()
            raise self.fail(f"expected {text!r} but found {t.text if t else 'the end'!r}")
        self.i += 1

    def whole(self) -> Node:
        if self.toks and all(t.kind == "num" or t.text in (",", ";", "-", "+") for t in self.toks) \
                and any(t.text in (",", ";") for t in self.toks):
            return Node("array")
        node = self.logic()
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.take().text!r}; equations may hold only "
                            "numbers, names, operators, brackets and commas")
        return node

    def logic(self) -> Node:
        node = self.negation()
        while self.at(":AND:", ":OR:"):
            node = Node("op", self.take().text, args=(node, self.negation()))
        return node

    def negation(self) -> Node:
        if self.at(":NOT:"):
            self.take()
            return Node("call", "not", args=(self.comparison(),))
        return self.comparison()

    def comparison(self) -> Node:
        node = self.additive()
        if self.at("=", "<>", "<=", "<", ">=", ">"):
            node = Node("op", self.take().text, args=(node, self.additive()))
        return node

    def additive(self) -> Node:
        node = self.product()
        while self.at("+", "-"):
            node = Node("op", self.take().text, args=(node, self.product()))
        return node

    def product(self) -> Node:
        node = self.power()
        while self.at("*", "/"):
            node = Node("op", self.take().text, args=(node, self.power()))
        return node

    def power(self) -> Node:
        node = self.unary()
        while self.at("^"):
            node = Node("op", self.take().text, args=(node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.at("+", "-"):
            sign = self.take().text
            return Node("call", "neg" if sign == "-" else "pos", args=(self.primary(),))
        return self.primary()

    def primary(self) -> Node:
        t = self.take()
        if t.kind == "num":
            return Node("num", value=float(t.text))
        if t.text == "(":
            node = self.logic()
            self.expect(")")
            return node
        if t.text == ":NA:":
            return Node("num", value=-1e38)
        if t.kind != "name":
            raise self.fail(f"unexpected {t.text!r}")
        key = t.text.lower().replace(" ", "_")
        if self.at("("):
            return self.call(key)
        if self.at("["):
            self.take()
            while not self.at("]"):
                sub = self.take()
                if sub.kind != "name" and sub.text not in (",", "!"):
                    raise self.fail(f"unexpected {sub.text!r} in a subscript list")
            self.take()
        return Node("ref", key)

    def call(self, key: str) -> Node:
        if (key.startswith("get_") or key.startswith('"get')) and key != "get_time_value":
            raise self.fail(f"{key.upper().replace('_', ' ')} reads external files, which is not "
                            "allowed; put the data in the model as constants or lookups")
        if key not in _FUNCTIONS and key not in self.callable:
            raise self.fail(f"{key.upper().replace('_', ' ')} is neither a Vensim function this "
                            "package supports nor a lookup of the model")
        self.expect("(")
        args: list[Node] = []
        if key in ("with_lookup", "tabbed_array"):
            if key == "with_lookup":
                args.append(self.logic())
                self.expect(",")
            self.table()
            self.expect(")")
            return Node("call", key, args=tuple(args))
        while not self.at(")"):
            args.append(self.logic())
            if not self.at(")"):
                self.expect(",")
        self.take()
        return Node("call", key, args=tuple(args))

    def table(self) -> None:
        """Skip a lookup table: numbers in brackets only."""
        depth = 0
        while True:
            t = self.peek()
            if t is None or (depth == 0 and t.text == ")"):
                return
            if not (t.kind == "num" or t.text in "()[],;-+"):
                raise self.fail(f"a lookup table may hold only numbers, brackets and commas, "
                                f"not {t.text!r}")
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(t.text, 0)
            self.i += 1


def _walk(node: Node, variables: set[str], calls: set[str], types: list[tuple[str, str]]) -> None:
    """Collect what ``node`` depends on and the type PySD would give it (post-order)."""
    if node.tag == "ref":
        calls.add(node.name)
    for arg in node.args:
        _walk(arg, variables, calls, types)
    if node.tag == "call":
        name = node.name
        if name in variables:
            calls.add(name)
        if name in _TIMED:
            calls.add("time")
        if name in _STATEFUL:
            types.append(("Stateful", _STATEFUL[name]))
        elif name == "with_lookup":
            types.append(("Auxiliary", "with Lookup"))


def _evaluate(node: Node, env: dict[str, float]) -> float:
    """Value of a plain arithmetic expression; KeyError/ValueError/... where not plain."""
    if node.tag == "num":
        return node.value
    if node.tag == "ref":
        return env[node.name]
    if node.tag == "array":
        raise ValueError("an array has no single value")
    args = [_evaluate(a, env) for a in node.args]
    if node.tag == "op":
        a, b = args
        ops: dict[str, Callable[[float, float], float]] = {
            "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
            "/": lambda x, y: x / y, "^": lambda x, y: float(x ** y),
        }
        return ops[node.name](a, b)
    name = node.name
    if name == "neg":
        return -args[0]
    if name == "pos":
        return args[0]
    if name == "pi" and not args:
        return math.pi
    if name == "if_then_else":
        return args[1] if args[0] else args[2]
    return float(_MATH[name](*args))


def _merge_dims(comp_subs: list[tuple[str, ...]], ranges: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """PySD's ``make_merge_list``: the ranges an element spans over all its equations."""
    if not comp_subs or not comp_subs[0]:
        return ()
    owner: dict[str, str] = {}
    for rng, elems in ranges.items():
        for e in elems:
            owner.setdefault(e, rng)
    n = len(comp_subs[0])
    coords: list[set[str]] = [set() for _ in range(n)]
    named = [[s if s.rstrip("!") in ranges else None for s in subs] for subs in comp_subs]
    for subs in comp_subs:
        for i, s in enumerate(subs[:n]):
            coords[i].update(ranges.get(s.rstrip("!"), (s,)))
    dims: list[str] = []
    for i, wanted in enumerate(coords):
        exact = [d for d in (row[i] for row in named) if d and set(ranges[d.rstrip("!")]) == wanted]
        if exact:
            dims.append(str(exact[0]).rstrip("!"))
            continue
        others = {row[j] for row in named for j in range(n) if j != i}
        found = next((r for r, e in ranges.items() if set(e) == wanted and r not in others), None)
        found = found or next((r for r, e in ranges.items() if wanted <= set(e) and r not in others), None)
        dims.append(found or owner.get(next(iter(wanted)), ""))
    return tuple(dims)


def subscript_ranges(entries: list[Entry]) -> dict[str, tuple[str, ...]]:
    """Elements of every subscript range, with copies and subranges resolved as PySD does."""
    ranges: dict[str, list[str]] = {}
    copies = [(e.name, e.members[0]) for e in entries if e.op == "copy"]
    for e in entries:
        if e.op == "subscript":
            ranges[e.name] = list(e.members)
        elif e.op == "copy":
            ranges[e.name] = []
    for name, source in copies * 2:  # twice: a copy may name a later copy
        ranges[name] = list(ranges.get(source, []))
    for _ in range(len(ranges)):  # ranges defined by other ranges, level by level
        for name, members in ranges.items():
            if any(m in ranges for m in members):
                ranges[name] = [x for m in members for x in (ranges[m] if m in ranges else [m])]
    return {k: tuple(v) for k, v in ranges.items()}


def variables(path: Path, entries: list[Entry]) -> tuple[list[VarMeta], dict[str, float], dict[str, tuple[str, ...]]]:
    """Every variable (sorted by real name, as PySD's ``doc``), control values, ranges."""
    ranges = subscript_ranges(entries)
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        if e.op in ("=", "==", ":=", "lookup"):
            groups.setdefault(e.name.lower().replace(" ", "_"), []).append(e)
    keys = list(groups)
    py_names = dict(zip(keys, python_identifiers([groups[k][0].name for k in keys])))
    var_keys = set(keys)
    trees: dict[str, list[Node]] = {}
    kinds: dict[str, str] = {}
    for key, comps in groups.items():
        types: list[tuple[str, str]] = []
        trees[key] = []
        for e in comps:
            if e.op == "lookup":
                parser = _Parser(path, e)
                parser.expect("(")
                parser.table()
                parser.expect(")")
                if parser.peek() is not None:
                    raise parser.fail("unexpected text after the lookup table")
                types.append(("Lookup", "Normal"))
                continue
            if e.op == ":=":
                types.append(("Data", "Normal"))
                if e.rhs:
                    _Parser(path, e, var_keys).whole()
                continue
            tree = _Parser(path, e, var_keys).whole()
            trees[key].append(tree)
            calls: set[str] = set()
            found: list[tuple[str, str]] = []
            _walk(tree, var_keys, calls, found)
            ctype = found[-1] if found else ("Auxiliary", "Normal")
            if ctype[0] == "Auxiliary" and not calls:
                ctype = ("Constant", "Normal")
            types.append(ctype)
        tset, sset = {t for t, _ in types}, {s for _, s in types}
        kinds[key] = (
            "stock" if tset == {"Stateful"} and sset == {"Integ"}
            else {"Constant": "constant", "Lookup": "lookup", "Data": "data"}.get(
                next(iter(tset)), "auxiliary") if len(tset) == 1 else "auxiliary"
        )
    controls = _control_values(path, groups, trees, py_names)
    out: list[VarMeta] = []
    for key, comps in groups.items():
        py = py_names[key]
        units, limits, doc = "", None, ""
        for e in comps:  # PySD keeps the last non-empty one
            units, limits, doc = e.units or units, e.limits or limits, e.doc or doc
        dims = _merge_dims([e.subs for e in comps], ranges)
        kind = "control" if py in CONTROLS else kinds[key]
        default = None
        if kind == "control":
            default = controls.get(py)
        elif kind == "constant" and not dims and len(trees[key]) == 1:
            default = _number(trees[key][0], {})
        lim = tuple(limits or ()) + (None, None, None)
        out.append(VarMeta(
            name=py, real_name=comps[0].name, units=units, kind=kind,
            minimum=_finite(lim[0]), maximum=_finite(lim[1]), step=_finite(lim[2]),
            default=default, comment=_pysd_comment(doc), dims=dims,
        ))
    out.sort(key=lambda v: v.real_name)
    return out, controls, ranges


def _control_values(path: Path, groups: dict[str, list[Entry]], trees: dict[str, list[Node]],
                    py_names: dict[str, str]) -> dict[str, float]:
    """INITIAL TIME, FINAL TIME, TIME STEP and SAVEPER, which may refer to each other."""
    exprs = {py_names[k]: trees[k][0] for k in groups if py_names[k] in CONTROLS and trees.get(k)}
    values: dict[str, float] = {}
    for _ in CONTROLS:  # each pass resolves one more level of reference
        for name, tree in exprs.items():
            if name not in values:
                v = _number(tree, values)
                if v is not None:
                    values[name] = v
    for name in CONTROLS:
        if name not in values:
            what = "is missing" if name not in exprs else "is not a finite number"
            raise ModelError(f"{path}: control variable {name.upper().replace('_', ' ')} {what}; "
                             "the model must set it to a number")
    return values


def _number(tree: Node, env: dict[str, float]) -> float | None:
    try:
        return _finite(_evaluate(tree, env))
    except (KeyError, ValueError, ArithmeticError, TypeError, IndexError):
        return None


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _pysd_comment(doc: str) -> str:
    """The documentation as PySD's ``doc`` shows it (a backslash starts a new line)."""
    lines = [line.strip() for line in doc.replace("\\", "\n").split("\n")]
    return "\n    ".join(lines).strip()
