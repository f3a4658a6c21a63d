"""Decision-support benchmarks on the cluster model, measured in one run (``make bench``).

Prints, for ``bau`` with the shipped uncertainty file:

- scenario discovery (``entropy.discover``) with 5,000 runs over four levers and
  the 45 uncertain parameters, on Dask's local workers (the numpy engine): wall
  time, model runs, runs a second, and what PRIM itself took;
- optimisation (``entropy.optimize``) of the policy cost over four levers with
  P(overshoot) <= 0.1, 100 samples per candidate, 20 generations of 40
  candidates, then the check on 400 fresh samples: wall time and model runs;
- the same with two objectives (the Pareto front, NSGA-II), 10 generations.

Figures only: nothing is asserted about speed. The machine may be shared; the
load average is printed with the figures.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import entropy
from entropy.decision.discovery import _judge

LEVERS = ["reduce_policy", "recycle_policy", "by_product_exchange_policy", "decomposer_investment_share_policy"]
DISCOVERY_RUNS = 5_000


def main() -> None:
    uncertain = entropy.load_uncertainty(entropy.list_models()["cluster"].parent / "uncertainty.toml")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        d = entropy.discover("bau", uncertain, LEVERS, DISCOVERY_RUNS, out=Path(tmp) / "runs.nc")
        wall = time.perf_counter() - start
    start = time.perf_counter()
    _judge(d.scenario, d.levers, d.target, d.runs, 0.8)  # marking the runs and PRIM again, alone
    prim = time.perf_counter() - start
    box = "no box" if d.prim is None else f"coverage {d.prim.coverage:.2f}, density {d.prim.density:.2f}"
    print(f"discover: {DISCOVERY_RUNS:,} runs x {len(LEVERS)} levers + {len(uncertain.names)} uncertain parameters: "
          f"{wall:.1f} s wall ({DISCOVERY_RUNS / wall:,.0f} runs/s, Dask start and the netCDF file included), "
          f"of which marking and PRIM {prim:.2f} s; {d.share_met:.1%} met the target; {box}")
    for objectives, generations in ((["cost"], 20), (["cost", "output"], 10)):
        start = time.perf_counter()
        o = entropy.optimize("bau", uncertain, LEVERS, objectives, "p_overshoot <= 0.1", runs=100,
                             generations=generations, population=40)
        wall = time.perf_counter() - start
        if o.best is not None:
            what = (f"cost {o.best['cost']:.2f} BCNY, p_overshoot {o.best['p_overshoot']:.3f} in sample, "
                    f"{o.best['p_overshoot_check']:.3f} out of sample")
        else:
            what = f"{0 if o.front is None else len(o.front)} mixes on the front"
        print(f"optimize {'+'.join(objectives)}: {generations} generations x 40 candidates x 100 samples + check: "
              f"{o.model_runs:,} model runs in {wall:.1f} s ({o.model_runs / wall:,.0f} runs/s, one process); {what}")


if __name__ == "__main__":
    main()
