"""Targets a run must meet, and the objectives a policy search weighs.

A *target* is written as text and read by a small parser (never evaluated as
Python)::

    max(binding_load_ratio) <= 1
    max(binding_load_ratio) <= 1 and min(ecosystem_health) >= 0.5
    years_above(binding_load_ratio, 1) <= 10

Each clause is ``FUNCTION(VARIABLE[, LEVEL]) OP NUMBER`` with OP one of
``<=``, ``<``, ``>=``, ``>``; clauses are joined by ``and``. A variable is
named by its snake_case or Vensim name. The functions reduce a run's saved
series to one number:

``max``, ``min``
    the extreme over the horizon (and over the elements of an arrayed
    variable: the worst sector);
``final``, ``initial``, ``mean``
    the last or first saved value, the time mean (trapezoidal rule; a
    scalar variable only);
``total``
    the time integral (trapezoidal rule; for a flow in X/Year, the X it
    moved; an arrayed variable's elements are added up, as flows add up);
``years_above(V, LEVEL)``
    the years (saved points times the save period) in which V (its largest
    element) is above LEVEL, as :func:`entropy.analysis.accounting.years_in_overshoot`
    counts them.

A run that failed (an engine error or a non-finite value) meets no target: a
policy is not safe where the model breaks down. The default target is that the
binding carrying-capacity load never exceeds 1 within the horizon (the
regional model's binding load over every local environment and the shared sink).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..errors import ScenarioError
from ..loading.model import Model
from ..loading.names import simlin_ident

__all__ = ["FUNCTIONS", "Clause", "Target", "default_target", "parse_target", "reduce_runs"]

#: What each function does to a run's series (see the module's documentation).
FUNCTIONS = ("max", "min", "final", "initial", "mean", "total", "years_above")
_SCALAR_ONLY = ("final", "initial", "mean")
_OPS = ("<=", ">=", "<", ">")
_CLAUSE = re.compile(
    r"\s*(?P<fn>[A-Za-z_]+)\s*\(\s*(?P<var>[^(),]+?)\s*(?:,\s*(?P<level>[^(),]+?)\s*)?\)\s*"
    r"(?P<op><=|>=|<|>)\s*(?P<num>\S+)\s*")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
#: Longest target text: a real one is a line or two.
MAX_TARGET_CHARS = 1000
MAX_CLAUSES = 20
REGIONAL_LOAD = "regional_binding_load_ratio"
LOAD = "binding_load_ratio"


@dataclass(frozen=True)
class Clause:
    """One condition: ``function(variable[, level]) op bound``."""

    function: str
    variable: str
    op: str
    bound: float
    level: float | None = None

    @property
    def text(self) -> str:
        arg = self.variable if self.level is None else f"{self.variable}, {self.level:g}"
        return f"{self.function}({arg}) {self.op} {self.bound:g}"

    def holds(self, value: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Where ``value`` (one per run) meets the clause (NaN never does)."""
        with np.errstate(invalid="ignore"):
            if self.op == "<=":
                return np.asarray(value <= self.bound)
            if self.op == "<":
                return np.asarray(value < self.bound)
            if self.op == ">=":
                return np.asarray(value >= self.bound)
            return np.asarray(value > self.bound)


@dataclass(frozen=True)
class Target:
    """Clauses that a run must all meet."""

    clauses: tuple[Clause, ...]

    @property
    def text(self) -> str:
        return " and ".join(c.text for c in self.clauses)

    @property
    def variables(self) -> tuple[str, ...]:
        """The model variables the target reads, each once, in order."""
        return tuple(dict.fromkeys(c.variable for c in self.clauses))

    def measures(self, series: Mapping[str, NDArray[np.float64]], time: NDArray[np.float64]
                 ) -> dict[str, NDArray[np.float64]]:
        """Each clause's left-hand side per run, by the clause's text (before the operator)."""
        out: dict[str, NDArray[np.float64]] = {}
        for c in self.clauses:
            label = c.text.rsplit(" ", 2)[0]
            out[label] = reduce_runs(c.function, series[c.variable], time, c.level)
        return out

    def met(self, series: Mapping[str, NDArray[np.float64]], time: NDArray[np.float64],
            ok: NDArray[np.bool_] | None = None) -> NDArray[np.bool_]:
        """Which runs meet every clause; ``ok`` False (a failed run) never does.

        ``series`` maps each variable to an array ``(runs, time, *elements)``.
        """
        result: NDArray[np.bool_] | None = None
        for c in self.clauses:
            holds = c.holds(reduce_runs(c.function, series[c.variable], time, c.level))
            result = holds if result is None else result & holds
        assert result is not None
        if ok is not None:
            result = result & ok
        return np.asarray(result, dtype=bool)


def reduce_runs(function: str, a: NDArray[np.float64], time: NDArray[np.float64],
                level: float | None = None) -> NDArray[np.float64]:
    """One number per run from an array ``(runs, time, *elements)`` (see the module's functions)."""
    a = np.asarray(a, dtype=float)
    runs, nt = a.shape[0], a.shape[1]
    flat = a.reshape(runs, nt, -1)
    with np.errstate(invalid="ignore"):
        if function == "max":
            return np.asarray(flat.max(axis=(1, 2)))
        if function == "min":
            return np.asarray(flat.min(axis=(1, 2)))
        if function == "final":
            return np.asarray(flat[:, -1, 0])
        if function == "initial":
            return np.asarray(flat[:, 0, 0])
        if function in ("mean", "total"):
            summed = flat.sum(axis=2)
            if nt < 2:
                return np.asarray(summed[:, 0] if function == "mean" else np.zeros(runs))
            integral = np.asarray(np.trapezoid(summed, time, axis=1))
            return integral / float(time[-1] - time[0]) if function == "mean" else integral
        if function == "years_above":
            period = float(time[1] - time[0]) if nt > 1 else 0.0
            above = flat.max(axis=2) > (1.0 if level is None else level)
            return np.asarray(above.sum(axis=1) * period, dtype=float)
    raise ScenarioError(f"unknown function {function!r}; allowed: {', '.join(FUNCTIONS)}")


def default_target(model: Model) -> Target:
    """The binding load never above 1 (the region's binding load for the regional model)."""
    var = REGIONAL_LOAD if REGIONAL_LOAD in model.variables else LOAD
    if var not in model.variables:
        raise ScenarioError(f"model {model.name} has no {LOAD}: give a target, e.g. "
                            "--target \"max(VARIABLE) <= 1\"")
    return Target((Clause("max", var, "<=", 1.0),))


def resolve_variable(model: Model, name: str, where: str) -> str:
    """A model variable's snake_case name from its snake_case or Vensim name, or a clear error."""
    key = simlin_ident(name)
    if key in model.variables:
        return key
    raise ScenarioError(f"{where}: {name!r} is not a variable of model {model.name}; write its snake_case "
                        "or Vensim name (`entropy levers` lists the constants; any model variable may be used)")


def finite_number(text: str, where: str, what: str) -> float:
    """``text`` as a finite number, or an error naming ``where`` and ``what``."""
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(f"{where}: {what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ScenarioError(f"{where}: {what} {text!r} is not a finite number")
    return value


def parse_target(text: object, model: Model, where: str = "--target") -> Target:
    """Read a target (see the module's documentation), or explain what is allowed.

    Raises
    ------
    ScenarioError
        Naming ``where``, the clause and what is allowed: an unknown function
        or variable, a missing or extra level, an operator other than <=, <,
        >=, >, a bound that is not a finite number, or an arrayed variable
        where one series is needed.
    """
    if not isinstance(text, str) or not text.strip():
        raise ScenarioError(f"{where}: a target is text such as \"max(binding_load_ratio) <= 1\"")
    if len(text) > MAX_TARGET_CHARS:
        raise ScenarioError(f"{where}: the target has {len(text):,} characters; allowed at most "
                            f"{MAX_TARGET_CHARS:,}")
    parts = _AND.split(text.strip())
    if len(parts) > MAX_CLAUSES:
        raise ScenarioError(f"{where}: {len(parts)} clauses; allowed at most {MAX_CLAUSES}")
    clauses = []
    for part in parts:
        m = _CLAUSE.fullmatch(part)
        if m is None:
            raise ScenarioError(
                f"{where}: cannot read {part.strip()!r}; write FUNCTION(VARIABLE) OP NUMBER with FUNCTION one "
                f"of {', '.join(FUNCTIONS)} and OP one of {', '.join(_OPS)}, clauses joined by 'and', "
                "e.g. \"max(binding_load_ratio) <= 1 and min(ecosystem_health) >= 0.5\"")
        fn = m["fn"].lower()
        if fn not in FUNCTIONS:
            raise ScenarioError(f"{where}: unknown function {m['fn']!r} in {part.strip()!r}; allowed: "
                                f"{', '.join(FUNCTIONS)}")
        var = resolve_variable(model, m["var"], where)
        if (m["level"] is None) != (fn != "years_above"):
            raise ScenarioError(f"{where}: {part.strip()!r}: years_above takes a variable and a level, "
                                "years_above(VARIABLE, LEVEL); the other functions take a variable only")
        level = finite_number(m["level"], where, "level") if m["level"] is not None else None
        dims = model.variables[var].dims
        if dims and fn in _SCALAR_ONLY:
            raise ScenarioError(f"{where}: {part.strip()!r}: {var} is subscripted over {', '.join(dims)}; "
                                f"{fn} needs one series: use max, min, total or years_above, or a regional total")
        clauses.append(Clause(fn, var, m["op"], finite_number(m["num"], where, "bound"), level))
    return Target(tuple(clauses))
