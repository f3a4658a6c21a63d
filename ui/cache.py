"""All of the app's caching, in one place.

``st.cache_resource`` holds only immutable things (the loaded model, the
shipped scenarios, the model's structure); runs are cached by their parameters
with ``st.cache_data``, which hands every session its own copy. No PySD or
Simlin object is shared: each run loads its own engine instance.
"""

from __future__ import annotations

import base64
import re
import threading

import pandas as pd
import streamlit as st
import xarray as xr

import entropy

from .levers import BASE_SCENARIO
from .uploads import check_web_work

#: Runs behind the live uncertainty band on Explore.
BAND_RUNS = 200

#: Variables the Explore page draws or summarises (runs keep only these).
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
#: The variable the live uncertainty band is drawn for.
BAND_VARIABLE = "binding_load_ratio"


_STAMP_LOCK = threading.Lock()
_stamp: list[tuple[tuple[str, int, int], ...]] = []  # the files' state the caches were filled under


def files_stamp() -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of the model, its uncertainty file and its scenarios."""
    model = entropy.list_models()["cluster"]
    paths = [model, model.parent / "uncertainty.toml", *sorted((model.parent / "scenarios").glob("*.toml"))]
    stats = [(p.name, p.stat()) for p in paths if p.exists()]
    return tuple((name, st_.st_mtime_ns, st_.st_size) for name, st_ in stats)


def drop_if_changed() -> None:
    """Empty every cache when the model or its files changed since they were filled.

    A modeller who edits ``cluster.mdl`` (in Vensim or a text editor) while the
    app runs sees the new model on the next click, not a mix of the old one's
    structure and the new one's runs. Called once a run, before any page.
    """
    stamp = files_stamp()
    with _STAMP_LOCK:
        if _stamp and _stamp[0] != stamp:
            st.cache_data.clear()
            st.cache_resource.clear()
        _stamp[:] = [stamp]


@st.cache_resource
def shipped() -> dict[str, entropy.Scenario]:
    """The shipped scenarios of the cluster model by bare name (immutable)."""
    return {key.split("/", 1)[1]: entropy.load_scenario(path)
            for key, path in entropy.list_scenarios("cluster").items()}


def base() -> entropy.Scenario:
    """Business as usual: what the sliders modify."""
    return shipped()[BASE_SCENARIO]


@st.cache_resource
def structure() -> dict[str, entropy.Node]:
    """The cluster model's variables, kinds, equations and links (immutable)."""
    return entropy.model_structure(base().model)


@st.cache_resource
def diagram() -> str:
    """The cluster model's stock-and-flow diagram as SVG."""
    return entropy.diagram_svg(base().model)


@st.cache_resource
def diagram_img(zoom: float = 0.8) -> str:
    """The diagram as an HTML image, inline as a data URI.

    ``zoom`` is a share of the diagram's own size (0.8: labels of about 10 px);
    0 fits it to the width of the page (an overview of the whole model).
    """
    svg = diagram()
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    if zoom <= 0 or not box:
        size = "width:100%; height:auto; "
    else:
        size = f"width:{zoom * float(box.group(1)):.0f}px; height:{zoom * float(box.group(2)):.0f}px; max-width:none; "
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img alt="" style="{size}" src="{uri}">'


@st.cache_data(max_entries=512, show_spinner=False)
def run_setting(
    setting: tuple[tuple[str, float], ...], engine: str, full: bool = False
) -> xr.Dataset:
    """Run business as usual with the constants in ``setting`` changed.

    Parameters
    ----------
    setting : tuple of (name, value)
        Constants to set (validated against the model's ranges).
    engine : {"simlin", "pysd"}
    full : bool
        Keep every variable (for downloads) instead of what Explore draws.
    """
    sc = base().with_levers(**dict(setting))
    return entropy.run(sc, engine=engine, variables=None if full else EXPLORE_VARIABLES)


@st.cache_data(max_entries=256, show_spinner=False)
def run_text(toml_text: str, engine: str) -> xr.Dataset:
    """Run a scenario given as TOML text (shipped model only, web limits on work), every variable."""
    sc = entropy.parse_scenario(toml_text, name="scenario", shipped_only=True)
    check_web_work(sc, sc.name)
    return entropy.run(sc, engine=engine)


@st.cache_resource
def uncertainty() -> entropy.UncertaintySet:
    """The cluster model's shipped uncertain parameters (immutable)."""
    return entropy.load_uncertainty(entropy.list_models()["cluster"].parent / "uncertainty.toml", base().model)


@st.cache_data(max_entries=256, show_spinner=False)
def ensemble_refusal(toml_text: str) -> str | None:
    """Why a scenario cannot join an ensemble (it sets an uncertain parameter), or None."""
    sc = entropy.parse_scenario(toml_text, name="scenario", shipped_only=True)
    try:
        entropy.check_not_set(sc, uncertainty())
    except entropy.EntropyError as exc:
        return str(exc)
    return None


@st.cache_data(max_entries=32, show_spinner=False)
def run_ensemble(tomls: tuple[str, ...], runs: int, sampler: str, seed: int) -> xr.Dataset:
    """An ensemble of scenarios given as TOML texts (shipped model only), in this process.

    At most ``entropy.limits.WEB_MAX_ENSEMBLE_RUNS`` runs per scenario: the
    page offers fewer, and the limit holds whatever a browser sends.
    """
    scenarios = [entropy.parse_scenario(text, name="scenario", shipped_only=True) for text in tomls]
    for sc in scenarios:
        check_web_work(sc, sc.name)
    return entropy.ensemble(scenarios, uncertainty(), runs, sampler=sampler, seed=seed, workers=1,
                            max_runs=entropy.limits.WEB_MAX_ENSEMBLE_RUNS)


@st.cache_data(max_entries=256, show_spinner=False)
def load_band(setting: tuple[tuple[str, float], ...], runs: int = BAND_RUNS) -> xr.DataArray:
    """Percentiles over ``runs`` uncertain runs of the binding load ratio around an Explore setting."""
    sc = base().with_levers(**dict(setting))
    ds = entropy.ensemble([sc], uncertainty(), runs, sampler="lhs", seed=0, workers=1,
                          variables=(BAND_VARIABLE,))
    return entropy.analysis.robustness.percentile_bands(ds, BAND_VARIABLE).isel(scenario=0)


@st.cache_data(max_entries=32, show_spinner=False)
def run_sensitivity(toml: str, method: str, output: str, samples: int) -> pd.DataFrame:
    """A SALib sensitivity table for a scenario given as TOML text."""
    sc = entropy.parse_scenario(toml, name="scenario", shipped_only=True)
    return entropy.sensitivity(sc, uncertainty(), method, output, samples, seed=0)


@st.cache_data(max_entries=64, show_spinner=False)
def file_bytes(setting: tuple[tuple[str, float], ...], engine: str, fmt: str) -> bytes:
    """A run as CSV or netCDF bytes, for a download."""
    return entropy.result_bytes(run_setting(setting, engine, full=True), fmt)
