"""Arithmetic for the numpy batch engine, with Simlin's semantics bit for bit.

Simlin (a Rust engine) evaluates every equation in float64 and calls the C
library (glibc's ``libm``) for ``^`` and the transcendental functions; numpy
computes ``exp``, ``log``, ``sin``, ``power`` ... with its own SIMD code,
which differs from ``libm`` in the last bit for a few per cent of arguments.
So these go through ``libm`` element by element (see :func:`libm_into`);
``+ - * /``, ``ABS`` and ``SQRT`` are exact in both and stay in numpy's SIMD code.

The other rules follow Simlin's interpreter (``vm.rs``): a condition is true
unless it is within 2.2e-16 of 0 (so NaN is true); ``=`` holds within 4 units
in the last place or 2.2e-16; ``MIN(a, b)`` is ``a if a < b else b`` and ``MAX``
alike (a NaN first argument yields the second); ``XIDZ(a, b, x)`` and
``ZIDZ(a, b)`` divide unless ``b`` is exactly 0 (PySD's test is ``|b| <
1e-6``); unary minus is ``0 - x``. The array reductions ``VMAX`` and ``VMIN``
(written out term by term by :mod:`.numpy_arrays`) keep a term that is greater
(smaller) than the extreme so far, starting from minus (plus) infinity: NaN
terms are passed over, and of equal terms (0 and -0) the first is kept.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from functools import lru_cache
from itertools import repeat
from typing import Union

import numpy as np
from numpy.typing import NDArray

#: A value: one float for every run, or one per run.
Val = Union[float, NDArray[np.float64]]
Array = NDArray[np.float64]

#: Below this magnitude a condition is false (Simlin's ``is_truthy``: ``approx_eq(x, 0)``).
EPS = float(np.finfo(np.float64).eps)

#: Functions that ``libm`` computes: Vensim name -> (math function, numpy equivalent).
#: numpy's version gives the special values (inf, nan) where :mod:`math` raises.
LIBM: dict[str, tuple[Callable[..., float], Callable[..., Array]]] = {
    "^": (math.pow, np.power), "exp": (math.exp, np.exp), "ln": (math.log, np.log),
    "sin": (math.sin, np.sin), "cos": (math.cos, np.cos), "tan": (math.tan, np.tan),
    "arcsin": (math.asin, np.arcsin), "arccos": (math.acos, np.arccos), "arctan": (math.atan, np.arctan),
}


def libm_scalar(name: str, *args: float) -> float:
    """``libm``'s value of function ``name`` (a key of :data:`LIBM`) at ``args``."""
    fn, fallback = LIBM[name]
    try:
        return float(fn(*args))
    except (ValueError, OverflowError):  # math raises where C returns inf or nan
        with np.errstate(all="ignore"):
            return float(fallback(*(np.float64(a) for a in args)))


def libm_into(name: str, out: Array, *args: Val | Array) -> None:
    """Write ``libm``'s function ``name`` of ``args`` (broadcast to ``out``) into ``out``.

    numpy runs its own SIMD code only on operands it can load in blocks; an
    operand read backwards (a negative stride) sends it to its plain loop,
    which calls ``libm`` element by element (about 20 ns an element). Whether
    that still holds is checked once per function and process on 4,096 values
    (:func:`reversed_is_libm`); if not, each element goes through :mod:`math`
    (about 70-150 ns an element). An ``out`` of more than one axis (a block of
    elements) is computed as one flat row and copied in.
    """
    if out.ndim > 1:
        flat = np.empty(out.size)
        libm_into(name, flat, *(np.broadcast_to(a, out.shape).ravel() if np.size(a) > 1 else a for a in args))
        out[...] = flat.reshape(out.shape)
        return
    if out.size > 1 and any(np.size(a) > 1 for a in args) and reversed_is_libm(name):
        flipped = [np.ascontiguousarray(np.broadcast_to(a, out.shape)[::-1])[::-1] if np.size(a) > 1 else a
                   for a in args]
        with np.errstate(all="ignore"):
            LIBM[name][1](*flipped, out=out)
        return
    lists = [repeat(float(np.ravel(a)[0]), out.size) if np.size(a) == 1 else np.ravel(a).tolist()
             for a in args]
    fn = LIBM[name][0]
    try:
        values = list(map(fn, *lists))
    except (ValueError, OverflowError):
        lists = [np.broadcast_to(a, out.shape).ravel().tolist() for a in args]
        values = [libm_scalar(name, *xs) for xs in zip(*lists)]
    out[...] = np.asarray(values, dtype=np.float64).reshape(out.shape)


@lru_cache(maxsize=None)
def reversed_is_libm(name: str) -> bool:
    """Whether numpy's function ``name`` on backward operands equals :mod:`math` (``libm``) to the bit."""
    rng = np.random.default_rng(20261127)
    n = 4096
    low, high = {"^": (1e-3, 10.0), "ln": (1e-6, 1e6), "arcsin": (-1.0, 1.0), "arccos": (-1.0, 1.0)}.get(
        name, (-30.0, 30.0))
    args = [rng.uniform(low, high, n)] + ([rng.uniform(-8.0, 8.0, n)] if name == "^" else [])
    out = np.empty(n)
    with np.errstate(all="ignore"):
        LIBM[name][1](*(np.ascontiguousarray(a[::-1])[::-1] for a in args), out=out)
    expected = np.array([libm_scalar(name, *xs) for xs in zip(*(a.tolist() for a in args))])
    return bool(np.array_equal(out, expected, equal_nan=True))


def libm(name: str, *args: Val) -> Val:
    """``libm``'s function ``name`` of floats or arrays."""
    if all(isinstance(a, float) for a in args):
        return libm_scalar(name, *(float(a) for a in args))
    shape = np.broadcast_shapes(*(np.shape(a) for a in args))
    out = np.empty(shape)
    libm_into(name, out, *args)
    return out


def truthy(x: Val) -> bool | NDArray[np.bool_]:
    """Simlin's truth of a value: not within :data:`EPS` of zero (NaN is true)."""
    if isinstance(x, float):
        return not abs(x) <= EPS
    result: NDArray[np.bool_] = ~(np.abs(x) <= EPS)
    return result


def approx_eq(a: Val, b: Val) -> bool | NDArray[np.bool_]:
    """Simlin's ``=``: equal, or within :data:`EPS`, or within 4 units in the last place."""
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    with np.errstate(all="ignore"):
        close = (x == y) | (np.abs(x - y) <= EPS) | (np.abs(_ordered(x) - _ordered(y)) <= 4)
    return bool(close) if close.ndim == 0 else close


def _ordered(x: NDArray[np.float64]) -> NDArray[np.int64]:
    """Float bits on one integer line (Simlin's ``ordered_bits``), wrapping like Rust."""
    bits = np.atleast_1d(x).view(np.int64).copy()
    neg = bits < 0
    bits[neg] = ~bits[neg]
    bits[~neg] ^= np.int64(-2**63)
    out: NDArray[np.int64] = bits.reshape(np.shape(x))
    return out


def divide(a: Val, b: Val) -> Val:
    """IEEE division (a float divided by 0 is inf or nan, not an exception)."""
    if isinstance(a, float) and isinstance(b, float):
        if b == 0.0 or math.isnan(b):
            with np.errstate(all="ignore"):
                return float(np.float64(a) / np.float64(b))
        return a / b
    with np.errstate(all="ignore"):
        return np.divide(a, b)


def binary(op: str, a: Val, b: Val) -> Val:
    """``a op b`` for a Vensim operator (arithmetic and comparisons give 1.0 or 0.0)."""
    if op == "^":
        return libm("^", a, b)
    if op == "/":
        return divide(a, b)
    if op in ("=", "<>"):
        eq = approx_eq(a, b)
        return _number(eq if op == "=" else np.logical_not(eq))
    if op in (":AND:", ":OR:"):
        fn = np.logical_and if op == ":AND:" else np.logical_or
        return _number(fn(truthy(a), truthy(b)))
    if isinstance(a, float) and isinstance(b, float):
        return _number(_FLOAT_OPS[op](a, b))
    with np.errstate(all="ignore"):
        return _number(_UFUNCS[op](a, b))


_FLOAT_OPS: dict[str, Callable[[float, float], float | bool]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, ">": operator.gt, "<": operator.lt,
    ">=": operator.ge, "<=": operator.le,
}
_UFUNCS: dict[str, np.ufunc] = {
    "+": np.add, "-": np.subtract, "*": np.multiply, ">": np.greater, "<": np.less,
    ">=": np.greater_equal, "<=": np.less_equal,
}


def _number(x: object) -> Val:
    """A result as a float or float array (comparisons give 1.0 and 0.0)."""
    if isinstance(x, (bool, np.bool_, int, float, np.floating)):
        return float(x)
    arr: Array = np.asarray(x, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else arr


def call(name: str, args: list[Val]) -> Val:
    """Vensim function ``name`` (see :data:`entropy.engines.numpy_model.FUNCTIONS`) of values."""
    if name in LIBM:
        return libm(name, *args)
    if name == "pi":
        return math.pi
    if name == "neg":
        return binary("-", 0.0, args[0])
    if name == "pos":
        return args[0]
    if name == "not":
        return _number(np.logical_not(truthy(args[0])))
    if name == "abs":
        return abs(args[0]) if isinstance(args[0], float) else np.abs(args[0])
    if name == "sqrt":
        with np.errstate(all="ignore"):
            return _number(np.sqrt(args[0]))
    if name == "if_then_else":
        return select(truthy(args[0]), args[1], args[2])
    if name in ("min", "max"):
        a, b = args
        return select(truthy(binary("<" if name == "min" else ">", a, b)), a, b)
    if name in ("vmax", "vmin"):
        return fold_extreme(name, args)
    if name in ("xidz", "zidz"):
        a, b = args[0], args[1]
        fallback = args[2] if name == "xidz" else 0.0
        zero = np.equal(b, 0.0)
        return select(zero if isinstance(zero, np.ndarray) else bool(zero), fallback, divide(a, b))
    raise KeyError(name)


def fold_extreme(name: str, args: list[Val]) -> Val:
    """Simlin's ``VMAX`` (``name`` "vmax") or ``VMIN`` of the terms ``args``, floats or arrays."""
    acc: Val = -math.inf if name == "vmax" else math.inf
    better = np.greater if name == "vmax" else np.less
    for a in args:
        acc = select(bool(better(a, acc)) if isinstance(a, float) and isinstance(acc, float) else better(a, acc),
                     a, acc)
    return acc


#: The sides on which a known operand can leave an operator's other operand as it is.
IDENTITY: dict[str, tuple[int, ...]] = {"*": (1, 0), "/": (1,), "-": (1,), "+": (1, 0)}


def is_identity(op: str, side: int, x: Val | NDArray[np.bool_] | bool) -> bool:
    """Whether the known operand ``x`` on ``side`` of ``op`` leaves the other operand unchanged:
    1 for ``*`` and ``/``, +0 subtracted, -0 added (every element of a block alike)."""
    value = np.asarray(x, dtype=np.float64)
    if op in ("*", "/"):
        return bool(np.all(value == 1.0))
    return bool(np.all(value == 0.0) and np.all(np.signbit(value) == (op == "+")))


def select(cond: bool | NDArray[np.bool_], a: Val, b: Val) -> Val:
    """``a`` where ``cond`` holds, else ``b``."""
    if isinstance(cond, (bool, np.bool_)):
        return a if cond else b
    return _number(np.where(cond, a, b))


def approx_eq_into(a: object, b: object, out: NDArray[np.bool_], negate: bool) -> None:
    """``out[...] = a = b`` (or ``a <> b``) in Simlin's sense (:func:`approx_eq`), written in place."""
    eq = approx_eq(a, b)  # type: ignore[arg-type]
    out[...] = np.logical_not(eq) if negate else eq


#: The ufuncs of the comparison and arithmetic operators, for calls that write into given rows.
COMPARE: dict[str, np.ufunc] = {"<": np.less, ">": np.greater, "<=": np.less_equal, ">=": np.greater_equal}
ARITHMETIC: dict[str, np.ufunc] = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}
#: Functions whose calls may write their first operand's rows (see :meth:`.numpy_block.Block._op`).
IN_PLACE = frozenset({"^", "neg", "abs", "sqrt", "min", "max", "xidz", "zidz", "exp", "ln", "sin", "cos", "tan",
                      "arcsin", "arccos", "arctan"})


def value_at_into(value_at: Callable[[float], float], clock: Array, out: Array) -> None:
    """Write ``value_at(time)`` into ``out``, the clock a one-value row: a changing constant's step."""
    out[...] = value_at(float(clock[0]))
