"""Front-end benchmarks, measured in one run on this machine (``make bench``).

Prints: the time from a slider key press to the updated metric and chart in
headless Chromium (median of 20 changes, each to a value not seen before, so
no cached run is reused), the time of one interactive run (the variables
the Explore page draws) on each engine, and the time the page spends turning
a run into its metrics and chart specs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import entropy  # noqa: E402
from ui import harness  # noqa: E402
from ui.cache import EXPLORE_VARIABLES  # noqa: E402

CHANGES = 20
#: A metric that moves at every step of the slider (reduce 0.01 to 0.21 adds 1-2 TJ/K a step:
#: less metal per unit of output, more growth before overshoot).
LABEL = "Non-renewable entropy"
SLIDER = "Reduce: cut in metal per unit of output"


def browser_latencies() -> list[float]:
    """Seconds from each key press to the changed metric and chart."""
    times = []
    with harness.serve() as url, harness.browser_page() as page:
        page.goto(url)
        harness.wait_ready(page)
        slider = harness.slider(page, SLIDER)
        slider.focus()
        slider.press("ArrowRight")  # warm up: first run compiles caches
        page.wait_for_function("(el) => el.value === '0.01'", arg=slider.element_handle())
        page.wait_for_timeout(1500)
        for _ in range(CHANGES):
            metric = harness.metric(page, LABEL) or ""
            chart = harness.chart_data(page) or ""
            t0 = time.perf_counter()
            slider.press("ArrowRight")
            harness.wait_changed(page, LABEL, metric, chart)
            times.append(time.perf_counter() - t0)
            page.wait_for_timeout(200)  # let the rerun settle before the next press
    return times


def engine_time(engine: str, repeat: int) -> float:
    sc = entropy.load_scenario("bau").with_levers(reduce_policy=0.2)
    entropy.run(sc, engine=engine, variables=EXPLORE_VARIABLES)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        entropy.run(sc, engine=engine, variables=EXPLORE_VARIABLES)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def page_time(repeat: int) -> float:
    """Seconds the Explore page spends on its figures for a run: ten headline metrics and ten charts."""
    from ui import charts, views

    bau = entropy.run("bau", engine="simlin", variables=EXPLORE_VARIABLES)
    ds = entropy.run(entropy.load_scenario("bau").with_levers(reduce_policy=0.2), engine="simlin",
                     variables=EXPLORE_VARIABLES)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        views.headline(ds, bau, "en")
        charts.explore_charts(ds, bau, "en")
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> int:
    if not Path(harness.CHROMIUM).exists():
        print(f"bench_ui: {harness.CHROMIUM} missing; `make test` installs Debian's chromium")
        return 1
    lat = browser_latencies()
    simlin = engine_time("simlin", 20)
    pysd = engine_time("pysd", 5)
    page = page_time(20)
    print("front end (headless Chromium, this machine)")
    print(f"slider key press -> updated metric and chart: median {statistics.median(lat) * 1000:.0f} ms "
          f"(min {min(lat) * 1000:.0f}, max {max(lat) * 1000:.0f}, {len(lat)} changes; target < 150 ms)")
    print(f"one interactive run, Simlin: {simlin * 1000:.1f} ms")
    print(f"one interactive run, PySD:   {pysd * 1000:.1f} ms  (ratio {pysd / simlin:.0f}x)")
    print(f"the page's figures for a run (10 metrics, 10 chart specs): {page * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
