"""Decide: where policies are safe (scenario discovery), the least policy that stays inside
(optimisation) and whether the model reproduces observations (calibration)."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import Any

import pandas as pd
import streamlit as st

import entropy
from ui import cache, decide_charts, layout, state, views
from ui.charts import Chart
from ui import levers as lv
from ui.i18n import STRINGS, lever_label, t, unit_text
from ui.jobs import JOBS, Job

#: What the page offers (the limits in ui.cache hold whatever a browser sends).
DISCOVER_RUNS = [500, 1000, 2000]
OPT_SAMPLES = [20, 50, 100]
OPT_GENERATIONS = [3, 5, 10, 20, 30]
DEFAULT_LEVERS = ("reduce_policy", "recycle_policy", "by_product_exchange_policy")

state.init()
lang = state.lang()
app = cache.app_model(state.model())
model_name = app.name
shipped = app.scenarios
saved = state.saved(model_name)
names_zh = cache.names_zh(model_name)
policy_levers = [n for g in app.groups if not g.advanced for n in g.levers]

if st.session_state[state.GO_EXPLORE]:
    st.session_state[state.GO_EXPLORE] = False
    st.switch_page("screens/explore.py")

st.title(t("page_decide", lang))
st.caption(t("decide_intro", lang))
options = [*shipped, *[n for n in saved if n not in shipped]]
scenario = st.selectbox(t("base_scenario", lang), options=options, index=options.index(app.base_name),
                        **state.widget(state.in_model(state.DEC_SCENARIO, model_name)))
text = saved[scenario] if scenario in saved else shipped[scenario].to_toml(model_ref=model_name)


def lever_name(key: str) -> str:
    return lever_label(key, lang) if key in app.specs else views.parameter_label(app.model, key, lang, names_zh)


def series_name(var: str) -> str:
    """A model variable by the model's name (and the views' Chinese name in Chinese)."""
    info = app.model.variables[var]
    return f"{names_zh[var]}（{info.real_name}）" if lang == "zh" and var in names_zh else info.real_name


def carried(widget: Callable[..., Any], label: str, default: Any, base_key: str, **kwargs: Any) -> Any:
    """A chooser whose labels change with the language, its choice carried across languages.

    One widget per language (a browser keeps a chooser's choice as the text it showed, so
    a relabelled chooser loses it); the choice itself is kept per model under ``base_key``
    and copied back at every change.
    """
    plain = state.in_model(base_key, model_name)
    key = state.in_language(plain, lang)
    value = st.session_state.get(plain, default)
    copy = (lambda: st.session_state.__setitem__(plain, st.session_state[key]))
    if widget is st.radio:
        return widget(label, index=kwargs["options"].index(value), key=key, on_change=copy, **kwargs)
    return widget(label, default=value, key=key, on_change=copy, placeholder=t("choose_options", lang), **kwargs)


def column(name: object) -> str:
    """A result table's column (or row) as people read it: a lever's label, else the page's word for it."""
    key = str(name)
    if key in app.specs or key in app.model.variables:
        return lever_name(key)
    return t(f"col_{key}", lang) if f"col_{key}" in STRINGS else key


def table(frame: pd.DataFrame, index_label: Callable[[str], str] = column) -> None:
    """A result table, labelled in the session's language; a missing value reads "-"."""
    shown = frame.rename(index=lambda k: index_label(str(k)), columns=column)
    shown.index.name = column(frame.index.name) if frame.index.name else None
    for c in shown.columns:
        if shown[c].dtype.kind == "f":  # figures as text: a missing one reads "-" (Streamlit shows None)
            shown[c] = [f"{v:.4g}" if math.isfinite(v) else "-" for v in shown[c]]
        elif shown[c].dtype.kind == "b":
            shown[c] = [t("yes" if v else "no", lang) for v in shown[c]]
    st.dataframe(shown, width="stretch")


def load_into_explore(values: dict[str, float]) -> None:
    """Set Explore's levers (every sector of an arrayed one) and go there (a button's callback)."""
    expanded: dict[str, float] = {}
    for key, value in values.items():
        spec = app.specs.get(key.partition("[")[0])
        if spec is None:
            continue
        for element in (spec.keys if spec.elements and "[" not in key else [key]):
            expanded[element] = value
    lv.put_values(app, expanded)
    st.session_state[state.GO_EXPLORE] = True


def stop(request_key: str, slot: str) -> None:
    """Let go of the page's job of one kind (it stops unless another session waits for it)."""
    key: Hashable | None = st.session_state.get(slot)
    if key is not None:
        JOBS.release(cache.session_id(), key)
    st.session_state[request_key] = None


def job_for(request_key: str, slot: str, make: Callable[..., Job], bar: str) -> Any:
    """The finished result of the page's request of one kind, or None (progress and a Stop button drawn).

    ``make(*request, slot)`` asks for the job of the request stored under ``request_key``.
    """
    request = st.session_state.get(request_key)
    if request is None:
        return None
    job = layout.job_or_message(lang, lambda: make(*request, slot))
    if job is not None and not job.finished:
        st.button(t("dec_stop", lang), key=f"{bar}_stop", on_click=stop, args=(request_key, slot))
    done = layout.finished(job, lang, bar)
    if done is None:
        return None
    try:
        return done.result()
    except entropy.EntropyError as exc:
        st.error(views.alert_text(str(exc)))
        return None


def chart(c: Chart, key: str) -> None:
    st.vega_lite_chart(spec=c.vega_spec(), key=key, height=int(c.spec.get("height", 320)) + 60,
                       width="stretch")


tab_discover, tab_optimize, tab_calibrate = st.tabs(
    [t("tab_discover", lang), t("tab_optimize", lang), t("tab_calibrate", lang)])

with tab_discover:
    default_levers = [k for k in DEFAULT_LEVERS if k in policy_levers] or policy_levers[:3]
    levers = carried(st.multiselect, t("dec_levers", lang), default_levers, state.DEC_LEVERS, options=policy_levers,
                     format_func=lever_name, help=t("dec_levers_help", lang))
    default_target = entropy.decision.targets.default_target(app.model).text
    target = st.text_input(t("dec_target", lang), value=default_target, help=t("dec_target_help", lang),
                           max_chars=entropy.decision.targets.MAX_TARGET_CHARS,
                           **state.widget(state.in_model(state.DEC_TARGET, model_name)))
    c1, c2 = st.columns(2)
    runs = c1.select_slider(t("dec_runs", lang), options=DISCOVER_RUNS, value=1000, **state.widget(state.DEC_RUNS))
    density = c2.slider(t("dec_density", lang), min_value=0.5, max_value=1.0, value=0.8, step=0.05,
                        help=t("dec_density_help", lang), **state.widget(state.DEC_DENSITY))
    request_key = state.in_model(state.DEC_REQUEST, model_name)
    if st.button(t("dec_find", lang), key="dec_find", type="primary", disabled=not levers):
        st.session_state[request_key] = (text, tuple(levers), int(runs), str(target), float(density))
    found = job_for(request_key, state.DEC_JOB, cache.discover_job, "dec_progress")
    if found is not None:
        st.write(t("dec_met", lang).format(share=found.share_met, runs=found.runs.sizes["run"],
                                           target=found.target.text))
        if found.prim is None:
            st.info(views.alert_text(t("dec_no_box", lang).format(note=found.note)))
        else:
            prim = found.prim
            left, right = st.columns(2)
            with left:
                chart(decide_charts.peeling_chart(prim.trajectory, prim.chosen, t("dec_peeling", lang),
                                                  t("coverage", lang), t("density", lang)), "dec_peeling")
            with right:
                chart(decide_charts.box_chart(prim.box, lever_name, t("dec_box", lang).format(
                    coverage=prim.coverage, density=prim.density), t("searched", lang), t("in_box", lang)),
                    "dec_box")
            table(prim.box)
            if found.note:
                st.warning(views.alert_text(t("dec_note", lang).format(note=found.note)))
            centre = found.box_scenario().constants
            st.button(t("dec_load_box", lang), key="dec_load", on_click=load_into_explore,
                      args=({k: centre[k] for k in centre if k in {x.key for x in found.levers}},))
        d1, d2, d3 = st.columns(3)
        d1.download_button(t("dl_runs_csv", lang), data=entropy.decision.discovery.runs_table(found).to_csv(),
                           file_name="discovery-runs.csv", mime="text/csv")
        d2.download_button(t("dl_box_toml", lang), data=found.box_scenario().to_toml(model_name),
                           file_name="box.toml", mime="application/toml")
        d3.download_button(t("dl_ranges_toml", lang), data=found.ranges_toml(model_name),
                           file_name="box-ranges.toml", mime="application/toml")

with tab_optimize:
    chosen = carried(st.multiselect, t("dec_levers", lang),
                     [k for k in DEFAULT_LEVERS if k in policy_levers] or policy_levers[:3], state.OPT_LEVERS,
                     options=policy_levers, format_func=lever_name)
    c1, c2 = st.columns(2)
    with c1:
        objective = carried(st.radio, t("opt_objective", lang), "cost", state.OPT_OBJECTIVE,
                            options=["cost", "output", "both"],
                            format_func=lambda o: t(f"obj_{o}", lang))
    limit = c2.slider(t("opt_limit", lang), min_value=0.0, max_value=0.5, value=0.1, step=0.01,
                      **state.widget(state.OPT_LIMIT))
    c3, c4 = st.columns(2)
    samples = c3.select_slider(t("opt_samples", lang), options=OPT_SAMPLES, value=20 if app.regional else 50,
                               **state.widget(state.in_model(state.OPT_RUNS, model_name)))
    generations = c4.select_slider(t("opt_generations", lang), options=OPT_GENERATIONS,
                                   value=3 if app.regional else 10,
                                   **state.widget(state.in_model(state.OPT_GENERATIONS, model_name)))
    objectives = ("cost", "output") if objective == "both" else (str(objective),)
    optimisation = entropy.decision.optimisation
    work = optimisation.most_model_runs(int(generations), optimisation.default_population(len(chosen)),
                                        int(samples), len(objectives))
    st.caption(t("opt_work", lang).format(runs=work, most=cache.web_decision_runs(model_name)))
    request_key = state.in_model(state.OPT_REQUEST, model_name)
    if st.button(t("opt_run", lang), key="opt_run", type="primary", disabled=not chosen):
        st.session_state[request_key] = (text, tuple(chosen), objectives, float(limit), int(samples),
                                         int(generations))
    best = job_for(request_key, state.OPT_JOB, cache.optimize_job, "opt_progress")
    if best is not None:
        if best.best is not None:
            row = best.best
            st.subheader(t("opt_result", lang).format(check=best.check_runs))
            table(row.to_frame(" "))
            st.write(t("opt_check", lang).format(p=row["p_overshoot_check"], lo=row["p_check_low"],
                                                 hi=row["p_check_high"]))
            values = {x.key: float(row[x.key]) for x in best.levers}
            st.button(t("dec_load_optimum", lang), key="opt_load", on_click=load_into_explore, args=(values,))
            st.download_button(t("dl_optimum_toml", lang), data=best.best_scenario().to_toml(model_name),
                               file_name="optimum.toml", mime="application/toml")
        elif best.front is not None:
            chart(decide_charts.pareto_chart(best.front, "cost", "output", t("opt_front", lang),
                                             t("policy_cost", lang), t("cumulative_output", lang)), "opt_front")
            table(best.front, str)
        if best.note:
            st.warning(views.alert_text(t("dec_note", lang).format(note=best.note)))

with tab_calibrate:
    example = entropy.list_models()[model_name].parent / "observed" / "synthetic.csv"
    layout.uploader_words(lang, "CSV")
    upload = st.file_uploader(t("cal_data", lang), type=["csv"], key=state.CAL_UPLOAD, help=t(
        "cal_data_help", lang).format(kb=entropy.limits.WEB_MAX_UPLOAD_BYTES // 1024))
    use_example = example.is_file() and st.checkbox(t("cal_example", lang), value=upload is None,
                                                    key=state.CAL_EXAMPLE)
    data: str | None = None
    source = example.name
    if upload is not None and not use_example:
        raw = upload.getvalue()
        if len(raw) > entropy.limits.WEB_MAX_UPLOAD_BYTES:
            st.error(views.alert_text(f"{upload.name}: {len(raw):,} bytes; allowed at most "
                                      f"{entropy.limits.WEB_MAX_UPLOAD_BYTES:,}"))
        else:
            try:
                data, source = raw.decode("utf-8-sig"), upload.name
            except UnicodeDecodeError:
                st.error(views.alert_text(f"{upload.name}: not UTF-8 text; save the CSV as UTF-8"))
    elif use_example:
        data = example.read_text(encoding="utf-8")
    constants = sorted({p.name for p in cache.uncertainty(model_name).parameters if "[" not in p.name}
                       | set(policy_levers))
    fit_default = [k for k in ("demand_growth_rate", "current_tailings_utilisation") if k in constants]
    params = carried(st.multiselect, t("cal_params", lang), fit_default, state.CAL_PARAMS, options=constants,
                     format_func=lever_name)
    request_key = state.in_model(state.CAL_REQUEST, model_name)
    if st.button(t("cal_run", lang), key="cal_run", type="primary", disabled=not params or data is None):
        st.session_state[request_key] = (text, data, tuple(params), source)
    if data is None:
        st.info(t("cal_no_data", lang))
    fit = job_for(request_key, state.CAL_JOB, cache.calibrate_job, "cal_progress")
    if fit is not None:
        st.subheader(t("cal_estimates", lang))
        table(fit.estimates.drop(columns=["low", "high"]), lever_name)
        st.subheader(t("cal_stats", lang))
        table(fit.statistics, series_name)
        series = list(fit.statistics.index)
        for i in range(0, len(series), 2):
            for col, var in zip(st.columns(2), series[i:i + 2]):
                info = app.model.variables[var]
                with col:
                    chart(decide_charts.fit_chart(fit.fitted, var, series_name(var), unit_text(info.units, lang), t("observed", lang),
                                                  t("simulated", lang), t("year", lang)), f"cal_fit_{var}")
        if fit.note:
            st.warning(views.alert_text(t("dec_note", lang).format(note=fit.note)))
        st.download_button(t("dl_calibrated", lang), data=fit.calibrated_scenario().to_toml(model_name),
                           file_name="calibrated.toml", mime="application/toml")

