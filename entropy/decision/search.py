"""The two searches :func:`entropy.decision.optimize.optimize` uses, each a maintained optimiser.

Both hand a whole generation of candidates to the evaluator at once, so a
generation is one vectorised batch of model runs.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .evaluate import Evaluator, Objective
from .optimize import Constraint
from .space import LeverRange

__all__ = ["differential_evolution_search", "nsga2_search"]


def _limit(cons: Constraint, n: int) -> float:
    # A strict bound on a share of n samples: the largest share below it.
    return cons.limit - 0.5 / n if cons.strict else cons.limit


def differential_evolution_search(ev: Evaluator, ranges: Sequence[LeverRange], obj: Objective, cons: Constraint,
                                  generations: int, population: int, seed: int) -> tuple[NDArray[np.float64], bool]:
    """scipy's differential evolution with the chance constraint; returns the best mix and whether it is feasible."""
    from scipy.optimize import NonlinearConstraint, differential_evolution

    sign = 1.0 if obj.sense == "min" else -1.0

    def candidates(x: NDArray[np.float64]) -> NDArray[np.float64]:
        # scipy passes a generation as (levers, S) and a single mix as (levers,).
        return np.asarray(x.T if x.ndim == 2 else x[None, :], dtype=float)

    def energy(x: NDArray[np.float64]) -> NDArray[np.float64]:
        _, o = ev(candidates(x))
        value = sign * o[:, 0]
        # A mix whose every sample failed has no objective: the worst there is.
        value = np.where(np.isfinite(value), value, np.inf)
        return value if x.ndim == 2 else value[0]

    def chance(x: NDArray[np.float64]) -> NDArray[np.float64]:
        p, _ = ev(candidates(x))
        return p[None, :] if x.ndim == 2 else p

    d = len(ranges)
    result = differential_evolution(
        energy, [(lv.low, lv.high) for lv in ranges],
        constraints=NonlinearConstraint(chance, -np.inf, _limit(cons, ev.n)),
        vectorized=True, updating="deferred", maxiter=generations, popsize=max(1, math.ceil(population / d)),
        polish=False, init="latinhypercube", tol=1e-3, rng=np.random.default_rng(seed))
    x = np.asarray(result.x, dtype=float)
    p, _ = ev(x[None, :])
    return x, cons.holds(float(p[0]))


def nsga2_search(ev: Evaluator, ranges: Sequence[LeverRange], objs: Sequence[Objective], cons: Constraint,
                 generations: int, population: int, seed: int) -> tuple[NDArray[np.float64], bool]:
    """NSGA-II (platypus-opt) on two objectives; returns the feasible non-dominated mixes
    (or, when none is feasible, the one that misses the constraint least) and whether they are feasible."""
    from platypus import NSGAII, MapEvaluator, Problem, Real, nondominated

    problem = Problem(len(ranges), len(objs), 1)
    problem.types[:] = [Real(lv.low, lv.high) for lv in ranges]
    problem.constraints[:] = f"<={_limit(cons, ev.n)!r}"
    problem.directions[:] = [Problem.MINIMIZE if o.sense == "min" else Problem.MAXIMIZE for o in objs]

    def function(variables: list[float]) -> tuple[list[float], list[float]]:
        p, o = ev(np.array([variables], dtype=float))
        worst = [math.inf if ob.sense == "min" else -math.inf for ob in objs]
        values = [float(v) if math.isfinite(v) else w for v, w in zip(o[0], worst)]
        return values, [float(p[0])]

    problem.function = function

    def batch(func: Any, jobs: Iterable[Any]) -> list[Any]:
        jobs = list(jobs)
        if jobs:  # one vectorised batch for the generation; each job then reads its result
            ev(np.array([job.solution.variables for job in jobs], dtype=float))
        return [func(job) for job in jobs]

    # platypus draws from Python's global random module: seed it for reproducibility,
    # then put back whatever state the caller had.
    state = random.getstate()
    random.seed(seed)
    try:
        algorithm = NSGAII(problem, population_size=population, evaluator=MapEvaluator(batch))
        algorithm.run(population * (generations + 1))
        result = list(algorithm.result)
    finally:
        random.setstate(state)
    feasible = [s for s in nondominated(result) if s.feasible]
    if feasible:
        xs = np.array([s.variables for s in feasible], dtype=float)
        return np.unique(xs, axis=0), True
    least = min(result, key=lambda s: s.constraint_violation)
    return np.array([least.variables], dtype=float), False
