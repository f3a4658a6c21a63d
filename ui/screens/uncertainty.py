"""Uncertainty: how robust each policy is when the uncertain parameters vary."""

from __future__ import annotations

import pandas as pd
import streamlit as st
import xarray as xr

import entropy
from ui import cache, charts, layout, state, views
from ui.i18n import indicator_label, t

#: What one visitor may ask for: scenarios at once, runs per scenario, sensitivity samples.
#: With the 45 shipped parameters Morris makes 46 x 20 = 920 runs (about 15 s here), the
#: screening such a number of parameters calls for, and is the default; Sobol' makes
#: 92 x 64 = 5,888 runs (about 45 s).
MAX_SCENARIOS = 6
RUN_CHOICES = [50, 100, 200, 500, 1000]
SOBOL_SAMPLES, MORRIS_SAMPLES = 64, 20
#: Parameters drawn in the sensitivity chart (the most influential; the table has them all).
SHOWN_PARAMETERS = 15

state.init()
lang = state.lang()
app = cache.app_model(state.model())
shipped = app.scenarios
model_name = app.name
saved = state.saved(model_name)
uncertain = cache.uncertainty(model_name)
names_zh = cache.names_zh(model_name)

st.title(t("page_uncertainty", lang))
with st.expander(t("unc_params", lang)):
    st.dataframe(pd.DataFrame(
        [{t("parameter", lang): views.parameter_label(app.model, p.name, lang, names_zh),
          t("distribution", lang): p.distribution, t("dist_parameters", lang): str(p.params),
          t("reason", lang): p.reason} for p in uncertain.parameters]).set_index(t("parameter", lang)),
        width="stretch")

options = [*shipped, *[n for n in saved if n not in shipped]]
selection = st.multiselect(t("scenarios", lang), options=options, default=list(app.uncertainty_default),
                           max_selections=MAX_SCENARIOS, **state.widget(state.in_model(state.UNC_SELECTION, model_name)))
left, right = st.columns(2)
runs = left.select_slider(t("runs", lang), options=RUN_CHOICES, value=200,
                          **state.widget(state.UNC_RUNS))
sampler = right.radio(t("sampler", lang), options=["lhs", "mc", "sobol"], index=0, horizontal=True,
                      **state.widget(state.UNC_SAMPLER))
if not selection:
    st.info(t("choose_two", lang))
    st.stop()

texts = {n: saved[n] if n in saved else shipped[n].to_toml(model_ref=model_name) for n in selection}
# The package's messages for scenarios that cannot join, and the rest go ahead: one
# that sets a parameter the ensemble varies (the sample would replace it), and one
# that saves at other times than the first (they cannot share its bands).
refusals = {n: cache.ensemble_refusal(text) for n, text in texts.items()}
kept, other_times = views.split_by_save_times(
    {n: cache.run_text(text, "simlin") for n, text in texts.items() if refusals[n] is None})
for message in [*(m for m in refusals.values() if m), *other_times]:
    st.error(views.alert_text(message))
if not kept:
    st.stop()
selection = list(kept)


def ensemble_results(ds: xr.Dataset) -> None:
    """The ensemble's fan chart, overshoot probability and robustness table."""
    # Regional runs: the highest local load, the lowest local health and summed output (entropy.robustness).
    candidates = (("binding_load_ratio", "regional_load_ratio", "ecosystem_health", "industrial_output",
                   "regional_sink_pollution") if app.regional else
                  ("binding_load_ratio", "ecosystem_health", "industrial_output", "persistent_pollution",
                   "ore_reserve", "cumulative_entropy"))
    variables = [v for v in candidates if v in ds]
    var = st.selectbox(t("variable", lang), options=variables, index=0, **state.widget(state.UNC_VARIABLE),
                       format_func=lambda v: views.variable_label(ds, v, lang, names_zh))
    bands = entropy.analysis.robustness.percentile_bands(ds, var)
    units = str(ds[var].attrs.get("units", ""))
    # A band that dwarfs the others flattens them: a log axis (where every value is positive) or one
    # panel per scenario, each on its own scale.
    positive = bool((bands > 0).all())
    views_offered = ["together", *(["log"] if positive else []), "panels"]
    how = st.radio(t("fan_view", lang), options=views_offered, index=0, horizontal=True,
                   format_func=lambda v: t(f"fan_{v}", lang),
                   **state.widget(state.in_model(state.FAN_VIEW, model_name)))
    if how == "panels":
        names = [str(s) for s in bands["scenario"].values]
        for i in range(0, len(names), 2):
            for col, name in zip(st.columns(2), names[i:i + 2]):
                panel = charts.fan_chart(bands.sel(scenario=[name]), f"{t('fan', lang)}: {name}", units, lang)
                col.vega_lite_chart(spec=panel.vega_spec(), key=f"fan_chart_{name}", height=420)
    else:
        fan = charts.fan_chart(bands, t("fan", lang), units, lang, log=how == "log")
        st.vega_lite_chart(spec=fan.vega_spec(), key="fan_chart", height=460)
    prob = charts.probability_chart(entropy.analysis.robustness.overshoot_probability(ds),
                                    t("p_overshoot", lang), lang)
    st.vega_lite_chart(spec=prob.vega_spec(), key="probability_chart", height=380)

    st.subheader(t("robustness", lang))
    table = entropy.analysis.robustness.robustness_table(ds)
    st.dataframe(views.robustness_display(table, lang), width="stretch")
    st.download_button(t("dl_nc", lang), data=lambda: entropy.result_bytes(ds, "nc"), file_name="ensemble.nc",
                       mime="application/x-netcdf")


def sensitivity_results(result: pd.DataFrame, scenario: str, method: str, output: str) -> None:
    """The sensitivity analysis's chart (the most influential parameters) and its table."""
    result = result.rename(index=lambda k: views.parameter_label(app.model, str(k), lang, names_zh))
    bars = charts.sensitivity_chart(result.head(SHOWN_PARAMETERS), t("sens_title", lang).format(
        method=method, output=indicator_label(output, lang), scenario=scenario, shown=min(
            SHOWN_PARAMETERS, len(result)), total=len(result)))
    st.vega_lite_chart(spec=bars.vega_spec(), key="sensitivity_chart", height=charts.pixel_height(bars))
    st.dataframe(result.style.format("{:.3f}"), width="stretch")


# Both analyses run in the background (ui.jobs): while one runs its place shows a progress bar,
# and every control on the page stays live; a change starts the new work and drops the old.
ensemble = layout.job_or_message(lang, lambda: cache.ensemble_job(tuple(texts[n] for n in selection), int(runs), str(sampler),
                                                     0, state.UNC_JOB))
done = layout.finished(ensemble, lang, "ensemble_progress")
if done is not None:
    try:
        ensemble_results(done.result())
    except entropy.EntropyError as exc:
        st.error(views.alert_text(str(exc)))

st.subheader(t("sensitivity", lang))
c1, c2, c3 = st.columns(3)
scenario = c1.selectbox(t("scenarios", lang), options=selection, index=0,
                        **state.widget(state.in_model(state.SENS_SCENARIO, model_name)))
method = c2.radio(t("method", lang), options=["morris", "sobol"], index=0, horizontal=True,
                  **state.widget(state.SENS_METHOD))
output = c3.selectbox(t("output_indicator", lang), options=list(entropy.SENSITIVITY_OUTPUTS), index=0,
                      format_func=lambda o: indicator_label(o, lang),
                      **state.widget(state.in_language(state.SENS_OUTPUT, lang)))
if st.button(t("run_sensitivity", lang), key=state.SENS_RUN) or st.session_state.get(state.SENS_SHOWN):
    st.session_state[state.SENS_SHOWN] = True
    samples = SOBOL_SAMPLES if method == "sobol" else MORRIS_SAMPLES
    analysis = layout.job_or_message(lang, lambda: cache.sensitivity_job(texts[str(scenario)], str(method), str(output),
                                                            samples, state.SENS_JOB))
    done = layout.finished(analysis, lang, "sensitivity_progress")
    if done is not None:
        try:
            sensitivity_results(done.result(), str(scenario), str(method), str(output))
        except entropy.EntropyError as exc:
            st.error(views.alert_text(str(exc)))
