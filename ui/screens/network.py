"""Exchange network: the material flows between the model's nodes, its links as editable rows,
and the network's cycling and robustness over time."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
import xarray as xr

from entropy.analysis.network import flows_at
from ui import cache, charts, layout, network_charts, state, views
from ui import levers as lv
from ui.i18n import sector_label, t, unit_text

state.init()
lang = state.lang()
app = cache.app_model(state.model())
model = app.name
engine = state.engine()
generation_key = state.in_model(state.NET_EDITOR, model) + "__generation"
EDITOR_WIDTHS = layout.LINK_EDITOR_WIDTHS


def label(node: str) -> str:
    return sector_label(node, lang) if app.regional else t(f"node_{node}", lang)


def link_rows(values: dict[str, float], only_existing: bool) -> pd.DataFrame:
    """One row per sender-receiver pair of the network matrices: on/off and shares."""
    active, share, heat = app.network
    rows = []
    for sender in app.sectors:
        for receiver in app.sectors:
            pair = f"{sender},{receiver}"
            on, offered, heated = (values[f"{active}[{pair}]"], values[f"{share}[{pair}]"],
                                   values[f"{heat}[{pair}]"])
            if only_existing and not (on or offered > 0 or heated > 0):
                continue
            rows.append({"pair": pair, "sender": label(sender), "receiver": label(receiver), "active": bool(on),
                         "share": offered, "heat": heated})
    return pd.DataFrame(rows).set_index("pair")


def apply_edits(shown: list[str]) -> None:
    # The editor's callback: its edited cells become the links' lever values, then a fresh editor
    # (a new key) is drawn from them, so an old edit never replays over a preset or a reset.
    editor = st.session_state.get(state.in_model(state.NET_EDITOR, model) + f"__{state.get(generation_key, 0)}")
    if not editor:
        return
    active, share, heat = app.network
    columns = {"active": active, "share": share, "heat": heat}
    updates: dict[str, float] = {}
    for row, cells in editor.get("edited_rows", {}).items():
        pair = shown[int(row)]
        for column, value in cells.items():
            if column in columns and value is not None:
                spec = app.specs[columns[column]]
                updates[f"{columns[column]}[{pair}]"] = float(min(max(float(value), spec.minimum), spec.maximum))
    lv.put_values(app, updates)
    st.session_state[generation_key] = int(state.get(generation_key, 0)) + 1


def set_decomposer(on: bool) -> None:
    # One control adds or removes the decomposer sector: on, it takes the decomposer scenario's
    # settings that touch the node; off, every link to and from it closes and its output policy is 0.
    d = app.decomposer
    assert d is not None
    if on:
        chosen = lv.scenario_values(app, app.scenarios[d.scenario])
        updates = {k: v for k, v in chosen.items() if d.node in k.partition("[")[2].rstrip("]").split(",")}
    else:
        updates = {f"{d.output}[{d.node}]": 0.0}
        for other in app.sectors:
            updates[f"{d.links}[{other},{d.node}]"] = 0.0
            updates[f"{d.links}[{d.node},{other}]"] = 0.0
    lv.put_values(app, updates)
    st.session_state[generation_key] = int(state.get(generation_key, 0)) + 1


st.title(t("page_network", lang))
st.caption(t("network_intro_regional" if app.regional else "network_intro_cluster", lang))


@st.fragment
def live() -> None:
    """The page below its title: the year, a link edit or the decomposer button reruns only this part.

    So the address bar's link and the "Copy link" button are kept here (as on Explore), not in the
    sidebar, which a fragment's rerun leaves as it was.
    """
    with layout.errors_shown(lang):
        body()


def body() -> None:
    """What :func:`live` draws."""
    now = layout.session_setting(app)
    layout.copy_link(layout.sync_link(app, engine, now), lang)
    values = lv.current(app)
    setting = lv.as_key(now)
    ds = cache.run(model, setting, engine)
    bau = cache.run(model, (), engine)
    metrics = cache.network(model, setting, engine)
    bau_metrics = cache.network(model, (), engine)

    years = np.asarray(ds["time"].values, dtype=float)
    year = st.select_slider(t("net_year", lang), options=[int(y) for y in years], value=int(min(2050, years[-1])),
                            **state.widget(state.in_model(state.NET_YEAR, model)))
    flows, nodes = flows_at(ds, float(year))
    flows_b, _ = flows_at(bau, float(year))


    def at_year(metric_set: xr.Dataset, name: str) -> float:
        return float(metric_set[name].sel(time=float(year), method="nearest"))


    figures_at = [("net_total", float(flows.sum()), float(flows_b.sum()), "{:,.2f} " + unit_text("Mt/Year", lang), 2),
                  *[(f"net_{name}", at_year(metrics, name), at_year(bau_metrics, name), "{:.3f}", 3)
                    for name in ("finn_cycling_index", "cyclicity", "robustness")]]
    for col, (key, value, ref, fmt, digits) in zip(st.columns(len(figures_at)), figures_at):
        diff = round(value - ref, digits)
        col.metric(t(key, lang).format(year=year), "-" if value != value else fmt.format(value),
                   None if diff == 0 or diff != diff else f"{diff:+.{digits}f}", help=t(f"{key}_help", lang))
    labels = {n: label(n) for n in nodes}
    top = float(max(flows.max(initial=0.0), flows_b.max(initial=0.0)))
    left, right = st.columns(2)
    for col, matrix, title, key in ((left, flows, t("current", lang), "flow_current"),
                                    (right, flows_b, t("bau", lang), "flow_bau")):
        chart = network_charts.flow_diagram(matrix, nodes, labels, f"{title}, {year}", lang, max_flow=top or None)
        col.vega_lite_chart(spec=chart.vega_spec(), key=key, width="stretch", height=charts.pixel_height(chart))

    st.subheader(t("net_metrics", lang))
    figures = network_charts.metric_charts(metrics, bau_metrics, lang)
    for i in range(0, len(figures), 3):
        for j, (col, chart) in enumerate(zip(st.columns(3), figures[i:i + 3])):
            col.vega_lite_chart(spec=chart.vega_spec(), key=f"net_metric_{i + j}", height=charts.pixel_height(chart))
    removal = network_charts.node_removal_chart(metrics, bau_metrics, float(year), labels, lang)
    st.vega_lite_chart(spec=removal.vega_spec(), key="node_removal", width="stretch",
                      height=charts.pixel_height(removal))

    if app.network and app.sectors:
        st.subheader(t("net_links", lang))
        st.caption(t("net_links_help", lang))
        if app.decomposer is not None:
            d = app.decomposer
            on = values[f"{d.output}[{d.node}]"] > 0 or any(
                values[f"{d.links}[{o},{d.node}]"] > 0 for o in app.sectors if o != d.node)
            st.button(t("decomposer_remove" if on else "decomposer_add", lang), on_click=set_decomposer, args=(not on,),
                      help=t("decomposer_help", lang).format(scenario=d.scenario), key=f"decomposer_{model}")
        only = st.toggle(t("net_only_existing", lang), value=True,
                         **state.widget(state.in_model(state.NET_ONLY_EXISTING, model)))
        table = link_rows(values, bool(only))
        column_config: dict[str, Any] = {
            "sender": st.column_config.TextColumn(t("net_sender", lang), disabled=True, width=EDITOR_WIDTHS[0]),
            "receiver": st.column_config.TextColumn(t("net_receiver", lang), disabled=True, width=EDITOR_WIDTHS[1]),
            "active": st.column_config.CheckboxColumn(t("net_active", lang), help=t("net_active_help", lang),
                                                      width=EDITOR_WIDTHS[2]),
            "share": st.column_config.NumberColumn(t("net_share", lang), min_value=0.0, max_value=1.0, step=0.05,
                                                   format="%.2f", help=t("net_share_help", lang), width=EDITOR_WIDTHS[3]),
            "heat": st.column_config.NumberColumn(t("net_heat", lang), min_value=0.0, max_value=1.0, step=0.05,
                                                  format="%.2f", help=t("net_heat_help", lang), width=EDITOR_WIDTHS[4]),
        }
        st.data_editor(table, hide_index=True, column_config=column_config, num_rows="fixed", width=sum(EDITOR_WIDTHS) + 2,
                       height=min(36 * (len(table) + 1) + 3, 600), on_change=apply_edits, args=(list(table.index),),
                       key=state.in_model(state.NET_EDITOR, model) + f"__{state.get(generation_key, 0)}")
    changed = [k for k, _ in setting if k.partition("[")[0] in app.specs]
    st.caption(t("net_setting", lang).format(n=len(changed)) if changed else t("net_setting_bau", lang))
    if not app.regional:
        st.caption(views.md_escape(t("net_cluster_nodes", lang)))


live()
