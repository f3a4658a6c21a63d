"""The numpy batch engine against Simlin, in one process (``make bench``).

Prints: 10,000 runs of ``bau`` (2025-2225 at the scenario's time step, every
shipped uncertain parameter sampled, the ensemble's default variables kept)
on the numpy engine in this process (wall and CPU time), against Simlin's
median sampled run on a compiled simulation times 10,000, and their ratio;
and whether the first 100 members equal Simlin's runs to the bit. The
machine may be shared: CPU time is the steadier figure.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import entropy
from entropy.engines import RunPlan, get_batch
from entropy.simulation.ensemble import DEFAULT_VARIABLES

RUNS = 10_000
SIMLIN_SAMPLE = 200
CHECKED = 100


def main() -> int:
    u = entropy.load_uncertainty(entropy.list_models()["cluster"].parent / "uncertainty.toml")
    bau = entropy.load_scenario("bau")
    plan = RunPlan(bau.start, bau.end, bau.time_step, bau.save_period, dict(bau.constants),
                   dict(bau.changes), DEFAULT_VARIABLES)
    samples = u.sample(RUNS, "lhs", 1)
    overrides = {k: samples[:, j] for j, k in enumerate(u.names)}

    numpy_batch = get_batch("numpy", bau.model, plan)
    wall, cpu = time.perf_counter(), time.process_time()
    result = numpy_batch.run_many(overrides)  # type: ignore[union-attr]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    simlin = get_batch("simlin", bau.model, plan)
    times = []
    same = 0
    for i in range(SIMLIN_SAMPLE):
        t = time.process_time()
        ref = simlin.run({k: float(v[i]) for k, v in overrides.items()})
        times.append(time.process_time() - t)
        if i < CHECKED:
            same += all(np.array_equal(ref[v], result[v][:, i], equal_nan=True) for v in DEFAULT_VARIABLES)
    one = statistics.median(times)

    steps = round((bau.end - bau.start) / bau.time_step)
    print(f"numpy batch engine (entropy {entropy.__version__}; bau {bau.start:g}-{bau.end:g}, {steps} steps, "
          f"{len(u.names)} uncertain parameters, {len(DEFAULT_VARIABLES)} variables kept)")
    print(f"{RUNS} runs, numpy engine in one process: {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"({cpu / RUNS * 1000:.2f} ms CPU a run)")
    print(f"  Simlin, median of {SIMLIN_SAMPLE} sampled runs: {one * 1000:.2f} ms CPU a run, "
          f"{one * RUNS:.0f} s for {RUNS}; numpy {one * RUNS / cpu:.1f}x faster")
    print(f"  first {CHECKED} members equal to Simlin's runs to the bit: {same} of {CHECKED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
