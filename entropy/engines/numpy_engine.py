"""A vectorised batch engine: N runs of a model at once, in numpy.

Every variable is an array over the runs; each time step runs one short
list of numpy operations per equation, so the cost of Python is paid per
variable and step, not per run. For ensembles of the cluster model this is
many times faster than Simlin's one run after another, with the same numbers:
the equations are integrated exactly as Simlin does (Euler: auxiliaries from
the current stocks, then ``stock + (inflows - outflows) * dt``; ``INITIAL`` and
the stocks' initial values once at the initial time; values saved every
``save_period`` from step 0, the last time included), and the arithmetic is
Simlin's to the bit (see :mod:`.numpy_ops`).

The model is read by the package's own reader (:mod:`.numpy_model`), never
from PySD's output and never with ``eval``: a tree of numbers, references,
operators and functions is turned once into a list of numpy calls. A
subscripted model is first expanded into one scalar equation per element
(:mod:`.numpy_arrays`); its results are assembled to ``(time, N, *dims)``.
A model with anything else (lookups, delays, smooths, other functions,
subscripts the expansion does not handle, an algebraic loop) is an
:class:`~entropy.errors.EngineError` naming the construct; :func:`numpy_supports`
says so without raising, for callers that fall back to Simlin.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from ..errors import EngineError
from ..limits import MAX_ENSEMBLE_RUNS, check_ensemble_work
from ..loading.changes import TimeSeries
from ..loading.model import Model
from .base import Change, RunPlan, element_key, settings
from .numpy_block import Block
from .numpy_model import ScalarModel, live_variables, read_scalar_model
from .simlin_engine import SimlinEngine

Array = NDArray[np.float64]
V = TypeVar("V")
#: Runs integrated together (at most). On the 2-core development machine (EPYC, 2 MB of
#: L2 and 32 MB of L3 cache) the cluster model costs about 0.55 ms of CPU a run in
#: blocks of 4,096 or 8,192 runs (75 rows of working storage, 2.5-5 MB), 0.69 ms in
#: blocks of 2,048: the fixed cost of a numpy call (about 0.3 us) is spread over more
#: runs while the rows stay in the cache.
BLOCK = 8192


def numpy_supports(model: Model, plan: RunPlan) -> str | None:
    """Why the numpy engine cannot run ``plan`` on ``model``, or None if it can."""
    try:
        NumpyBatch(model, plan)
    except EngineError as exc:
        return str(exc)
    return None


class NumpyBatch:
    """Many runs of one plan, vectorised over the runs (interface of :class:`SimlinBatch`).

    Parameters
    ----------
    model : Model
        A scalar model (see the module's docstring for what it may use).
    plan : RunPlan
        Horizon, scenario constants, step changes and time series, and the variables to return;
        Euler only, ``save_period`` a whole number of time steps.

    Attributes
    ----------
    time : ndarray
        The saved times (model time units: Year for the shipped models).
    names : list of str
        The variables every run returns (snake_case).
    every, steps : int
        Time steps between saves, and in the whole run.

    Raises
    ------
    EngineError
        For anything the engine does not run, naming it.
    """

    def __init__(self, model: Model, plan: RunPlan) -> None:
        self.model, self.plan = model, plan
        if plan.method != "euler":
            raise EngineError(f"the numpy engine integrates with euler only, not {plan.method!r}; use Simlin")
        self.scalar: ScalarModel = read_scalar_model(model)
        self.names = SimlinEngine().output_names(model, plan)
        self.time = plan.save_times()
        every = plan.save_period / plan.time_step
        self.every = max(1, round(every))
        self.steps = (len(self.time) - 1) * self.every
        if abs(every - self.every) > 1e-9 * every or abs(self.time[-1] - plan.end) > 1e-9 * plan.save_period:
            raise EngineError(f"the numpy engine saves only every whole number of time steps up to the end "
                              f"(save_period {plan.save_period:g}, time_step {plan.time_step:g}, "
                              f"{plan.start:g}-{plan.end:g}); use Simlin")
        clock = plan.start
        for _ in range(self.steps):
            clock += plan.time_step
        if clock > plan.end:  # Simlin stops when its clock passes the end
            raise EngineError(f"the numpy engine: {self.steps} steps of {plan.time_step:g} pass the end "
                              f"{plan.end:g} in float64; use Simlin")
        arrays = self.scalar.arrays
        unknown = [n for n in self.names if n not in arrays and n not in self.scalar.stocks
                   and n not in self.scalar.auxes]
        if unknown:
            raise EngineError(f"{model.path}: no variable {unknown[0]!r} to return")
        #: The scalar variables the block computes and saves: every element of an arrayed one.
        self.kept = [k for n in self.names for k in arrays.get(n, (n,))]
        self.live = live_variables(self.scalar, self.kept)
        # The plan's constants and those that vary with time (step changes, time series),
        # element by element (an element's own key wins).
        merged: dict[str, float | Change] = {**plan.constants, **plan.changes}
        settled = self._by_element(merged)
        self.changes: dict[str, Change] = {k: v for k, v in settled.items() if isinstance(v, Change)}
        self.fixed: dict[str, float] = {k: float(v) for k, v in settled.items() if not isinstance(v, Change)}
        self._check_overridable(self.fixed, changing=False)
        self._check_overridable(self.changes, changing=False)

    def _by_element(self, values: Mapping[str, V]) -> dict[str, V]:
        """``values`` by lever key (:attr:`RunPlan.constants`) as values by scalar or element key.

        A whole arrayed constant's name sets every element; an element key
        (``name[e1,e2]``) wins over it, whatever the order (as :func:`.base.settings`).
        """
        scalars, arrays = settings(self.model, values, {})  # type: ignore[arg-type]
        out: dict[str, V] = dict(scalars)  # type: ignore[arg-type]
        for name, per in arrays.items():
            out.update((element_key(name, combo), value) for combo, value in per.items())  # type: ignore[misc]
        return out

    def _check_overridable(self, keys: Mapping[str, object], changing: bool = True) -> None:
        for key in keys:
            if key not in self.scalar.constants:
                raise EngineError(f"{self.model.path}: {key} is not a constant of the model; "
                                  "only constants can be set")
            if changing and key in self.changes:
                how = "follows a time series" if isinstance(self.changes[key], TimeSeries) else "changes at a year"
                raise EngineError(f"{self.model.path}: {key} {how} in this scenario; "
                                  "it cannot also be set per run")

    def run(self, overrides: dict[str, float]) -> dict[str, Array]:
        """One run with the plan's constants and ``overrides`` set (as :meth:`SimlinBatch.run`).

        Slow for one run (about 1 s for the cluster model: the numpy calls cost
        nearly the same for one run as for a thousand); use :meth:`run_many`.

        Parameters
        ----------
        overrides : dict of str to float
            By lever key (as :attr:`RunPlan.constants`: a scalar constant, a
            whole arrayed constant or one element ``name[e1,e2]``) -> value,
            in the constant's units.

        Returns
        -------
        dict of str to ndarray
            Every variable of the plan over :attr:`time`, in its units: ``(time,)``
            for a scalar, ``(time, *dims)`` for an arrayed one (as :meth:`SimlinBatch.run`).
        """
        result = self.run_many({k: np.array([float(v)]) for k, v in overrides.items()}, runs=1)
        return {k: np.ascontiguousarray(v[:, 0]) for k, v in result.items()}

    def run_many(self, overrides: Mapping[str, NDArray[np.float64]], runs: int | None = None) -> dict[str, Array]:
        """N runs at once: run ``i`` sets every constant in ``overrides`` to its ``[i]`` value.

        Parameters
        ----------
        overrides : mapping of str to ndarray
            By lever key (a scalar constant, a whole arrayed constant, whose
            every element takes the values, or one element ``name[e1,e2]``,
            which wins over its constant's name) -> values in its units, each
            of shape ``(N,)``.
        runs : int, optional
            N, needed only when ``overrides`` is empty.

        Returns
        -------
        dict of str to ndarray
            For every variable of the plan, its values ``(time, N)`` in its
            units at the saved times (:attr:`time`), ``(time, N, *dims)`` for an
            arrayed variable (its subscript ranges in the model's order, as
            :func:`.base.assemble`); NaN and infinity are
            returned as they are (see :func:`entropy.simulation.run.locate_non_finite`).
            Equal to the bit to Simlin's runs with the same constants.

        Raises
        ------
        EngineError
            An override that is not a constant, or arrays of different lengths.
        EntropyError
            N or the values to keep beyond the limits of :mod:`entropy.limits`,
            before anything is allocated.
        """
        values = {k: np.asarray(v, dtype=np.float64) for k, v in overrides.items()}
        sizes = {v.shape for v in values.values()}
        if runs is None and len(sizes) == 1 and len(next(iter(sizes))) == 1:
            runs = next(iter(sizes))[0]
        if runs is None or any(s != (runs,) for s in sizes):
            raise EngineError(f"overrides must be arrays of one shape (N,), got {sorted(sizes)}")
        values = self._by_element(values)
        self._check_overridable(values)
        check_ensemble_work("runs", 1, runs, len(self.time), len(self.kept), max_runs=MAX_ENSEMBLE_RUNS)
        # An arrayed variable's values are one array (time, N, *dims); the block writes each
        # element into its view of it (time, N), so nothing is copied to assemble them.
        result = {n: np.empty((len(self.time), runs, *self.model.shape(n))) for n in self.names}
        flat: dict[str, Array] = {}
        for n in self.names:
            keys = self.scalar.arrays.get(n, (n,))
            cells = result[n].reshape(len(self.time), runs, len(keys))
            flat.update((k, cells[:, :, j]) for j, k in enumerate(keys))
        size = -(-runs // -(-runs // BLOCK))  # blocks of equal size, at most BLOCK
        for lo in range(0, runs, size):
            hi = min(lo + size, runs)
            block = Block(self, {k: v[lo:hi].copy() for k, v in values.items()}, hi - lo)
            block.integrate(flat, lo)
        return result


__all__ = ["BLOCK", "NumpyBatch", "numpy_supports"]
