"""Model formats and time-varying inputs, measured in one run on this machine (``make bench``).

Prints, each the median of several repetitions taken in this one run:

- one run of ``bau`` (2025-2225) from ``cluster.mdl`` and from the same model
  saved as XMILE by pysimlin, on Simlin and on PySD, and the XMILE/.mdl ratio
  (the XMILE file is checked and rebuilt once; runs reuse the cached copy);
- loading the XMILE model's metadata (our own reader) against the ``.mdl``'s;
- ``bau`` with ``renewable_share_policy`` as a number, as a step change and as
  a 201-point yearly time series, on Simlin, PySD and the numpy batch engine
  (1,000 runs at once), each as a ratio to the number.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

import entropy
from entropy.engines import RunPlan
from entropy.engines.numpy_engine import NumpyBatch
from entropy.loading import model as model_module


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def one_run(sc: entropy.Scenario, engine: str) -> float:
    """Median time of one run of ``sc`` on ``engine`` (7 repeats on Simlin, 3 on PySD)."""
    return median_time(lambda: entropy.run(sc, engine=engine), 7 if engine == "simlin" else 3)


def main() -> int:
    import simlin

    root = Path(__file__).resolve().parents[1]
    mdl = root / "sd_models" / "cluster" / "cluster.mdl"
    folder = Path(tempfile.mkdtemp(prefix="bench-inputs-"))
    xml = folder / "cluster.xmile"
    project = simlin.load(mdl).project
    assert project is not None
    xml.write_bytes(project.to_xmile())
    levers = {
        "a number": "renewable_share_policy = 0.3",
        "a step change": "renewable_share_policy = { before = 0.1, after = 0.5, year = 2050 }",
        "a 201-point series": "renewable_share_policy = { years = [%s], values = [%s] }" % (
            ", ".join(str(y) for y in range(2025, 2226)),
            ", ".join(f"{0.1 + 0.4 * (y - 2025) / 200:.6f}" for y in range(2025, 2226))),
    }

    print("One run of bau, 2025-2225 (median):")
    by_format: dict[str, dict[str, float]] = {}
    for label, path in ((".mdl", mdl), ("XMILE", xml)):
        sc = entropy.parse_scenario(f'model = "{path}"')
        entropy.run(sc, engine="pysd")  # translation and copies made once, outside the timing
        by_format[label] = {e: one_run(sc, e) for e in ("simlin", "pysd")}
    for engine in ("simlin", "pysd"):
        a, b = by_format[".mdl"][engine], by_format["XMILE"][engine]
        print(f"  {engine:6s}  .mdl {a * 1e3:8.1f} ms   XMILE {b * 1e3:8.1f} ms   XMILE/.mdl {b / a:5.2f}")

    def metadata(path: Path) -> None:
        model_module._LOADED.clear()
        entropy.load_model(path)

    m, x = median_time(lambda: metadata(mdl), 7), median_time(lambda: metadata(xml), 7)
    print(f"Metadata (our own readers): .mdl {m * 1e3:.1f} ms, XMILE {x * 1e3:.1f} ms, ratio {x / m:.2f}")

    print("bau with renewable_share_policy as ... (median; ratio to a number):")
    base: dict[str, float] = {}
    for label, text in levers.items():
        sc = entropy.parse_scenario(f'model = "cluster"\n[levers]\n{text}\n')
        row = {e: one_run(sc, e) for e in ("simlin", "pysd")}
        plan = RunPlan(sc.start, sc.end, sc.time_step, sc.save_period, dict(sc.constants), dict(sc.changes),
                       ("binding_load_ratio",))
        batch = NumpyBatch(sc.model, plan)
        row["numpy x1000"] = median_time(lambda: batch.run_many({"reduce_policy": np.full(1000, 0.1)}), 3)
        base = base or row
        cells = "   ".join(f"{e} {t * 1e3:8.1f} ms ({t / base[e]:4.2f}x)" for e, t in row.items())
        print(f"  {label:20s}  {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
