"""Subscripted models for the numpy batch engine: every arrayed equation expanded element by element.

The numpy engine integrates scalar equations (:mod:`.numpy_block`). A
subscripted model is turned into one: each element of an arrayed variable
becomes a variable of its own, named by its lever key (``exchange_flow[metal,build]``,
see :func:`~entropy.engines.base.element_key`), with its own equation in
which every subscripted reference names one element and every ``SUM``,
``VMAX`` and ``VMIN`` over a ``!`` range is written out term by term, in
Simlin's order: ``SUM`` adds the terms one after another to 0, ``VMAX`` keeps a
term that is greater than the largest so far (starting from minus infinity,
so NaN terms are passed over) and ``VMIN`` alike. Each element is then
computed with exactly the floating-point operations Simlin's interpreter
performs for it, and the engine's ordering, folding and storage work as they do
for a scalar model.

Read from the package's own tokens (:mod:`entropy.mdl`) with the metadata
reader's expression grammar, here keeping the subscripts that it skips;
nothing is generated or evaluated as code. What this module does not expand
(a subscript mapping, a reference to an arrayed variable without subscripts,
a range that is not the equation's own, ``:EXCEPT:`` with a list of numbers,
other array functions) is an :class:`~entropy.errors.EngineError` that names
the variable, the construct and the line, so the caller can fall back to Simlin.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..errors import EngineError
from ..loading.mdl import Entry
from ..loading.metadata import CONTROLS, Node, _Parser
from ..loading.model import Model
from .base import element_key
from .numpy_model import FUNCTIONS, TIME, ScalarModel, Stock, entries_of, nodes, order, refs, vensim_name

#: Array reductions the engine expands, each over the ``!`` ranges of its one argument.
REDUCTIONS = ("sum", "vmax", "vmin")


def norm(name: str) -> str:
    """A variable, range or element name as Vensim compares them (case, spaces and ``_`` aside)."""
    return " ".join(name.replace("_", " ").split()).lower()


class _SubscriptParser(_Parser):
    """The metadata reader's grammar, keeping a reference's subscripts.

    ``X[Sector, Receiver!]`` becomes ``Node("ref", "x", args=(Node("sub", "sector"),
    Node("sub", "receiver", 1.0)))``: a ``sub`` node per subscript, its name
    normalised (:func:`norm`) and ``value`` 1.0 where it carries ``!``.
    """

    def primary(self) -> Node:
        t, after = self.peek(), self.peek(1)
        if t is None or t.kind != "name" or after is None or after.text != "[":
            return super().primary()
        self.i += 2  # the name and "["
        subs: list[Node] = []
        while True:
            s = self.take()
            if s.kind != "name":
                raise self.fail(f"unexpected {s.text!r} in a subscript list")
            bang = self.at("!")
            if bang:
                self.take()
            subs.append(Node("sub", norm(s.text), 1.0 if bang else 0.0))
            if not self.at(","):
                break
            self.take()
        self.expect("]")
        return Node("ref", t.text.lower().replace(" ", "_"), args=tuple(subs))


@dataclass(frozen=True)
class _Equation:
    """One equation block of a variable and the elements it defines.

    Attributes
    ----------
    entry : Entry
    tree : Node or None
        The parsed right-hand side; None for a list of numbers (``values``).
    values : tuple of float
        A list of numbers, one per element in ``combos`` order.
    combos : list of tuple of str
        The variable's elements this equation defines (the model's element names).
    bound : list of dict
        For each of ``combos``, the element each range of the left-hand side stands for.
    """

    entry: Entry
    tree: Node | None
    values: tuple[float, ...]
    combos: list[tuple[str, ...]]
    bound: list[dict[str, str]]


class _Expander:
    """Expands a subscripted model's equations into scalar ones (see the module's docstring)."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.where = f"{model.path}: the numpy engine cannot run this model"
        self.keys = {v.real_name.lower().replace(" ", "_"): v.name for v in model.variables.values()}
        self.ranges = {norm(r): r for r in model.subscripts}
        self.elements: dict[str, str] = {}
        for members in model.subscripts.values():
            for e in members:
                self.elements.setdefault(norm(e), e)
        self.members = {r: frozenset(m) for r, m in model.subscripts.items()}

    def fail(self, entry: Entry, message: str) -> EngineError:
        return EngineError(f"{self.where}: {entry.name}, line {entry.line}: {message}; use Simlin")

    # --- the elements each equation defines
    def equations(self) -> dict[str, list[_Equation]]:
        """Every variable's equations (controls, lookups and reality checks left out)."""
        out: dict[str, list[_Equation]] = {}
        for e in entries_of(self.model):
            if e.op in ("check", "subscript", "copy", "lookup"):
                continue  # a table is read only where it is called, which is refused
            if e.op == ":=":
                raise self.fail(e, "data (:=)")
            name = self.keys[e.name.lower().replace(" ", "_")]
            if name in CONTROLS:
                if e.subs:
                    raise self.fail(e, "a subscripted control variable")
                continue
            out.setdefault(name, []).append(self._equation(name, e))
        for name, eqs in out.items():
            real = self.model.variables[name].real_name
            seen: set[tuple[str, ...]] = set()
            for eq in eqs:
                twice = seen.intersection(eq.combos)
                if twice:
                    raise self.fail(eq.entry, f"element {element_key(real, sorted(twice)[0])} has more "
                                              "than one equation")
                seen.update(eq.combos)
            missing = [c for c in self.model.elements(name) if c not in seen]
            if missing:
                raise self.fail(eqs[0].entry, f"element {element_key(real, missing[0])} has no equation")
        return out

    def _equation(self, name: str, e: Entry) -> _Equation:
        dims = self.model.variables[name].dims
        if len(e.subs) != len(dims):
            raise self.fail(e, f"{len(e.subs)} subscripts on the left, the variable has {len(dims)}")
        axes: list[list[tuple[str, str | None]]] = []  # per position: (element, range it stands for)
        for i, sub in enumerate(e.subs):
            key = norm(sub)
            if key in self.ranges:
                rng = self.ranges[key]
                axes.append([(x, key) for x in self.model.subscripts[rng]])
            elif key in self.elements:
                axes.append([(self.elements[key], None)])
            else:
                raise self.fail(e, f"unknown subscript {sub!r}")
            if any(x not in self.members[dims[i]] for x, _ in axes[-1]):
                raise self.fail(e, f"subscript {sub!r} is not within range {dims[i]}")
        used = [a[0][1] for a in axes if a[0][1]]
        if len(set(used)) != len(used):
            raise self.fail(e, "a range appears twice on the left")
        combos, bound = [], []
        for picks in itertools.product(*axes):
            combo = tuple(x for x, _ in picks)
            if any(self._excepted(combo, group, e) for group in e.excepts):
                continue
            combos.append(combo)
            bound.append({r: x for x, r in picks if r})
        tree = _SubscriptParser(self.model.path, e, set(self.keys)).whole()
        if tree.tag != "array":
            return _Equation(e, tree, (), combos, bound)
        if e.excepts:
            raise self.fail(e, "a list of numbers with :EXCEPT:")
        values = _numbers(e)
        rows = [r for r in " ".join(t.text for t in e.rhs).split(";") if r.strip()]
        width = len(axes[-1]) if axes else 1
        if len(values) != len(combos) or (len(rows) > 1 and any(len(r.split(",")) != width for r in rows)):
            raise self.fail(e, f"a list of {len(values)} numbers for {len(combos)} elements")
        return _Equation(e, None, tuple(values), combos, bound)

    def _excepted(self, combo: tuple[str, ...], group: tuple[str, ...], e: Entry) -> bool:
        if len(group) != len(combo):
            raise self.fail(e, ":EXCEPT: with a different number of subscripts")
        for x, sub in zip(combo, group):
            key = norm(sub)
            if key in self.ranges:
                if x not in self.members[self.ranges[key]]:
                    return False
            elif self.elements.get(key) != x:
                return False
        return True

    # --- one element's equation as a scalar tree
    def expand(self, node: Node, env: dict[str, str], bang: dict[str, str], e: Entry) -> Node:
        """``node`` for one element: references named by element keys, reductions written out."""
        if node.tag == "num":
            return node
        if node.tag == "ref":
            return self._ref(node, env, bang, e)
        if node.tag == "call" and node.name in REDUCTIONS:
            return self._reduce(node, env, bang, e)
        if node.tag == "call":
            if node.name not in FUNCTIONS:
                what = "a lookup (graphical function)" if node.name in self.keys or node.name == "with_lookup" \
                    else "a function the numpy engine does not run"
                raise self.fail(e, f"calls {vensim_name(node.name)}, {what}")
            if len(node.args) != FUNCTIONS[node.name]:
                raise self.fail(e, f"calls {vensim_name(node.name)} with {len(node.args)} arguments; "
                                   f"the numpy engine runs it with {FUNCTIONS[node.name]}")
        args = tuple(self.expand(a, env, bang, e) for a in node.args)
        return Node(node.tag, node.name, node.value, args)

    def _ref(self, node: Node, env: dict[str, str], bang: dict[str, str], e: Entry) -> Node:
        if node.name == TIME and not node.args:
            return node
        if node.name not in self.keys:
            raise self.fail(e, f"refers to {node.name!r}, which the model does not define")
        var = self.keys[node.name]
        info = self.model.variables[var]
        if not node.args:
            if info.dims:
                raise self.fail(e, f"refers to {info.real_name}, which is subscripted, without subscripts")
            return Node("ref", var)
        if len(node.args) != len(info.dims):
            raise self.fail(e, f"refers to {info.real_name} with {len(node.args)} subscripts; "
                               f"it has {len(info.dims)}")
        combo = []
        for sub, dim in zip(node.args, info.dims):
            if sub.value:
                if sub.name not in bang:
                    shown = self.ranges.get(sub.name, sub.name)
                    raise self.fail(e, f"{info.real_name}[{shown}!] outside SUM, VMAX or VMIN")
                x = bang[sub.name]
            elif sub.name in env:
                x = env[sub.name]
            elif sub.name in self.ranges:
                raise self.fail(e, f"refers to {info.real_name} over range {self.ranges[sub.name]}, "
                                   "which is not a range of the equation's left side (a subscript mapping)")
            elif sub.name in self.elements:
                x = self.elements[sub.name]
            else:
                raise self.fail(e, f"unknown subscript {sub.name!r} of {info.real_name}")
            if x not in self.members[dim]:
                raise self.fail(e, f"element {x} is not in range {dim} of {info.real_name} "
                                   "(a subscript mapping)")
            combo.append(x)
        return Node("ref", element_key(var, tuple(combo)))

    def _reduce(self, node: Node, env: dict[str, str], bang: dict[str, str], e: Entry) -> Node:
        if len(node.args) != 1:
            raise self.fail(e, f"calls {vensim_name(node.name)} with {len(node.args)} arguments; "
                               "the numpy engine runs it with 1")
        free = [r for r in _bang_ranges(node.args[0]) if r not in bang]
        unknown = [r for r in free if r not in self.ranges]
        if unknown or not free:
            raise self.fail(e, f"{vensim_name(node.name)} " + (f"over unknown range {unknown[0]!r}" if unknown
                                                                else "without a ! range"))
        terms = [self.expand(node.args[0], env, {**bang, **dict(zip(free, picks))}, e)
                 for picks in itertools.product(*(self.model.subscripts[self.ranges[r]] for r in free))]
        if node.name != "sum":
            return Node("call", node.name, args=tuple(terms))
        total = Node("num", value=0.0)  # Simlin adds the terms to 0.0, one after another
        for t in terms:
            total = Node("op", "+", args=(total, t))
        return total


def _bang_ranges(node: Node) -> list[str]:
    """The ``!`` ranges of ``node`` in order of appearance (a nested reduction's own left out)."""
    if node.tag == "sub":
        return [node.name] if node.value else []
    if node.tag == "call" and node.name in REDUCTIONS:
        return []
    out: list[str] = []
    for a in node.args:
        out += [r for r in _bang_ranges(a) if r not in out]
    return out


def _numbers(e: Entry) -> list[float]:
    """A list of numbers (``1, -2.5; 3, 4;``) in the order written."""
    values: list[float] = []
    sign = 1.0
    for t in e.rhs:
        if t.kind == "num":
            values.append(sign * float(t.text))
            sign = 1.0
        elif t.text == "-":
            sign = -sign
    return values


def _flows(rate: Node, positive: bool, ins: list[Node], outs: list[Node], lhs: tuple[str, ...],
           stocks: set[str], known: set[str]) -> bool:
    """Simlin's split of an arrayed rate into named flows (``collect_flows`` of its MDL reader):
    a flow's subscripts must be the stock equation's left side's, else the rate is not split."""
    if rate.tag == "ref":
        if rate.args and tuple(s.name for s in rate.args) != lhs:
            return False
        names = [n.name for n in ins + outs]
        if rate.name in names or rate.name in stocks or rate.name not in known:
            return False
        (ins if positive else outs).append(rate)
        return True
    if rate.tag == "call" and rate.name in ("neg", "pos"):
        return _flows(rate.args[0], positive == (rate.name == "pos"), ins, outs, lhs, stocks, known)
    if rate.tag == "op" and rate.name in ("+", "-"):
        return (_flows(rate.args[0], positive, ins, outs, lhs, stocks, known)
                and _flows(rate.args[1], positive == (rate.name == "+"), ins, outs, lhs, stocks, known))
    return False


def read_arrayed_model(model: Model) -> ScalarModel:
    """The equations of a subscripted ``model``, one per element, checked and ordered.

    Raises
    ------
    EngineError
        Naming the first construct the engine does not run, and its line.
    """
    x = _Expander(model)
    equations = x.equations()
    raw_stocks = {n for n, eqs in equations.items() for q in eqs
                  if q.tree is not None and q.tree.tag == "call" and q.tree.name == "integ"}
    for name in raw_stocks:
        mixed = [q for q in equations[name] if q.tree is None or q.tree.tag != "call" or q.tree.name != "integ"]
        if mixed:
            raise x.fail(mixed[0].entry, "a stock with some elements not defined by INTEG")
    split = _split(model, x, equations, raw_stocks)
    stocks: dict[str, Stock] = {}
    auxes: dict[str, Node] = {}
    for name, eqs in equations.items():
        for q in eqs:
            for k, (combo, env) in enumerate(zip(q.combos, q.bound)):
                flat = element_key(name, combo)
                if q.tree is None:
                    auxes[flat] = Node("num", value=q.values[k])
                    continue
                if name not in raw_stocks:
                    auxes[flat] = x.expand(q.tree, env, {}, q.entry)
                    continue
                rate = x.expand(q.tree.args[0], env, {}, q.entry)
                initial = x.expand(q.tree.args[1], env, {}, q.entry)
                for node in nodes(initial) + nodes(rate):
                    if node.tag == "call" and node.name == "integ":
                        raise x.fail(q.entry, "INTEG inside an expression")
                if name in split:
                    ins, outs = split[name][id(q)]
                    stocks[flat] = Stock(initial, rate, tuple(x.expand(f, env, {}, q.entry).name for f in ins),
                                         tuple(x.expand(f, env, {}, q.entry).name for f in outs), True)
                else:
                    stocks[flat] = Stock(initial, rate)
        if name not in raw_stocks:
            for q in eqs:
                for node in nodes(q.tree) if q.tree is not None else []:
                    if node.tag == "call" and node.name == "integ":
                        raise x.fail(q.entry, "INTEG inside an expression")
    arrays = {n: tuple(element_key(n, c) for c in model.elements(n))
              for n, v in model.variables.items() if v.dims and n in equations}
    # What a run may set: every element of an arrayed constant, a scalar constant with a value.
    settable: set[str] = set()
    for n, v in model.variables.items():
        if v.kind == "constant" and n in equations and (v.dims or v.default is not None):
            settable.update(k for k in (arrays[n] if v.dims else (n,)) if k in auxes)

    def label(flat: str) -> str:
        name, _, rest = flat.partition("[")
        return model.variables[name].real_name + ("[" + rest if rest else "")

    initial_deps = {n: refs(s.initial, True) for n, s in stocks.items()}
    initial_deps.update({n: refs(t, True) for n, t in auxes.items()})
    step_deps = {n: refs(t, False) - set(stocks) for n, t in auxes.items()}
    return ScalarModel(
        stocks=stocks, auxes=auxes, constants=frozenset(settable),
        initial_order=order(initial_deps, model, "at the initial time", label),
        step_order=order(step_deps, model, "within a time step", label),
        arrays=arrays,
    )


def _split(model: Model, x: _Expander, equations: dict[str, list[_Equation]], stocks: set[str]
           ) -> dict[str, dict[int, tuple[list[Node], list[Node]]]]:
    """For each stock whose rate Simlin splits into flows, the flows of each of its equations.

    Every equation of a stock must name the same flows (else Simlin integrates
    the rate as written); a flow may be the inflow of one stock and the outflow
    of one stock (else both stocks integrate their rates as written).
    """
    # Flows are matched by the names the equations use (Simlin's symbol table).
    known = set(x.keys) - {TIME}
    stock_keys = {k for k, v in x.keys.items() if v in stocks}
    found: dict[str, dict[int, tuple[list[Node], list[Node]]]] = {}
    for name in [n for n in equations if n in stocks]:  # the model's order
        per: dict[int, tuple[list[Node], list[Node]]] = {}
        for q in equations[name]:
            assert q.tree is not None
            ins: list[Node] = []
            outs: list[Node] = []
            lhs = tuple(norm(s) for s in q.entry.subs)
            if not _flows(q.tree.args[0], True, ins, outs, lhs, stock_keys, known):
                break
            per[id(q)] = (ins, outs)
        else:
            sets = {(frozenset(f.name for f in i), frozenset(f.name for f in o)) for i, o in per.values()}
            if len(sets) == 1:
                first = next(iter(per.values()))
                names = ([f.name for f in first[0]], [f.name for f in first[1]])
                found[name] = {k: (sorted(i, key=lambda f: names[0].index(f.name)),
                                   sorted(o, key=lambda f: names[1].index(f.name))) for k, (i, o) in per.items()}
    conflicted: set[str] = set()
    for direction in (0, 1):
        owner: dict[str, str] = {}
        for name, per in found.items():
            for f in next(iter(per.values()))[direction]:
                if f.name in owner and owner[f.name] != name:
                    conflicted |= {owner[f.name], name}
                owner.setdefault(f.name, name)
    split = {n: p for n, p in found.items() if n not in conflicted}
    for name, per in split.items():
        for ins, outs in per.values():
            for f in ins + outs:
                # A flow named without subscripts that is not arrayed as its stock: how Simlin
                # integrates it is not established here, so it is not guessed.
                flow = x.keys[f.name]
                if not f.args and model.variables[flow].dims != model.variables[name].dims:
                    q = equations[name][0]
                    raise x.fail(q.entry, f"flow {model.variables[flow].real_name} has other subscripts "
                                          "than its stock")
    return split
