"""Every session-state key the app uses, declared once, and how widgets bind to them.

Session state is per browser session: one user's sliders and saved scenarios
are never seen by another.

Why widgets carry their own default and code never writes their value while a
page runs: Streamlit tells the browser about a value written from code only in
the message that draws the widget in that same run. When a rerun request (the
user's next click) arrives before that message leaves the server - likely when
many sessions share a busy server - Streamlit drops the unsent messages, and in
the next run the widget is drawn with its *declared* default. A toggle declared
without one shows "off" while the server holds "on"; the browser's next message
then turns it off for real (issue 7: the output-feedback switch of 3-7 of 20
concurrent sessions flipped by itself). So every widget is declared with the
value the app means as its default, ``persist_state="session"`` (Streamlit's own
mechanism) keeps values across pages, and values are written from code only in
callbacks (presets, reset), which run before the page and so reach the browser
with the first message of the run.
"""

from __future__ import annotations

from typing import Any, Literal

import streamlit as st

LANG = "lang"
ENGINE = "engine"
MODEL = "model"  # the session's model (plain state; see ui/app.py for why)
MODEL_CHOICE = "model_choice"  # the model chooser, one per language
PRESET = "preset"  # one per model: in_model(PRESET, model)
PRESET_EXTRA = "preset_extra"  # dict: model -> constants its preset sets that are not levers
SAVED = "saved_scenarios"  # dict: model -> (name -> scenario TOML text)
SECTOR = "sector"  # one per model: the sector whose levers the sidebar shows ("*": all at once)
LINK_READ = "link_read"  # the URL's setting was applied (once per session)
LINK_NOTES = "link_notes"  # what the opened link set that could not be applied, shown once
NET_YEAR = "net_year"
NET_ONLY_EXISTING = "net_only_existing"
NET_EDITOR = "net_editor"  # one per model and matrix set
STRUCTURE_VIEW = "structure_view"
SAVE_NAME = "save_name"
COMPARE_SELECTION = "compare_selection"
COMPARE_BASELINE = "compare_baseline"
COMPARE_VARIABLE = "compare_variable"
UPLOAD = "upload"
UPLOAD_SEEN = "upload_seen"  # (name, size) of the upload last handled, so a rerun does not re-add it
STRUCTURE_VARIABLE = "structure_variable"
DIAGRAM_ZOOM = "diagram_zoom"
RESET = "reset"
PNG_CHART = "png_chart"
BAND = "band"  # one per model: in_model(BAND, model)
BAND_JOB = "band_job"  # the key of the band job this session waits for (ui.jobs)
ALL_CHARTS = "all_charts"  # Explore shows every chart, not the chosen few
CHART_PANEL = "chart_panel"  # one per model and panel: the chart a panel of Explore shows
UNC_SELECTION = "unc_selection"
UNC_RUNS = "unc_runs"
UNC_SAMPLER = "unc_sampler"
UNC_VARIABLE = "unc_variable"
FAN_VIEW = "fan_view"
SENS_SCENARIO = "sens_scenario"
SENS_METHOD = "sens_method"
SENS_OUTPUT = "sens_output"
SENS_RUN = "sens_run"
SENS_SHOWN = "sens_shown"  # the analysis was asked for: keep showing it
UNC_JOB = "unc_job"  # the key of the ensemble job this session waits for (ui.jobs)
SENS_JOB = "sens_job"  # the key of the sensitivity job this session waits for
SAVE_BUTTON = "save_button"
DEC_SCENARIO = "dec_scenario"  # one per model
DEC_LEVERS = "dec_levers"  # one per model
DEC_TARGET = "dec_target"  # one per model
DEC_RUNS = "dec_runs"
DEC_DENSITY = "dec_density"
DEC_REQUEST = "dec_request"  # the discovery asked for (plain: kept until the next press)
DEC_JOB = "dec_job"
OPT_LEVERS = "opt_levers"  # one per model
OPT_OBJECTIVE = "opt_objective"
OPT_LIMIT = "opt_limit"
OPT_RUNS = "opt_runs"
OPT_GENERATIONS = "opt_generations"
OPT_REQUEST = "opt_request"
OPT_JOB = "opt_job"
CAL_SCENARIO = "cal_scenario"  # one per model
CAL_PARAMS = "cal_params"  # one per model
CAL_UPLOAD = "cal_upload"
CAL_EXAMPLE = "cal_example"
CAL_REQUEST = "cal_request"
CAL_JOB = "cal_job"
GO_EXPLORE = "go_explore"  # a Decide button loaded levers: go to Explore

#: Plain (non-widget) keys and their initial values; containers are copied per session.
DEFAULTS: dict[str, Any] = {
    SAVED: {},
    PRESET_EXTRA: {},
    LINK_NOTES: [],
    DEC_REQUEST: None,
    OPT_REQUEST: None,
    CAL_REQUEST: None,
    GO_EXPLORE: False,
}

LEVER_PREFIX = "lever__"


def lever_key(model: str, key: str) -> str:
    """Session key of a lever key's value in ``model`` (its slider's widget key where one is drawn)."""
    return f"{LEVER_PREFIX}{model}__{key}"


def in_model(key: str, model: str) -> str:
    """The key of a widget that holds one value per model (a preset, a selection of scenarios)."""
    return f"{key}__{model}"


def saved(model: str) -> dict[str, str]:
    """The session's saved and uploaded scenarios of ``model`` (name to TOML), updated in place."""
    by_model: dict[str, dict[str, str]] = st.session_state[SAVED]
    return by_model.setdefault(model, {})


def drop(key: str) -> None:
    """Forget a value (only in a callback, or before its widget is drawn)."""
    st.session_state.pop(key, None)


def init() -> None:
    """Give every plain key its default, once per session (safe to call more than once a run)."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            # A fresh container per session: a shared default dict would be one
            # session's saved scenarios showing up in every other session.
            st.session_state[key] = type(value)(value) if isinstance(value, (dict, list)) else value


def widget(key: str) -> dict[str, Any]:
    """Keyword arguments that bind a widget to ``key`` and keep its value across pages.

    The caller passes the widget's default through the widget's own parameter
    (``value``, ``index``, ``default``); see the module docstring for why.
    """
    persist: Literal["session"] = "session"
    return {"key": key, "persist_state": persist}


def in_language(key: str, lang: str) -> str:
    """The key of a select box whose options are shown in ``lang``: one widget per language.

    Streamlit's browser side keeps a select box's chosen option as the text it
    showed, so after a language switch a box keyed by ``key`` alone would show
    the option in the old language (and the server, not finding that text among
    the new labels, could read another option than the one shown).
    """
    return f"{key}__{lang}"


def put(key: str, value: Any) -> None:
    """Set a widget's value from code: only inside a widget callback (a preset, a reset)."""
    st.session_state[key] = value


def get(key: str, default: Any = None) -> Any:
    """A widget's value, even on a page that does not draw it (``default`` before it is drawn)."""
    return st.session_state.get(key, default)


def items_with_prefix(prefix: str) -> list[tuple[str, Any]]:
    """The session's values whose keys start with ``prefix``."""
    return [(str(k), st.session_state[k]) for k in list(st.session_state.keys()) if str(k).startswith(prefix)]


def lang() -> str:
    """The session's language."""
    return str(get(LANG, "en"))


def engine() -> str:
    """The session's engine for interactive runs."""
    return str(get(ENGINE, "simlin"))


def model() -> str:
    """The session's model."""
    return str(st.session_state.get(MODEL, "cluster"))
