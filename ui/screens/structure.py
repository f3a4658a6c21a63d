"""Structure: the model's stock-and-flow diagram and each variable's equation."""

from __future__ import annotations

import streamlit as st

import entropy
from ui import cache, state
from ui.i18n import t, unit_text

state.init()
lang = state.lang()
model_name = state.model()
nodes = cache.structure(model_name)

st.title(t("page_structure", lang))
#: Diagram sizes offered: 0 fits the page's width (a whole view at a glance), the rest are
#: shares of its own size (at 100% the labels of a view are 13 px).
ZOOMS = (0.0, 0.5, 0.75, 1.0, 1.5, 2.0)
WHOLE = "__whole__"  # the automatic layout of every variable, after the hand-laid views

views = cache.views(model_name)
names_zh = cache.names_zh(model_name)


def short(title: str) -> str:
    """A view's title up to its colon (the radio's label)."""
    return title.split("：")[0].split(":")[0]


options = [*range(len(views)), WHOLE]
with st.expander(t("diagram", lang), expanded=True):
    left, right = st.columns([3, 2])
    chosen_view = left.radio(t("view", lang), options=options, index=0, horizontal=True,
                             format_func=lambda v: t("view_whole", lang) if v == WHOLE else short(views[int(v)].title(lang)),
                             **state.widget(state.in_language(state.in_model(state.STRUCTURE_VIEW, model_name),
                                                              lang)))
    zoom = right.select_slider(t("zoom", lang), options=ZOOMS, value=1.0 if chosen_view != WHOLE else 0.0,
                               format_func=lambda z: t("zoom_fit", lang) if z == 0 else f"{z:.0%}",
                               **state.widget(state.in_language(state.DIAGRAM_ZOOM, lang)))
    if chosen_view == WHOLE:
        st.caption(t("diagram_hint", lang))
        img, svg, name = cache.diagram_img(model_name, float(zoom)), cache.diagram(model_name), "diagram"
    else:
        st.caption(t("view_hint", lang))
        img, svg = cache.view_img(model_name, int(chosen_view), lang, float(zoom))
        name = views[int(chosen_view)].id
    # Pan: the box scrolls both ways; zoom: the size above (the SVG download opens at any zoom).
    st.html('<div style="overflow:auto; max-height:720px; border:1px solid #eee">' + img + '</div>')
    st.download_button(t("dl_svg", lang), data=svg, file_name=f"{model_name}-{name}-{lang}.svg",
                       mime="image/svg+xml")

names = sorted(nodes, key=lambda n: nodes[n].real_name.lower())
chosen = st.selectbox(t("variable_detail", lang), options=names, index=names.index("persistent_pollution"),
                      **state.widget(state.in_model(state.STRUCTURE_VARIABLE, model_name)),
                      format_func=lambda n: (f"{names_zh[n]} / " if lang == "zh" and n in names_zh else "")
                      + f"{nodes[n].real_name} [{t('kind_' + nodes[n].kind, lang)}]")
node = nodes[chosen]
left, right = st.columns([2, 3])
with left:
    st.markdown(f"**{t('kind', lang)}:** {t('kind_' + node.kind, lang)}  \n"
                f"**{t('units', lang)}:** {unit_text(node.units, lang)}")
    st.markdown(f"**{t('equation', lang)}**")
    st.code(node.equation, language=None, wrap_lines=True)
    st.markdown(f"**{t('documentation', lang)}:** {node.documentation}")
    st.markdown(f"**{t('inputs', lang)}:** " + (", ".join(nodes[i].real_name for i in node.inputs) or "-"))
    st.markdown(f"**{t('outputs', lang)}:** " + (", ".join(nodes[o].real_name for o in node.outputs) or "-"))
with right:
    st.markdown(f"**{t('links', lang)}**")
    st.graphviz_chart(entropy.neighbourhood_dot(nodes, chosen))
    st.caption(t("legend", lang))
