"""Method: what the model assumes and how entropy and carrying capacity are computed."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.i18n import t
from ui.method_text import FORMULAS, paragraph, symbols

state.init()
lang = state.lang()
st.title(t("page_method", lang))

for key, formulas in FORMULAS:
    st.markdown(paragraph(key, lang))
    for formula in formulas:
        st.latex(formula)
    where = symbols(key, lang)
    if where:
        st.caption(where)
