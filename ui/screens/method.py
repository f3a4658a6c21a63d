"""Method: what the model assumes and how entropy and carrying capacity are computed."""

from __future__ import annotations

import streamlit as st

from ui import cache, method_regional, method_text, state
from ui.i18n import t

state.init()
lang = state.lang()
app = cache.app_model(state.model())
st.title(t("page_method", lang))

# The regional model first says what it adds; every sector's cluster then follows the cluster model.
sections = [*((method_regional, s) for s in method_regional.FORMULAS)] if app.regional else []
sections += [(method_text, s) for s in method_text.FORMULAS]
for source, (key, formulas) in sections:
    st.markdown(source.paragraph(key, lang))
    for formula in formulas:
        st.latex(formula)
    where = source.symbols(key, lang)
    if where:
        st.caption(where)
