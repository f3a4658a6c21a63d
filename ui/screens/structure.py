"""Structure: the model's stock-and-flow diagram and each variable's equation."""

from __future__ import annotations

import streamlit as st

import entropy
from ui import cache, state
from ui.i18n import t

state.init()
lang = state.lang()
model_name = state.model()
nodes = cache.structure(model_name)

st.title(t("page_structure", lang))
#: Diagram sizes offered: 0 fits the page's width (the whole model at a glance), the rest are
#: shares of its own size (at 0.8 its labels are about 10 px).
ZOOMS = (0.0, 0.5, 0.8, 1.0)

with st.expander(t("diagram", lang), expanded=True):
    zoom = st.select_slider(t("zoom", lang), options=ZOOMS, value=0.0,
                            format_func=lambda z: t("zoom_fit", lang) if z == 0 else f"{z:.0%}",
                            **state.widget(state.in_language(state.DIAGRAM_ZOOM, lang)))
    st.caption(t("diagram_hint", lang))
    st.html('<div style="overflow:auto; max-height:680px; border:1px solid #eee">'
            + cache.diagram_img(model_name, float(zoom)) + '</div>')
    st.download_button(t("dl_svg", lang), data=cache.diagram(model_name), file_name=f"{model_name}-diagram.svg",
                       mime="image/svg+xml")

names = sorted(nodes, key=lambda n: nodes[n].real_name.lower())
chosen = st.selectbox(t("variable_detail", lang), options=names, index=names.index("persistent_pollution"),
                      **state.widget(state.in_model(state.STRUCTURE_VARIABLE, model_name)),
                      format_func=lambda n: f"{nodes[n].real_name} [{nodes[n].kind}]")
node = nodes[chosen]
left, right = st.columns([2, 3])
with left:
    st.markdown(f"**{t('kind', lang)}:** {node.kind}  \n**{t('units', lang)}:** {node.units}")
    st.markdown(f"**{t('equation', lang)}**")
    st.code(node.equation, language=None, wrap_lines=True)
    st.markdown(f"**{t('documentation', lang)}:** {node.documentation}")
    st.markdown(f"**{t('inputs', lang)}:** " + (", ".join(nodes[i].real_name for i in node.inputs) or "-"))
    st.markdown(f"**{t('outputs', lang)}:** " + (", ".join(nodes[o].real_name for o in node.outputs) or "-"))
with right:
    st.markdown(f"**{t('links', lang)}**")
    st.graphviz_chart(entropy.neighbourhood_dot(nodes, chosen))
    st.caption(t("legend", lang))
