"""Element blocks for the numpy batch engine (:mod:`.numpy_block`): one call for many elements.

An expanded subscripted model (:mod:`.numpy_arrays`) has one scalar equation
per element, so a naive time step makes one numpy call per element and
operation: for the regional model about 4,900 calls, whose fixed cost (about
0.7 us each) is as large as the arithmetic itself. The elements of one arrayed
variable usually have equations of the same shape (the same operators and
functions in the same places; only the elements they read and the numbers
differ). Such elements are computed together: their values sit in consecutive
rows of the working storage, and each operation is one call on a block of rows
(``(k, runs)``), its operands blocks of rows that step evenly through the
storage (another variable's elements, a matrix's column, one row repeated) or
numbers stacked per element. Every element still gets exactly the floating-
point operations of its own equation, in the same order, so the numbers are
unchanged to the bit.

This module holds the rows and blocks of rows (:class:`Reg`), groups the
elements and orders the groups; :class:`.numpy_block.Block` compiles them.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, Union

import numpy as np
from numpy.lib.stride_tricks import as_strided
from numpy.typing import NDArray

from ..loading.metadata import Node


class Reg(NamedTuple):
    """A row of working storage: bank ``v`` (a float per run), ``b`` (a bool per
    run), ``s`` (one float for all runs) or ``t`` (one bool for all runs); or,
    for the elements of a block computed together (``shape``, the block's grid),
    the rows ``row + sum(strides[i] * index[i])`` (a stride 0 repeats a row)."""

    bank: str
    row: int
    shape: tuple[int, ...] = ()
    strides: tuple[int, ...] = ()

    @property
    def k(self) -> int:
        """Elements (rows) of the block: 1 for a single row."""
        return int(np.prod(self.shape)) if self.shape else 1


Array = NDArray[np.float64]
#: An operand of a call: a number or numbers known before the run, or rows of working storage.
Operand = Union[float, Array, NDArray[np.bool_], bool, Reg]


def view(bank: NDArray[Any], x: Reg) -> NDArray[Any]:
    """The rows of working storage ``bank`` (rows x runs) that ``x`` stands for: ``(runs,)``
    for one row, ``(*x.shape, runs)`` for a block (a view: nothing is copied)."""
    if not x.shape:
        row: NDArray[Any] = bank[x.row]
        return row
    if len(x.shape) == 1 and x.strides[0] < 0:
        stop = x.row + x.strides[0] * (x.shape[0] - 1) - 1
        rows: NDArray[Any] = bank[x.row:stop if stop >= 0 else None:x.strides[0]]
        return rows
    # Read-only use when strides repeat or skip rows: every output is a block of its own rows.
    block: NDArray[Any] = as_strided(bank[x.row:], shape=(*x.shape, bank.shape[1]),
                                     strides=(*(s * bank.strides[0] for s in x.strides), bank.strides[1]))
    return block


def same(x: Operand, reg: Reg) -> bool:
    """Whether operand ``x`` is the rows ``reg``."""
    return isinstance(x, Reg) and x == reg


def row_of(x: Reg, j: int) -> Reg:
    """The row of element ``j`` (in C order of the block's grid) of a block of rows."""
    if not x.shape:
        return x
    index = np.unravel_index(j, x.shape)
    return Reg(x.bank, x.row + sum(int(i) * s for i, s in zip(index, x.strides)))


def element(x: Operand, j: int) -> Operand:
    """Element ``j`` of a block operand: its row, or its number (numbers stacked ``(*grid, m)``)."""
    if isinstance(x, Reg):
        return row_of(x, j)
    if isinstance(x, np.ndarray) and x.ndim > 1:
        one: Array = x.reshape(-1, x.shape[-1])[j]
        return one
    return x


def c_strides(grid: tuple[int, ...]) -> tuple[int, ...]:
    """Row steps of a block of consecutive rows over ``grid`` (C order)."""
    return tuple(int(np.prod(grid[i + 1:])) for i in range(len(grid)))


def stock_order(stocks: list[str], arrays: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The stocks with each arrayed stock's elements together, in the model's order."""
    out: list[str] = []
    seen: set[str] = set()
    wanted = set(stocks)
    for s in stocks:
        name = s.partition("[")[0]
        members = [e for e in arrays.get(name, (s,)) if e in wanted] if name != s else [s]
        out += [e for e in members if e not in seen]
        seen.update(members)
    return out


def stock_runs(stocks: list[str]) -> list[int]:
    """Sizes of the runs of consecutive stocks that are one arrayed stock's elements."""
    sizes: list[int] = []
    previous = ""
    for s in stocks:
        name = s.partition("[")[0]
        if sizes and name == previous and name != s:
            sizes[-1] += 1
        else:
            sizes.append(1)
        previous = name
    return sizes


def isomorphic(nodes: Sequence[Node]) -> bool:
    """Whether the trees have the same shape: the same operators and functions in the same
    places (references and numbers may differ, an ``INITIAL`` is a value known before the run)."""
    first = nodes[0]
    for n in nodes[1:]:
        if n.tag != first.tag or len(n.args) != len(first.args):
            return False
        if n.tag in ("op", "call") and n.name != first.name:
            return False
    if first.tag in ("ref", "num") or (first.tag == "call" and first.name == "initial"):
        return True
    return all(isomorphic([n.args[i] for n in nodes]) for i in range(len(first.args)))


def ordered_groups(order: Sequence[str], reads: Mapping[str, set[str]], arrays: Mapping[str, tuple[str, ...]],
                   same: Callable[[list[str]], bool], urgent: frozenset[str] | set[str] = frozenset()
                   ) -> list[list[str]]:
    """The names of ``order`` in groups computed together, each group after those it reads.

    Parameters
    ----------
    order : sequence of str
        What a step computes, each after what it reads (a valid order one by one).
    reads : mapping of str to set of str
        What each name reads within the step.
    arrays : mapping of str to tuple of str
        Each arrayed variable's elements, in the model's order.
    same : callable
        Whether elements (two or more) can be computed together (:func:`isomorphic` equations).
    urgent : set of str
        Names to compute as soon as what they read is (else in the order of ``order``).

    Returns
    -------
    list of list of str
        Groups (an arrayed variable's elements of ``order``, in the model's
        order, or one name) in an order in which each group's reads are
        computed before it; a group whose elements read one another, or that
        would close a loop through other groups, is split into single names.
    """
    pos = {n: i for i, n in enumerate(order)}
    groups: list[list[str]] = []
    for keys in arrays.values():
        members = [k for k in keys if k in pos]
        if len(members) > 1 and same(members):
            groups.append(members)
    grouped = {k for g in groups for k in g}
    groups += [[n] for n in order if n not in grouped]
    while True:
        result = _topological(groups, pos, reads, urgent)
        if result is not None:
            return result
        # Split the groups that cannot be placed (single names always can: ``order`` is valid);
        # those that read themselves first, as they close the loop.
        stuck = [i for i in _stuck(groups, reads) if len(groups[i]) > 1]
        selfish = [i for i in stuck if _reads_itself(groups[i], reads)]
        split = set(selfish or stuck)
        groups = [g for i, g in enumerate(groups) if i not in split] + \
                 [[n] for i in sorted(split) for n in groups[i]]


def _edges(groups: list[list[str]], reads: Mapping[str, set[str]]) -> tuple[list[set[int]], list[int]]:
    owner = {n: i for i, g in enumerate(groups) for n in g}
    after: list[set[int]] = [set() for _ in groups]  # group -> groups that read it
    needs = [0] * len(groups)
    for i, g in enumerate(groups):
        before = {owner[r] for n in g for r in reads.get(n, ()) if r in owner}
        for j in before:  # a group that reads itself waits for itself: it is never placed
            after[j].add(i)
        needs[i] = len(before)
    return after, needs


def _topological(groups: list[list[str]], pos: Mapping[str, int], reads: Mapping[str, set[str]],
                 urgent: frozenset[str] | set[str]) -> list[list[str]] | None:
    """Kahn's order, urgent groups first, then earliest first (as the one-by-one order); None on a loop."""
    after, needs = _edges(groups, reads)

    def rank(g: list[str]) -> int:
        return -1 if g[0] in urgent else min(pos[n] for n in g)

    ready = [(rank(g), i) for i, g in enumerate(groups) if needs[i] == 0]
    heapq.heapify(ready)
    out: list[list[str]] = []
    while ready:
        _, i = heapq.heappop(ready)
        out.append(groups[i])
        for j in after[i]:
            needs[j] -= 1
            if needs[j] == 0:
                heapq.heappush(ready, (rank(groups[j]), j))
    return out if len(out) == len(groups) else None


def _reads_itself(group: list[str], reads: Mapping[str, set[str]]) -> bool:
    members = set(group)
    return any(r in members for n in group for r in reads.get(n, ()))


def _stuck(groups: list[list[str]], reads: Mapping[str, set[str]]) -> set[int]:
    """Groups that Kahn's order cannot place (on a loop or after one)."""
    after, needs = _edges(groups, reads)
    ready = [i for i in range(len(groups)) if needs[i] == 0]
    placed: set[int] = set()
    while ready:
        i = ready.pop()
        placed.add(i)
        for j in after[i]:
            needs[j] -= 1
            if needs[j] == 0:
                ready.append(j)
    return set(range(len(groups))) - placed


def stack(values: Sequence[float | NDArray[np.float64]], n: int, grid: tuple[int, ...]
          ) -> float | NDArray[np.float64]:
    """Values known before the run, one per element, as one operand of a block call.

    One float if they are all the same float (NaN aside); ``(*grid, 1)`` for
    floats; ``(*grid, n)`` when some hold one value per run.
    """
    if all(isinstance(v, float) for v in values):
        first = values[0]
        if all(v == first and np.signbit(v) == np.signbit(first) for v in values) and not np.isnan(first):
            return float(first)
        return np.array(values, dtype=np.float64).reshape(*grid, 1)
    return np.stack([np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)) for v in values]).reshape(*grid, n)


def row_strides(rows: Sequence[int], grid: tuple[int, ...]) -> tuple[int, ...] | None:
    """How the rows of a block's elements step along each axis of its ``grid``, or None.

    ``rows`` are the elements' rows in C order of ``grid``; they are a view of
    the working storage when ``rows[e] = rows[0] + sum(step[i] * index[i])``
    (a step may be 0: a row repeated along that axis). Over more than one
    axis the steps must not be negative (the view starts at the first row).
    """
    index = np.indices(grid).reshape(len(grid), -1)
    flat = np.asarray(rows)
    corner = [int(np.ravel_multi_index(tuple(int(a == i) for a in range(len(grid))), grid)) if grid[i] > 1 else 0
              for i in range(len(grid))]
    steps = tuple(int(flat[c] - flat[0]) if grid[i] > 1 else 0 for i, c in enumerate(corner))
    if not np.array_equal(flat, flat[0] + np.asarray(steps) @ index):
        return None
    if len(grid) > 1 and min(steps) < 0:
        return None
    return steps
