"""Every session-state key the app uses, declared once.

Session state is per browser session: one user's sliders and saved scenarios
are never seen by another.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

LANG = "lang"
ENGINE = "engine"
PRESET = "preset"
PRESET_EXTRA = "preset_extra"  # dict: constants a preset sets that are not levers
SAVED = "saved_scenarios"  # dict: name -> scenario TOML text
SAVE_NAME = "save_name"
COMPARE_SELECTION = "compare_selection"
COMPARE_BASELINE = "compare_baseline"
COMPARE_VARIABLE = "compare_variable"
UPLOAD = "upload"
STRUCTURE_VARIABLE = "structure_variable"
RESET = "reset"
PNG_CHART = "png_chart"
BAND = "band"
UNC_SELECTION = "unc_selection"
UNC_RUNS = "unc_runs"
UNC_SAMPLER = "unc_sampler"
UNC_VARIABLE = "unc_variable"
SENS_SCENARIO = "sens_scenario"
SENS_METHOD = "sens_method"
SENS_OUTPUT = "sens_output"
SENS_RUN = "sens_run"
SENS_SHOWN = "sens_shown"  # the analysis was asked for: keep showing it
SAVE_BUTTON = "save_button"

DEFAULTS: dict[str, Any] = {
    SAVED: {},
    PRESET_EXTRA: {},
}


LEVER_PREFIX = "lever__"

def lever_key(name: str) -> str:
    """Widget key of a lever's slider."""
    return f"{LEVER_PREFIX}{name}"


def init() -> None:
    """Give every key its default, once per session (safe to call more than once a run)."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value.copy() if isinstance(value, dict) else value


def _shadow(key: str) -> str:
    return f"_keep_{key}"


def _remember(key: str) -> None:
    st.session_state[_shadow(key)] = st.session_state[key]


def widget(key: str) -> dict[str, Any]:
    """Keyword arguments that bind a widget to ``key`` and keep its value across pages.

    Streamlit forgets a widget's value when a run does not draw the widget (on
    another page); a shadow copy, written on every change, restores it.
    """
    restore(key)
    return {"key": key, "on_change": _remember, "args": (key,)}


def restore(key: str) -> None:
    """Give a widget back the value it had when last drawn (call before drawing it)."""
    if key not in st.session_state and _shadow(key) in st.session_state:
        st.session_state[key] = st.session_state[_shadow(key)]


def put(key: str, value: Any) -> None:
    """Set a widget's value from code (a preset, a reset), shadow included."""
    st.session_state[key] = value
    st.session_state[_shadow(key)] = value


def get(key: str, default: Any = None) -> Any:
    """A widget's value, even on a page that does not draw it."""
    if key in st.session_state:
        return st.session_state[key]
    return st.session_state.get(_shadow(key), default)


def lang() -> str:
    """The session's language."""
    return str(get(LANG, "en"))


def engine() -> str:
    """The session's engine for interactive runs."""
    return str(get(ENGINE, "simlin"))
