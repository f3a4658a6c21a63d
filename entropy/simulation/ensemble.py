"""Ensembles: N runs of each scenario under the same sampled parameters.

Every scenario sees the same N parameter samples (common random numbers), so
differences between scenarios are the policies', not the luck of the draw.
Runs are independent: they go in chunks to Dask (a ``LocalCluster`` of worker
processes by default, or an existing scheduler), or run in this process when
one worker is asked for. With the ``simlin`` engine, a scalar model that the
numpy batch engine runs (:mod:`entropy.engines.numpy_engine`) is integrated by
it instead: several chunks of a scenario in one task, vectorised over the runs,
with Simlin's numbers to the bit; any other model runs on Simlin one run after
another, and the result says why (``batch_engine``, ``batch_engine_note``).
With an output file, each finished chunk is written atomically to
``OUT.parts/<key>/`` with its checksum and skipped when the same ensemble is
run again, so an interrupted ensemble resumes where it stopped; a damaged part
is reported and computed again (:mod:`entropy.ensemble_parts`), and the parts
are removed once the whole result is written. A run that fails
(an engine error, or a non-finite value in a kept variable) is kept with its
parameters, ``status`` 1 and its ``error``; the others complete. Every option
is checked before any work (:mod:`entropy.ensemble_options`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from ..engines import BATCH_ENGINES, NumpyBatch, RunPlan, get_batch, numpy_supports
from ..engines.numpy_engine import BLOCK
from .ensemble_options import (CONNECT_TIMEOUT, check_chunk, check_ensemble_out, check_scheduler,
                               check_variables, check_workers)
from .ensemble_parts import Chunk, PartStore
from ..errors import EngineError, EntropyError, ScenarioError
from ..limits import MAX_ENSEMBLE_RUNS, check_ensemble_work
from ..loading.model import Model
from ..output import provenance
from ..output.files import write_ensemble
from .run import check_same_times, locate_non_finite, package_version
from ..loading.scenario import Scenario, load_scenario, parse_scenario
from ..loading.uncertainty import UncertaintySet, check_not_set, check_sampler, check_seed

__all__ = ["DEFAULT_VARIABLES", "FAILED", "OK", "Chunk", "ensemble", "run_chunk", "write_ensemble"]

#: Variables an ensemble keeps unless told otherwise: what the summaries of
#: :mod:`entropy.robustness` need (binding load, health, output) and the stocks
#: behind them (persistent pollution, ore reserve, cumulative entropy).
DEFAULT_VARIABLES = (
    "binding_load_ratio",
    "ecosystem_health",
    "industrial_output",
    "persistent_pollution",
    "ore_reserve",
    "cumulative_entropy",
)
OK, FAILED = 0, 1


def _plan(sc: Scenario, variables: Sequence[str]) -> RunPlan:
    return RunPlan(sc.start, sc.end, sc.time_step, sc.save_period, dict(sc.constants),
                   dict(sc.changes), tuple(variables))


# Compiled simulations kept for later chunks of the same scenario: per thread
# (a Simlin simulation holds state, and a web server runs sessions in threads)
# and only the few most recent (a web app asks for a new setting at every move).
_LOCAL = threading.local()
_KEEP = 8


def _batch(scenario_toml: str, engine: str, variables: tuple[str, ...]) -> Any:
    cache: OrderedDict[tuple[str, str, tuple[str, ...]], Any] = getattr(_LOCAL, "batches", None) or OrderedDict()
    _LOCAL.batches = cache
    key = (scenario_toml, engine, variables)
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    sc = parse_scenario(scenario_toml, name="ensemble")
    cache[key] = get_batch(engine, sc.model, _plan(sc, variables))
    while len(cache) > _KEEP:
        cache.popitem(last=False)
    return cache[key]


def run_chunk(scenario_toml: str, engine: str, variables: tuple[str, ...], names: list[str],
              values: np.ndarray) -> dict[str, Any]:
    """Run one chunk (in a worker): one row of ``values`` per run.

    Returns arrays ``(runs, time)`` per variable (``(runs, time, *dims)`` for
    an arrayed one), ``status`` and ``error``.
    The compiled simulation is kept per worker process and reused by later
    chunks of the same scenario. A run that raises, or whose kept variables
    are not all finite, is marked failed with the reason; the others go on.
    With the numpy engine every run of the chunk is integrated at once.
    """
    batch = _batch(scenario_toml, engine, variables)
    if isinstance(batch, NumpyBatch):
        return _run_vectorised(batch, variables, names, values)
    n, nt = values.shape[0], len(batch.time)
    out = {v: np.full((n, nt, *batch.model.shape(v)), np.nan) for v in variables}
    status = np.zeros(n, dtype=np.int8)
    errors = [""] * n
    for i in range(n):
        try:
            result = batch.run(dict(zip(names, (float(x) for x in values[i]))))
            for v in variables:
                out[v][i] = result[v]
            problem = _non_finite(batch.time, out, i)
            if problem:
                raise EngineError(problem)
        except MemoryError:
            raise
        # Any other failure of one member is that member's: keep its reason, run the rest.
        except Exception as exc:  # noqa: BLE001
            status[i] = FAILED
            errors[i] = _reason(exc)
    return {"series": out, "status": status, "error": errors, "time": batch.time}


def run_chunks(scenario_toml: str, engine: str, variables: tuple[str, ...], names: list[str],
               values: np.ndarray, sizes: list[int]) -> list[dict[str, Any]]:
    """Run consecutive chunks of one scenario in one task (rows of ``values`` in order,
    ``sizes`` runs each) and return each chunk's result as :func:`run_chunk` does."""
    whole = run_chunk(scenario_toml, engine, variables, names, values)
    parts, start = [], 0
    for size in sizes:
        stop = start + size
        parts.append({"series": {v: a[start:stop] for v, a in whole["series"].items()},
                      "status": whole["status"][start:stop], "error": whole["error"][start:stop],
                      "time": whole["time"]})
        start = stop
    return parts


def _reason(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, EntropyError) else f"{type(exc).__name__}: {exc}"


def _run_vectorised(batch: NumpyBatch, variables: tuple[str, ...], names: list[str],
                    values: np.ndarray) -> dict[str, Any]:
    """Every run of a chunk at once; failures recorded per run as :func:`run_chunk` does."""
    n, nt = values.shape[0], len(batch.time)
    try:
        result = batch.run_many({k: values[:, j] for j, k in enumerate(names)}, runs=n)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - every run of the chunk fails as each would alone
        return {"series": {v: np.full((n, nt, *batch.model.shape(v)), np.nan) for v in variables},
                "status": np.full(n, FAILED, dtype=np.int8), "error": [_reason(exc)] * n, "time": batch.time}
    # The engine returns (time, runs, *dims); chunks hold (runs, time, *dims) as run_chunk does.
    out = {v: np.ascontiguousarray(np.moveaxis(result[v], 1, 0)) for v in variables}
    status = np.zeros(n, dtype=np.int8)
    errors = [""] * n
    bad = np.zeros(n, dtype=bool)
    for a in out.values():
        bad |= ~np.isfinite(a.reshape(n, -1)).all(axis=1)
    for i in np.flatnonzero(bad):
        status[i] = FAILED
        errors[i] = _non_finite(batch.time, out, int(i))
    return {"series": out, "status": status, "error": errors, "time": batch.time}


def _non_finite(time: np.ndarray, out: dict[str, np.ndarray], i: int) -> str:
    """The earliest non-finite value of run ``i`` ("non-finite VAR (VALUE) from time T"), or ""."""
    found = locate_non_finite({v: a[i] for v, a in out.items()})
    if found is None:
        return ""
    k, v, value, _ = found
    return f"non-finite {v} ({value}) from time {time[k]:g}"


def _chunks(n_scenarios: int, runs: int, size: int) -> list[Chunk]:
    return [Chunk(s, a, min(a + size, runs)) for s in range(n_scenarios) for a in range(0, runs, size)]


#: Values (runs x saved times x kept variables) a task of the numpy engine holds at most: 200 MB.
TASK_VALUES = 25_000_000


def _groups(missing: list[Chunk], vectorised: list[bool], workers: int, values_per_run: int
            ) -> list[list[Chunk]]:
    """Tasks: a chunk each, or for a vectorised scenario consecutive chunks together.

    A numpy call costs about the same for one run as for thousands, so a task
    of the numpy engine takes several chunks (up to one block of runs and
    :data:`TASK_VALUES` values), while leaving about two tasks per worker so
    that the workers finish together.
    """
    total = sum(c.stop - c.start for c in missing)
    target = max(1, min(BLOCK, TASK_VALUES // max(values_per_run, 1), -(-total // (2 * max(workers, 1)))))
    tasks: list[list[Chunk]] = []
    for s in sorted({c.scenario for c in missing}):
        mine = sorted((c for c in missing if c.scenario == s), key=lambda c: c.start)
        if not vectorised[s]:
            tasks += [[c] for c in mine]
            continue
        runs = sum(c.stop - c.start for c in mine)
        count = min(len(mine), -(-runs // target))
        size, extra = divmod(len(mine), count)
        start = 0
        for g in range(count):
            stop = start + size + (g < extra)
            tasks.append(mine[start:stop])
            start = stop
    return tasks


def _key(scenarios: Sequence[Scenario], uncertain: UncertaintySet, runs: int, sampler: str, seed: int,
         engine: str, variables: Sequence[str], chunk_size: int) -> str:
    """What identifies an ensemble's parts on disk: a resumed run must be the same run."""
    blob = json.dumps({
        "scenarios": [s.to_toml() for s in scenarios], "uncertain": uncertain.text, "runs": runs,
        "sampler": sampler, "seed": seed, "engine": engine, "variables": list(variables),
        "chunk": chunk_size, "model": scenarios[0].model.sha256, "version": package_version(),
    }, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _chunk_dataset(chunk: Chunk, result: dict[str, Any], model: Model) -> xr.Dataset:
    runs = np.arange(chunk.start, chunk.stop)
    data: dict[str, tuple[tuple[str, ...], Any]] = {
        v: (("run", "time", *model.variables[v].dims), a) for v, a in result["series"].items()}
    data["status"] = (("run",), result["status"])
    data["error"] = (("run",), np.array(result["error"], dtype=object).astype(str))
    time = ("time", result["time"], provenance.time_attrs(provenance.time_units(model)))
    return xr.Dataset(data, coords={"run": runs, "time": time})


def _execute(tasks: list[tuple[list[Chunk], tuple[Any, ...]]], workers: int, scheduler: str | None
             ) -> Iterator[tuple[Chunk, dict[str, Any]]]:
    """Yield (chunk, result) as tasks finish: in this process, or on Dask."""
    if not tasks:
        return
    if scheduler is None and workers <= 1:
        for chunks, args in tasks:
            yield from zip(chunks, run_chunks(*args))
        return
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        # No more processes than tasks: each would compile the model for nothing.
        cluster = LocalCluster(n_workers=min(workers, len(tasks)), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise EntropyError(f"scheduler (--scheduler) {scheduler}: no Dask scheduler answered within "
                               f"{CONNECT_TIMEOUT:g} s ({type(exc).__name__}); start one (dask scheduler) or "
                               "leave out --scheduler to use local worker processes") from None
    try:
        futures = {client.submit(run_chunks, *args, pure=False): chunks for chunks, args in tasks}
        for future in as_completed(futures):
            yield from zip(futures[future], future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _stderr(message: str) -> None:
    print(f"entropy: {message}", file=sys.stderr)


@provenance.api("entropy.ensemble")
def ensemble(
    scenarios: Sequence[Scenario | str | os.PathLike[str]],
    uncertain: UncertaintySet,
    runs: int,
    sampler: str = "lhs",
    seed: int = 0,
    engine: str = "simlin",
    workers: int | None = None,
    scheduler: str | None = None,
    out: str | os.PathLike[str] | None = None,
    variables: Sequence[str] = DEFAULT_VARIABLES,
    chunk_size: int = 250,
    on_chunk: Callable[[Chunk], None] | None = None,
    on_message: Callable[[str], None] | None = None,
    max_runs: int = MAX_ENSEMBLE_RUNS,
    vectorise: bool = True,
) -> xr.Dataset:
    """Run every scenario ``runs`` times under the same samples of ``uncertain``.

    Parameters
    ----------
    scenarios : sequence of Scenario, str or path-like
        Scenarios of the uncertainty file's model, with the same save times.
        None of them may set an uncertain constant (see
        :func:`entropy.loading.uncertainty.check_not_set`).
    uncertain : UncertaintySet
        From :func:`entropy.loading.uncertainty.load_uncertainty`.
    runs : int
        Runs per scenario, from 1 to ``entropy.limits.MAX_ENSEMBLE_RUNS``; with
        the kept variables and saved times also within
        ``entropy.limits.MAX_ENSEMBLE_VALUES``.
    sampler : {"lhs", "mc", "sobol"}
    seed : int
        From 0 to ``2**63 - 1``. Same seed, same samples and results, whatever
        the sampler's state elsewhere, the number of workers or the chunk size.
    engine : {"simlin", "pysd", "numpy"}
        ``simlin`` integrates with the numpy batch engine where it runs the
        model and the plan (same numbers, many times faster; see ``vectorise``),
        else with Simlin; ``numpy`` insists on the numpy engine (an error
        naming the construct it cannot run); ``pysd`` runs PySD.
    workers : int, optional
        Worker processes on this machine, 1 to 256 (default: the number of
        CPUs); 1 runs in this process.
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``); an error
        if none answers within 5 s.
    out : path, optional
        ``.nc`` or ``.zarr`` file in a writable folder; also where finished
        chunks are kept (with their checksums) for resuming.
    variables : sequence of str
        Model variables to keep over time (at least one).
    chunk_size : int
        Runs per task (at least 1).
    on_chunk : callable, optional
        Called after each chunk is safely stored (progress reporting).
    on_message : callable, optional
        Called with a sentence for each stored part that cannot be trusted and
        is computed again (default: printed on stderr).
    max_runs : int
        Largest ``runs`` allowed (a web app passes
        ``entropy.limits.WEB_MAX_ENSEMBLE_RUNS``).
    vectorise : bool
        With ``engine="simlin"``, use the numpy batch engine where it can (the
        default); False runs Simlin one run after another (for comparison).

    Returns
    -------
    xarray.Dataset
        Dimensions ``scenario``, ``run``, ``time``: the kept variables, the
        sampled parameters over ``run``, ``status`` (0 ok, 1 failed: an engine
        error or a non-finite value) and ``error``. Attributes record the
        engine asked for (``engine``), the one that ran each scenario
        (``batch_engine``) and, where the numpy engine could not, why
        (``batch_engine_note``).

    Raises
    ------
    EntropyError
        For any bad argument, before any run, sample or file.
    """
    if isinstance(scenarios, (str, os.PathLike)):
        scenarios = [scenarios]
    if not isinstance(uncertain, UncertaintySet):
        raise ScenarioError(f"uncertain must be an UncertaintySet (entropy.load_uncertainty), got "
                            f"{type(uncertain).__name__}")
    if engine not in BATCH_ENGINES:
        raise EngineError(f"unknown engine {engine!r}; allowed: {', '.join(BATCH_ENGINES)}")
    check_sampler(sampler)
    seed = check_seed(seed)
    chunk_size = check_chunk(chunk_size)
    workers = check_workers(workers)
    scheduler = check_scheduler(scheduler)
    scs = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    if not scs:
        raise ScenarioError("an ensemble needs at least one scenario")
    keep = check_variables(variables, list(scs[0].model.variables), scs[0].model.name)
    n_saved = len(_plan(scs[0], ()).save_times())
    check_same_times(scs)
    for sc in scs:
        if sc.model.sha256 != uncertain.model.sha256:
            raise ScenarioError(f"scenario {sc.name} is of model {sc.model.path}, the uncertainty file "
                                f"of {uncertain.model.path}")
        check_not_set(sc, uncertain)
    names = [str(s.name) for s in scs]
    if len(set(names)) != len(names):
        raise ScenarioError(f"scenario names must differ: {names}")
    check_ensemble_work("runs (--runs)", len(scs), runs, n_saved,
                        sum(scs[0].model.element_count(v) for v in keep), max_runs=max_runs,
                        n_parameters=len(uncertain.names))
    runs = int(runs)
    target = check_ensemble_out(out) if out is not None else None
    samples = uncertain.sample(runs, sampler, seed)
    workers = (os.cpu_count() or 1) if workers is None else workers
    key = _key(scs, uncertain, runs, sampler, seed, engine, keep, chunk_size)
    chunks = _chunks(len(scs), runs, chunk_size)
    done: dict[Chunk, xr.Dataset] = {}
    store = None
    if target is not None:
        store = PartStore(Path(str(target) + ".parts") / key, keep, n_saved, on_message or _stderr)
        for chunk in chunks if store.folder.is_dir() else ():
            part = store.load(chunk)
            if part is not None:
                done[chunk] = part
    tomls = [sc.to_toml() for sc in scs]
    engines, notes = _batch_engines(scs, keep, engine, vectorise)
    described = provenance.describe(scs[0].model, engines)  # the final result's and every stored part's
    groups = _groups([c for c in chunks if c not in done], [e == "numpy" for e in engines], workers,
                     n_saved * len(keep))
    tasks = [(group, (tomls[group[0].scenario], engines[group[0].scenario], keep, uncertain.names,
                      np.concatenate([samples[c.start:c.stop] for c in group]), [c.stop - c.start for c in group]))
             for group in groups]
    for chunk, result in _execute(tasks, workers, scheduler):
        part = _chunk_dataset(chunk, result, scs[0].model)
        if store is not None:
            store.save(chunk, part.assign_attrs(described, title=f"part of an ensemble of {scs[0].model.name}"))
        done[chunk] = part
        if on_chunk is not None:
            on_chunk(chunk)
    ds = _assemble(scs, uncertain, samples, chunks, done)
    ds.attrs.update({
        "title": f"ensemble of {scs[0].model.name}: {', '.join(names)}",
        "model": scs[0].model.name, "model_sha256": scs[0].model.sha256, "runs": runs,
        "sampler": sampler, "seed": seed, "engine": engine, "uncertainty_toml": uncertain.text,
        "batch_engine": ", ".join(f"{n}: {e}" for n, e in zip(names, engines)),
        "batch_engine_note": "; ".join(notes),
        "scenario_toml": "\n".join(f"# --- {n}\n{t}" for n, t in zip(names, tomls)),
        "failed_runs": int((ds["status"] != OK).sum()),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "entropy_version": package_version(), **described,
    })
    if target is not None:
        write_ensemble(ds, target)
        shutil.rmtree(Path(str(target) + ".parts"), ignore_errors=True)
    return ds


def _batch_engines(scs: Sequence[Scenario], keep: tuple[str, ...], engine: str, vectorise: bool
                   ) -> tuple[list[str], list[str]]:
    """The engine that runs each scenario's batches, and why the numpy engine does not where it does not."""
    if engine == "pysd" or (engine == "simlin" and not vectorise):
        return [engine] * len(scs), ([] if vectorise else ["numpy engine not asked for (vectorise=False)"])
    engines, notes = [], []
    for sc in scs:
        reason = numpy_supports(sc.model, _plan(sc, keep))
        if reason is None:
            engines.append("numpy")
        elif engine == "numpy":
            raise EngineError(f"scenario {sc.name}: {reason}")
        else:
            engines.append(engine)
            notes.append(f"{sc.name}: {reason}")
    return engines, notes


def _assemble(scs: Sequence[Scenario], uncertain: UncertaintySet, samples: np.ndarray,
              chunks: list[Chunk], done: dict[Chunk, xr.Dataset]) -> xr.Dataset:
    per_scenario = []
    for i in range(len(scs)):
        parts = sorted((c for c in chunks if c.scenario == i), key=lambda c: c.start)
        per_scenario.append(xr.concat([done[c] for c in parts], dim="run"))
    ds = xr.concat(per_scenario, dim="scenario").assign_coords(scenario=[s.name for s in scs])
    model = scs[0].model
    for name in list(ds.data_vars):
        if name in model.variables:
            info = model.variables[name]
            ds[name].attrs.update(units=info.units, description=info.comment, long_name=info.real_name)
    ds["status"].attrs.update(description="0: the run completed; 1: it failed (see error)")
    for j, p in enumerate(uncertain.parameters):
        # Named by the lever key: param_rate (every element of Rate) or param_rate[b].
        info = model.variables[p.constant]
        long_name = info.real_name + p.name[len(p.constant):]
        ds[f"param_{p.name}"] = xr.DataArray(samples[:, j], dims=("run",), attrs={
            "units": info.units, "long_name": long_name, "distribution": p.distribution,
            "parameters": json.dumps(p.params), "reason": p.reason})
    used = sorted({str(d) for v in ds.data_vars.values() for d in v.dims} - {"scenario", "run", "time"})
    ds = ds.assign_coords({d: (d, list(model.subscripts[d]), provenance.subscript_attrs(d)) for d in used})
    ds["time"].attrs.update(provenance.time_attrs(provenance.time_units(model)))
    return ds
