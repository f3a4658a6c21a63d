"""A vectorised batch engine: N runs of a scalar model at once, in numpy.

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
operators and functions is turned once into a list of numpy calls. A model
with anything else (lookups, delays, smooths, subscripts, other functions, an
algebraic loop) is an :class:`~entropy.errors.EngineError` naming the
construct; :func:`numpy_supports` says so without raising, for callers that
fall back to Simlin.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ..errors import EngineError
from ..limits import MAX_ENSEMBLE_RUNS, check_ensemble_work
from ..model import Model
from .base import RunPlan
from .numpy_block import Block
from .numpy_model import ScalarModel, live_variables, read_scalar_model
from .simlin_engine import SimlinEngine

Array = NDArray[np.float64]
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
        Horizon, scenario constants, step changes and the variables to return;
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
        unknown = [n for n in self.names if n not in self.scalar.stocks and n not in self.scalar.auxes]
        if unknown:
            raise EngineError(f"{model.path}: no variable {unknown[0]!r} to return")
        for key in plan.changes:
            if key not in self.scalar.constants:
                raise EngineError(f"{model.path}: {key} is not a constant; only constants can change at a year")
        self.live = live_variables(self.scalar, self.names)
        self.fixed = {k: float(v) for k, v in plan.constants.items() if k not in plan.changes}
        self._check_overridable(self.fixed)

    def _check_overridable(self, names: Mapping[str, object]) -> None:
        for key in names:
            if key not in self.scalar.constants:
                raise EngineError(f"{self.model.path}: {key} is not a constant of the model; "
                                  "only constants can be set")
            if key in self.plan.changes:
                raise EngineError(f"{self.model.path}: {key} changes at a year in this scenario; "
                                  "it cannot also be set per run")

    def run(self, overrides: dict[str, float]) -> dict[str, Array]:
        """One run with the plan's constants and ``overrides`` set (as :meth:`SimlinBatch.run`).

        Slow for one run (about 1 s for the cluster model: the numpy calls cost
        nearly the same for one run as for a thousand); use :meth:`run_many`.

        Parameters
        ----------
        overrides : dict of str to float
            Constant (snake_case) -> value, in the constant's units.

        Returns
        -------
        dict of str to ndarray
            Every variable of the plan over :attr:`time`, in its units.
        """
        result = self.run_many({k: np.array([float(v)]) for k, v in overrides.items()}, runs=1)
        return {k: np.ascontiguousarray(v[:, 0]) for k, v in result.items()}

    def run_many(self, overrides: Mapping[str, NDArray[np.float64]], runs: int | None = None) -> dict[str, Array]:
        """N runs at once: run ``i`` sets every constant in ``overrides`` to its ``[i]`` value.

        Parameters
        ----------
        overrides : mapping of str to ndarray
            Constant (snake_case) -> values in its units, each of shape ``(N,)``.
        runs : int, optional
            N, needed only when ``overrides`` is empty.

        Returns
        -------
        dict of str to ndarray
            For every variable of the plan, its values ``(time, N)`` in its
            units at the saved times (:attr:`time`); NaN and infinity are
            returned as they are (see :func:`entropy.run.locate_non_finite`).
            Equal to the bit to Simlin's runs with the same constants.

        Raises
        ------
        EngineError
            An override that is not a constant, or arrays of different lengths.
        EntropyError
            N or the values to keep beyond the limits of :mod:`entropy.limits`,
            before anything is allocated.
        """
        self._check_overridable(overrides)
        values = {k: np.asarray(v, dtype=np.float64) for k, v in overrides.items()}
        sizes = {v.shape for v in values.values()}
        if runs is None and len(sizes) == 1 and len(next(iter(sizes))) == 1:
            runs = next(iter(sizes))[0]
        if runs is None or any(s != (runs,) for s in sizes):
            raise EngineError(f"overrides must be arrays of one shape (N,), got {sorted(sizes)}")
        check_ensemble_work("runs", 1, runs, len(self.time), len(self.names), max_runs=MAX_ENSEMBLE_RUNS)
        result = {n: np.empty((len(self.time), runs)) for n in self.names}
        size = -(-runs // -(-runs // BLOCK))  # blocks of equal size, at most BLOCK
        for lo in range(0, runs, size):
            hi = min(lo + size, runs)
            block = Block(self, {k: v[lo:hi].copy() for k, v in values.items()}, hi - lo)
            block.integrate(result, lo)
        return result


__all__ = ["BLOCK", "NumpyBatch", "numpy_supports"]
