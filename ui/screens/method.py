"""Method: what the model assumes and how entropy and carrying capacity are computed."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.i18n import t
from ui.method_text import FORMULAS, TEXT, WHERE

state.init()
lang = state.lang()
st.title(t("page_method", lang))

text, where = (TEXT["zh"], WHERE["zh"]) if lang == "zh" else (TEXT["en"], WHERE["en"])
for key, formulas in FORMULAS:
    st.markdown(text[key])
    for formula in formulas:
        st.latex(formula)
    if key in where:
        st.caption(where[key])
