"""Ensemble benchmarks, measured in one run on this machine (``make bench``).

Prints: 10,000 runs of ``bau`` (2025-2225, dt 0.125) with the fast engine on
two Dask workers (runs per second, wall time, target < 20 s), against the same
count estimated from PySD's measured single-run time; and the scaling from 1
to 2 Dask workers on a LocalCluster (the second through a scheduler address,
as `--scheduler` uses it).
"""

from __future__ import annotations

import statistics
import sys
import time

import entropy
from entropy.ensemble import ensemble

RUNS = 10_000
SCALING_RUNS = 4_000


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    from dask.distributed import LocalCluster

    u = entropy.load_uncertainty(entropy.list_models()["cluster"].parent / "uncertainty.toml")
    bau = entropy.load_scenario("bau")

    wall = timed(lambda: ensemble([bau], u, RUNS, workers=2, chunk_size=500))
    pysd = statistics.median(timed(lambda: entropy.run(bau, engine="pysd")) for _ in range(5))
    print(f"ensemble benchmarks (entropy {entropy.__version__})")
    print(f"{RUNS} runs of bau, Simlin on 2 Dask workers: {wall:.1f} s wall ({RUNS / wall:.0f} runs/s; "
          f"target < 20 s; includes starting the cluster)")
    print(f"  the same on PySD, estimated from one run ({pysd * 1000:.0f} ms) on 2 workers: "
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
