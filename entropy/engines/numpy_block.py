"""The inner part of the numpy batch engine (:mod:`.numpy_engine`): one block of runs.

A :class:`Block` evaluates the model once at the initial time (every value,
stocks' initial values and ``INITIAL`` included, with the exact arithmetic of
:mod:`.numpy_ops`), then turns every equation that changes during the run into
numpy calls on rows of preallocated storage, bound once with
:func:`functools.partial`. A time step is then one pass over that list, the
saving of the kept rows, and the Euler update of all stocks in two calls.
Values that do not change during the run are folded once: a constant of the
scenario is a float, a constant set per run an array over the runs; only
subexpressions all of whose operands are such are folded, so the order of the
floating-point operations is the equations' (and Simlin's). Only what the kept
variables depend on is computed, and a variable's row is reused once its last
reader in the step has run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import NamedTuple, Protocol, Union

import numpy as np
from numpy.typing import NDArray

from ..errors import EngineError, EntropyError
from ..limits import MAX_ENSEMBLE_VALUES
from ..metadata import CONTROLS, Node
from ..model import Model
from . import numpy_ops as ops
from .base import RunPlan
from .numpy_model import TIME, ScalarModel

Array = NDArray[np.float64]


class Batch(Protocol):
    """What a block needs of its :class:`~entropy.engines.numpy_engine.NumpyBatch`."""

    model: Model
    plan: RunPlan
    scalar: ScalarModel
    names: list[str]
    time: Array
    every: int
    steps: int
    fixed: dict[str, float]
    live: frozenset[str]


class Reg(NamedTuple):
    """A row of working storage: bank ``v`` (a float per run), ``b`` (a bool per
    run), ``s`` (one float for all runs) or ``t`` (one bool for all runs)."""

    bank: str
    row: int


Operand = Union[float, Array, NDArray[np.bool_], bool, Reg]
Step = tuple[Callable[..., object], tuple[object, ...], dict[str, object]]


class Block:
    """One block of runs: the equations compiled to numpy calls on this block's storage.

    Parameters
    ----------
    batch : NumpyBatch
        The model read for the engine, the plan and the kept variables.
    overrides : dict of str to ndarray
        Constants set per run, each of shape ``(n,)``, in their units.
    n : int
        Runs in the block.

    Raises
    ------
    EntropyError
        If the working storage would exceed ``entropy.limits.MAX_ENSEMBLE_VALUES``.
    """

    def __init__(self, batch: Batch, overrides: dict[str, Array], n: int) -> None:
        self.b, self.sm, self.plan, self.n = batch, batch.scalar, batch.plan, n
        self.steps: list[Step] = []
        self.count = {"v": 0, "b": 0, "s": 0, "t": 0}
        self.free: dict[str, list[int]] = {k: [] for k in self.count}
        self.temps: set[Reg] = set()
        self.initials: dict[int, ops.Val] = {}
        self.equations = dict(self.sm.auxes)
        for key, change in self.plan.changes.items():
            self.equations[key] = Node("call", "if_then_else", args=(
                Node("op", ">=", args=(Node("ref", TIME), Node("num", value=float(change.year)))),
                Node("num", value=float(change.after)), Node("num", value=float(change.before))))
        self.fixed: dict[str, ops.Val] = dict(batch.fixed)
        self.fixed.update(overrides)
        self.controls = dict(zip(CONTROLS, (self.plan.start, self.plan.end, self.plan.time_step,
                                            self.plan.save_period)))
        with np.errstate(all="ignore"):
            env = self._initial_values()
            self._compile(env)

    # --- the initial time: every value once, as Simlin's initials phase does
    def _initial_values(self) -> dict[str, ops.Val]:
        env: dict[str, ops.Val] = {}
        for name in self.sm.initial_order:
            if name in self.fixed:
                env[name] = self.fixed[name]
            elif name in self.sm.stocks:
                env[name] = self._static(self.sm.stocks[name].initial, env, self.plan.start)
            else:
                env[name] = self._static(self.equations[name], env, self.plan.start)
        return env

    def _static(self, node: Node, env: Mapping[str, ops.Val], time: float) -> ops.Val:
        """The value of ``node`` from known values (INITIAL evaluated once and kept)."""
        if node.tag == "num":
            return node.value
        if node.tag == "ref":
            if node.name == TIME:
                return time
            return self.controls[node.name] if node.name in self.controls else env[node.name]
        if node.tag == "call" and node.name == "initial":
            if id(node) not in self.initials:
                self.initials[id(node)] = self._static(node.args[0], env, time)
            return self.initials[id(node)]
        args = [self._static(a, env, time) for a in node.args]
        return ops.binary(node.name, *args) if node.tag == "op" else ops.call(node.name, args)

    # --- the time steps: a list of numpy calls
    def _compile(self, env: dict[str, ops.Val]) -> None:
        """Calls for the auxiliaries and stocks the kept variables depend on (the rest is skipped)."""
        sm, live = self.sm, self.b.live
        stocks = [s for s in sm.stocks if s in live]
        nstock = len(stocks)
        for _ in range(2 * nstock):  # rows 0..n-1 the stocks, n..2n-1 their net flows
            self._alloc("v", temp=False)
        self.time_reg = self._alloc("s", temp=False)
        self.var: dict[str, Operand] = {s: Reg("v", i) for i, s in enumerate(stocks)}
        # A stock's only inflow is computed straight into the stock's net-flow row
        # (read within the step, then scaled by dt in place): one copy less a step.
        sole = {sm.stocks[s].inflows[0]: Reg("v", nstock + i) for i, s in enumerate(stocks)
                if sm.stocks[s].split and len(sm.stocks[s].inflows) == 1 and not sm.stocks[s].outflows
                and sm.stocks[s].inflows[0] in self.equations}
        dynamic = set(sm.stocks) | {TIME}
        # What a step computes, in order: (variable, equation, None) or ("", rate, net-flow row).
        items: list[tuple[str, Node, Reg | None]] = []
        for name in sm.step_order:
            node = self.equations[name]
            if name in self.fixed:
                self.var[name] = self.fixed[name]
            elif name in live and _reads(node) & dynamic:
                dynamic.add(name)
                items.append((name, node, None))
            elif name in live:
                self.var[name] = env[name]
        for i, name in enumerate(stocks):
            stock = sm.stocks[name]
            rate = stock.rate
            if stock.split:
                rate = Node("op", "-", args=(_sum(stock.inflows), _sum(stock.outflows)))
            items.append(("", rate, Reg("v", nstock + i)))
        # A variable's row is free for others once its last reader in the step has run
        # (the working storage then stays small enough for the CPU's cache).
        last = {v: k for k, (_, node, _) in enumerate(items) for v in _reads(node)}
        ends: dict[int, list[str]] = {}
        for v, k in last.items():
            if v not in self.b.names:
                ends.setdefault(k, []).append(v)
        for k, (name, node, net) in enumerate(items):
            if net is None:
                per_run = self._per_run(node)
                dest = sole[name] if per_run and name in sole else self._alloc("v" if per_run else "s", temp=False)
                self.var[name] = self._into(node, dest)
            elif not any(_same(self.var.get(f, 0.0), net) for f in _reads(node)):
                self._into(node, net)  # (else the stock's only inflow is already in its row)
            for v in ends.get(k, ()):
                reg = self.var.get(v)  # stocks and net flows (rows below 2 * nstock) stay
                if isinstance(reg, Reg) and (reg.bank != "v" or reg.row >= 2 * nstock):
                    self.free[reg.bank].append(reg.row)
        self._build(env, stocks)

    def _into(self, node: Node, dest: Reg) -> Operand:
        result = self._op(node, dest)
        if not _same(result, dest):
            self._emit(np.copyto, dest, result)
        return dest

    def _per_run(self, node: Node) -> bool:
        if node.tag == "ref":
            return node.name != TIME and node.name not in self.controls and _is_per_run(self.var[node.name])
        if node.tag == "call" and node.name == "initial":
            return isinstance(self.initials[id(node)], np.ndarray)
        return any(self._per_run(a) for a in node.args)

    def _alloc(self, bank: str, temp: bool = True) -> Reg:
        reg = Reg(bank, self.free[bank].pop() if self.free[bank] else self.count[bank])
        if reg.row == self.count[bank]:
            self.count[bank] += 1
        if temp:
            self.temps.add(reg)
        return reg

    def _release(self, *operands: Operand) -> None:
        for x in operands:
            if isinstance(x, Reg) and x in self.temps:
                self.temps.discard(x)
                self.free[x.bank].append(x.row)

    def _out(self, dest: Reg | None, boolean: bool, *operands: Operand) -> Reg:
        per_run = any(_is_per_run(x) for x in operands)
        bank = ("b" if boolean else "v") if per_run else ("t" if boolean else "s")
        return dest if dest is not None and dest.bank == bank else self._alloc(bank)

    def _emit(self, fn: Callable[..., object], *args: object, **kwargs: object) -> None:
        self.steps.append((fn, args, kwargs))

    def _num(self, x: Operand) -> Operand:
        """A number operand (a bool row copied to a float row)."""
        if isinstance(x, Reg) and x.bank in ("b", "t"):
            out = self._alloc("v" if x.bank == "b" else "s")
            self._emit(np.copyto, out, x)
            self._release(x)
            return out
        return x

    def _cond(self, x: Operand) -> Operand:
        """A condition operand: a bool row, or a static bool (array)."""
        if not isinstance(x, Reg):
            return ops.truthy(x) if not isinstance(x, (bool, np.bool_)) else bool(x)  # type: ignore[arg-type]
        if x.bank in ("b", "t"):
            return x
        out = self._alloc("b" if x.bank == "v" else "t")
        tmp = self._alloc(x.bank)
        self._emit(np.absolute, x, tmp)
        self._emit(np.less_equal, tmp, ops.EPS, out)
        self._emit(np.logical_not, out, out)
        self._release(x, tmp)
        return out

    def _op(self, node: Node, dest: Reg | None = None) -> Operand:
        if node.tag == "num":
            return node.value
        if node.tag == "ref":
            if node.name == TIME:
                return self.time_reg
            return self.controls[node.name] if node.name in self.controls else self.var[node.name]
        if node.tag == "call" and node.name == "initial":
            return self.initials[id(node)]
        if node.tag == "call" and node.name == "if_then_else":
            c = self._cond(self._op(node.args[0]))
            if isinstance(c, (bool, np.bool_)):
                return self._op(node.args[1 if c else 2], dest)
        else:
            c = None
        args = [self._op(a) for a in (node.args[1:] if c is not None else node.args)]
        if not any(isinstance(a, Reg) for a in args) and not isinstance(c, Reg):
            if c is not None:  # a condition per run, known before the run
                return ops.select(c, *(a for a in args if not isinstance(a, Reg)))  # type: ignore[arg-type]
            static = [a for a in args if not isinstance(a, Reg)]
            return ops.binary(node.name, *static) if node.tag == "op" else ops.call(node.name, static)  # type: ignore[arg-type]
        name = node.name
        if name in ("<", ">", "<=", ">=", "=", "<>"):
            a, b = self._num(args[0]), self._num(args[1])
            out = self._out(None, True, a, b)
            if name in ("=", "<>"):
                self._emit(_approx_eq_into, a, b, out, name == "<>")
            else:
                self._emit(_COMPARE[name], a, b, out)
            self._release(a, b)
            return out
        if name in (":AND:", ":OR:", "not"):
            conds = [self._cond(a) for a in args]
            out = self._out(None, True, *conds)
            if name == "not":
                self._emit(np.logical_not, conds[0], out)
            else:
                self._emit(np.logical_and if name == ":AND:" else np.logical_or, *conds, out)
            self._release(*conds)
            return out
        if name == "pos":
            return args[0]
        nums = [self._num(a) for a in args]
        out = self._out(dest, False, *nums, *([c] if c is not None else []))
        if c is not None:
            self._emit(np.copyto, out, nums[1])
            self._emit(np.copyto, out, nums[0], where=c)
            self._release(c)
        elif node.tag == "op" and name in ("+", "-", "*", "/"):
            self._emit(_ARITHMETIC[name], *nums, out)
        elif name in ops.LIBM:
            self._emit(ops.libm_into, name, out, *nums)
        elif name == "neg":
            self._emit(np.subtract, 0.0, nums[0], out)
        elif name in ("abs", "sqrt"):
            self._emit(np.absolute if name == "abs" else np.sqrt, nums[0], out)
        elif name in ("min", "max"):
            # Simlin's `a if a < b else b` (max: `a > b`): numpy's minimum gives b on a tie and
            # NaN for a NaN anywhere; fmin first gives b for a NaN a. A known a has no NaN to fix.
            first, second = (np.fmin, np.minimum) if name == "min" else (np.fmax, np.maximum)
            if not isinstance(nums[0], Reg) and not np.isnan(nums[0]).any():
                self._emit(second, nums[0], nums[1], out=out)
            else:
                self._emit(first, nums[0], nums[1], out)
                self._emit(second, out, nums[1], out=out)
        elif name in ("xidz", "zidz"):
            fallback = nums[2] if name == "xidz" else 0.0
            self._emit(np.divide, nums[0], nums[1], out)
            if isinstance(nums[1], Reg):
                zero: Operand = self._out(None, True, nums[1])
                self._emit(np.equal, nums[1], 0.0, zero)
                self._emit(np.copyto, out, fallback, where=zero)
                self._release(zero)
            elif np.any(np.equal(nums[1], 0.0)):  # a known denominator: only where it is 0
                self._emit(np.copyto, out, fallback, where=np.equal(nums[1], 0.0))
        else:  # pragma: no cover - numpy_model admits only the functions above
            raise EngineError(f"numpy engine: no rule for {name}")
        self._release(*(x for x in nums if not _same(x, out)))
        return out

    def _build(self, env: dict[str, ops.Val], stocks: list[str]) -> None:
        """Allocate the rows and bind every call to them."""
        n = self.n
        if (self.count["v"] + self.count["b"]) * n > MAX_ENSEMBLE_VALUES:
            raise EntropyError(f"{self.b.model.path}: {self.count['v'] + self.count['b']:,} working rows x "
                               f"{n:,} runs is more than {MAX_ENSEMBLE_VALUES:,} values")
        self.banks = {"v": np.zeros((self.count["v"], n)), "b": np.zeros((self.count["b"], n), dtype=bool),
                      "s": np.zeros((self.count["s"], 1)), "t": np.zeros((self.count["t"], 1), dtype=bool)}

        def bind(x: object) -> object:
            return self.banks[x.bank][x.row] if isinstance(x, Reg) else x

        self.calls = [partial(fn, *map(bind, args), **{k: bind(v) for k, v in kw.items()})
                      for fn, args, kw in self.steps]
        v, dt, nstock = self.banks["v"], self.plan.time_step, len(stocks)
        for i, stock in enumerate(stocks):
            v[i] = env[stock]
        self.banks["s"][self.time_reg.row] = self.plan.start
        levels, nets = v[:nstock], v[nstock:2 * nstock]
        clock = bind(self.time_reg)
        self.update = [partial(np.multiply, nets, dt, out=nets), partial(np.add, levels, nets, out=levels),
                       partial(np.add, clock, dt, out=clock)]
        kept = {name: self.var[name] for name in self.b.names}
        self.saved: list[tuple[str, Array]] = [(k, self.banks[x.bank][x.row]) for k, x in kept.items()
                                               if isinstance(x, Reg)]
        self.constant = {k: x for k, x in kept.items() if not isinstance(x, Reg)}

    def integrate(self, result: dict[str, Array], lo: int) -> None:
        """Run every step (auxiliaries, saving, Euler update), as Simlin orders them,
        saving into columns ``lo:lo+n`` of ``result`` (variable -> ``(time, runs)``)."""
        calls, update, every, last = self.calls, self.update, self.b.every, self.b.steps
        hi = lo + self.n
        saves = [(result[name], row) for name, row in self.saved]
        with np.errstate(all="ignore"):
            for step in range(last + 1):
                for call in calls:
                    call()
                if step % every == 0:
                    k = step // every
                    for values, row in saves:
                        values[k, lo:hi] = row
                if step < last:
                    for call in update:
                        call()
        for name, value in self.constant.items():
            result[name][:, lo:hi] = value


_COMPARE: dict[str, np.ufunc] = {"<": np.less, ">": np.greater, "<=": np.less_equal, ">=": np.greater_equal}
_ARITHMETIC: dict[str, np.ufunc] = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}


def _reads(node: Node) -> set[str]:
    """Names a step reads (time included; inside INITIAL nothing: it is fixed)."""
    if node.tag == "ref":
        return {node.name}
    if node.tag == "call" and node.name == "initial":
        return set()
    out: set[str] = set()
    for a in node.args:
        out |= _reads(a)
    return out


def _same(x: Operand, reg: Reg) -> bool:
    return isinstance(x, Reg) and x == reg


def _is_per_run(x: Operand) -> bool:
    return (x.bank in ("v", "b")) if isinstance(x, Reg) else isinstance(x, np.ndarray) and x.ndim > 0


def _sum(names: tuple[str, ...]) -> Node:
    """``a + b + c`` from left to right (Simlin's ``fold_flows``); 0 when empty."""
    if not names:
        return Node("num", value=0.0)
    node = Node("ref", names[0])
    for name in names[1:]:
        node = Node("op", "+", args=(node, Node("ref", name)))
    return node


def _approx_eq_into(a: object, b: object, out: NDArray[np.bool_], negate: bool) -> None:
    eq = ops.approx_eq(a, b)  # type: ignore[arg-type]
    out[...] = np.logical_not(eq) if negate else eq
