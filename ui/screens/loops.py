"""Feedback loops: which named loop dominates when, for the current setting (Loops that Matter),
the year the vicious cycle takes over, and each loop as a causal loop diagram."""

from __future__ import annotations

import streamlit as st

import entropy
from entropy.analysis.loops import loop_links
from ui import cache, charts, layout, loop_charts, regional, state, views
from ui import levers as lv
from ui.i18n import loop_title, t

state.init()
lang = state.lang()
app = cache.app_model(state.model())
model = app.name
engine = state.engine()
setting = lv.as_key(layout.session_setting(app))

st.title(t("page_loops", lang))
st.caption(t("loops_intro", lang))
with st.spinner(t("loops_wait", lang)):
    scores = cache.loops(model, setting)
ds = cache.run(model, setting, engine)
bau = cache.run(model, (), engine)

overtakes, dominates = loop_charts.vicious_cycle_years(scores)
if overtakes == overtakes and dominates == dominates:
    st.info(t("vicious_both", lang).format(over=f"{overtakes:.0f}", dom=f"{dominates:.0f}"))
elif overtakes == overtakes:
    st.info(t("vicious_over", lang).format(over=f"{overtakes:.0f}"))
else:
    st.info(t("vicious_never", lang))

plain = {str(n): f"{n}: {loop_title(str(n), str(title), lang)}"
         for n, title in zip(scores["loop"].values, scores["title"].values)}
titles = {str(n): f"{plain[str(n)]} ({'R' if pol == 'reinforcing' else 'B'})" for n, pol in
          zip(scores["loop"].values, scores["polarity"].values)}
area = loop_charts.loop_area_chart(scores, plain, lang)
st.vega_lite_chart(spec=area.vega_spec(), key="loop_area", width="stretch",
                  height=charts.pixel_height(area, legend_rows=len(plain)))

marks = {t("mark_overtakes", lang): overtakes, t("mark_dominates", lang): dominates}
if app.regional:
    shown = [regional.regional_load_chart(ds, bau, lang), regional.health_by_sector(ds, lang)]
else:
    shown = [charts.load_chart(ds, bau, lang), charts.health_chart(ds, bau, lang)]
left, right = st.columns(2)
for col, chart, key in zip((left, right), shown, ("loop_load", "loop_health")):
    marked = charts.with_layer(chart, loop_charts.year_marks(marks, lang))
    col.vega_lite_chart(spec=marked.vega_spec(), key=key, height=charts.HEIGHT + 120)

st.subheader(t("loops_periods", lang))
periods = entropy.dominance_periods(scores)
st.dataframe([{t("from", lang): f"{p.start:.0f}", t("to", lang): f"{p.end:.0f}",
               t("loop", lang): titles.get(p.loop, t("none", lang)),
               t("mean_score", lang): views.number_text(p.mean_score)} for p in periods],
             width="stretch", hide_index=True)

st.subheader(t("loops_diagrams", lang))
st.caption(t("loops_diagrams_help", lang))
links = cache.loop_links(model)
names_zh = cache.names_zh(model)
# The diagrams name variables as the model does, in Chinese where the model's views give a name.
labels = ({app.model.variables[k].real_name: zh for k, zh in names_zh.items() if k in app.model.variables}
          if lang == "zh" else None)
names = [str(n) for n in scores["loop"].values]
# Short loops two to a row; a long one (the health-output loop has 27 variables) across the page.
small = [n for n in names if len(links[n]) <= 10]
large = [n for n in names if len(links[n]) > 10]
rows = [small[i:i + 2] for i in range(0, len(small), 2)] + [[n] for n in large]
for row in rows:
    for col, name in zip(st.columns(len(row)), row):
        k = names.index(name)
        col.markdown(f"**{views.md_escape(titles[name])}**")
        col.graphviz_chart(loop_charts.loop_dot(plain[name], links[name], str(scores["polarity"].values[k]),
                                                labels), width="stretch" if name in large else "content")
