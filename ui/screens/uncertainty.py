"""Uncertainty: how robust each policy is when the uncertain parameters vary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import entropy
from ui import cache, charts, state, views
from ui.i18n import t

state.init()
lang = state.lang()
shipped = cache.shipped()
model_name = cache.base().model.name
saved: dict[str, str] = st.session_state[state.SAVED]
uncertain = cache.uncertainty()

st.title(t("page_uncertainty", lang))
with st.expander(t("unc_params", lang)):
    st.dataframe(pd.DataFrame(
        [{"parameter": p.name, "distribution": p.distribution, "parameters": str(p.params), "reason": p.reason}
         for p in uncertain.parameters]).set_index("parameter"), width="stretch")

options = [*shipped, *[n for n in saved if n not in shipped]]
if state.get(state.UNC_SELECTION) is None:
    state.put(state.UNC_SELECTION, ["bau", "full-3r", "eco-park"])
selection = st.multiselect(t("scenarios", lang), options=options, **state.widget(state.UNC_SELECTION))
left, right = st.columns(2)
if state.get(state.UNC_RUNS) is None:
    state.put(state.UNC_RUNS, 200)
runs = left.select_slider(t("runs", lang), options=[50, 100, 200, 500, 1000], **state.widget(state.UNC_RUNS))
sampler = right.radio(t("sampler", lang), options=["lhs", "mc", "sobol"], horizontal=True,
                      **state.widget(state.UNC_SAMPLER))
if not selection:
    st.info(t("choose_two", lang))
    st.stop()

texts = tuple(saved[n] if n in saved else shipped[n].to_toml(model_ref=model_name) for n in selection)
ds = cache.run_ensemble(texts, int(runs), str(sampler), 0)
variables = [v for v in ("load_ratio", "ecosystem_health", "industrial_output", "waste_stock",
                         "virgin_reserve", "cumulative_entropy") if v in ds]
if state.get(state.UNC_VARIABLE) is None:
    state.put(state.UNC_VARIABLE, "load_ratio")
var = st.selectbox(t("variable", lang), options=variables, **state.widget(state.UNC_VARIABLE),
                   format_func=lambda v: f"{ds[v].attrs.get('long_name', v)} ({ds[v].attrs.get('units', '')})")
fan = charts.fan_chart(entropy.robustness.percentile_bands(ds, var), t("fan", lang),
                       str(ds[var].attrs.get("units", "")), lang)
st.vega_lite_chart(fan.data, fan.spec, key="fan_chart", height=460)
prob = charts.probability_chart(entropy.robustness.overshoot_probability(ds), t("p_overshoot", lang), lang)
st.vega_lite_chart(prob.data, prob.spec, key="probability_chart", height=380)

st.subheader(t("robustness", lang))
table = entropy.robustness.robustness_table(ds)
st.dataframe(table.style.format(views.number_text, na_rep="-"), width="stretch")
st.download_button(t("dl_nc", lang), data=lambda: entropy.result_bytes(ds, "nc"), file_name="ensemble.nc",
                   mime="application/x-netcdf")

st.subheader(t("sensitivity", lang))
c1, c2, c3 = st.columns(3)
scenario = c1.selectbox(t("scenarios", lang), options=selection, **state.widget(state.SENS_SCENARIO))
method = c2.radio(t("method", lang), options=["sobol", "morris"], horizontal=True, **state.widget(state.SENS_METHOD))
output = c3.selectbox(t("output", lang), options=list(entropy.SENSITIVITY_OUTPUTS),
                      **state.widget(state.SENS_OUTPUT))
if st.button(t("run_sensitivity", lang), key=state.SENS_RUN) or st.session_state.get(state.SENS_SHOWN):
    st.session_state[state.SENS_SHOWN] = True
    text = saved[scenario] if scenario in saved else shipped[scenario].to_toml(model_ref=model_name)
    result = cache.run_sensitivity(text, str(method), str(output), 128 if method == "sobol" else 40)
    bars = charts.sensitivity_chart(result, f"{method}: {output} ({scenario})")
    st.vega_lite_chart(bars.data, bars.spec, key="sensitivity_chart")
    st.dataframe(result.style.format("{:.3f}"), width="stretch")
