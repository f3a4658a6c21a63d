"""Engine benchmarks, measured in one run on this machine (``make bench``).

Prints: the time to read the cluster model's metadata (our own reader), to
translate it with PySD (cold cache) and to check a cached translation; one run of
``bau`` (2025-2225, at its shipped time step) on each engine and their ratio; a 1,000-year run
on each engine. Each figure is the median of several repetitions, so that the
ratios compare numbers taken minutes apart on the same (shared, noisy) machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import entropy
from entropy.loading import model as model_module


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    mdl = entropy.list_models()["cluster"]
    rows: list[tuple[str, float, str]] = []

    with tempfile.TemporaryDirectory() as cache:
        os.environ["ENTROPY_CACHE_DIR"] = cache

        def clear_cache() -> None:
            for sub in Path(cache).glob("pysd-*"):
                for d in sub.iterdir():
                    for f in d.rglob("*"):
                        if f.is_file():
                            f.unlink()
                    for f in sorted(d.rglob("*"), reverse=True):
                        f.rmdir()
                    d.rmdir()

        def metadata() -> None:
            model_module._LOADED.clear()
            entropy.load_model(mdl)

        def translate() -> None:
            clear_cache()
            entropy.load_model(mdl).python_file

        def checked_translation() -> None:
            entropy.load_model(mdl).python_file

        rows.append(("read cluster.mdl metadata (own reader, no PySD)", median_time(metadata, 5), "s"))
        rows.append(("translate cluster.mdl (PySD, cleaned copy + code check)", median_time(translate, 3), "s"))
        rows.append(("cached translation, manifest checked", median_time(checked_translation, 5), "s"))
        del os.environ["ENTROPY_CACHE_DIR"]
        model_module._LOADED.clear()

    bau = entropy.load_scenario("bau")
    entropy.run(bau, engine="simlin")  # warm both engines' imports
    entropy.run(bau, engine="pysd")
    t_pysd = median_time(lambda: entropy.run(bau, engine="pysd"), 5)
    t_simlin = median_time(lambda: entropy.run(bau, engine="simlin"), 20)
    rows.append((f"bau 2025-2225 dt {bau.time_step:g}, PySD", t_pysd, "s"))
    rows.append((f"bau 2025-2225 dt {bau.time_step:g}, Simlin", t_simlin, "s"))
    rows.append(("  ratio PySD / Simlin", t_pysd / t_simlin, "x"))

    long = bau.with_horizon(end=3025)
    l_pysd = median_time(lambda: entropy.run(long, engine="pysd"), 3)
    l_simlin = median_time(lambda: entropy.run(long, engine="simlin"), 10)
    rows.append((f"bau 1,000 years (2025-3025) dt {bau.time_step:g}, PySD", l_pysd, "s"))
    rows.append((f"bau 1,000 years (2025-3025) dt {bau.time_step:g}, Simlin", l_simlin, "s"))
    rows.append(("  ratio PySD / Simlin", l_pysd / l_simlin, "x"))

    only = ["industrial_output", "binding_load_ratio", "ecosystem_health"]
    t_restricted = median_time(lambda: entropy.run(bau, engine="simlin", variables=only), 20)
    rows.append(("bau, Simlin, 3 variables kept", t_restricted, "s"))

    # The engines alone, without building the Dataset (what an ensemble pays).
    from entropy.engines import RunPlan, get_engine

    plan = RunPlan(bau.start, bau.end, bau.time_step, bau.save_period, variables=tuple(only))
    for name, repeat in (("pysd", 5), ("simlin", 20)):
        engine = get_engine(name)
        rows.append((f"bau, {name} engine alone, 3 variables, no Dataset",
                     median_time(lambda: engine.simulate(bau.model, plan), repeat), "s"))

    width = max(len(r[0]) for r in rows)
    print(f"entropy {entropy.__version__} benchmarks (median of repeats; python {sys.version.split()[0]})")
    for label, value, unit in rows:
        shown = f"{value * 1000:9.1f} ms" if unit == "s" else f"{value:9.1f} x "
        print(f"{label.ljust(width)}  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
