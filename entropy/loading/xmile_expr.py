"""XMILE equations: checked tokens, a parse tree, and the text each engine reads.

An equation is split into tokens (numbers, names, operators, keywords), each
checked, then parsed by recursive descent into an :class:`Expr`. Nothing else
is allowed: a string literal, an unknown function, a dotted (module) name or a
name that is not a variable of the model is refused with the file, the line,
the variable and what is allowed. The engines get :func:`render`'s text, which
brackets every operation, so both read the same tree whatever their own
precedence rules.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import ModelError
from .mdl import NAME_PUNCT, NAME_RULE, Token, TokenCursor

__all__ = ["BUILTINS", "FUNCTIONS", "Arrays", "Expr", "canonical", "parse_equation", "render"]

#: XMILE functions allowed, with the numbers of arguments each takes. Every one
#: is read by both PySD's XMILE translator and Simlin with the same numbers
#: (tests/test_xmile.py). Left out because the engines cannot both run them, or
#: disagree: DELAYN, SMTHN, FORCST, POWER (Simlin cannot compile them), DELAY
#: (a fixed delay: the engines differ), PREVIOUS and HISTORY (PySD has neither).
FUNCTIONS: dict[str, tuple[int, ...]] = {
    "abs": (1,), "exp": (1,), "ln": (1,), "sqrt": (1,), "sin": (1,), "cos": (1,), "tan": (1,),
    "arcsin": (1,), "arccos": (1,), "arctan": (1,), "int": (1,), "min": (2,), "max": (2,),
    "safediv": (2, 3), "init": (1,), "delay1": (2, 3), "delay3": (2, 3),
    "smth1": (2, 3), "smth3": (2, 3), "trend": (2, 3), "step": (2,),
    "ramp": (2, 3), "pulse": (2, 3), "sum": (1,),
}
#: Built-in values, and how each engine names them.
BUILTINS: dict[str, dict[str, str]] = {
    "time": {"pysd": "time", "simlin": "TIME"},
    "dt": {"pysd": "time_step", "simlin": "DT"},
    "starttime": {"pysd": "initial_time", "simlin": "STARTTIME"},
    "stoptime": {"pysd": "final_time", "simlin": "STOPTIME"},
    "pi": {"pysd": "3.141592653589793", "simlin": "3.141592653589793"},
}
_KEYWORDS = frozenset({"if", "then", "else", "and", "or", "not", "mod"})
_TOKEN = re.compile(
    r"""(?P<ws>\s+)
    | (?P<comment>\{[^}]*\})
    | (?P<qname>"[^"\\]*")
    | (?P<dimstar>[^\W\d]\w*\.\*)
    | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?![\w.])
    | (?P<name>[^\W\d]\w*)
    | (?P<op><>|<=|>=|[-+*/^=<>()\[\],])
    """,
    re.VERBOSE,
)
_RULE = ("numbers, names of the model's variables, + - * / ^ = <> < > <= >=, brackets, "
         "commas, IF THEN ELSE, AND OR NOT MOD and the functions "
         + " ".join(sorted(f.upper() for f in FUNCTIONS)))
_MATH: dict[str, Callable[..., float]] = {
    "abs": abs, "exp": math.exp, "ln": math.log, "sqrt": math.sqrt, "sin": math.sin,
    "cos": math.cos, "tan": math.tan, "arcsin": math.asin, "arccos": math.acos,
    "arctan": math.atan, "int": lambda x: float(math.floor(x)), "min": min, "max": max,
    "safediv": lambda a, b, x=0.0: x if b == 0 else a / b,
}


@dataclass(frozen=True)
class Expr:
    """A parsed equation.

    ``tag`` is ``num`` (``value``), ``ref`` (``name``: a variable or built-in),
    ``call`` (``name``, ``args``), ``op`` (``name`` the operator, ``args``),
    ``neg`` (``args``) or ``if`` (``args`` = condition, then, else). A reference
    to an arrayed variable has ``subs``, one per dimension: ``d:DIM`` (the
    equation's own element of dimension DIM), ``e:DIM:ELEMENT`` or ``*:DIM``
    (every element, inside ``SUM``).
    """

    tag: str
    name: str = ""
    value: float = 0.0
    args: tuple[Expr, ...] = ()
    subs: tuple[str, ...] = ()

    @property
    def constant(self) -> bool:
        """Whether the value is fixed: numbers and arithmetic only (PySD's "constant")."""
        if self.tag == "ref":
            return self.name == "pi"
        if self.tag == "call" and (self.name not in _MATH):
            return False
        return all(a.constant for a in self.args)

    @property
    def value_or_none(self) -> float | None:
        """The value of a constant expression (None where it has none, or is not finite)."""
        try:
            v = _evaluate(self)
        except (ArithmeticError, ValueError, TypeError, KeyError):
            return None
        return v if math.isfinite(v) else None


def _evaluate(e: Expr) -> float:
    if e.tag == "num":
        return e.value
    if e.tag == "ref":
        if e.name == "pi":
            return math.pi
        raise KeyError(e.name)
    args = [_evaluate(a) for a in e.args]
    if e.tag == "neg":
        return -args[0]
    if e.tag == "if":
        return args[1] if args[0] else args[2]
    if e.tag == "call":
        return float(_MATH[e.name](*args))
    a, b = args
    ops: dict[str, Callable[[float, float], float]] = {
        "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
        "/": lambda x, y: x / y, "^": lambda x, y: float(x ** y), "mod": math.fmod,
        "=": lambda x, y: float(x == y), "<>": lambda x, y: float(x != y),
        "<": lambda x, y: float(x < y), ">": lambda x, y: float(x > y),
        "<=": lambda x, y: float(x <= y), ">=": lambda x, y: float(x >= y),
        "and": lambda x, y: float(bool(x) and bool(y)), "or": lambda x, y: float(bool(x) or bool(y)),
    }
    return ops[e.name](a, b)


@dataclass(frozen=True)
class Arrays:
    """What an equation's subscripts are checked against.

    ``dims_of``: each arrayed variable's dimension keys; ``elements``: each
    dimension's element keys; ``own``: the dimensions of the equation being
    read (``()`` for a scalar, None for one element's own equation).
    """

    dims_of: dict[str, tuple[str, ...]]
    elements: dict[str, tuple[str, ...]]
    own: tuple[str, ...] | None


def canonical(path: Path, line: int, name: str) -> tuple[str, str]:
    """The name as people read it and its key for matching, or a ModelError.

    XMILE names ignore case and treat ``_``, spaces and Stella's ``\\n`` alike:
    ``"Ore Reserve"``, ``Ore_Reserve`` and ``ore\\nreserve`` are one name,
    key ``ore_reserve``. Names may hold letters, digits, spaces and the
    punctuation a Vensim name may (:data:`entropy.loading.mdl.NAME_RULE`);
    equations quote a name with punctuation (``"Price ($/t)"``). The engines
    never see these names: they get PySD's identifiers (:func:`render`).
    """
    text = unicodedata.normalize("NFC", name).replace("\\n", " ").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    shown = " ".join(text.replace("_", " ").split())
    bad = [c for c in shown if not (c.isalnum() or c == " " or c in NAME_PUNCT)]
    if bad or not any(c.isalnum() for c in shown) or len(shown) > 200:
        raise ModelError(f"{path}: line {line}: the name {name[:60]!r} is not allowed; names may "
                         f"hold only {NAME_RULE}, with at least one letter or digit")
    return shown, shown.lower().replace(" ", "_")


def _tokenize(path: Path, line: int, var: str, text: str) -> list[Token]:
    """Checked tokens (kind num, name, kw or op) of one equation; names canonical, keywords lower case."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            char = text[pos]
            what = ("text in quotes or a dotted (module) name" if char in "'." else repr(char))
            raise ModelError(f"{path}: line {line}: variable {var!r}: {what} is not allowed in an "
                             f"equation; equations may hold only {_RULE}")
        kind = m.lastgroup or ""
        value = m.group()
        pos = m.end()
        if kind == "qname":
            tokens.append(Token("name", canonical(path, line, value)[1], line))
        elif kind == "name":
            word = value.lower()
            tokens.append(Token("kw" if word in _KEYWORDS else "name", word if word in _KEYWORDS
                                else canonical(path, line, value)[1], line))
        elif kind == "dimstar":  # Dim.*: every element of Dim (inside SUM)
            tokens.append(Token("dimstar", canonical(path, line, value[:-2])[1], line))
        elif kind in ("num", "op"):
            tokens.append(Token(kind, value, line))
    return tokens


class _Parser(TokenCursor):
    """Recursive descent: IF, OR, AND, comparison, + -, * / MOD, unary + - NOT, ^, primary."""

    def __init__(self, path: Path, line: int, var: str, tokens: list[Token],
                 known: set[str], graphs: set[str], arrays: Arrays | None = None) -> None:
        self.path, self.line, self.var, self.toks, self.i = path, line, var, tokens, 0
        self.known, self.graphs = known, graphs
        self.arrays = arrays or Arrays({}, {}, ())
        self.summing = False

    def error(self, message: str) -> ModelError:
        return ModelError(f"{self.path}: line {self.line}: variable {self.var!r}: {message}")

    fail = error

    def expect(self, text: str) -> None:
        if not self.at(text):
            t = self.peek()
            raise self.fail(f"expected {text.upper()!r} but found {t.text if t else 'the end'!r}")
        self.i += 1

    def whole(self) -> Expr:
        if not self.toks:
            raise self.fail("the equation is empty")
        e = self.expression()
        t = self.peek()
        if t is not None:
            raise self.fail(f"unexpected {t.text!r}; equations may hold only {_RULE}")
        return e

    def expression(self) -> Expr:
        if self.at("if"):
            self.take()
            cond = self.expression()
            self.expect("then")
            yes = self.expression()
            self.expect("else")
            return Expr("if", args=(cond, yes, self.expression()))
        return self.binary(0)

    # XMILE 1.0 (section 3.3.1), loosest first: OR, AND, comparisons, + -,
    # * / MOD, then unary + - NOT, then ^ (right to left), as Simlin reads it.
    _LEVELS: tuple[tuple[str, ...], ...] = (("or",), ("and",), ("=", "<>", "<", ">", "<=", ">="),
                                            ("+", "-"), ("*", "/", "mod"))

    def binary(self, level: int) -> Expr:
        if level == len(self._LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        ops = self._LEVELS[level]
        while self.at(*ops):
            op = self.take().text
            node = Expr("op", op, args=(node, self.binary(level + 1)))
            if level == 2 and self.at(*ops):
                raise self.fail("comparisons cannot be chained (a < b < c); use AND")
        return node

    def unary(self) -> Expr:
        if self.at("-", "+", "not"):
            sign = self.take().text
            inner = self.unary()
            return Expr("neg", args=(inner,)) if sign == "-" else \
                Expr("call", "not", args=(inner,)) if sign == "not" else inner
        return self.power()

    def power(self) -> Expr:
        base = self.primary()
        if self.at("^"):
            self.take()
            return Expr("op", "^", args=(base, self.unary()))
        return base

    def primary(self) -> Expr:
        t = self.take()
        if t.kind == "num":
            if not math.isfinite(float(t.text)):
                raise self.fail(f"the number {t.text[:40]!r} is too large")
            return Expr("num", value=float(t.text))
        if t.text == "(":
            e = self.expression()
            self.expect(")")
            return e
        if t.kind != "name":
            raise self.fail(f"unexpected {t.text!r}")
        if self.at("("):
            return self.call(t.text)
        if t.text in BUILTINS and not self.at("["):
            return Expr("ref", t.text)
        if t.text not in self.known:
            raise self.fail(f"{t.text!r} is not a variable of the model")
        if t.text in self.graphs:
            raise self.fail(f"{t.text!r} is a graphical function: call it with an input, {t.text}(x)")
        return Expr("ref", t.text, subs=self.subscripts(t.text))

    def subscripts(self, name: str) -> tuple[str, ...]:
        """A reference's subscripts, checked against the variable's dimensions and the equation's."""
        dims = self.arrays.dims_of.get(name, ())
        own = self.arrays.own
        if not self.at("["):
            if dims and (own is None or not set(dims) <= set(own)):
                raise self.fail(f"{name!r} is arrayed over {', '.join(dims)}: give its subscripts, "
                                 f"{name}[...], or add it up with SUM({name}[*])")
            return tuple(f"d:{d}" for d in dims)
        self.take()
        items: list[str] = []
        while True:
            t = self.take()
            pos = len(items)
            if pos >= len(dims):
                raise self.fail(f"{name!r} has {len(dims)} dimension(s), and more subscripts are given")
            dim = dims[pos]
            text = t.text.lower()
            if t.text == "*" or t.kind == "dimstar":
                if not self.summing:
                    raise self.fail(f"{name}[*]: a * may stand only inside SUM(...) (other array "
                                    "functions and subranges are not supported)")
                if t.kind == "dimstar" and t.text != dim:
                    raise self.fail(f"{name}[...]: {t.text}.* stands where {name} has dimension {dim}; "
                                    "dimension mappings are not supported")
                items.append(f"*:{dim}")
            elif t.kind in ("name", "num") and text == dim:
                if own is None or dim not in own:
                    raise self.fail(f"{name}[{t.text}]: this equation is not arrayed over {t.text}; "
                                    f"name an element of it")
                items.append(f"d:{dim}")
            elif t.kind in ("name", "num") and text in self.arrays.elements[dim]:
                items.append(f"e:{dim}:{text}")
            else:
                raise self.fail(f"{name}[...]: {t.text!r} is neither dimension {dim} nor one of its "
                                f"elements ({', '.join(self.arrays.elements[dim])}); ranges, mappings and "
                                "dotted names are not supported")
            if self.at("]"):
                self.take()
                break
            self.expect(",")
        if len(items) != len(dims):
            raise self.fail(f"{name!r} has {len(dims)} dimension(s); {len(items)} subscript(s) given")
        return tuple(items)

    def call(self, name: str) -> Expr:
        self.expect("(")
        if name == "lookup":  # LOOKUP(table, x), as Simlin writes a graphical function's use
            table = self.take()
            if table.kind != "name" or table.text not in self.graphs:
                raise self.fail(f"LOOKUP's first argument must be a graphical function of the "
                                f"model, not {table.text!r}")
            self.expect(",")
            x = self.expression()
            self.expect(")")
            return Expr("call", table.text, args=(x,))
        if name == "sum":  # SUM(x[..., *, ...]): the one array function, over the starred dimensions
            self.summing = True
            arg = self.expression()
            self.summing = False
            self.expect(")")
            if not _starred(arg):
                raise self.fail("SUM adds up over the dimensions marked * in its argument, e.g. "
                                "SUM(output[Region, *]) or SUM(a[*] * b[*, Receiver]); none is marked")
            return Expr("call", "sum", args=(arg,))
        args: list[Expr] = []
        while not self.at(")"):
            args.append(self.expression())
            if not self.at(")"):
                self.expect(",")
        self.take()
        if name in self.graphs:
            if len(args) != 1:
                raise self.fail(f"graphical function {name!r} takes one input, not {len(args)}")
            return Expr("call", name, args=tuple(args))
        if name in BUILTINS and not args:  # TIME() and PI() as some tools write them
            return Expr("ref", name)
        if name not in FUNCTIONS:
            what = "a variable, not a graphical function" if name in self.known else "not allowed"
            raise self.fail(f"{name.upper()}(...): {what}; equations may hold only {_RULE}")
        if len(args) not in FUNCTIONS[name]:
            counts = " or ".join(str(n) for n in FUNCTIONS[name])
            raise self.fail(f"{name.upper()} takes {counts} arguments, not {len(args)}")
        return Expr("call", name, args=tuple(args))


def parse_equation(path: Path, line: int, var: str, text: str, known: set[str],
                   graphs: set[str], arrays: Arrays | None = None) -> Expr:
    """Parse one equation of variable ``var`` (its ``<eqn>`` text at ``line``)."""
    return _Parser(path, line, var, _tokenize(path, line, var, text), known, graphs, arrays).whole()


def render(e: Expr, engine: str, idents: dict[str, str]) -> str:
    """The equation as ``engine`` (``pysd`` or ``simlin``) reads it: every operation bracketed.

    ``idents`` maps each variable's key to the identifier the engines know it by.
    """
    if e.tag == "num":
        return repr(e.value)
    if e.tag == "ref":
        if e.name in BUILTINS:
            return BUILTINS[e.name][engine]
        if not e.subs:
            return idents[e.name]
        return f"{idents[e.name]}[{', '.join(_subscript(sub, engine, idents) for sub in e.subs)}]"
    args = [render(a, engine, idents) for a in e.args]
    if e.tag == "neg":
        return f"(-{args[0]})"
    if e.tag == "if":
        return f"(IF {args[0]} THEN {args[1]} ELSE {args[2]})"
    if e.tag == "call":
        if e.name == "not":
            return f"(NOT {args[0]})"
        if e.name == "int" and engine == "pysd":
            return _floor(args[0])
        if e.name not in FUNCTIONS:  # a graphical function: PySD calls it, Simlin looks it up
            table = idents[e.name]
            return f"{table}({args[0]})" if engine == "pysd" else f"LOOKUP({table}, {args[0]})"
        return f"{e.name.upper()}({', '.join(args)})"
    if e.name == "mod" and engine == "pysd":
        # XMILE's MOD is floored (-7 MOD 3 = 2); PySD's is Vensim's, truncated.
        return f"({args[0]} - ({args[1]} * {_floor(f'({args[0]} / {args[1]})')}))"
    op = e.name.upper() if e.name in ("and", "or", "mod") else e.name
    return f"({args[0]} {op} {args[1]})"


def _starred(e: Expr) -> bool:
    """Whether an expression marks a dimension to add up (a ``*`` subscript)."""
    return any(sub.startswith("*:") for sub in e.subs) or any(_starred(a) for a in e.args)


def _subscript(sub: str, engine: str, idents: dict[str, str]) -> str:
    """One subscript as ``engine`` writes it; ``idents`` also maps ``d:DIM`` and ``e:DIM:ELEMENT``."""
    kind, _, rest = sub.partition(":")
    if kind == "*":  # add up over this dimension: Simlin reads XMILE's *, PySD Vensim's DIM!
        return "*" if engine == "simlin" else f"{idents['d:' + rest]}!"
    return idents[sub]


def _floor(x: str) -> str:
    """XMILE's INT (the floor) for PySD, whose INT truncates toward zero."""
    return f"(INT({x}) - (IF ({x} < INT({x})) THEN 1 ELSE 0))"
