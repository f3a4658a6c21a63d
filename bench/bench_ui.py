"""Front-end benchmarks, measured in one run on this machine (``make bench``).

Prints: the time from a slider key press (the key event's own time stamp) to
the first frame showing the changed metric, and to the first frame in which
every chart on the page has redrawn, in headless Chromium (median of 20
changes, each to a value not seen before, so no cached run is reused), the time of one interactive run (the variables
the Explore page draws) on each engine, and the time the page spends turning
a run into its metrics and chart specs.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Sequence
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import entropy  # noqa: E402
from ui import harness  # noqa: E402
from ui.cache import EXPLORE_VARIABLES, REGIONAL_VARIABLES  # noqa: E402

CHANGES = 20
#: A metric that moves at every step of the slider (reduce 0.01 to 0.21 adds 1-2 TJ/K a step:
#: less metal per unit of output, more growth before overshoot).
LABEL = "Non-renewable entropy"
#: Per model: the page's address, the slider moved and the target (ms) of the issue.
MODELS = {
    "cluster": ("/explore", "Reduce: cut in metal per unit of output", 150),
    "liaoning": ("/explore?model=liaoning", "Reduce: cut in metal per unit of output: all sectors", 250),
}


def browser_latencies(model: str) -> list[harness.PressTimes]:
    """Per key press: milliseconds to the changed metric and to every chart redrawn (page's clock)."""
    path, label, _ = MODELS[model]
    times = []
    with harness.serve() as url, harness.browser_page() as page:
        page.goto(url + path)
        harness.wait_ready(page)
        slider = harness.slider(page, label)
        slider.focus()
        slider.press("ArrowRight")  # warm up: first run compiles caches
        page.wait_for_function("(el) => el.value === '0.01'", arg=slider.element_handle())
        page.wait_for_timeout(1500)
        for _ in range(CHANGES):
            times.append(harness.timed_press(page, "ArrowRight", LABEL))
            page.wait_for_timeout(300)  # let the rerun settle before the next press
    return times


FLOOR_APP = ROOT / "bench" / "floor_app.py"


def floor_latencies(charts: int) -> list[harness.PressTimes]:
    """As :func:`browser_latencies`, on ``floor_app.py``: a slider, ten metrics and ``charts`` charts,
    no model: what Streamlit and the browser alone cost a move on this machine."""
    os.environ["FLOOR_CHARTS"] = str(charts)
    times = []
    with harness.serve(app=FLOOR_APP) as url, harness.browser_page() as page:
        page.goto(url)
        page.wait_for_selector('[data-testid="stMetricValue"]')
        page.wait_for_timeout(1500)
        slider = harness.slider(page, "Reduce")
        slider.focus()
        for _ in range(CHANGES):
            times.append(harness.timed_press(page, "ArrowRight", "Metric 1"))
            page.wait_for_timeout(300)
    return times


def _variables(model: str) -> tuple[str, ...]:
    return REGIONAL_VARIABLES if model == "liaoning" else EXPLORE_VARIABLES


def _bau(model: str) -> str:
    return "liaoning/bau" if model == "liaoning" else "bau"


def engine_time(model: str, engine: str, repeat: int) -> float:
    """Seconds of one fresh run (the variables the pages keep)."""
    sc = entropy.load_scenario(_bau(model)).with_levers(reduce_policy=0.2)
    entropy.run(sc, engine=engine, variables=_variables(model))
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        entropy.run(sc, engine=engine, variables=_variables(model))
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def runner_time(model: str, repeat: int) -> float:
    """Seconds of one run on a session's compiled simulation (what the app does on Simlin)."""
    from entropy.simulation.runner import Runner

    base = entropy.load_scenario(_bau(model))
    runner = Runner(base, _variables(model))
    samples = []
    for i in range(repeat):
        sc = base.with_levers(reduce_policy=0.1 + 0.01 * i)  # a new setting each time
        t0 = time.perf_counter()
        runner.run(sc)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def page_time(model: str, repeat: int) -> float:
    """Seconds the Explore page spends on its figures for a run: ten headline metrics and the charts."""
    from ui import charts, regional, views

    bau = entropy.run(_bau(model), engine="simlin", variables=_variables(model))
    ds = entropy.run(entropy.load_scenario(_bau(model)).with_levers(reduce_policy=0.2), engine="simlin",
                     variables=_variables(model))
    samples = []
    # Business as usual's summary or figures are cached by the app: only the run's are new.
    bau_summary = regional.RunSummary.of(bau) if model == "liaoning" else None
    bau_figures = None if bau_summary is not None else views.Figures.of(bau)
    for _ in range(repeat):
        t0 = time.perf_counter()
        if bau_summary is not None:
            summary = regional.RunSummary.of(ds)
            regional.headline(summary, bau_summary, 9, "en")
            regional.overshoot_text(summary, "en")
            figures: Sequence[charts.Chart] = regional.explore_charts(ds, bau, "en")
        else:
            assert bau_figures is not None
            views.headline(views.Figures.of(ds), bau_figures, "en")
            figures = charts.explore_charts(ds, bau, "en")
        for chart in figures:
            chart.vega_spec()  # with the data as Arrow tables
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> int:
    if not Path(harness.CHROMIUM).exists():
        print(f"bench_ui: {harness.CHROMIUM} missing; `make test` installs Debian's chromium")
        return 1
    models = sys.argv[1:] or list(MODELS)
    print("the floor: a Streamlit fragment with a slider, ten metrics and N charts, no model (bench/floor_app.py)")
    for n in (0, 4, 10):
        lat = floor_latencies(n)
        print(f"  {n:2d} charts: slider key press -> metric shown: median "
              f"{statistics.median(t.metric for t in lat):.0f} ms; -> charts redrawn: median "
              f"{statistics.median(t.charts for t in lat):.0f} ms")
    for model in models:
        lat = browser_latencies(model)
        simlin = engine_time(model, "simlin", 10)
        compiled = runner_time(model, 10)
        page = page_time(model, 10)
        shown = statistics.median(t.metric for t in lat)
        drawn = statistics.median(t.charts for t in lat)
        print(f"front end, {model} model (headless Chromium, this machine)")
        print(f"  slider key press -> metric shown: median {shown:.0f} ms; -> every chart on the page redrawn: "
              f"median {drawn:.0f} ms (min {min(t.charts for t in lat):.0f}, max {max(t.charts for t in lat):.0f}, "
              f"{len(lat)} changes; target < {MODELS[model][2]} ms)")
        print(f"  of which one run on the session's compiled simulation: {compiled * 1000:.1f} ms "
              f"(a fresh Simlin run: {simlin * 1000:.1f} ms)")
        print(f"  of which the page's figures for a run (metrics, chart specs): {page * 1000:.1f} ms")
        print(f"  the rest (Streamlit's rerun, sending, the browser drawing): {drawn - (compiled + page) * 1000:.0f} ms")
        if model == "cluster":
            pysd = engine_time(model, "pysd", 3)
            print(f"  one interactive run, PySD: {pysd * 1000:.1f} ms  (ratio {pysd / simlin:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
