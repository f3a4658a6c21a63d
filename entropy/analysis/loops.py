"""Loop dominance: which named feedback loop drives a scenario's behaviour, and when.

Loops that Matter (Schoenberg, Davidsen and Eberlein 2020; the corrected
flow-to-stock scores of Schoenberg, Hayward and Eberlein 2023), as Simlin
computes it: at every step, each link's score is the share of its target's
change that comes through it; a loop's score is the product of its links'
scores; its relative score is its score over the sum of the absolute scores
of the loops sharing its cycle partition (the stocks connected by feedback).
The loops are the ones a model's ``loops.toml`` names (see
:mod:`entropy.loops_file`): Simlin's own loop ids change from one model
version or scenario to the next, names do not.

::

    ds = entropy.loop_dominance("path/to/scenario.toml")   # uses the model's loops.toml
    for p in entropy.dominance_periods(ds, min_period=2):
        print(p.start, p.end, p.loop, p.mean_score)

The scenario's constants and step changes are edited into the model's
equations before the analysis (Simlin's loop discovery, ``Model.analyze``,
ignores simulation overrides; ``simulate(enable_ltm=True)`` honours them in
pysimlin 0.8.5, but editing keeps both paths the same). Only Simlin runs:
model files are untrusted and PySD would turn them into code.
"""

from __future__ import annotations

import dataclasses
import math
import os
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import NDArray

from ..engines.base import RunPlan, settings
from ..engines.simlin_engine import _per_element, _prepared, _runnable_copy
from ..errors import EngineError, ModelError, ScenarioError
from ..limits import check_run_values
from ..loading.loops_file import LoopSet, causal_inputs, load_loops
from ..loading.model import Model
from ..output import provenance
from ..output.files import atomic_write, check_output_path
from ..simulation.run import package_version
from ..loading.scenario import Scenario, load_scenario

#: Default shortest period (model time units, Year) that :func:`dominance_periods` keeps apart.
MIN_PERIOD = 2.0
#: What ``dominant`` holds at a time when no named loop is active (all scores 0 or NaN).
NO_LOOP = ""


class Period(NamedTuple):
    """A stretch of time over which one named loop dominates.

    Attributes
    ----------
    start, end : float
        From ``start`` to ``end`` (model time units): ``end`` is the next
        period's start, or the last saved time.
    loop : str
        The dominant loop's name (:data:`NO_LOOP` where none is active).
    mean_score : float
        Mean relative score (Dmnl, signed) of that loop over the period's saved
        times (``end`` excluded, except for the last period).
    """

    start: float
    end: float
    loop: str
    mean_score: float


@provenance.api("entropy.loop_dominance")
def loop_dominance(scenario: Scenario | str | os.PathLike[str],
                   loops: LoopSet | str | os.PathLike[str] | None = None) -> xr.Dataset:
    """Scores of a scenario's named feedback loops over time (Loops that Matter, on Simlin).

    Parameters
    ----------
    scenario : Scenario, str or path-like
        A scenario, a scenario file, or a shipped scenario's name.
    loops : LoopSet, str, path-like or None
        The named loops: a loaded set, a loops file, or None for the model's
        own ``loops.toml`` (in the model's folder).

    Returns
    -------
    xarray.Dataset
        Dimensions ``loop`` (the names, in file order) and ``time``:

        - ``relative_score`` (loop, time), Dmnl: Simlin's relative loop score,
          signed (a balancing loop reads negative), in [-1, 1]: the loop's
          share of the absolute scores of the loops in its cycle partition
          (every loop when Simlin enumerates them all, ``ltm_mode``
          ``exhaustive``; the named loops only in ``discovery`` mode, used for
          large models). 0 at the first saved time (no change yet).
        - ``absolute_score`` (loop, time), Dmnl: the raw loop score, not
          normalised (the product of its link scores).
        - ``dominant`` (time): the named loop with the largest absolute relative
          score at each saved time, ``""`` where none is active.
        - ``title``, ``polarity`` (declared), ``observed_polarity`` (Simlin's
          classification of the run: R, B, Rux, Bux or U), ``switch`` (``""``
          if none), ``variables`` (Vensim names joined by `` -> ``) and
          ``partition`` (Simlin's cycle partition; relative scores compare
          only within one) over ``loop``.

        Attributes record the model, its SHA-256, the scenario as TOML, the
        loops file and its SHA-256, the engine, its version and ``ltm_mode``.

    Raises
    ------
    ScenarioError
        Bad scenario or loops file, a loops file of another model, or a
        declared polarity that the model's links contradict.
    EngineError
        Simlin failed, or did not score a named loop.
    """
    import simlin

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    model = sc.model
    if not isinstance(loops, LoopSet):
        loops = load_loops(loops, model)
    elif loops.model.sha256 != model.sha256:
        raise ScenarioError(f"{loops.source or 'the loops'}: checked against model {loops.model.path}, "
                            f"but scenario {sc.name} runs {model.path}; load the loops for that model")
    where = str(loops.source) if loops.source else "the loops"
    plan = RunPlan(start=sc.start, end=sc.end, time_step=sc.time_step, save_period=sc.save_period,
                   changes=dict(sc.changes))
    times = plan.save_times()
    # Simlin saves a score for every link and loop besides the variables: bound
    # them like a run's values, before anything is compiled.
    graph = causal_inputs(model)
    scored = sum(model.element_count(n) * (1 + 2 * len(graph.get(n, ()))) for n in model.variables)
    check_run_values(f"{sc.source or sc.name} (loop scores)", len(times), scored + 2 * len(loops.loops))
    try:
        scores, info, mode = _scores(sc, plan, loops)
    except simlin.SimlinError as exc:
        raise EngineError(f"{model.path}: Simlin's loop analysis failed: {exc}") from exc
    rel = np.stack([scores[n][0] for n in loops.names])
    raw = np.stack([scores[n][1] for n in loops.names])
    if rel.shape[1] != len(times):
        raise EngineError(f"{model.path}: Simlin saved {rel.shape[1]} steps, expected {len(times)}")
    for lp in loops.loops:
        structural = info[lp.name]["structural"]
        if structural in ("R", "B") and structural != lp.polarity[0].upper():
            raise ScenarioError(
                f"{where}: loop {lp.name!r} is declared {lp.polarity}, but its links make it "
                f"{'reinforcing' if structural == 'R' else 'balancing'} (an even number of negative links "
                "is reinforcing, an odd number balancing); allowed: the polarity of its links")
    real = model.variables
    loop_attrs: dict[str, Any] = {
        "title": ("loop", [lp.title for lp in loops.loops], {"long_name": "Loop title"}),
        "polarity": ("loop", [lp.polarity for lp in loops.loops], {"long_name": "Declared polarity"}),
        "observed_polarity": ("loop", [info[n]["observed"] for n in loops.names],
                              {"long_name": "Simlin's polarity in this run (R, B, Rux, Bux, U)"}),
        "switch": ("loop", [real[lp.switch].real_name if lp.switch else "" for lp in loops.loops],
                   {"long_name": "Constant that knocks the loop out"}),
        "variables": ("loop", [" -> ".join(real[v].real_name for v in lp.variables) for lp in loops.loops],
                      {"long_name": "The cycle, in causal order"}),
        "partition": ("loop", np.array([info[n]["partition"] for n in loops.names], dtype=np.int64),
                      {"long_name": "Simlin's cycle partition (-1: none)"}),
    }
    ds = xr.Dataset(
        {
            "relative_score": (("loop", "time"), rel, {
                "units": "Dmnl", "long_name": "Relative loop score",
                "description": "Signed share of the absolute loop scores of the loop's cycle partition"}),
            "absolute_score": (("loop", "time"), raw, {
                "units": "Dmnl", "long_name": "Loop score",
                "description": "Raw loop score: the product of the loop's link scores, not normalised"}),
            "dominant": ("time", dominant_loops(rel, loops.names), {
                "long_name": "Dominant named loop", "description": "Largest absolute relative score"}),
            **loop_attrs,
        },
        coords={"loop": ("loop", loops.names),
                "time": ("time", times, provenance.time_attrs(provenance.time_units(model)))},
    )
    ds.attrs.update({
        "title": f"{model.name}: {sc.name}: loop dominance",
        "model": model.name,
        "model_file": str(model.path),
        "model_sha256": model.sha256,
        "scenario": sc.name,
        "scenario_toml": sc.to_toml(),
        "loops_file": str(loops.source) if loops.source else "",
        "loops_sha256": loops.sha256,
        "engine": "simlin",
        "engine_version": str(simlin.__version__),
        "ltm_mode": mode,
        "time_step": sc.time_step,
        "save_period": sc.save_period,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "entropy_version": package_version(),
        **provenance.describe(model, ["simlin"]),
    })
    return ds


def _scores(sc: Scenario, plan: RunPlan, loops: LoopSet
            ) -> tuple[dict[str, tuple[NDArray[np.float64], NDArray[np.float64]]], dict[str, dict[str, Any]], str]:
    """Run Simlin with loop scores: per loop name its (relative, raw) series and what Simlin says of it."""
    import simlin

    model = sc.model
    ident = model.simlin_names()
    sm = _prepared(model, plan)  # horizon and step changes
    # Loop scores need the scenario's constants in the equations (no overrides
    # with loops that matter): scalars by name, arrayed ones element by element.
    scalars, arrays = settings(model, {k: v for k, v in sc.constants.items() if k not in sc.changes}, {})
    with sm.edit() as (current, patch):
        for key, value in scalars.items():
            if not isinstance(value, (int, float)):  # step changes were left out above
                continue
            var = current[ident[key]]
            if not isinstance(var, simlin.Aux):
                raise EngineError(f"{model.path}: {key} is not a constant in Simlin; it cannot be set")
            patch.upsert(dataclasses.replace(var, equation=repr(float(value))))
        for name, per in arrays.items():
            var = current[ident[name]]
            if not isinstance(var, simlin.Aux):
                raise EngineError(f"{model.path}: {name} is not a constant in Simlin; it cannot be set")
            patch.upsert(_per_element(model, name, var, per))
        for lp in loops.loops:
            patch.set_loop_name(lp.name, [ident[v] for v in lp.variables])
    structural = {lp.name: str(lp.polarity) for lp in sm.loops if lp.name}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with sm.simulate(enable_ltm=True) as sim:
            sim.run_to_end()
            mode = str(sim.get_ltm_mode())
            found = {lp.name: lp for lp in sim.get_loops_runtime() if lp.name}
            out: dict[str, tuple[NDArray[np.float64], NDArray[np.float64]]] = {}
            info: dict[str, dict[str, Any]] = {}
            for lp in loops.loops:
                hit = found.get(lp.name)
                if hit is None or set(hit.variables) != {ident[v] for v in lp.variables}:
                    where = loops.source or "the loops"
                    raise EngineError(
                        f"{where}: loop {lp.name!r}: Simlin found no feedback loop through exactly "
                        f"{', '.join(model.variables[v].real_name for v in lp.variables)} to score "
                        "(a loop through a delay or smooth function has hidden stocks; list its variables "
                        "as Simlin's loops show them)")
                out[lp.name] = (np.asarray(sim.get_relative_loop_score(hit.id), dtype=np.float64),
                                np.asarray(sim.get_loop_score(hit.id), dtype=np.float64))
                info[lp.name] = {"structural": structural.get(lp.name, "U"), "observed": str(hit.polarity),
                                 "partition": -1 if hit.partition is None else int(hit.partition)}
    return out, info, mode


def dominant_loops(relative: NDArray[np.float64], names: list[str]) -> NDArray[np.str_]:
    """The name with the largest absolute score at each time (``relative``: loops x times).

    NaN counts as no activity; where every loop is 0 or NaN the result is
    :data:`NO_LOOP`. Ties go to the loop listed first.
    """
    size = np.nan_to_num(np.abs(relative), nan=0.0)
    best = np.argmax(size, axis=0)
    labels = np.array(names + [NO_LOOP], dtype=object)
    best = np.where(size.max(axis=0) > 0, best, len(names))
    return np.asarray(labels[best].astype(str))


def dominance_periods(ds: xr.Dataset, min_period: float = MIN_PERIOD) -> list[Period]:
    """Turn ``dominant`` over time into periods, with short ones merged away.

    Consecutive saved times with the same dominant loop form a period, from
    its first time to the next period's first (the last ends at the last
    saved time). Then, shortest first (the earlier on a tie), a period shorter
    than ``min_period`` is merged into the longer of its neighbours (the
    earlier on a tie), taking that neighbour's loop, and neighbours that now
    name the same loop join. Nothing is dropped: the periods cover the whole
    run, and a merged period's mean score is that loop's mean over all its
    times, the absorbed ones included. A run shorter than ``min_period`` is
    one period.

    Parameters
    ----------
    ds : xarray.Dataset
        From :func:`loop_dominance`.
    min_period : float
        Shortest period kept apart, in model time units (Year); 0 keeps every one.

    Returns
    -------
    list of Period

    Raises
    ------
    ScenarioError
        If ``min_period`` is negative, NaN or infinite.
    """
    if isinstance(min_period, bool) or not isinstance(min_period, (int, float)) \
            or not math.isfinite(min_period) or min_period < 0:
        raise ScenarioError(f"min_period = {min_period!r}; allowed: a finite number >= 0 (Year)")
    times = np.asarray(ds["time"].values, dtype=np.float64)
    labels = [str(x) for x in ds["dominant"].values]
    # Runs of equal labels as [first index, index after last, label].
    runs: list[list[Any]] = []
    for i, label in enumerate(labels):
        if runs and runs[-1][2] == label:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1, label])

    def length(r: list[Any]) -> float:
        return float(times[min(r[1], len(times) - 1)] - times[r[0]])

    while len(runs) > 1:
        short = [k for k, r in enumerate(runs) if length(r) < min_period]
        if not short:
            break
        k = min(short, key=lambda j: (length(runs[j]), j))
        neighbours = [j for j in (k - 1, k + 1) if 0 <= j < len(runs)]
        into = max(neighbours, key=lambda j: (length(runs[j]), -j))
        runs[into][0], runs[into][1] = min(runs[into][0], runs[k][0]), max(runs[into][1], runs[k][1])
        del runs[k]
        joined: list[list[Any]] = []
        for r in runs:
            if joined and joined[-1][2] == r[2]:
                joined[-1][1] = r[1]
            else:
                joined.append(r)
        runs = joined
    rel = ds["relative_score"]
    periods = []
    for a, b, label in runs:
        mean = math.nan
        if label != NO_LOOP:
            values = np.asarray(rel.sel(loop=label).values[a:b], dtype=np.float64)
            values = values[np.isfinite(values)]
            mean = float(values.mean()) if values.size else math.nan
        periods.append(Period(float(times[a]), float(times[min(b, len(times) - 1)]), label, mean))
    return periods


@provenance.api("entropy.analysis.loops.write_dominance")
def write_dominance(ds: xr.Dataset, path: str | os.PathLike[str]) -> Path:
    """Write a :func:`loop_dominance` Dataset atomically: ``.nc`` (netCDF) or ``.csv``.

    The CSV has one row per loop and saved time: ``loop``, ``time``, the two
    scores, the loop's title and polarities, and the dominant loop at that time.

    Raises
    ------
    EntropyError
        Unknown suffix or a destination that cannot be written.
    """
    p = check_output_path(path)
    if p.suffix.lower() == ".nc":
        stamped = provenance.for_file(ds)  # CF attributes, history naming this command
        atomic_write(p, lambda tmp: stamped.to_netcdf(tmp, engine="h5netcdf"))
        return p
    frame = ds[["relative_score", "absolute_score"]].to_dataframe()
    per_loop = pd.DataFrame({k: ds[k].values for k in ("title", "polarity", "observed_polarity", "switch")},
                            index=pd.Index(ds["loop"].values, name="loop"))
    frame = frame.join(per_loop, on="loop")
    frame["dominant"] = np.tile(ds["dominant"].values, ds.sizes["loop"])
    atomic_write(p, lambda tmp: frame.to_csv(tmp, float_format="%.17g"))
    return p


__all__ = ["MIN_PERIOD", "NO_LOOP", "Period", "dominance_periods", "dominant_loops", "loop_dominance",
           "write_dominance"]


#: How :func:`loop_links` writes Simlin's link polarities.
LINK_SIGNS = ("+", "-", "?")


def loop_links(model: Model, loops: LoopSet) -> dict[str, list[tuple[str, str, str]]]:
    """The causal links of each named loop, with their polarity from Simlin's structure.

    Parameters
    ----------
    model : Model
        The model the loops belong to.
    loops : LoopSet
        Its named loops (e.g. ``load_loops(None, model)``), checked against
        this model.

    Returns
    -------
    dict
        Per loop name, in file order: its links in causal order, each
        ``(from, to, polarity)`` with Vensim real names and a polarity of
        ``"+"``, ``"-"`` or ``"?"``; the last link closes the loop (last
        variable to the first). The polarity is Simlin's static analysis of
        the target's equation (``Model.get_links``): ``"?"`` where it cannot
        tell the sign from the equation alone, e.g. a product with a
        constant whose sign it does not know (``1 - Switch * (1 - H)``), MIN,
        IF THEN ELSE or SAFEDIV; a flow into a stock is ``+``, out of it
        ``-``. Nothing is simulated and no constant's value is used.

    Raises
    ------
    ScenarioError
        The loops were checked against another model.
    ModelError
        Simlin cannot read the model, or has no link that a loop names.
    """
    import simlin

    if loops.model.sha256 != model.sha256:
        raise ScenarioError(f"{loops.source or 'the loops'}: checked against model {loops.model.path}, "
                            f"not {model.path}; load the loops for that model")
    ident = model.simlin_names()
    try:
        found = simlin.load(_runnable_copy(model)).get_links()
    except simlin.SimlinError as exc:
        raise ModelError(f"{model.path}: Simlin cannot read this model: {exc}") from exc
    signs: dict[tuple[str, str], str] = {}
    for link in found:
        sign = str(link.polarity) if str(link.polarity) in LINK_SIGNS else "?"
        key = (link.from_var, link.to_var)
        # Two links between the same variables that disagree leave the sign open.
        signs[key] = sign if signs.get(key, sign) == sign else "?"
    real = model.variables
    out: dict[str, list[tuple[str, str, str]]] = {}
    for lp in loops.loops:
        names = lp.variables
        links = []
        for source, target in zip(names, (*names[1:], names[0])):
            found_sign = signs.get((ident[source], ident[target]))
            if found_sign is None:
                raise ModelError(f"{model.path}: Simlin has no link from {real[source].real_name!r} to "
                                 f"{real[target].real_name!r}, which loop {lp.name!r} passes")
            links.append((real[source].real_name, real[target].real_name, found_sign))
        out[lp.name] = links
    return out


__all__ += ["LINK_SIGNS", "loop_links"]
