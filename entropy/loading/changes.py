"""Settings of a constant that vary with time: a step change and a time series.

A scenario sets a constant (or one element of an arrayed constant) to a
number, or to a value that varies with time (model time units, Year for the
shipped models):

- :class:`StepChange`: one value before a year, another from that year on;
- :class:`TimeSeries`: points ``(year, value)`` from a CSV file (or written in
  the scenario), linearly interpolated between the points, as a Vensim
  lookup over ``Time`` (or ``GET DATA`` with interpolation) would be.

Both have the same small interface, :class:`TimeVarying`, through which every
engine handles "a constant that varies with time" in one way: ``value_at(t)``
(the value in force at time ``t``: what the numpy engine computes at each
step) and ``knots(start, end, time_step)`` (times between which the value is
linear: what PySD interpolates). Simlin needs an equation: a step is an
``IF THEN ELSE`` on ``time``, a series a graphical function of ``time``
(:mod:`entropy.engines.simlin_engine`). ``value_at`` of a series is Simlin's
own interpolation, operation for operation, so the engines agree to the bit
where they share arithmetic.
"""

from __future__ import annotations

import bisect
import struct
import sys
from dataclasses import dataclass
from typing import Protocol, TypeAlias

__all__ = ["Change", "StepChange", "TimeSeries", "TimeVarying"]

#: Below this difference two times are the same point (Simlin's ``approx_eq``).
_EPS = sys.float_info.epsilon


class TimeVarying(Protocol):
    """What every engine needs of a constant that varies with time."""

    def value_at(self, t: float) -> float:
        """The value in force at time ``t`` (model time units), in the constant's units."""

    def knots(self, start: float, end: float, time_step: float) -> tuple[float, ...]:
        """Increasing times between which the value is linear, from before ``start`` to after ``end``.

        Linear interpolation of ``value_at`` (taken at the knot, clamped to
        ``[start, end]``) between consecutive knots gives ``value_at(t)`` at
        every time step ``t`` of the horizon, to rounding.
        """


@dataclass(frozen=True)
class StepChange:
    """A constant that takes a new value from a given year on.

    Attributes
    ----------
    before : float
        Value before ``year``, in the constant's units.
    after : float
        Value from ``year`` on (at every time step t >= year).
    year : float
        Year of the change (model time units).
    """

    before: float
    after: float
    year: float

    def value_at(self, t: float) -> float:
        """The value in force at time ``t``."""
        return self.after if t >= self.year else self.before

    def knots(self, start: float, end: float, time_step: float) -> tuple[float, ...]:
        """The horizon's ends and, within it, the step as a ramp far thinner than a time step.

        The ramp ends at the change year, so every step time sees either the
        old or the new value exactly, as ``IF time >= year`` does.
        """
        lo, hi = start - time_step, end + time_step
        if not start < self.year <= end:
            return (lo, hi)
        return (lo, self.year - time_step * 1e-6, self.year, hi)

    def describe(self) -> str:
        """What the change does, for messages: ``from 0.1 to 0.6 in 2050``."""
        return f"from {self.before:g} to {self.after:g} in {self.year:g}"


@dataclass(frozen=True)
class TimeSeries:
    """A constant driven by points ``(year, value)``, linearly interpolated.

    Between two points the value is on the straight line through them; at a
    point it is the point's value. Before the first point it is the first
    value and after the last the last (Simlin's and Vensim's lookups), but a
    scenario refuses a series that does not cover its whole horizon, so no
    run ever reads a value outside the data.

    Attributes
    ----------
    years : tuple of float
        Strictly increasing times (model time units), at least two.
    values : tuple of float
        One finite value per year, in the constant's units.
    file : str or None
        The CSV file the points were read from (its full path), if any:
        recorded for provenance; the points are the data.
    column : str or None
        The file's value column that was read.
    sha256 : str or None
        SHA-256 of the file's bytes when it was read.
    """

    years: tuple[float, ...]
    values: tuple[float, ...]
    file: str | None = None
    column: str | None = None
    sha256: str | None = None

    def __post_init__(self) -> None:
        # Plain floats (an API caller may pass numpy's): what the engines and the recorded TOML need.
        object.__setattr__(self, "years", tuple(float(y) for y in self.years))
        object.__setattr__(self, "values", tuple(float(v) for v in self.values))
        if len(self.years) != len(self.values) or len(self.years) < 2:
            raise ValueError("a TimeSeries needs years and values of one length, at least 2")

    def value_at(self, t: float) -> float:
        """The value at time ``t``: Simlin's lookup (``vm.rs``), operation for operation.

        The first point at or after ``t`` is found by bisection; at a point
        (within 4 units in the last place) its value is returned exactly,
        else ``(t - x0) * slope + y0`` on the segment ``(x0, y0)-(x1, y1)``,
        ``slope = (y1 - y0) / (x1 - x0)``.
        """
        xs, ys = self.years, self.values
        if t != t:  # NaN
            return t
        if t < xs[0]:
            return ys[0]
        if t > xs[-1]:
            return ys[-1]
        i = bisect.bisect_left(xs, t)
        if _approx_eq(xs[i], t):
            return ys[i]
        slope = (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1])
        return (t - xs[i - 1]) * slope + ys[i - 1]

    def knots(self, start: float, end: float, time_step: float) -> tuple[float, ...]:
        """The horizon's ends (one step beyond, held flat) and the points within it.

        Points outside the horizon are left out: the value at ``start`` and
        ``end`` lies on the segment through them, so nothing changes within
        the horizon, and PySD interpolates over no more points than it needs.
        """
        inner = [y for y in self.years if start < y < end]
        return (start - time_step, start, *inner, end, end + time_step)

    def covers(self, start: float, end: float) -> bool:
        """Whether the points span ``[start, end]`` (no value outside the data is read)."""
        return self.years[0] <= start and self.years[-1] >= end

    @property
    def origin(self) -> str:
        """Where the points came from, for messages: the file (and column), or ``inline points``."""
        if self.file is None:
            return "inline points"
        return self.file + (f" (column {self.column})" if self.column else "")

    def describe(self) -> str:
        """What the series does, for messages."""
        return (f"with the time series from {self.origin} ({len(self.years)} points, "
                f"{self.years[0]:g} to {self.years[-1]:g})")


#: What a scenario may set a constant to, besides a number (``isinstance(x, Change)`` works).
Change: TypeAlias = StepChange | TimeSeries


def _ordered(x: float) -> int:
    """``x``'s bits on one integer line (Simlin's ``ordered_bits``)."""
    bits: int = struct.unpack("<q", struct.pack("<d", x))[0]
    return ~bits if bits < 0 else bits ^ -(2**63)


def _approx_eq(a: float, b: float) -> bool:
    """Simlin's ``approx_eq``: equal, or within 2.2e-16, or at most 4 units in the last place apart."""
    return a == b or abs(a - b) <= _EPS or abs(_ordered(a) - _ordered(b)) <= 4
