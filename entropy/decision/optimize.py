"""The least policy that stays inside: optimising levers under a chance constraint.

One objective: scipy's ``differential_evolution`` (Storn and Price 1997) with
the chance constraint as a ``NonlinearConstraint`` (Lampinen's feasibility
rules), each generation's candidates run together. Two objectives: NSGA-II
(Deb et al. 2002, ``platypus-opt``) gives the Pareto front. Each candidate is
judged across the same ``runs`` samples of the uncertain parameters (common
random numbers, :mod:`entropy.decision.evaluate`); the result is then
checked on a fresh, larger sample the search never saw (out of sample), since
an optimiser fitted to one sample overstates how well its choice holds.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..errors import ScenarioError
from ..limits import check_count
from ..loading.scenario import Scenario, load_scenario
from ..loading.uncertainty import MAX_SEED, UncertaintySet, check_sampler, check_seed
from .evaluate import Evaluator, Objective, objective
from .space import LeverRange, parse_levers, with_levers_free
from .targets import Target, default_target, parse_target

__all__ = ["Constraint", "Optimum", "optimize", "parse_constraint"]

#: Most model runs one optimisation may make, search and check together (about an
#: hour of the cluster model on the numpy engine on two cores).
MAX_OPTIMIZE_RUNS = 5_000_000
MIN_RUNS, MAX_RUNS = 10, 100_000
_CONSTRAINT = re.compile(r"\s*p_overshoot\s*(<=|<)\s*(\S+)\s*")


@dataclass(frozen=True)
class Constraint:
    """``p_overshoot <= limit``: the share of samples in which the target is missed."""

    limit: float
    strict: bool = False

    @property
    def text(self) -> str:
        return f"p_overshoot {'<' if self.strict else '<='} {self.limit:g}"

    def holds(self, p: float) -> bool:
        return p < self.limit if self.strict else p <= self.limit + 1e-12


def parse_constraint(text: object, where: str = "--constraint") -> Constraint:
    """Read ``p_overshoot <= X`` (X from 0 to 1), or explain what is allowed."""
    m = _CONSTRAINT.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        raise ScenarioError(f"{where}: {text!r}: write \"p_overshoot <= X\" with X from 0 to 1, the largest "
                            "allowed probability of missing the target")
    try:
        limit = float(m[2])
    except ValueError:
        raise ScenarioError(f"{where}: {m[2]!r} is not a number; allowed 0 to 1") from None
    if not (math.isfinite(limit) and 0 <= limit <= 1):
        raise ScenarioError(f"{where}: {m[2]!r} is not a probability; allowed 0 to 1")
    return Constraint(limit, m[1] == "<")


@dataclass(frozen=True)
class Optimum:
    """What :func:`optimize` found.

    Attributes
    ----------
    levers : tuple of LeverRange
    objectives : tuple of Objective
    constraint : Constraint
    target : Target
    best : pandas.Series or None
        One objective: the levers, the objective, ``p_overshoot`` in the
        search's sample and ``p_overshoot_check`` on the fresh sample (with
        its 95% Wilson interval ``p_check_low``, ``p_check_high``) and
        ``objective_check``.
    front : pandas.DataFrame or None
        Two objectives: the feasible non-dominated mixes, one per row, with
        the same columns, sorted by the first objective.
    runs : int
        Samples per candidate in the search.
    check_runs : int
    model_runs : int
        Model runs made, search and check together.
    feasible : bool
        Whether the search found a mix meeting the constraint in its sample.
    note : str
    """

    scenario: Scenario
    levers: tuple[LeverRange, ...]
    objectives: tuple[Objective, ...]
    constraint: Constraint
    target: Target
    best: pd.Series | None
    front: pd.DataFrame | None
    runs: int
    check_runs: int
    model_runs: int
    feasible: bool
    note: str

    def best_scenario(self, name: str | None = None) -> Scenario:
        """The base scenario with the levers at the optimum (one objective)."""
        if self.best is None:
            raise ScenarioError("a Pareto front has no single best mix: choose a row of the front")
        values = {lv.key: float(self.best[lv.key]) for lv in self.levers}
        sc = self.scenario.with_overrides(values, origin="optimum")
        o = self.objectives[0]
        desc = (f"Levers that {'minimise' if o.sense == 'min' else 'maximise'} {o.description} subject to "
                f"{self.constraint.text} (target: {self.target.text}), found by `entropy optimize` on "
                f"{self.scenario.name} over {self.runs} samples; out of sample, p_overshoot = "
                f"{float(self.best['p_overshoot_check']):.3f}.")
        return replace(sc, name=name or f"{self.scenario.name}-optimum", description=desc, source=None)


def default_population(levers: int) -> int:
    """Candidates per generation unless told: ten per lever, at least 20."""
    return max(20, 10 * levers)


def most_model_runs(generations: int, population: int, runs: int, objectives: int,
                    check_runs: int | None = None) -> int:
    """The most model runs an optimisation makes: every generation's candidates (and the first)
    on ``runs`` samples, then the result (one mix, or a front of up to ``population``) on the
    check's fresh samples (default four times ``runs``, at most ``MAX_RUNS``)."""
    check = min(4 * runs, MAX_RUNS) if check_runs is None else check_runs
    return (generations + 1) * population * runs + (population if objectives == 2 else 1) * check


def _wilson(p: float, n: int) -> tuple[float, float]:
    """95% Wilson score interval of a proportion (Wilson 1927)."""
    z = 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def optimize(
    scenario: Scenario | str | os.PathLike[str],
    uncertain: UncertaintySet,
    levers: Sequence[str],
    objectives: Sequence[str] = ("cost",),
    constraint: str | Constraint = "p_overshoot <= 0.1",
    runs: int = 100,
    target: str | Target | None = None,
    check_runs: int | None = None,
    generations: int = 30,
    population: int | None = None,
    sampler: str = "lhs",
    seed: int = 0,
    engine: str = "simlin",
    on_progress: Callable[[int, int], object] | None = None,
    max_model_runs: int = MAX_OPTIMIZE_RUNS,
) -> Optimum:
    """Find the lever mix that best meets the objective(s) under the chance constraint.

    Parameters
    ----------
    scenario, uncertain, levers, target :
        As :func:`entropy.decision.discovery.discover`.
    objectives : sequence of {"cost", "output"}
        One (differential evolution) or two (NSGA-II, a Pareto front).
    constraint : str or Constraint
        ``"p_overshoot <= X"``.
    runs : int
        Samples of the uncertain parameters per candidate (common random numbers).
    check_runs : int, optional
        Fresh samples for the out-of-sample check (default four times ``runs``, at most ``MAX_RUNS``).
    generations : int
        Generations of the search (differential evolution stops earlier when converged).
    population : int, optional
        Candidates per generation (default ten per lever, at least 20).
    on_progress : callable, optional
        Called with (model runs done, most model runs) as the work goes.
    max_model_runs : int
        Refuse work above this many model runs (before any run).

    Raises
    ------
    EntropyError
        For a bad argument or too much work, before any run.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    ranges = parse_levers(sc, levers, uncertain)
    free = with_levers_free(sc, ranges)
    if sc.model.sha256 != uncertain.model.sha256:
        raise ScenarioError(f"scenario {sc.name} is of model {sc.model.path}, the uncertainty file "
                            f"of {uncertain.model.path}")
    if isinstance(objectives, str):
        objectives = [objectives]
    if not 1 <= len(objectives) <= 2 or len(set(objectives)) != len(objectives):
        raise ScenarioError(f"--objective: give one objective or two different ones from {', '.join(('cost', 'output'))}")
    objs = tuple(objective(o, sc.model) for o in objectives)
    cons = constraint if isinstance(constraint, Constraint) else parse_constraint(constraint)
    tgt = target if isinstance(target, Target) else (
        default_target(sc.model) if target is None else parse_target(target, sc.model))
    runs = check_count("runs (--runs)", runs, MIN_RUNS, MAX_RUNS)
    check_runs = check_count("check runs (--check-runs)", min(4 * runs, MAX_RUNS) if check_runs is None else check_runs,
                             MIN_RUNS, MAX_RUNS)
    generations = check_count("generations (--generations)", generations, 1, 1000)
    pop = check_count("population (--population)", default_population(len(ranges)) if population is None
                      else population, 5, 1000)
    check_sampler(sampler)
    seed = check_seed(seed)
    most = most_model_runs(generations, pop, runs, len(objs), check_runs)
    if most > max_model_runs:
        raise ScenarioError(f"this optimisation may make {most:,} model runs ((generations + 1) x population x "
                            f"runs + the check); allowed at most {max_model_runs:,}: lower --runs, "
                            "--generations or --population")
    samples = uncertain.sample(runs, sampler, seed)
    fresh = uncertain.sample(check_runs, sampler, (seed + 1) % (MAX_SEED + 1))
    done = [0]

    def tick(k: int) -> None:
        done[0] += k
        if on_progress is not None:
            on_progress(min(done[0], most), most)

    ev = Evaluator(free, ranges, uncertain.names, samples, tgt, objs, engine, on_runs=tick)
    check = Evaluator(free, ranges, uncertain.names, fresh, tgt, objs, engine, on_runs=tick)
    if len(objs) == 1:
        from .search import differential_evolution_search

        x, feasible = differential_evolution_search(ev, ranges, objs[0], cons, generations, pop, seed)
        table = _table(ev, check, ranges, objs, np.atleast_2d(x))
        best, front = table.iloc[0], None
    else:
        from .search import nsga2_search

        xs, feasible = nsga2_search(ev, ranges, objs, cons, generations, pop, seed)
        table = _table(ev, check, ranges, objs, xs)
        best, front = None, table.sort_values(objs[0].name, kind="stable").reset_index(drop=True)
    note = _note(table, cons, feasible, runs)
    if on_progress is not None:
        on_progress(most, most)
    return Optimum(free, ranges, objs, cons, tgt, best, front, runs, check_runs,
                   ev.runs_done + check.runs_done, feasible, note)


def _table(ev: Evaluator, check: Evaluator, ranges: Sequence[LeverRange], objs: Sequence[Objective],
           xs: np.ndarray) -> pd.DataFrame:
    p, o = ev(xs)
    pc, oc = check(xs)
    rows = []
    for i, x in enumerate(xs):
        row: dict[str, float] = {lv.key: float(v) for lv, v in zip(ranges, x)}
        for j, ob in enumerate(objs):
            row[ob.name] = float(o[i, j])
        row["p_overshoot"] = float(p[i])
        for j, ob in enumerate(objs):
            row[f"{ob.name}_check"] = float(oc[i, j])
        row["p_overshoot_check"] = float(pc[i])
        row["p_check_low"], row["p_check_high"] = _wilson(float(pc[i]), check.n)
        rows.append(row)
    return pd.DataFrame(rows)


def _note(table: pd.DataFrame, cons: Constraint, feasible: bool, runs: int) -> str:
    notes = []
    if not feasible:
        notes.append(f"no lever mix within the ranges met {cons.text} in the search's {runs} samples: the mix "
                     "shown misses it least")
    over = table[~table["p_overshoot_check"].map(cons.holds)]
    if feasible and len(over):
        which = "the optimum" if len(table) == 1 else f"{len(over)} of the {len(table)} mixes on the front"
        notes.append(f"out of sample, {which} missed the constraint ({cons.text}): the search's sample "
                     "understated the risk; raise --runs or tighten the limit")
    return "; ".join(notes)
