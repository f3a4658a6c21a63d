"""Entry point: ``streamlit run ui/app.py`` (``make run``).

Sets up the page, the language switch and the navigation; each page only lays
out. The app calls only the public API of the ``entropy`` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import streamlit as st

# Streamlit puts this folder on the path; the pages import the ``ui`` package.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui import cache, layout, share, state, views  # noqa: E402
from ui import levers as lv  # noqa: E402
from ui.i18n import LANGUAGES, model_label, t  # noqa: E402

# Also in .streamlit/config.toml; set here too so that a server started from
# another folder (which does not read that file) still shows no traceback to a
# visitor and no developer menu.
st.set_option("client.showErrorDetails", "none")
st.set_option("client.toolbarMode", "minimal")

# Streamlit turns each chart's data into Arrow with pyarrow's default threading, which starts a
# thread pool per table: for the few hundred rows of a chart that cost more than the conversion
# (about 100 ms of a slider move on the cluster model's ten charts). One thread does it faster.
pa.set_cpu_count(1)

st.set_page_config(page_title="entropy-sim", page_icon="♻", layout="wide")
cache.drop_if_changed()
state.init()
apps = {name: cache.app_model(name) for name in cache.models()}


def open_link() -> None:
    """Apply the setting a link carries, once per session, before any widget is drawn."""
    st.session_state[state.LINK_READ] = True
    link = share.decode(st.query_params.to_dict(), apps)
    if link.model is not None:
        state.put(state.MODEL, link.model)
        lv.put_values(apps[link.model], link.values)
        st.session_state[state.PRESET_EXTRA][link.model] = link.extra
    if link.engine is not None:
        state.put(state.ENGINE, link.engine)
    st.session_state[state.LINK_NOTES] = link.notes


if not state.get(state.LINK_READ):
    open_link()
lang = state.lang()

with st.sidebar:
    st.radio(t("language", lang), options=list(LANGUAGES), format_func=LANGUAGES.__getitem__, index=0,
             horizontal=True, **state.widget(state.LANG))
    # The model is kept under its own key: the chooser's labels change with the language, and a
    # radio whose labels change loses its choice in the browser, so there is one chooser per
    # language (not kept when not drawn), drawn with the session's model and copying a choice back.
    chooser = state.in_language(state.MODEL_CHOICE, lang)
    st.radio(t("model", lang), options=list(apps), index=list(apps).index(state.model()), horizontal=True,
             format_func=lambda name: model_label(name, lang), help=t("model_help", lang), key=chooser,
             on_change=lambda: st.session_state.__setitem__(state.MODEL, st.session_state[chooser]))
    st.radio(t("engine", lang), options=list(share.ENGINES), index=0, horizontal=True,
             help=t("engine_help", lang), **state.widget(state.ENGINE))

# The address bar always holds the link to this setting: opened elsewhere it restores it.
# (Explore keeps it up to date itself, as its levers rerun only their part of the page.)
app = apps[state.model()]
params = layout.sync_link(app, state.engine(), layout.session_setting(app))
for note in st.session_state[state.LINK_NOTES]:
    st.warning(views.alert_text(note))

explore = st.Page("screens/explore.py", title=t("page_explore", lang), url_path="explore")


def home() -> None:
    """The app's root URL: go to Explore.

    Streamlit serves its default page at ``/`` only (``/explore`` would be
    "Page not found"), so the default is this hidden page and Explore keeps a
    deep link of its own.
    """
    st.switch_page(explore)


pages = [
    st.Page(home, title=t("page_explore", lang), url_path="home", default=True, visibility="hidden"),
    explore,
    st.Page("screens/compare.py", title=t("page_compare", lang), url_path="compare"),
    st.Page("screens/network.py", title=t("page_network", lang), url_path="network"),
    st.Page("screens/loops.py", title=t("page_loops", lang), url_path="loops"),
    st.Page("screens/uncertainty.py", title=t("page_uncertainty", lang), url_path="uncertainty"),
    st.Page("screens/decide.py", title=t("page_decide", lang), url_path="decide"),
    st.Page("screens/structure.py", title=t("page_structure", lang), url_path="structure"),
    st.Page("screens/method.py", title=t("page_method", lang), url_path="method"),
]
navigation = st.navigation(pages)
if navigation.url_path not in ("explore", "network", "home"):  # these two keep their own
    with st.sidebar:
        layout.copy_link(params, lang)
with layout.errors_shown(lang):
    navigation.run()
