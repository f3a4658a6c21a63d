"""All of the app's caching, in one place.

``st.cache_resource`` holds only immutable things (the loaded model, the
shipped scenarios, the model's structure); runs are cached by their parameters
with ``st.cache_data``, which hands every session its own copy. No PySD or
Simlin object is shared: each run loads its own engine instance. Ensembles and
sensitivity analyses are background jobs (:mod:`ui.jobs`), whose finished
results are kept there.
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
import xarray as xr

import entropy
from entropy.output.views import VIEWS_FILE, View, load_views, view_svg
from entropy.simulation.ensemble_parts import Chunk
from entropy.simulation.runner import Runner

from .jobs import JOBS, Job, Progress
from .models import AppModel, load_app_model, shipped_models
from .regional import RunSummary
from .uploads import check_web_work
from .views import Figures

#: Runs behind the live uncertainty band on Explore.
BAND_RUNS = 200

#: Variables the Explore page draws or summarises for the cluster model (runs keep only these).
EXPLORE_VARIABLES = (
    # carrying capacity and the ecosystem
    "binding_load_ratio",
    "land_load_ratio",
    "persistent_load_ratio",
    "emission_load_ratio",
    "persistent_pollution",
    "critical_pollution",
    "ecosystem_health",
    "collapse_threshold",
    # economy
    "industrial_output",
    "effective_demand",
    # energy, CO2, exergy and entropy
    "fossil_energy_use",
    "renewable_energy_use",
    "co2_emissions",
    "cumulative_co2",
    "exergy_destroyed",
    "entropy_generation_rate",
    "non_renewable_exergy_destruction",
    "renewable_exergy_destruction",
    "cumulative_entropy",
    "cumulative_non_renewable_entropy",
    # materials
    "ore_reserve",
    "ore_grade",
    "fossil_reserve",
    "virgin_metal",
    "imported_metal",
    "secondary_metal",
    "remanufacturing",
    "scrap_remelted",
    "by_product_utilisation",
    "domestic_material_consumption",
    "circular_material_use_rate",
)
#: What the pages draw or summarise of a regional run (runs keep only these; about a
#: fifth of the model's variables, so a cached run takes about 1 MB instead of 5).
REGIONAL_VARIABLES = (
    "binding_load_ratio", "land_load_ratio", "persistent_load_ratio", "emission_load_ratio",
    "regional_binding_load_ratio", "regional_load_ratio", "ecosystem_health", "regional_ecosystem_health",
    "collapse_threshold", "industrial_output", "regional_output", "land_stockpile", "persistent_pollution",
    "regional_sink_pollution", "fast_emissions", "co2_emissions", "cumulative_co2", "cumulative_entropy",
    "cumulative_non_renewable_entropy", "renewable_entropy_generation", "ore_reserve", "fossil_reserve",
    "tailings", "smelting_slag", "combustion_ash", "by_product_utilisation", "inter_regional_waste_export",
    "scrap_remelted", "remanufacturing", "surplus_scrap_sold", "domestic_material_consumption", "ore_mining",
    "imported_metal", "exchange_input", "exchange_output", "exchange_flow", "network_boundary_input",
    "heat_input", "heat_flow", "total_exchange_flow", "total_heat_cascade", "fossil_energy_use",
    "renewable_energy_use", "regional_virgin_extraction",
)
#: Session-state key of the session's compiled simulations (model -> Runner).
RUNNERS = "runners"
#: The variable the live uncertainty band is drawn for.
BAND_VARIABLE = "binding_load_ratio"


_STAMP_LOCK = threading.Lock()
_stamp: list[tuple[tuple[str, int, int], ...]] = []  # the files' state the caches were filled under


def files_stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every shipped model and its files (app, uncertainty, scenarios)."""
    paths = []
    for model in entropy.list_models().values():
        folder = model.parent
        paths += [model, folder / "app.toml", folder / "uncertainty.toml", folder / "loops.toml",
                  *sorted((folder / "scenarios").glob("*.toml"))]
    stats = [(str(p.relative_to(p.parents[1])), p.stat()) for p in paths if p.exists()]
    return tuple((name, st_.st_mtime_ns, st_.st_size) for name, st_ in stats)


def drop_if_changed() -> None:
    """Empty every cache when a model or its files changed since they were filled.

    A modeller who edits ``cluster.mdl`` (in Vensim or a text editor) while the
    app runs sees the new model on the next click, not a mix of the old one's
    structure and the new one's runs. Called once a run, before any page.
    """
    stamp = files_stamp()
    with _STAMP_LOCK:
        if _stamp and _stamp[0] != stamp:
            st.cache_data.clear()
            st.cache_resource.clear()
            JOBS.clear()
        _stamp[:] = [stamp]


@st.cache_resource
def models() -> tuple[str, ...]:
    """The shipped models' names, the cluster model first (immutable)."""
    return shipped_models()


@st.cache_resource
def app_model(name: str) -> AppModel:
    """A shipped model, its scenarios and what the app shows of it (immutable)."""
    return load_app_model(name)


def base(name: str) -> entropy.Scenario:
    """Business as usual of a model: what the sliders modify."""
    return app_model(name).base


@st.cache_resource
def structure(name: str) -> dict[str, entropy.Node]:
    """A model's variables, kinds, equations and links (immutable)."""
    return entropy.model_structure(base(name).model)


@st.cache_resource
def diagram(name: str) -> str:
    """A model's whole stock-and-flow diagram as SVG."""
    return entropy.diagram_svg(base(name).model)


@st.cache_resource
def diagram_img(name: str, zoom: float = 0.8) -> str:
    """The diagram as an HTML image, inline as a data URI.

    ``zoom`` is a share of the diagram's own size (0.8: labels of about 10 px);
    0 fits it to the width of the page (an overview of the whole model).
    """
    return _img(diagram(name), zoom)


@st.cache_resource
def views(name: str) -> list[View]:
    """A model's hand-laid-out stock-and-flow views (``views.toml``; none if it has no such file)."""
    model = base(name).model
    if not (model.path.parent / VIEWS_FILE).exists():
        return []
    return load_views(model)


@st.cache_resource
def names_zh(name: str) -> dict[str, str]:
    """Chinese names of a model's main variables (snake_case -> name), from its views' labels."""
    return {e.key: e.zh for v in views(name) for e in v.elements if e.kind != "cloud" and e.zh}


@st.cache_resource
def view_img(name: str, index: int, lang: str, zoom: float) -> tuple[str, str]:
    """One view as an HTML image (``zoom`` 0: the page's width) and as SVG text."""
    svg = view_svg(views(name)[index], lang)
    return _img(svg, zoom), svg


def _img(svg: str, zoom: float) -> str:
    """An SVG as an inline HTML image, at ``zoom`` times its own size (0: the width of the page)."""
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    if zoom <= 0 or not box:
        size = "width:100%; height:auto; "
    else:
        size = f"width:{zoom * float(box.group(1)):.0f}px; height:{zoom * float(box.group(2)):.0f}px; max-width:none; "
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img alt="" style="{size}" src="{uri}">'


def kept_variables(name: str) -> tuple[str, ...]:
    """The variables the pages need of a run of model ``name`` (Explore's, and the Network page's)."""
    if app_model(name).regional:
        return REGIONAL_VARIABLES
    return tuple(dict.fromkeys([*EXPLORE_VARIABLES, *entropy.network.CLUSTER_FLOWS]))


@st.cache_data(max_entries=256, show_spinner=False)
def run_setting(model: str, setting: tuple[tuple[str, float], ...], engine: str, full: bool = False,
                _runner: Runner | None = None) -> xr.Dataset:
    """Run a model's base scenario with the constants in ``setting`` changed.

    Parameters
    ----------
    model : str
        A shipped model's name.
    setting : tuple of (lever key, value)
        Constants to set (validated against the model's ranges).
    engine : {"simlin", "pysd"}
    full : bool
        Keep every variable (for downloads) instead of what the pages draw.
    _runner : Runner, optional
        The session's compiled Simlin simulation of the model (not part of the cache key: it gives
        the same numbers as a fresh run, faster).
    """
    sc = base(model).with_levers(**dict(setting))
    if _runner is not None and engine == "simlin" and not full:
        return _runner.run(sc)
    return entropy.run(sc, engine=engine, variables=None if full else kept_variables(model))


def session_runner(model: str) -> Runner:
    """This session's compiled simulation of ``model`` (made on first use; never shared between sessions,
    since it holds simulation state)."""
    runners: dict[str, Runner] = st.session_state.setdefault(RUNNERS, {})
    current = base(model)
    if model not in runners or runners[model].base.model.sha256 != current.model.sha256:
        runners[model] = Runner(current, kept_variables(model))  # first use, or the model file changed
    return runners[model]


def run(model: str, setting: tuple[tuple[str, float], ...], engine: str) -> xr.Dataset:
    """A setting's run with the variables the pages draw (cached; on this session's compiled simulation)."""
    return run_setting(model, setting, engine, _runner=session_runner(model) if engine == "simlin" else None)


@st.cache_data(max_entries=256, show_spinner=False)
def run_summary(model: str, setting: tuple[tuple[str, float], ...], engine: str) -> RunSummary:
    """A regional setting's indicators, sector table and overshoot order (computed once per run)."""
    return RunSummary.of(run(model, setting, engine))


@st.cache_data(max_entries=256, show_spinner=False)
def figures(model: str, setting: tuple[tuple[str, float], ...], engine: str) -> Figures:
    """A cluster setting's headline figures (computed once per run: business as usual's at every move)."""
    return Figures.of(run(model, setting, engine))


@st.cache_data(max_entries=128, show_spinner=False)
def run_text(toml_text: str, engine: str) -> xr.Dataset:
    """Run a scenario given as TOML text (shipped models only, web limits on work), every variable."""
    sc = entropy.parse_scenario(toml_text, name="scenario", shipped_only=True)
    check_web_work(sc, sc.name)
    return entropy.run(sc, engine=engine)


@st.cache_resource
def uncertainty(name: str) -> entropy.UncertaintySet:
    """A model's shipped uncertain parameters (immutable)."""
    return entropy.load_uncertainty(entropy.list_models()[name].parent / "uncertainty.toml", base(name).model)


@st.cache_data(max_entries=256, show_spinner=False)
def ensemble_refusal(toml_text: str) -> str | None:
    """Why a scenario cannot join an ensemble (it sets an uncertain parameter), or None."""
    sc = entropy.parse_scenario(toml_text, name="scenario", shipped_only=True)
    try:
        entropy.check_not_set(sc, uncertainty(sc.model.name))
    except entropy.EntropyError as exc:
        return str(exc)
    return None


def setting_refusal(model: str, setting: tuple[tuple[str, float], ...]) -> str | None:
    """Why a setting cannot have an uncertainty band (it sets an uncertain parameter), or None."""
    return ensemble_refusal(base(model).with_levers(**dict(setting)).to_toml(model_ref=model))


def session_id() -> str:
    """This browser session's id (who waits for a background job)."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "no-session"


def ensemble_job(tomls: tuple[str, ...], runs: int, sampler: str, seed: int, slot: str) -> Job:
    """The background job of an ensemble of scenarios given as TOML texts (shipped models only).

    At most ``entropy.limits.WEB_MAX_ENSEMBLE_RUNS`` runs per scenario: the
    page offers fewer, and the limit holds whatever a browser sends. The
    scenarios are checked here, before the job starts, so a bad one is an
    error at once. ``slot``: the session-state key holding the session's job
    of this kind (the one asked for before is let go of).
    """
    scenarios = [entropy.parse_scenario(text, name="scenario", shipped_only=True) for text in tomls]
    for sc in scenarios:
        check_web_work(sc, sc.name)

    def work(progress: Progress) -> xr.Dataset:
        # Chunks of a tenth of a scenario's runs: progress to report, and a point to stop at
        # (the results do not depend on the chunks).
        return entropy.ensemble(scenarios, uncertainty(scenarios[0].model.name), runs, sampler=sampler, seed=seed,
                                workers=1, max_runs=entropy.limits.WEB_MAX_ENSEMBLE_RUNS,
                                chunk_size=max(10, runs // 10), on_chunk=_runs_done(progress, runs * len(scenarios)))

    return _job(("ensemble", tomls, runs, sampler, seed), work, slot)


def sensitivity_job(toml: str, method: str, output: str, samples: int, slot: str) -> Job:
    """The background job of a SALib sensitivity table for a scenario given as TOML text."""
    sc = entropy.parse_scenario(toml, name="scenario", shipped_only=True)

    def work(progress: Progress) -> pd.DataFrame:
        return entropy.sensitivity(sc, uncertainty(sc.model.name), method, output, samples, seed=0,
                                   on_progress=progress)

    return _job(("sensitivity", toml, method, output, samples), work, slot)


def _runs_done(progress: Progress, total: int) -> Callable[[Chunk], None]:
    """An ensemble's ``on_chunk`` that tells ``progress`` how many of ``total`` runs are done."""
    done = [0]

    def chunk_done(chunk: Chunk) -> None:
        done[0] += chunk.stop - chunk.start
        progress(done[0], total)

    return chunk_done


def _job(key: tuple[object, ...], work: Callable[[Progress], object], slot: str) -> Job:
    """Ask for ``key``'s job for this session; the session's last job in ``slot`` is let go of."""
    previous = st.session_state.get(slot)
    job = JOBS.want(session_id(), key, work, release=previous)
    st.session_state[slot] = key
    return job


def band_variable(model: str) -> str:
    """The load ratio the Explore band is drawn for: the cluster's binding one, the region's largest."""
    return "regional_binding_load_ratio" if app_model(model).regional else BAND_VARIABLE


def band_job(model: str, setting: tuple[tuple[str, float], ...], slot: str) -> Job:
    """The background job of the percentiles over :data:`BAND_RUNS` uncertain runs of the
    load ratio around an Explore setting (:func:`band_variable`)."""
    sc = base(model).with_levers(**dict(setting))
    variable = band_variable(model)

    def work(progress: Progress) -> xr.DataArray:
        ds = entropy.ensemble([sc], uncertainty(model), BAND_RUNS, sampler="lhs", seed=0, workers=1,
                              variables=(variable,), chunk_size=BAND_RUNS // 4,
                              on_chunk=_runs_done(progress, BAND_RUNS))
        return entropy.analysis.robustness.percentile_bands(ds, variable).isel(scenario=0)

    return _job(("band", model, setting), work, slot)


@st.cache_data(max_entries=64, show_spinner=False)
def file_bytes(model: str, setting: tuple[tuple[str, float], ...], engine: str, fmt: str) -> bytes:
    """A run as CSV or netCDF bytes, for a download."""
    return entropy.result_bytes(run_setting(model, setting, engine, full=True), fmt)


@st.cache_data(max_entries=64, show_spinner=False)
def network(model: str, setting: tuple[tuple[str, float], ...], engine: str) -> xr.Dataset:
    """Network metrics over time of a setting's run (Finn, cyclicity, ascendency, robustness, ...)."""
    return entropy.network_metrics(run(model, setting, engine))


@st.cache_data(max_entries=32, show_spinner=False)
def loops(model: str, setting: tuple[tuple[str, float], ...]) -> xr.Dataset:
    """Loops that Matter scores of the named loops for a setting (Simlin)."""
    return entropy.loop_dominance(base(model).with_levers(**dict(setting)))


@st.cache_resource
def loop_links(model: str) -> dict[str, list[tuple[str, str, str]]]:
    """Each named loop's links in causal order with their polarities (immutable)."""
    from entropy.analysis.loops import loop_links as links

    m = base(model).model
    return links(m, entropy.load_loops(None, m))


def web_decision_runs(model: str) -> int:
    """Most model runs one Decide job may make: ``entropy.limits.WEB_MAX_DECISION_WORK`` element-runs
    (about half a minute here: 40,000 runs of the cluster model, under 3,000 of the regional one)."""
    m = app_model(model).model
    return max(100, entropy.limits.WEB_MAX_DECISION_WORK // sum(m.element_count(v) for v in m.variables))


def discover_job(toml: str, levers: tuple[str, ...], runs: int, target: str, density: float, slot: str) -> Job:
    """The background job of a scenario discovery (shipped models only; checked before it starts)."""
    from entropy.decision import discovery, space, targets

    sc = entropy.parse_scenario(toml, name="scenario", shipped_only=True)
    check_web_work(sc, sc.name)
    uncertain = uncertainty(sc.model.name)
    entropy.limits.check_count("runs", runs, discovery.MIN_RUNS, entropy.limits.WEB_MAX_ENSEMBLE_RUNS)
    space.parse_levers(sc, levers, uncertain)
    targets.parse_target(target, sc.model)

    def work(progress: Progress) -> discovery.Discovery:
        return discovery.discover(sc, uncertain, levers, runs, target=target, workers=1, density=density,
                                  chunk_size=max(50, runs // 10), on_chunk=_runs_done(progress, runs),
                                  max_runs=entropy.limits.WEB_MAX_ENSEMBLE_RUNS)

    return _job(("discover", toml, levers, runs, target, density), work, slot)


def optimize_job(toml: str, levers: tuple[str, ...], objectives: tuple[str, ...], limit: float, runs: int,
                 generations: int, slot: str) -> Job:
    """The background job of an optimisation, at most :func:`web_decision_runs` model runs."""
    from entropy.decision import optimisation as opt, space

    sc = entropy.parse_scenario(toml, name="scenario", shipped_only=True)
    check_web_work(sc, sc.name)
    uncertain = uncertainty(sc.model.name)
    space.parse_levers(sc, levers, uncertain)
    most = web_decision_runs(sc.model.name)
    population = opt.default_population(len(levers))
    asked = opt.most_model_runs(generations, population, runs, len(objectives))
    if asked > most:
        raise entropy.EntropyError(f"this optimisation may make {asked:,} model runs; allowed here at most "
                                   f"{most:,}: choose fewer samples, generations or levers")

    def work(progress: Progress) -> opt.Optimum:
        return opt.optimize(sc, uncertain, levers, objectives, opt.Constraint(limit), runs=runs,
                            generations=generations, population=population, on_progress=progress,
                            max_model_runs=most)

    return _job(("optimize", toml, levers, objectives, limit, runs, generations), work, slot)


def calibrate_job(toml: str, data: str, params: tuple[str, ...], source: str, slot: str) -> Job:
    """The background job of a calibration to CSV text (an upload or the shipped example, named ``source``)."""
    from entropy.decision import calibration as cal, observations, space

    sc = entropy.parse_scenario(toml, name="scenario", shipped_only=True)
    check_web_work(sc, sc.name)
    obs = observations.parse_observations(data, sc.model, sc, where=source)
    space.parse_levers(sc, params, where="constants")
    most = min(cal.MAX_CALIBRATION_RUNS, web_decision_runs(sc.model.name) // 10)

    def work(progress: Progress) -> cal.Calibration:
        return cal.calibrate(sc, obs, params, max_runs=most, on_progress=progress)

    return _job(("calibrate", toml, data, params), work, slot)
