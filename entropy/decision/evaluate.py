"""Run many lever mixes, each across the same uncertain samples (common random numbers).

Every candidate mix of levers is run once per sample of the uncertain
parameters, the same samples for every candidate (common random numbers:
differences between candidates are the policies', not the luck of the draw).
For each candidate the evaluator returns the probability of missing the
target (the share of samples in which the run missed it or failed) and the
mean of each objective over the samples that completed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..errors import ScenarioError
from ..loading.model import Model
from ..loading.scenario import Scenario
from ..simulation.ensemble import _batch_engines, run_chunk
from .space import LeverRange
from .targets import Target, reduce_runs

__all__ = ["OBJECTIVES", "Evaluator", "Objective", "objective"]

#: Most runs handed to the engine at once (memory: runs x saved times x kept values).
ROWS_PER_CALL = 4096


@dataclass(frozen=True)
class Objective:
    """What a search minimises or maximises: a variable's integral over the horizon (mean over samples)."""

    name: str
    variable: str
    sense: str  # "min" or "max"
    units: str
    description: str

    def value(self, series: NDArray[np.float64], time: NDArray[np.float64]) -> NDArray[np.float64]:
        """One number per run: the time integral (elements added up)."""
        return reduce_runs("total", series, time)


#: The objectives by name (``--objective``).
OBJECTIVES = ("cost", "output")


def objective(name: str, model: Model) -> Objective:
    """The named objective for ``model``, or a clear error.

    ``cost``: the integral of ``policy_cost`` (BCNY/Year; the levers' costs as the
    model prices them), minimised. ``output``: the integral of the region's
    output (``regional_output``) or the cluster's (``industrial_output``), maximised.
    """
    if name == "cost":
        var = "policy_cost"
        if var not in model.variables:
            raise ScenarioError(f"--objective cost: model {model.name} has no variable policy_cost (what the "
                                "levers cost a year); add one, or choose --objective output")
        info = model.variables[var]
        return Objective("cost", var, "min", _integral_units(info.units),
                         "policy cost: the levers' costs summed over the horizon")
    if name == "output":
        var = "regional_output" if "regional_output" in model.variables else "industrial_output"
        if var not in model.variables:
            raise ScenarioError(f"--objective output: model {model.name} has no industrial_output")
        info = model.variables[var]
        return Objective("output", var, "max", _integral_units(info.units), "cumulative output over the horizon")
    raise ScenarioError(f"unknown objective {name!r}; allowed: {', '.join(OBJECTIVES)}")


def _integral_units(units: str) -> str:
    u = units.strip()
    return u[: -len("/Year")] if u.endswith("/Year") else f"({u})*Year"


class Evaluator:
    """Evaluate lever mixes across fixed samples of the uncertain parameters.

    Parameters
    ----------
    sc : Scenario
        The base scenario, without values of the searched levers.
    levers : sequence of LeverRange
    names : sequence of str
        The uncertain parameters' keys, in the columns of ``samples``.
    samples : numpy.ndarray
        ``(n, len(names))``: the common random numbers.
    target : Target
    objectives : sequence of Objective
    engine : str
        As :func:`entropy.simulation.ensemble.ensemble`.
    on_runs : callable, optional
        Called with the number of runs just done (progress).
    """

    def __init__(self, sc: Scenario, levers: Sequence[LeverRange], names: Sequence[str],
                 samples: NDArray[np.float64], target: Target, objectives: Sequence[Objective],
                 engine: str = "simlin", on_runs: Callable[[int], object] | None = None) -> None:
        self.levers = tuple(levers)
        self.names = [lv.key for lv in self.levers] + list(names)
        self.samples = np.asarray(samples, dtype=float).reshape(len(samples), len(names))
        self.target = target
        self.objectives = tuple(objectives)
        self.variables = tuple(dict.fromkeys([*target.variables, *(o.variable for o in self.objectives)]))
        engines, _ = _batch_engines([sc], self.variables, engine, True)
        self.engine = engines[0]
        self.toml = sc.to_toml()
        self.on_runs = on_runs
        self.runs_done = 0
        self._cache: dict[bytes, tuple[float, NDArray[np.float64]]] = {}

    @property
    def n(self) -> int:
        return int(self.samples.shape[0])

    def __call__(self, x: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """For candidates ``x`` ``(S, levers)``: P(missing the target) ``(S,)`` and the objectives ``(S, k)``."""
        x = np.atleast_2d(np.asarray(x, dtype=float))
        todo = [row for row in dict.fromkeys(r.tobytes() for r in x) if row not in self._cache]
        if todo:
            rows = np.array([np.frombuffer(b) for b in todo])
            p, obj = self._run(rows)
            for i, b in enumerate(todo):
                self._cache[b] = (float(p[i]), obj[i])
        got = [self._cache[r.tobytes()] for r in x]
        return np.array([g[0] for g in got]), np.array([g[1] for g in got]).reshape(len(x), len(self.objectives))

    def _run(self, x: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        s, n = len(x), self.n
        values = np.column_stack([np.repeat(x, n, axis=0), np.tile(self.samples, (s, 1))])
        met = np.zeros(s * n, dtype=bool)
        objs = np.full((s * n, len(self.objectives)), np.nan)
        for start in range(0, len(values), ROWS_PER_CALL):
            block = values[start:start + ROWS_PER_CALL]
            result = run_chunk(self.toml, self.engine, self.variables, self.names, block)
            series, time = result["series"], np.asarray(result["time"], dtype=float)
            ok = np.asarray(result["status"]) == 0
            stop = start + len(block)
            met[start:stop] = self.target.met(series, time, ok)
            for j, o in enumerate(self.objectives):
                v = o.value(series[o.variable], time)
                objs[start:stop, j] = np.where(ok, v, np.nan)
            self.runs_done += len(block)
            if self.on_runs is not None:
                self.on_runs(len(block))
        p = 1.0 - met.reshape(s, n).mean(axis=1)
        per = objs.reshape(s, n, len(self.objectives))
        counts = np.isfinite(per).sum(axis=1)
        with np.errstate(invalid="ignore"):
            mean = np.where(counts > 0, np.nansum(per, axis=1) / np.maximum(counts, 1), np.nan)
        return p, mean
