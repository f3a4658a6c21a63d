"""Explore: move the levers, see the cluster's future against business as usual."""

from __future__ import annotations

import dataclasses

import streamlit as st

from ui import cache, charts, layout, state, views
from ui import levers as lv
from ui.i18n import lever_help, lever_label, t, unit_text
from ui.uploads import MAX_NAME_CHARS, clean_name

state.init()
lang = state.lang()
base = cache.base()
specs = lv.lever_specs(base.model)
presets = cache.shipped()


def apply_preset() -> None:
    # A callback: what it writes reaches the browser with the run's first message.
    chosen = st.session_state.get(state.PRESET)
    if not chosen:
        return
    sc = presets[chosen]
    for name, value in lv.preset_values(sc, specs).items():
        state.put(state.lever_key(name), lv.widget_value(specs[name], value))
    st.session_state[state.PRESET_EXTRA] = lv.extra_constants(sc)


def reset() -> None:
    for name, spec in specs.items():
        state.put(state.lever_key(name), lv.widget_value(spec, spec.default))
    st.session_state[state.PRESET_EXTRA] = {}
    state.put(state.PRESET, None)


def lever(name: str) -> float:
    """Draw one lever (a toggle for a 0/1 switch, else a slider) and return its value."""
    spec = specs[name]
    label = lever_label(name, lang) + (t("units_in_label", lang).format(units=unit_text(spec.units, lang))
                                       if spec.units != "Dmnl" else "")
    default = lv.widget_value(spec, spec.default)
    if spec.is_switch:
        return float(st.toggle(label, value=bool(default), help=lever_help(name, lang),
                               **state.widget(state.lever_key(name))))
    return float(st.slider(label, min_value=lv.widget_value(spec, spec.minimum),
                           max_value=lv.widget_value(spec, spec.maximum), value=default,
                           step=lv.widget_value(spec, spec.step), format=spec.format,
                           help=lever_help(name, lang), **state.widget(state.lever_key(name))))


values: dict[str, float] = {}
with st.sidebar:
    # No option for "custom": the placeholder says it, in the session's language
    # (an option's label would stay in the language it was first drawn in).
    st.selectbox(t("preset", lang), options=list(presets), index=None, placeholder=t("custom", lang),
                 on_change=apply_preset, help=t("preset_help", lang), **state.widget(state.PRESET))
    extra = st.session_state[state.PRESET_EXTRA]
    if extra:
        st.caption(t("preset_extra", lang).format(what=views.md_escape(lv.describe(extra, base.model))))
    st.button(t("reset", lang), on_click=reset, width="stretch", key=state.RESET)
    for group, names in lv.GROUPS:
        if group in lv.ADVANCED:
            with st.expander(t(group, lang)):
                st.caption(t("loops_hint", lang))
                for name in names:
                    values[name] = lever(name)
            continue
        st.markdown(f"**{t(group, lang)}**")
        for name in names:
            values[name] = lever(name)

setting = lv.as_key({**st.session_state[state.PRESET_EXTRA], **values})
engine = state.engine()
ds = cache.run_setting(setting, engine)
bau = cache.run_setting((), engine)

st.title(t("app_title", lang))
st.caption(t("vs_bau", lang))
metrics = views.headline(ds, bau, lang)
for row in (metrics[:5], metrics[5:]):
    for col, m in zip(st.columns(5), row):
        col.metric(m.label, m.value, m.delta, delta_color=m.delta_color,  # type: ignore[arg-type]
                   delta_arrow=m.delta_arrow, help=m.help)  # type: ignore[arg-type]

band = None
if st.toggle(t("band", lang), value=False, help=t("band_help", lang), **state.widget(state.BAND)):
    with st.spinner(t("band_wait", lang).format(n=cache.BAND_RUNS)):
        band = cache.load_band(setting)
figures = charts.explore_charts(ds, bau, lang, band)
for i in range(0, len(figures), 2):
    for j, (col, chart) in enumerate(zip(st.columns(2), figures[i:i + 2])):
        col.vega_lite_chart(spec=chart.vega_spec(), key=f"explore_chart_{i + j}", height=charts.HEIGHT + 100)
st.caption(t("png_hint", lang))

st.subheader(t("downloads", lang))
name = clean_name(st.text_input(t("save_as", lang), value="my-scenario", max_chars=MAX_NAME_CHARS,
                                **state.widget(state.SAVE_NAME)))
scenario = dataclasses.replace(base.with_levers(**dict(setting)), name=name, description="Saved from Explore")
toml_text = scenario.to_toml(model_ref=base.model.name)
c1, c2, c3, c4 = st.columns(4)
c1.download_button(t("dl_csv", lang), data=lambda: cache.file_bytes(setting, engine, "csv"),
                   file_name=f"{name}.csv", mime="text/csv")
c2.download_button(t("dl_nc", lang), data=lambda: cache.file_bytes(setting, engine, "nc"),
                   file_name=f"{name}.nc", mime="application/x-netcdf")
c3.download_button(t("dl_toml", lang), data=toml_text, file_name=f"{name}.toml", mime="application/toml")
png_left, png_right = st.columns([3, 1])
chosen_chart = png_left.selectbox(t("png_chart", lang), options=range(len(figures)), index=0,
                                  format_func=lambda i: figures[i].title,
                                  **state.widget(state.in_language(state.PNG_CHART, lang)))
png_right.download_button(t("dl_png", lang), data=lambda: charts.png(figures[chosen_chart]),
                          file_name=f"{name}-chart{chosen_chart + 1}.png", mime="image/png")
if c4.button(t("save", lang), key=state.SAVE_BUTTON):
    saved = st.session_state[state.SAVED]
    if name in presets:
        st.warning(t("name_taken", lang))
    elif name not in saved and len(saved) >= layout.MAX_SAVED:
        st.warning(t("too_many_saved", lang).format(n=layout.MAX_SAVED))
    else:
        saved[name] = toml_text
        st.success(views.alert_text(f"{t('saved', lang)}: {name}"))
