"""Compare: shipped and saved scenarios side by side, against a chosen baseline."""

from __future__ import annotations

from functools import partial

import streamlit as st

import entropy
from ui import cache, charts, layout, state, uploads, views
from ui.i18n import t

#: Scenarios compared at once (each is one run, cached per session setting).
MAX_SCENARIOS = 10

state.init()
lang = state.lang()
app = cache.app_model(state.model())
shipped = app.scenarios
model_name = app.name
saved = state.saved(model_name)
names_zh = cache.names_zh(model_name)

st.title(t("page_compare", lang))

layout.uploader_words(lang)
upload = st.file_uploader(t("upload", lang), type=["toml"], key=state.UPLOAD,
                          help=t("upload_help", lang).format(kb=uploads.MAX_UPLOAD_BYTES // 1024))
if upload is not None:
    kind, message = layout.take_upload(upload, shipped, saved, model_name, lang)
    (st.error if kind == "error" else st.success)(views.alert_text(message))

options = [*shipped, *[n for n in saved if n not in shipped]]
selection = st.multiselect(t("scenarios", lang), options=options, default=list(app.compare),
                           max_selections=MAX_SCENARIOS,
                           **state.widget(state.in_model(state.COMPARE_SELECTION, model_name)))
if not selection:
    st.info(t("choose_two", lang))
    st.stop()
baseline = st.selectbox(t("baseline", lang), options=selection, index=0,
                        **state.widget(state.in_model(state.COMPARE_BASELINE, model_name)))

engine = state.engine()
# The baseline first: the others must save at its times to share its charts and table.
ordered = [baseline, *[n for n in selection if n != baseline]]
texts = {n: saved[n] if n in saved else shipped[n].to_toml(model_ref=model_name) for n in ordered}
runs, refused = views.split_by_save_times({n: cache.run_text(text, engine) for n, text in texts.items()})
for message in refused:
    st.error(views.alert_text(message))
selection = list(runs)

first = runs[selection[0]]
variables = [str(k) for k, v in first.data_vars.items() if "time" in v.dims]
default_var = "regional_binding_load_ratio" if app.regional else "binding_load_ratio"
var = st.selectbox(t("variable", lang), options=variables, index=variables.index(default_var),
                   **state.widget(state.in_model(state.COMPARE_VARIABLE, model_name)),
                   format_func=lambda v: views.variable_label(first, v, lang, names_zh))
overlay = charts.overlay_chart(runs, var, views.variable_label(first, var, lang, names_zh).rsplit(" (", 1)[0],
                               str(first[var].attrs.get("units", "")), lang, baseline)
st.vega_lite_chart(spec=overlay.vega_spec(), key="compare_chart", height=480)
st.download_button(t("dl_png", lang), data=lambda: charts.png(overlay), file_name=f"{var}.png",
                   mime="image/png")

table = views.comparison_table(runs, baseline)
shown, styles = views.comparison_display(table, baseline, lang)
st.subheader(t("indicators", lang))
st.dataframe(shown.style.apply(lambda _: styles, axis=None), width="stretch", height=(len(shown) + 1) * 35 + 3,
             column_config={"_index": st.column_config.TextColumn(width=270)})
st.download_button(t("dl_table", lang), data=table.T.to_csv().encode("utf-8"), file_name="comparison.csv",
                   mime="text/csv")

with st.expander(t("downloads", lang)):
    for n in selection:
        cols = st.columns([2, 1, 1, 1])
        cols[0].markdown(f"**{views.md_escape(n)}**")
        cols[1].download_button(t("dl_toml", lang), data=texts[n], file_name=f"{n}.toml",
                                mime="application/toml", key=f"dl_toml_{n}")
        cols[2].download_button(t("dl_csv", lang), data=partial(entropy.result_bytes, runs[n], "csv"),
                                file_name=f"{n}.csv", mime="text/csv", key=f"dl_csv_{n}")
        cols[3].download_button(t("dl_nc", lang), data=partial(entropy.result_bytes, runs[n], "nc"),
                                file_name=f"{n}.nc", mime="application/x-netcdf", key=f"dl_nc_{n}")
