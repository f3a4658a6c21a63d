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
reader in the step has run. The elements of an arrayed variable whose equations
have the same shape are computed together, one call on a block of rows for all
of them (:mod:`.numpy_vector`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import numpy as np
from numpy.typing import NDArray

from ..errors import EngineError, EntropyError
from ..limits import MAX_ENSEMBLE_VALUES
from ..loading.metadata import CONTROLS, Node
from . import numpy_ops as ops
from .base import Change
from .numpy_model import FOLDS, TIME, Batch, Stock, flow_sum, step_reads
from .numpy_vector import (Operand, Reg, c_strides, element, isomorphic, ordered_groups, row_of, row_strides,
                           same, stack, stock_order, stock_runs, view)

Array = NDArray[np.float64]


#: What a stock's rate is called in the step's order (never a variable's name: it holds a NUL).
RATE = "rate\0"
#: The function a constant that varies with time calls on the clock (never a model's: it holds a NUL).
VARYING = "varying\0"
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
        self.free_blocks: dict[tuple[str, int], list[int]] = {}  # (bank, k) -> first rows of free blocks
        self.grid: tuple[int, ...] = ()  # the shape of the block being compiled; () one element
        self.temps: set[Reg] = set()
        self.initials: dict[int, ops.Val] = {}
        self.equations = dict(self.sm.auxes)
        # A constant that varies with time (step change, time series; by element) is its setting's
        # value_at of the clock, Simlin's arithmetic (entropy.loading.changes): one value for all runs.
        self.varying: dict[int, Change] = {}
        for key, change in batch.changes.items():
            node = Node("call", VARYING, args=(Node("ref", TIME),))
            self.varying[id(node)] = change
            self.equations[key] = node
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
        if node.tag == "call" and node.name == VARYING:
            return self.varying[id(node)].value_at(time)
        args = [self._static(a, env, time) for a in node.args]
        return ops.binary(node.name, *args) if node.tag == "op" else ops.call(node.name, args)

    # --- the time steps: a list of numpy calls
    def _compile(self, env: dict[str, ops.Val]) -> None:
        """Calls for the auxiliaries and stocks the kept variables depend on (the rest is skipped)."""
        sm, live, kept = self.sm, self.b.live, set(self.b.kept)
        stocks = stock_order([s for s in sm.stocks if s in live], sm.arrays)
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
        order: list[str] = []
        for name in sm.step_order:
            node = self.equations[name]
            if name in self.fixed:
                self.var[name] = self.fixed[name]
            elif name in live and step_reads(node) & dynamic:
                dynamic.add(name)
                order.append(name)
            elif name in live:
                self.var[name] = env[name]
        # What a step computes, in order: (variables, equations, None) or (stocks, rates, net-flow
        # rows); the elements of a group in one call each operation. A stock's rate is computed
        # as soon as its flows are (their rows are then free for what follows).
        rates = {RATE + st: self._rate(sm.stocks[st]) for st in stocks}
        equations = {**{n: self.equations[n] for n in order}, **rates}
        reads = {n: step_reads(node) for n, node in equations.items()}
        arrays = dict(sm.arrays)
        start = 0
        for size in stock_runs(stocks):
            if size > 1:
                arrays[RATE + stocks[start]] = tuple(RATE + st for st in stocks[start:start + size])
            start += size
        rows = {st: nstock + i for i, st in enumerate(stocks)}
        items: list[tuple[list[str], list[Node], Reg | None]] = []
        for group in ordered_groups(order + list(rates), reads, arrays,
                                    lambda g: isomorphic([equations[n] for n in g]), urgent=set(rates)):
            nodes = [equations[n] for n in group]
            if not group[0].startswith(RATE):
                items.append((group, nodes, None))
                continue
            names = [n[len(RATE):] for n in group]
            grid = self._grid(names) if len(names) > 1 else ()
            items.append((names, nodes, Reg("v", rows[names[0]], grid, c_strides(grid))))
        # A variable's row is free for others once its last reader in the step has run
        # (the working storage then stays small enough for the CPU's cache); a block of
        # rows once the last reader of any of its elements has.
        last = {v: k for k, (_, nodes, _) in enumerate(items) for node in nodes for v in step_reads(node)}
        ends: dict[int, list[str]] = {}
        for v, k in last.items():
            if v not in kept:
                ends.setdefault(k, []).append(v)
        blocks: dict[Reg, int] = {}  # block -> its elements still to be read
        block_of: dict[tuple[str, int], Reg] = {}  # (bank, row) of an element -> its block
        for k, (names, nodes, net) in enumerate(items):
            self.grid = self._grid(names) if len(names) > 1 else ()
            if net is None:
                dest = self._dest(names, nodes, sole)
                result = self._into(nodes, dest)
                for j, name in enumerate(names):
                    self.var[name] = element(result, j)
                if dest.k > 1 and dest.row >= 2 * nstock:
                    blocks[dest] = len(names)
                    block_of.update(((dest.bank, dest.row + j), dest) for j in range(dest.k))
            elif not all(any(same(self.var.get(f, 0.0), row_of(net, j)) for f in step_reads(node))
                         for j, node in enumerate(nodes)):
                self._into(nodes, net)  # (else each stock's only inflow is already in its row)
            for v in ends.get(k, ()):
                reg = self.var.get(v)  # stocks and net flows (rows below 2 * nstock) stay
                if not isinstance(reg, Reg) or (reg.bank == "v" and reg.row < 2 * nstock):
                    continue
                block = block_of.pop((reg.bank, reg.row), None)
                if block is None:
                    self.free[reg.bank].append(reg.row)
                    continue
                blocks[block] -= 1
                if blocks[block] == 0:
                    del blocks[block]
                    self.free_blocks.setdefault((block.bank, block.k), []).append(block.row)
        self._build(env, stocks)

    def _grid(self, names: list[str]) -> tuple[int, ...]:
        """The shape of a block: its variable's if it holds every element, else flat."""
        name = names[0].partition("[")[0]
        if len(names) == len(self.sm.arrays.get(name, ())):
            return self.b.model.shape(name)
        return (len(names),)

    @staticmethod
    def _rate(stock: Stock) -> Node:
        if stock.split:  # Simlin's sum of inflows less the sum of outflows
            return Node("op", "-", args=(flow_sum(stock.inflows), flow_sum(stock.outflows)))
        return stock.rate

    def _dest(self, names: list[str], nodes: list[Node], sole: dict[str, Reg]) -> Reg:
        """Where a group's values go: its stock's net-flow rows if it is the only inflow, else new rows."""
        per_run = any(self._per_run(node) for node in nodes)
        if per_run and all(n in sole for n in names):
            rows = [sole[n].row for n in names]
            if len(rows) == 1:
                return sole[names[0]]
            if rows == list(range(rows[0], rows[0] + len(rows))):
                return Reg("v", rows[0], self.grid, c_strides(self.grid))
        return self._alloc("v" if per_run else "s", temp=False)

    def _into(self, nodes: list[Node], dest: Reg) -> Operand:
        result = self._op(nodes, dest)
        if not same(result, dest):
            self._emit(np.copyto, dest, result)
        return dest

    def _per_run(self, node: Node) -> bool:
        if node.tag == "ref":
            return node.name != TIME and node.name not in self.controls and self._is_per_run(self.var[node.name])
        if node.tag == "call" and node.name == "initial":
            return self._is_per_run(self.initials[id(node)])
        return any(self._per_run(a) for a in node.args)

    def _is_per_run(self, x: Operand) -> bool:
        """Whether ``x`` holds a value per run (a row of bank v or b, or an array over the runs;
        a block's numbers stacked per element, ``(k, 1)``, hold none)."""
        if isinstance(x, Reg):
            return x.bank in ("v", "b")
        return isinstance(x, np.ndarray) and x.ndim > 0 and (x.ndim == 1 or x.shape[-1] > 1)

    def _alloc(self, bank: str, temp: bool = True) -> Reg:
        """A row, or (within a block) consecutive rows for the block's elements."""
        if self.grid:
            k = int(np.prod(self.grid))
            free = self.free_blocks.setdefault((bank, k), [])
            reg = Reg(bank, free.pop() if free else self.count[bank], self.grid, c_strides(self.grid))
            if reg.row == self.count[bank]:
                self.count[bank] += k
        else:
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
                if x.k > 1:
                    self.free_blocks.setdefault((x.bank, x.k), []).append(x.row)
                else:
                    self.free[x.bank].append(x.row)

    def _out(self, dest: Reg | None, boolean: bool, *operands: Operand) -> Reg:
        per_run = any(self._is_per_run(x) for x in operands)
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
            c = ops.truthy(x) if not isinstance(x, (bool, np.bool_)) else bool(x)  # type: ignore[arg-type]
            if self.grid and isinstance(c, np.ndarray) and (c.all() or not c.any()):
                return bool(c.all())  # the same for every element of the block
            return c
        if x.bank in ("b", "t"):
            return x
        out = self._alloc("b" if x.bank == "v" else "t")
        tmp = self._alloc(x.bank)
        self._emit(np.absolute, x, tmp)
        self._emit(np.less_equal, tmp, ops.EPS, out)
        self._emit(np.logical_not, out, out)
        self._release(x, tmp)
        return out

    def _leaves(self, nodes: list[Node]) -> Operand:
        """The operand of references (or INITIAL values), one per element of the block."""
        values: list[Operand] = []
        for node in nodes:
            if node.tag == "call":  # INITIAL: known since the initial time
                values.append(self.initials[id(node)])
            elif node.name == TIME:
                values.append(self.time_reg)
            else:
                values.append(self.controls[node.name] if node.name in self.controls else self.var[node.name])
        if len(values) == 1:
            return values[0]
        if not any(isinstance(v, Reg) for v in values):
            return stack(values, self.n, self.grid)  # type: ignore[arg-type]
        regs = [v for v in values if isinstance(v, Reg)]
        if len(regs) == len(values) and len({r.bank for r in regs}) == 1 and all(r.k == 1 for r in regs):
            steps = row_strides([r.row for r in regs], self.grid)
            if steps is not None:  # rows that step evenly: a view of the storage, nothing copied
                return Reg(regs[0].bank, regs[0].row, self.grid, steps)
        # Anything else is gathered into a block of rows: one copy per element.
        out = self._alloc("v" if any(self._is_per_run(v) for v in values) else "s")
        for j, v in enumerate(values):
            self._emit(np.copyto, element(out, j), v)
        return out

    def _op(self, nodes: list[Node], dest: Reg | None = None) -> Operand:
        """Calls computing ``nodes`` (one tree per element of a block, of the same shape)."""
        node, k = nodes[0], len(nodes)
        if node.tag == "num":
            return node.value if k == 1 else stack([n.value for n in nodes], self.n, self.grid)
        if node.tag == "ref" or (node.tag == "call" and node.name == "initial"):
            return self._leaves(nodes)
        if node.tag == "call" and node.name == VARYING:
            out = self._out(dest, False)  # no operand per run: a static row (or block)
            for j, n in enumerate(nodes):
                self._emit(ops.value_at_into, self.varying[id(n)].value_at, self.time_reg, element(out, j))
            return out
        if node.tag == "call" and node.name == "if_then_else":
            c = self._cond(self._op([n.args[0] for n in nodes]))
            if isinstance(c, (bool, np.bool_)):
                return self._op([n.args[1 if c else 2] for n in nodes], dest)
        else:
            c = None
        first = 1 if c is not None else 0
        # An elementwise call reads its operands before it writes: the first operand may be
        # computed in the destination's rows (fewer rows in use, which stay in the cache).
        into = dest if c is None and (node.tag == "op" and node.name in ops.ARITHMETIC or node.name in ops.IN_PLACE) else None
        done: dict[int, Operand] = {}
        if node.tag == "op" and node.name in ops.IDENTITY:
            # x * 1, 1 * x, x / 1, x - 0, x + -0 and -0 + x are x to the bit (NaN and -0
            # included): no call, and x is computed straight into the destination.
            for side in ops.IDENTITY[node.name]:
                done[side] = self._op([n.args[side] for n in nodes], into if side == 0 else None)
                known = done[side]
                if not isinstance(known, Reg) and ops.is_identity(node.name, side, known):
                    other = 1 - side
                    return done[other] if other in done else self._op([n.args[other] for n in nodes], dest)
        args = [done[i] if i in done else self._op([n.args[i] for n in nodes], into if i == 0 else None)
                for i in range(first, len(node.args))]
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
                self._emit(ops.approx_eq_into, a, b, out, name == "<>")
            else:
                self._emit(ops.COMPARE[name], a, b, out)
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
        if name in FOLDS:
            return self._fold(name, nums, dest)
        out = self._out(dest, False, *nums, *([c] if c is not None else []))
        if c is not None:
            self._emit(np.copyto, out, nums[1])
            self._emit(np.copyto, out, nums[0], where=c)
            self._release(c)
        elif node.tag == "op" and name in ("+", "-", "*", "/"):
            self._emit(ops.ARITHMETIC[name], *nums, out)
        elif name in ops.LIBM:
            for j in range(k):  # libm element by element needs one row at a time (see numpy_ops)
                self._emit(ops.libm_into, name, element(out, j), *(element(x, j) for x in nums))
        elif name == "neg":
            self._emit(np.subtract, 0.0, nums[0], out)
        elif name in ("abs", "sqrt"):
            self._emit(np.absolute if name == "abs" else np.sqrt, nums[0], out)
        elif name in ("min", "max"):
            # Simlin's `a if a < b else b` (max: `a > b`): numpy's minimum gives b on a tie and
            # NaN for a NaN anywhere; fmin first gives b for a NaN a. A known a has no NaN to fix.
            first_fn, second = (np.fmin, np.minimum) if name == "min" else (np.fmax, np.maximum)
            if not isinstance(nums[0], Reg) and not np.isnan(nums[0]).any():
                self._emit(second, nums[0], nums[1], out=out)
            else:
                self._emit(first_fn, nums[0], nums[1], out)
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
        self._release(*(x for x in nums if not same(x, out)))
        return out

    def _fold(self, name: str, nums: list[Operand], dest: Reg | None) -> Operand:
        """VMAX or VMIN of the terms, as :func:`.numpy_ops.fold_extreme`: two calls a term."""
        out = self._out(dest, False, *nums)
        better = self._out(None, True, *nums)
        self._emit(np.copyto, out, -np.inf if name == "vmax" else np.inf)
        for x in nums:
            self._emit(np.greater if name == "vmax" else np.less, x, out, better)
            self._emit(np.copyto, out, x, where=better)
        self._release(better, *(x for x in nums if not same(x, out)))
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
            return view(self.banks[x.bank], x) if isinstance(x, Reg) else x

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
        kept = {name: self.var[name] for name in self.b.kept}
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
