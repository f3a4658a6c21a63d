"""Entry point: ``streamlit run ui/app.py`` (``make run``).

Sets up the page, the language switch and the navigation; each page only lays
out. The app calls only the public API of the ``entropy`` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# Streamlit puts this folder on the path; the pages import the ``ui`` package.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui import state  # noqa: E402
from ui.i18n import LANGUAGES, t  # noqa: E402

st.set_page_config(page_title="entropy-sim", page_icon="♻", layout="wide")
state.init()
lang = state.lang()

with st.sidebar:
    st.radio(t("language", lang), options=list(LANGUAGES), format_func=LANGUAGES.__getitem__,
             horizontal=True, **state.widget(state.LANG))
    st.radio(t("engine", lang), options=["simlin", "pysd"], horizontal=True, help=t("engine_help", lang),
             **state.widget(state.ENGINE))

pages = [
    st.Page("screens/explore.py", title=t("page_explore", lang), url_path="explore", default=True),
    st.Page("screens/compare.py", title=t("page_compare", lang), url_path="compare"),
    st.Page("screens/uncertainty.py", title=t("page_uncertainty", lang), url_path="uncertainty"),
    st.Page("screens/structure.py", title=t("page_structure", lang), url_path="structure"),
    st.Page("screens/method.py", title=t("page_method", lang), url_path="method"),
]
st.navigation(pages).run()
