"""Ensemble benchmarks, measured in one run on this machine (``make bench``).

Prints: 10,000 runs of ``bau`` (2025-2225 at the scenario's time step, all the
shipped uncertain parameters sampled, the default variables kept) on two Dask
workers (runs per second, wall time, target < 20 s), vectorised on the numpy
batch engine (the default) and Simlin run by run, against the same count
estimated from PySD's measured single-run time; one Simlin run in this process
(the floor a run-by-run ensemble cannot beat); and the scaling from 1 to 2
Dask workers on a LocalCluster (the second through a scheduler address, as
`--scheduler` uses it).
"""

from __future__ import annotations

import statistics
import sys
import time

import entropy
from entropy.engines import RunPlan, get_batch
from entropy.simulation.ensemble import DEFAULT_VARIABLES, ensemble

RUNS = 10_000
SCALING_RUNS = 4_000


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def one_run_seconds(sc: entropy.Scenario, u: entropy.UncertaintySet, n: int = 50) -> float:
    """Median seconds of one sampled Simlin run on a compiled simulation (no Dask, no files)."""
    batch = get_batch("simlin", sc.model, RunPlan(sc.start, sc.end, sc.time_step, sc.save_period,
                                                  dict(sc.constants), dict(sc.changes), DEFAULT_VARIABLES))
    rows = u.sample(n, "lhs", 0)
    return statistics.median(timed(lambda r=r: batch.run(dict(zip(u.names, map(float, r))))) for r in rows)


def main() -> int:
    from dask.distributed import LocalCluster

    u = entropy.load_uncertainty(entropy.list_models()["cluster"].parent / "uncertainty.toml")
    bau = entropy.load_scenario("bau")

    one = one_run_seconds(bau, u)
    batch_engine = ""

    def vectorised() -> None:
        nonlocal batch_engine
        batch_engine = ensemble([bau], u, RUNS, workers=2, chunk_size=500).attrs["batch_engine"]

    wall = timed(vectorised)
    serial = timed(lambda: ensemble([bau], u, RUNS, workers=2, chunk_size=500, vectorise=False))
    pysd = statistics.median(timed(lambda: entropy.run(bau, engine="pysd")) for _ in range(5))
    print(f"ensemble benchmarks (entropy {entropy.__version__}; {len(u.names)} uncertain parameters, "
          f"time step {bau.time_step:g}, {len(DEFAULT_VARIABLES)} variables kept)")
    print(f"one sampled Simlin run in process: {one * 1000:.1f} ms (2 workers at best: "
          f"{one * RUNS / 2:.1f} s for {RUNS} runs)")
    print(f"{RUNS} runs of bau on 2 Dask workers, chunks of 500 (target < 20 s; includes starting the cluster):")
    print(f"  engine simlin, vectorised ({batch_engine}): {wall:.1f} s wall ({RUNS / wall:.0f} runs/s)")
    print(f"  engine simlin, run by run (vectorise=False): {serial:.1f} s wall ({RUNS / serial:.0f} runs/s; "
          f"{one * RUNS / 2 / serial:.0%} of the 2-core floor); the vectorised ensemble {serial / wall:.1f}x faster")
    print(f"  PySD, estimated from one run ({pysd * 1000:.0f} ms) on 2 workers: "
          f"{pysd * RUNS / 2:.0f} s; ratio {pysd * RUNS / 2 / wall:.0f}x")

    times = {}
    for n in (1, 2):
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            ensemble([bau], u, 200, scheduler=cluster.scheduler_address, chunk_size=100)  # warm the workers
            times[n] = timed(lambda: ensemble([bau], u, SCALING_RUNS, scheduler=cluster.scheduler_address,
                                              chunk_size=250, seed=1))
    print(f"scaling, {SCALING_RUNS} runs on a warm LocalCluster: 1 worker {times[1]:.1f} s, "
          f"2 workers {times[2]:.1f} s (speed-up {times[1] / times[2]:.2f}x on 2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
