"""Explore: move the levers, see the model's future against business as usual."""

from __future__ import annotations

import dataclasses
from typing import cast

import streamlit as st
import xarray as xr

from ui import cache, charts, layout, regional, state, views
from ui import levers as lv
from ui.i18n import lever_help, lever_label, sector_label, t, unit_text
from ui.models import LeverSpec
from ui.uploads import MAX_NAME_CHARS, clean_name

state.init()
lang = state.lang()
app = cache.app_model(state.model())
model = app.name
presets = app.scenarios
preset_key = state.in_model(state.PRESET, model)
extras: dict[str, dict[str, float]] = st.session_state[state.PRESET_EXTRA]


def apply_preset() -> None:
    # A callback: what it writes reaches the browser with the run's first message.
    chosen = st.session_state.get(preset_key)
    if not chosen:
        return
    sc = presets[chosen]
    lv.put_values(app, lv.scenario_values(app, sc))
    lv.clear_all_sliders(app, app.levers)
    extras[model] = lv.extra_constants(app, sc)


def reset() -> None:
    lv.put_values(app, {key: app.element_default(key) for key, _ in lv.all_keys(app)})
    lv.clear_all_sliders(app, app.levers)
    extras[model] = {}
    state.put(preset_key, None)


def set_every_sector(name: str) -> None:
    # The "all sectors" slider's callback: every sector takes its value.
    value = st.session_state[state.lever_key(model, f"{name}[*]")]
    lv.put_values(app, {key: float(value) for key in app.specs[name].keys})


def draw(spec: LeverSpec, key: str, label: str, default: float, **callback: object) -> None:
    """One lever's widget (a toggle for a 0/1 switch, else a slider), bound to ``key``'s value."""
    value = lv.widget_value(spec, default)
    common = {"help": lever_help(spec.name, lang, app.regional), **state.widget(state.lever_key(model, key)),
              **callback}
    if spec.is_switch:
        st.toggle(label, value=bool(value), **common)
    else:
        st.slider(label, min_value=lv.widget_value(spec, spec.minimum), max_value=lv.widget_value(spec, spec.maximum),
                  value=value, step=lv.widget_value(spec, spec.step), format=spec.format, **common)


def lever(name: str, sector: str, now: dict[str, float]) -> None:
    """Draw a lever: a scalar's widget, or an arrayed lever's for ``sector`` ("*": all at once);
    ``now`` holds every lever key's value in this session (:func:`ui.levers.current`)."""
    spec = app.specs[name]
    label = lever_label(name, lang) + (t("units_in_label", lang).format(units=unit_text(spec.units, lang))
                                       if spec.units != "Dmnl" else "")
    if not spec.arrayed:
        draw(spec, name, label, spec.default)
    elif sector != "*":
        draw(spec, f"{name}[{sector}]", f"{label}: {sector_label(sector, lang)}",
             app.element_default(f"{name}[{sector}]"))
    else:
        low, high = lv.spread(spec, now)
        draw(spec, f"{name}[*]", f"{label}: {t('all_sectors', lang)}", low,
             on_change=set_every_sector, args=(name,))
        if low != high:
            st.caption(t("sectors_differ", lang).format(low=low, high=high))


with st.sidebar:
    # No option for "custom": the placeholder says it, in the session's language
    # (an option's label would stay in the language it was first drawn in).
    st.selectbox(t("preset", lang), options=list(presets), index=None, placeholder=t("custom", lang),
                 on_change=apply_preset, help=t("preset_help", lang), **state.widget(preset_key))
    extra = extras.get(model, {})
    if extra:
        st.caption(t("preset_extra", lang).format(what=views.md_escape(lv.describe(extra, app.model))))
    st.button(t("reset", lang), on_click=reset, width="stretch", key=state.RESET)
    sector = "*"
    if app.sectors:
        sector = str(st.selectbox(t("sector_choice", lang), options=["*", *app.sectors], index=0,
                                  format_func=lambda s: t("all_sectors", lang) if s == "*" else sector_label(s, lang),
                                  help=t("sector_choice_help", lang),
                                  **state.widget(state.in_language(state.in_model(state.SECTOR, model), lang))))

#: Height (px) of the lever panel: it scrolls on its own, as a sidebar does, beside the results.
LEVER_PANEL = 900

st.title(t("app_title", lang) if not app.regional else t("app_title_regional", lang))
st.caption(t("vs_bau", lang))


@st.fragment
def live() -> None:
    """The levers and everything that depends on them: a lever moves, only this part reruns.

    The rest of the app (navigation, model, language, presets) is left as it is, so a move
    costs the run, the figures and drawing them, not a rerun of every page element. Widget
    values are current before the rerun starts, so the figures are computed before the
    levers are drawn: the metrics take the page's full width above the levers and charts.
    """
    with layout.errors_shown(lang):  # a fragment's errors do not reach the app's handler
        results_and_levers()


def results_and_levers() -> None:
    """What :func:`live` draws."""
    now = lv.current(app)
    values = lv.setting(app, extra, now)
    engine = state.engine()
    params = layout.sync_link(app, engine, values)
    setting = lv.as_key(values)
    ds = cache.run(model, setting, engine)
    bau = cache.run(model, (), engine)
    summary = cache.run_summary(model, setting, engine) if app.regional else None
    if summary is not None:
        metrics = regional.headline(summary, cache.run_summary(model, (), engine), len(app.sectors), lang)
    else:
        metrics = views.headline(cache.figures(model, setting, engine), cache.figures(model, (), engine), lang)
    for row in (metrics[:5], metrics[5:]):
        for col, m in zip(st.columns(5), row):
            col.metric(m.label, m.value, m.delta, delta_color=m.delta_color,  # type: ignore[arg-type]
                       delta_arrow=m.delta_arrow, help=m.help)  # type: ignore[arg-type]
    levers_col, results = st.columns([1, 4], gap="medium")
    with results:  # first: the browser gets the charts before the levers, which it already shows
        figures = show(ds, bau, summary, setting)
        downloads(values, setting, engine, figures)
    with levers_col:
        layout.copy_link(params, lang)
        with st.container(height=LEVER_PANEL, border=False):
            for group in app.groups:
                if group.advanced:
                    with st.expander(t(group.key, lang)):
                        st.caption(t("loops_hint", lang))
                        for name in group.levers:
                            lever(name, sector, now)
                    continue
                st.markdown(f"**{t(group.key, lang)}**")
                for name in group.levers:
                    lever(name, sector, now)


def show(ds: xr.Dataset, bau: xr.Dataset, summary: regional.RunSummary | None,
         setting: lv.SettingKey) -> list[charts.Chart]:
    """The charts of a run against business as usual (and, for the regional model, the sentence
    and the sector table); returns them for the PNG download."""
    figures: list[charts.Chart]
    band = uncertainty_band(setting)
    if summary is not None:
        st.info(regional.overshoot_text(summary, lang))
        figures = regional.explore_charts(ds, bau, lang, band)
        st.vega_lite_chart(spec=figures[0].vega_spec(), key="explore_chart_0", width="stretch",
                           height=charts.pixel_height(figures[0], legend_rows=2))
        for i in range(1, len(figures), 2):
            for j, (col, chart) in enumerate(zip(st.columns(2), figures[i:i + 2])):
                col.vega_lite_chart(spec=chart.vega_spec(), key=f"explore_chart_{i + j}",
                                    height=charts.pixel_height(chart, legend_rows=5))
        st.caption(t("png_hint", lang))
        with st.expander(t("sector_table", lang)):
            st.dataframe(regional.sector_frame(summary, lang), width="stretch")
        return figures
    figures = list(charts.explore_charts(ds, bau, lang, band))
    if st.toggle(t("all_charts", lang), value=False, help=t("all_charts_help", lang),
                 **state.widget(state.ALL_CHARTS)):
        for i in range(0, len(figures), 2):
            for j, (col, chart) in enumerate(zip(st.columns(2), figures[i:i + 2])):
                col.vega_lite_chart(spec=chart.vega_spec(), key=f"explore_chart_{i + j}",
                                    height=charts.pixel_height(chart, legend_rows=3))
    else:
        panels(figures)
    st.caption(t("png_hint", lang))
    return figures


def uncertainty_band(setting: lv.SettingKey) -> xr.DataArray | None:
    """The 5-95% band of the load ratio around the setting, when switched on and computed.

    The band's runs are a background job: the charts are drawn at once without it, a
    progress bar says how far it is, and the page redraws with it when it is done. A lever
    moved meanwhile starts the new setting's band and drops the old one.
    """
    help_key = "band_help_regional" if app.regional else "band_help"
    if not st.toggle(t("band", lang), value=False, help=t(help_key, lang),
                     **state.widget(state.in_model(state.BAND, model))):
        return None
    refusal = cache.setting_refusal(model, setting)
    if refusal:
        st.warning(views.alert_text(refusal))
        return None
    job = layout.finished(layout.job_or_message(lang, lambda: cache.band_job(model, setting, state.BAND_JOB)),
                          lang, "band_progress")
    return None if job is None else cast(xr.DataArray, job.result())


#: The charts Explore's panels show until the user picks others: load, health, output, entropy.
PANEL_DEFAULTS = (0, 1, 3, 6)


def panels(figures: list[charts.Chart]) -> None:
    """Four chart panels, two to a row, each with a box above it choosing its chart (as En-ROADS does).

    Every chart is a choice away, and a lever move redraws four charts, not ten: the browser's
    drawing is most of a move's time. The box names the chart, so the chart itself is drawn
    without its title.
    """
    for row in range(0, len(PANEL_DEFAULTS), 2):
        for col, panel in zip(st.columns(2), range(row, row + 2)):
            chosen = col.selectbox(t("chart_shown", lang), options=range(len(figures)),
                                   index=PANEL_DEFAULTS[panel], format_func=lambda i: figures[i].title,
                                   label_visibility="collapsed",
                                   **state.widget(state.in_language(
                                       state.in_model(f"{state.CHART_PANEL}{panel}", model), lang)))
            chart = figures[int(chosen)]
            spec = {k: v for k, v in chart.vega_spec().items() if k != "title"}
            col.vega_lite_chart(spec=spec, key=f"explore_panel_{panel}",
                                height=charts.pixel_height(chart, legend_rows=3) - 20)


def downloads(values: dict[str, float], setting: lv.SettingKey, engine: str, figures: list[charts.Chart]) -> None:
    """The run as CSV or netCDF, the setting as TOML, a chart as PNG, and saving the setting by name."""
    st.subheader(t("downloads", lang))
    name = clean_name(st.text_input(t("save_as", lang), value="my-scenario", max_chars=MAX_NAME_CHARS,
                                    **state.widget(state.SAVE_NAME)))
    scenario = dataclasses.replace(app.base.with_levers(**values), name=name, description="Saved from Explore")
    toml_text = scenario.to_toml(model_ref=model)
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button(t("dl_csv", lang), data=lambda: cache.file_bytes(model, setting, engine, "csv"),
                       file_name=f"{name}.csv", mime="text/csv")
    c2.download_button(t("dl_nc", lang), data=lambda: cache.file_bytes(model, setting, engine, "nc"),
                       file_name=f"{name}.nc", mime="application/x-netcdf")
    c3.download_button(t("dl_toml", lang), data=toml_text, file_name=f"{name}.toml", mime="application/toml")
    png_left, png_right = st.columns([3, 1])
    chosen_chart = png_left.selectbox(t("png_chart", lang), options=range(len(figures)), index=0,
                                      format_func=lambda i: figures[i].title,
                                      **state.widget(state.in_language(state.PNG_CHART, lang)))
    png_right.download_button(t("dl_png", lang), data=lambda: charts.png(figures[chosen_chart]),
                              file_name=f"{name}-chart{chosen_chart + 1}.png", mime="image/png")
    if c4.button(t("save", lang), key=state.SAVE_BUTTON):
        saved = state.saved(model)
        if name in presets:
            st.warning(t("name_taken", lang))
        elif name not in saved and len(saved) >= layout.MAX_SAVED:
            st.warning(t("too_many_saved", lang).format(n=layout.MAX_SAVED))
        else:
            saved[name] = toml_text
            st.success(views.alert_text(f"{t('saved', lang)}: {name}"))


live()
