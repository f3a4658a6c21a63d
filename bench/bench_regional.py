"""Regional-model benchmarks, measured in one run on this machine (``make bench``).

The Liaoning regional model (``sd_models/liaoning``: 9 sectors, a 9 x 9 by-product
exchange, 3,178 variable elements) is subscripted. Prints:

- one ``liaoning/bau`` run (2025-2225, dt 1/16) on Simlin, median of several, with
  the Dataset (``entropy.run``) and on a compiled simulation (what a run-by-run
  ensemble pays per member);
- PySD: the same run once (minutes), and at a coarser step (dt 0.25, 2025-2075)
  once, against Simlin at that step, with the ratios;
- the numpy batch engine in this process on sampled members (CPU time a run), the
  first members compared with Simlin's runs element by element;
- 10,000 members of ``liaoning/bau`` sampled from ``sd_models/liaoning/uncertainty.toml``
  with ``entropy.ensemble`` on 2 workers (the numpy engine): wall time and runs a
  second (Dask start included);
- Simlin run by run (``vectorise=False``) on a few hundred members, extrapolated
  linearly to 10,000.

Figures only: nothing is asserted about speed. The machine may be shared; the
load average is printed with the figures.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

import entropy
from entropy.engines import NumpyBatch, RunPlan, get_batch
from entropy.simulation.ensemble import DEFAULT_VARIABLES, ensemble

RUNS = 10_000
SIMLIN_MEMBERS = 300
NUMPY_MEMBERS = 1_024
CHECKED = 8
REPEATS = 7


def timed(fn: Callable[[], object]) -> float:
    """Wall seconds of one call."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def load() -> str:
    """The load average over the last minute, as text."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:  # pragma: no cover - not on this platform
        return "?"


def main() -> int:
    bau = entropy.load_scenario("liaoning/bau")
    model = bau.model
    u = entropy.load_uncertainty(entropy.list_models()["liaoning"].parent / "uncertainty.toml")
    elements = sum(model.element_count(v) for v in model.variables)
    steps = round((bau.end - bau.start) / bau.time_step)
    print(f"regional model benchmarks (entropy {entropy.__version__}; liaoning/bau {bau.start:g}-{bau.end:g}, "
          f"dt {bau.time_step:g} ({steps} steps), {len(model.variables)} variables, {elements} elements; "
          f"{len(u.names)} uncertain parameters; load {load()})")

    # --- one run: Simlin and PySD
    entropy.run(bau, engine="simlin")  # warm: the runnable copy of the file
    simlin_run = statistics.median(timed(lambda: entropy.run(bau, engine="simlin")) for _ in range(REPEATS))
    plan = RunPlan(bau.start, bau.end, bau.time_step, bau.save_period, dict(bau.constants), dict(bau.changes),
                   DEFAULT_VARIABLES)
    simlin_batch = get_batch("simlin", model, plan)
    members = u.sample(SIMLIN_MEMBERS, "lhs", 1)
    def member(row: np.ndarray) -> float:
        return timed(lambda: simlin_batch.run(dict(zip(u.names, map(float, row)))))

    compiled = statistics.median(member(row) for row in members[:20])
    print(f"one run on Simlin: {simlin_run * 1000:.0f} ms with the Dataset (median of {REPEATS}); "
          f"{compiled * 1000:.0f} ms a sampled member on a compiled simulation (median of 20)")
    translate = timed(lambda: model.python_file)  # PySD's translation, once per model file (cached)
    coarse = bau.with_horizon(end=2075, time_step=0.25)
    pysd_coarse = timed(lambda: entropy.run(coarse, engine="pysd"))
    simlin_coarse = statistics.median(timed(lambda: entropy.run(coarse, engine="simlin")) for _ in range(REPEATS))
    print(f"PySD at dt 0.25, 2025-2075 ({round(50 / 0.25)} steps): {pysd_coarse:.1f} s (one run), Simlin "
          f"{simlin_coarse * 1000:.0f} ms (median of {REPEATS}): PySD/Simlin {pysd_coarse / simlin_coarse:.0f}x "
          f"(translation, once per file: {translate:.1f} s)")
    pysd_full = timed(lambda: entropy.run(bau, engine="pysd"))
    print(f"PySD at dt {bau.time_step:g}, {bau.start:g}-{bau.end:g}: {pysd_full:.0f} s (one run); "
          f"PySD/Simlin {pysd_full / simlin_run:.0f}x")

    # --- the numpy batch engine in this process
    numpy_batch = NumpyBatch(model, plan)
    sample = u.sample(NUMPY_MEMBERS, "lhs", 2)
    overrides = {k: sample[:, j] for j, k in enumerate(u.names)}
    wall, cpu = time.perf_counter(), time.process_time()
    result = numpy_batch.run_many(overrides)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    same = 0
    for i in range(CHECKED):
        ref = simlin_batch.run({k: float(v[i]) for k, v in overrides.items()})
        same += all(np.array_equal(ref[v], result[v][:, i], equal_nan=True) for v in DEFAULT_VARIABLES)
    print(f"numpy engine in one process, {NUMPY_MEMBERS} sampled members: {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"({cpu / NUMPY_MEMBERS * 1000:.1f} ms CPU a run, Simlin {compiled * 1000:.0f} ms: "
          f"{compiled / (cpu / NUMPY_MEMBERS):.0f}x); first {CHECKED} equal to Simlin's runs: {same} of {CHECKED}")

    # --- ensembles on 2 workers
    print(f"ensembles of liaoning/bau on 2 Dask workers, chunks of 500 (cluster start included; load {load()}):")
    try:
        engine = ""

        def vectorised() -> None:
            nonlocal engine
            ds = ensemble([bau], u, RUNS, seed=1, workers=2, chunk_size=500)
            engine = f"{ds.attrs['batch_engine']}, {ds.attrs['failed_runs']} failed"

        ens = timed(vectorised)
        print(f"  {RUNS} runs, numpy engine ({engine}): {ens:.1f} s wall, {RUNS / ens:.0f} runs/s "
              f"(target < 120 s)")
    except Exception as exc:  # noqa: BLE001 - a figure that cannot be measured is said so
        ens = float("nan")
        print(f"  {RUNS} runs, numpy engine: not measured ({type(exc).__name__}: {str(exc)[:200]})")
    serial = timed(lambda: ensemble([bau], u, SIMLIN_MEMBERS, seed=1, workers=2, chunk_size=50, vectorise=False))
    estimate = serial * RUNS / SIMLIN_MEMBERS
    ratio = f"{estimate / ens:.1f}x the numpy ensemble" if ens == ens else "the numpy ensemble not measured"
    print(f"  {SIMLIN_MEMBERS} runs, Simlin run by run (vectorise=False): {serial:.1f} s wall, "
          f"{SIMLIN_MEMBERS / serial:.1f} runs/s; extrapolated linearly to {RUNS}: {estimate:.0f} s ({ratio})")
    print(f"  PySD, estimated from its one run on 2 workers: {pysd_full * RUNS / 2 / 3600:.0f} h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
