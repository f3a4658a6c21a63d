"""The Streamlit app under streamlit.testing's AppTest: every page, as a user drives it.

Assertions are about behaviour (a lever moves the figures the way the model
says it should, a preset sets its levers, the page shows what the API
computes), not about pinned numbers, so the model's calibration can change.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import entropy

from .conftest import ROOT

APP = str(ROOT / "ui" / "app.py")
TIMEOUT = 120
LEVERS = ("reduce_policy", "reuse_policy", "recycle_policy", "decomposer_investment_share_policy",
          "by_product_exchange_policy", "renewable_share_policy", "demand_growth_rate", "demand_ceiling_ratio",
          "threshold_load_level", "policy_start_year", "policy_adoption_time")
SWITCHES = ("threshold_constraint_switch", "health_output_switch", "health_assimilation_switch",
            "depletion_cost_switch", "finance_constraint_switch")
METRICS = ("First overshoot", "Years in overshoot", "Peak binding load", "Binding compartment",
           "Lowest ecosystem health", "Output decline from peak", "Non-renewable entropy", "Cumulative CO₂",
           "Circular material use", "Ore reserve depleted")


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def plain(markdown: str) -> str:
    """What an alert shows: its Markdown source without the escapes the app adds."""
    return re.sub(r"\\(.)", r"\1", markdown)


def number(text: str) -> float:
    """A metric's number: "2,045" -> 2045, "26%" -> 26, "never" -> inf (a year that never comes)."""
    digits = re.sub(r"[^0-9.\-]", "", text)
    return float(digits) if digits else math.inf


@lru_cache(maxsize=None)
def api(**levers: float) -> pd.Series:
    """What the package computes for business as usual with these levers."""
    ds = entropy.run(entropy.load_scenario("bau").with_levers(**levers), engine="simlin")
    return entropy.indicators(ds).iloc[0]


def year_text(value: float) -> str:
    return "never" if math.isnan(value) else f"{value:.0f}"


def specs(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def datasets(at: AppTest, i: int) -> dict[str, pd.DataFrame]:
    """The named datasets chart ``i`` carries (Arrow IPC), as DataFrames."""
    import pyarrow as pa

    return {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas()
            for d in at.get("vega_lite_chart")[i].proto.datasets}


@pytest.mark.parametrize("page", ["screens/explore.py", "screens/compare.py", "screens/structure.py",
                                  "screens/method.py", "screens/network.py", "screens/loops.py",
                                  "screens/decide.py"])
def test_every_page_starts(page: str) -> None:
    at = start()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, page


def test_explore_shows_the_apis_figures_every_lever_and_ten_charts() -> None:
    at = start()
    assert [m.label for m in at.metric] == list(METRICS)
    assert all(m.proto.help for m in at.metric), "every figure says what it is on hover"
    bau = api()
    assert metric(at, "First overshoot") == year_text(bau["first_overshoot_year"])
    assert metric(at, "Years in overshoot") == f"{bau['years_in_overshoot']:.0f} y"
    assert metric(at, "Peak binding load") == f"{bau['max_load_ratio']:.2f}"
    assert metric(at, "Lowest ecosystem health") == f"{bau['min_ecosystem_health']:.2f}"
    assert metric(at, "Non-renewable entropy") == f"{bau['non_renewable_entropy']:,.0f} TJ/K"
    assert metric(at, "Circular material use") == f"{bau['circularity']:.0%}"
    assert metric(at, "Ore reserve depleted") == year_text(bau["ore_depletion_year"])
    # The compartment that binds is named as the accounting finds it.
    binding = entropy.analysis.accounting.binding_compartment(entropy.run("bau", engine="simlin"))
    assert metric(at, "Binding compartment") == {"land": "land", "persistent": "pollution",
                                                 "emission": "emissions"}[binding]
    # Four chart panels, each able to show any of the ten charts; "every chart" draws all ten.
    assert len(at.get("vega_lite_chart")) == 4
    assert [len(at.selectbox(key=f"chart_panel{i}__cluster__en").options) for i in range(4)] == [10] * 4
    at.toggle(key="all_charts").set_value(True).run()
    assert len(at.get("vega_lite_chart")) == 10
    for name in LEVERS:
        assert at.slider(key=f"lever__cluster__{name}") is not None
    for name in SWITCHES:
        assert at.toggle(key=f"lever__cluster__{name}") is not None
    assert at.toggle(key="lever__cluster__threshold_constraint_switch").value is False
    for name in SWITCHES[1:]:  # the loops are on unless knocked out
        assert at.toggle(key=f"lever__cluster__{name}").value is True
    # Today's collection rate is the recycle lever's default.
    assert at.slider(key="lever__cluster__recycle_policy").value == pytest.approx(0.6)


def test_load_chart_shows_each_compartment_the_binding_one_and_the_line_at_one() -> None:
    at = start()
    load = specs(at)[0]
    text = json.dumps(load, ensure_ascii=False)
    for label in ("land", "persistent pollution", "fast emissions", "binding (largest)", "binding (bau)"):
        assert f'"{label}"' in text, label
    layers = load["layer"]
    assert isinstance(layers, list)
    data = datasets(at, 0)
    rule = next(layer for layer in layers if layer.get("mark", {}).get("type") == "rule")
    assert list(data[rule["data"]["name"]]["level"]) == [1.0]
    shade = layers[0]
    assert shade["mark"]["type"] == "rect"
    assert len(data[shade["data"]["name"]]) > 0, "business as usual overshoots: shaded"
    # Business as usual is drawn first (behind) and faint.
    assert layers[1]["transform"][0]["filter"]["oneOf"] == ["binding (bau)"]
    # The layers read their data by name: moving a lever changes the data, not the spec, so
    # the browser updates the drawn chart in place.
    at.slider(key="lever__cluster__reduce_policy").set_value(0.3).run()
    assert specs(at)[0] == load
    assert not datasets(at, 0)[shade["data"]["name"]].equals(data[shade["data"]["name"]])  # later overshoot
    # Every chart's lines come by name too (Streamlit loads unnamed data into a lone named dataset).
    at.toggle(key="all_charts").set_value(True).run()
    for i, spec in enumerate(specs(at)):
        assert spec["data"] == {"name": "main"} and len(datasets(at, i)["main"]) > 0, spec["title"]
    titles = [s["title"] for s in specs(at)]
    assert "Energy use: fossil and renewable" in titles and "CO₂ emissions" in titles
    assert "Entropy generation (exergy destroyed / T0)" in titles
    entropy_spec = json.dumps(specs(at)[titles.index("Entropy generation (exergy destroyed / T0)")])
    for label in ("total", "non-renewable", "renewable", "total (bau)"):
        assert f'"{label}"' in entropy_spec


def test_a_panel_shows_the_chart_chosen_for_it_and_keeps_it_when_a_lever_moves() -> None:
    at = start()
    panel = at.selectbox(key="chart_panel1__cluster__en")
    assert panel.value == 1  # ecosystem health until another is chosen
    panel.set_value(5).run()  # CO2 emissions
    co2 = specs(at)[1]
    assert "title" not in co2, "the box above names the chart"
    assert "load ratio" not in json.dumps(co2) and "MtCO2/Year" in json.dumps(co2)
    at.slider(key="lever__cluster__renewable_share_policy").set_value(0.6).run()
    assert at.selectbox(key="chart_panel1__cluster__en").value == 5
    assert specs(at)[1] == co2  # the same chart, its data moved in place


def test_recycle_raises_circularity_and_delays_overshoot() -> None:
    at = start()
    circ, first = number(metric(at, "Circular material use")), number(metric(at, "First overshoot"))
    load = number(metric(at, "Peak binding load"))
    at.slider(key="lever__cluster__recycle_policy").set_value(0.95).run()
    assert number(metric(at, "Circular material use")) > circ
    assert number(metric(at, "First overshoot")) > first
    assert number(metric(at, "Peak binding load")) < load
    # Down to no collection at all: less circular than today.
    at.slider(key="lever__cluster__recycle_policy").set_value(0.0).run()
    assert number(metric(at, "Circular material use")) < circ


def test_renewables_cut_co2_and_non_renewable_entropy() -> None:
    at = start()
    co2, ent = number(metric(at, "Cumulative CO₂")), number(metric(at, "Non-renewable entropy"))
    at.slider(key="lever__cluster__renewable_share_policy").set_value(0.6).run()
    assert number(metric(at, "Cumulative CO₂")) < co2
    assert number(metric(at, "Non-renewable entropy")) < ent
    delta = next(m.delta for m in at.metric if m.label == "Cumulative CO₂")
    assert delta.startswith("-") and delta.endswith("%")


def test_reduce_and_slower_growth_delay_overshoot() -> None:
    at = start()
    first, load = number(metric(at, "First overshoot")), number(metric(at, "Peak binding load"))
    at.slider(key="lever__cluster__reduce_policy").set_value(0.3).run()
    reduced = number(metric(at, "First overshoot"))
    assert reduced > first and number(metric(at, "Peak binding load")) < load
    at.slider(key="lever__cluster__demand_growth_rate").set_value(0.02).run()
    assert number(metric(at, "First overshoot")) > reduced


def test_knocking_out_the_vicious_cycle_leaves_a_healthier_ecosystem() -> None:
    at = start()
    health = number(metric(at, "Lowest ecosystem health"))
    at.toggle(key="lever__cluster__health_assimilation_switch").set_value(False).run()
    assert number(metric(at, "Lowest ecosystem health")) > health
    at.toggle(key="lever__cluster__health_assimilation_switch").set_value(True).run()
    decline = number(metric(at, "Output decline from peak"))
    at.toggle(key="lever__cluster__health_output_switch").set_value(False).run()
    assert number(metric(at, "Output decline from peak")) < decline


def test_preset_sets_the_levers_and_reset_restores() -> None:
    at = start()
    bau_first = metric(at, "First overshoot")
    at.selectbox(key="preset__cluster").select("eco-park").run()
    eco = entropy.load_scenario("eco-park").constants
    for name, value in eco.items():
        widget = at.toggle(key=f"lever__cluster__{name}") if name in SWITCHES else at.slider(key=f"lever__cluster__{name}")
        assert widget.value == pytest.approx(value), name
    # The eco-park stays inside every compartment's carrying capacity.
    assert metric(at, "First overshoot") == "never"
    assert number(metric(at, "Peak binding load")) < 1
    assert metric(at, "Years in overshoot") == "0 y"
    at.button(key="reset").click().run()
    assert at.slider(key="lever__cluster__reduce_policy").value == 0
    assert at.toggle(key="lever__cluster__threshold_constraint_switch").value is False
    assert at.selectbox(key="preset__cluster").value is None
    assert metric(at, "First overshoot") == bau_first


def test_archetype_preset_keeps_its_other_constants() -> None:
    """The isomorphic preset also sets a cheaper recycling capacity, not a lever: it is said and used."""
    at = start()
    at.selectbox(key="preset__cluster").select("isomorphic").run()
    assert any("capacity\\_unit\\_cost \\= 1\\.2" in c.value for c in at.sidebar.caption)
    ds = entropy.run("isomorphic", engine="simlin")
    expected = entropy.indicators(ds).iloc[0]
    assert metric(at, "Non-renewable entropy") == f"{expected['non_renewable_entropy']:,.0f} TJ/K"
    assert metric(at, "Circular material use") == f"{expected['circularity']:.0%}"


def test_compare_table_shows_differences() -> None:
    at = start()
    at.switch_page("screens/compare.py").run()
    table = at.dataframe[0].value
    bau, eco = api(), entropy.indicators(entropy.run("eco-park", engine="simlin")).iloc[0]
    assert "eco-park - bau" in table.columns
    assert table.loc["Years in overshoot", "eco-park - bau"] == f"{-bau['years_in_overshoot']:.0f}"
    assert table.loc["First overshoot", "bau"] == year_text(bau["first_overshoot_year"])
    # Readable rows: "never" rather than None, yes/no rather than 1/0, no snake_case.
    assert table.loc["First overshoot", "eco-park"] == "never"
    assert list(table.loc["Ecosystem collapse", ["bau", "eco-park"]]) == [
        "yes" if bau["collapse"] else "no", "yes" if eco["collapse"] else "no"]
    for row in ("Peak load: land", "Peak load: persistent pollution", "Peak load: fast emissions",
                "Non-renewable entropy", "Cumulative CO₂", "Ore reserve depleted", "Output decline from peak"):
        assert row in table.index, row
    assert not any("_" in str(i) for i in table.index)


def test_bad_upload_shows_the_cli_message_and_the_app_keeps_working() -> None:
    at = start()
    at.switch_page("screens/compare.py").run()
    at.file_uploader(key="upload").upload("bad.toml", b'model = "cluster"\n[levers]\nrecycle_policy = 1.5\n',
                                          "application/toml").run()
    assert not at.exception
    assert plain(at.error[0].value) == "bad.toml: [levers] recycle_policy = 1.5 is out of range: allowed [0, 0.95] Dmnl"
    assert at.dataframe, "the comparison still shows"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"model = \n", "broken.toml: not valid TOML: Invalid value (at line 1, column 9)"),
        (b'model = "cluster"\n[levers]\nrecycel_policy = 0.5\n', "broken.toml: [levers] recycel_policy is not a"),
        (b'model = "cluster"\n[levers]\nvirgin_reserve = 5\n', "broken.toml: [levers] virgin_reserve is not a"),
        (b'model = "/tmp/evil.mdl"\n', "broken.toml: model '/tmp/evil.mdl' is not allowed here; use a shipped model: cluster"),
        (b"\xff\xfe\x00", "broken.toml: not a UTF-8 text file"),
    ],
)
def test_other_bad_uploads(content: bytes, message: str) -> None:
    at = start()
    at.switch_page("screens/compare.py").run()
    at.file_uploader(key="upload").upload("broken.toml", content, "application/toml").run()
    assert not at.exception
    assert plain(at.error[0].value).startswith(message)


def test_good_upload_joins_the_comparison() -> None:
    at = start()
    at.switch_page("screens/compare.py").run()
    text = b'name = "mine"\nmodel = "cluster"\n[levers]\nrecycle_policy = 0.9\nby_product_exchange_policy = 0.5\n'
    at.file_uploader(key="upload").upload("mine.toml", text, "application/toml").run()
    assert not at.error
    assert "mine" in at.multiselect(key="compare_selection__cluster").options
    at.multiselect(key="compare_selection__cluster").select("mine").run()
    table = at.dataframe[0].value
    assert "mine - bau" in table.columns
    assert float(table.loc["Circular material use", "mine"]) > float(table.loc["Circular material use", "bau"])


def test_saved_scenarios_stay_in_their_session() -> None:
    first, second = start(), start()
    first.text_input(key="save_name").input("plan-a").run()
    first.slider(key="lever__cluster__reuse_policy").set_value(0.3).run()
    first.button(key="save_button").click().run()
    assert "plan-a" in first.session_state["saved_scenarios"]["cluster"]
    assert "reuse_policy = 0.3" in first.session_state["saved_scenarios"]["cluster"]["plan-a"]
    second.run()
    assert "plan-a" not in second.session_state["saved_scenarios"].get("cluster", {})
    assert second.slider(key="lever__cluster__reuse_policy").value == 0
    first.switch_page("screens/compare.py").run()
    assert "plan-a" in first.multiselect(key="compare_selection__cluster").options


def test_chinese_labels() -> None:
    at = start()
    at.radio(key="lang").set_value("zh").run()
    assert at.title[0].value == "产业集群：熵与环境承载力"
    labels = [m.label for m in at.metric]
    for label in ("首次超载年份", "最高约束负荷比", "约束性环境分区", "累计不可再生熵产", "累计 CO₂ 排放"):
        assert label in labels
    assert at.slider(key="lever__cluster__recycle_policy").label == "再循环：报废旧废钢回收率"
    assert at.selectbox(key="preset__cluster").proto.placeholder == "（自定义）"
    titles = at.selectbox(key="chart_panel0__cluster__zh").options  # a panel's box names its chart
    assert "各环境分区承载负荷（阴影为超载期）" in titles
    assert not any("㶲" in str(title) for title in titles), "a glyph common Chinese fonts lack"


def test_structure_shows_a_variables_equation() -> None:
    at = start()
    at.switch_page("screens/structure.py").run()
    at.selectbox(key="structure_variable__cluster").select("ore_mining").run()
    node = entropy.model_structure(entropy.load_scenario("bau").model)["ore_mining"]
    assert at.code[0].value == node.equation
    assert len(at.get("graphviz_chart")) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_method_page_describes_the_mechanisms_with_their_sources(lang: str) -> None:
    at = start()
    if lang == "zh":
        at.radio(key="lang").set_value("zh").run()
    at.switch_page("screens/method.py").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    latex = " ".join(x.value for x in at.latex)
    assert "298.15" in latex and r"\min" in latex and "1.4" in latex
    # Every mechanism of the rebuilt model, each with a source.
    for phrase in ("MIN", "DELAY3", "World3", "Gouy-Stodola", "Szargut", "Sterman", "Meadows", "Eurostat",
                   "IPCC", "Mudd", "Daehn", "Scheffer", "3,955"):
        assert phrase in text, phrase
    words = {
        "en": ("new and old scrap", "ore", "land", "imports", "three waste compartments", "knockout",
               "cost", "exported", "renewable"),
        "zh": ("新废料与旧废料", "品位", "土地", "进口", "三个废物分区", "切断", "成本", "输出物质", "可再生"),
    }[lang]
    for word in words:
        assert word.lower() in text.lower(), word


def test_explore_setting_survives_a_page_switch() -> None:
    at = start()
    at.slider(key="lever__cluster__recycle_policy").set_value(0.7).run()
    at.toggle(key="lever__cluster__depletion_cost_switch").set_value(False).run()
    at.switch_page("screens/compare.py").run()
    at.switch_page("screens/explore.py").run()
    assert at.slider(key="lever__cluster__recycle_policy").value == pytest.approx(0.7)
    assert at.toggle(key="lever__cluster__depletion_cost_switch").value is False


def test_pysd_engine_gives_the_same_figures() -> None:
    at = start()
    shown = {m.label: m.value for m in at.metric}
    at.radio(key="engine").set_value("pysd").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric} == shown


def test_downloads_are_offered_where_results_are_shown() -> None:
    at = start()
    labels = [b.label for b in at.get("download_button")]
    for label in ("Run as CSV", "Run as netCDF", "Scenario as TOML", "Chart as PNG"):
        assert label in labels
    at.switch_page("screens/compare.py").run()
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("Scenario as TOML") == 2 and labels.count("Run as netCDF") == 2
    assert "Chart as PNG" in labels and "Table as CSV" in labels


def test_downloaded_files_are_real() -> None:
    """What the buttons serve: PNGs of every chart, a netCDF that opens, a scenario TOML that loads."""
    import io
    import sys

    import xarray as xr

    sys.path.insert(0, str(ROOT))
    from ui import charts
    from ui.cache import EXPLORE_VARIABLES

    ds = entropy.run("eco-park", engine="simlin", variables=EXPLORE_VARIABLES)
    bau = entropy.run("bau", engine="simlin", variables=EXPLORE_VARIABLES)
    for chart in charts.explore_charts(ds, bau, "zh"):
        png = charts.png(chart, scale=1.0)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000, chart.title
    nc = entropy.result_bytes(ds, "nc")
    loaded = xr.load_dataset(io.BytesIO(nc), engine="h5netcdf")
    assert loaded["binding_load_ratio"].attrs["units"] == "Dmnl"
    at = start()
    at.selectbox(key="preset__cluster").select("eco-park").run()
    toml_button = next(b for b in at.get("download_button") if b.label == "Scenario as TOML")
    assert toml_button is not None
    text = entropy.load_scenario("eco-park").to_toml(model_ref="cluster")
    sc = entropy.parse_scenario(text, name="x", shipped_only=True)
    assert sc.constants["recycle_policy"] == entropy.load_scenario("eco-park").constants["recycle_policy"]


def settled(at: AppTest) -> None:
    """Wait for the page's background jobs (ensembles, sensitivity), then rerun it to show their results."""
    from ui.jobs import JOBS

    JOBS.wait()
    at.run()


def test_uncertainty_page() -> None:
    at = start()
    at.switch_page("screens/uncertainty.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    # The ensemble runs in the background: its place shows progress, every control is drawn.
    assert at.get("progress") and at.button(key="sens_run") is not None
    settled(at)
    assert len(at.get("vega_lite_chart")) == 2  # fan chart and overshoot probability
    robustness = at.dataframe[1].value
    assert list(robustness.index)[0] == "eco-park"
    p_eco, p_bau = (float(robustness.loc[s, "P(overshoot)"]) for s in ("eco-park", "bau"))
    assert p_eco < p_bau and p_bau > 0.5
    # Years read as years (2061, not 2,061), or "never" where no run overshoots.
    for scenario in robustness.index:
        assert re.fullmatch(r"2\d{3}|never", robustness.loc[scenario, "Median first overshoot"])
    assert robustness.loc["bau", "Median first overshoot"] != "never"
    at.button(key="sens_run").click().run()
    settled(at)
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 3
    sens = at.dataframe[2].value
    parameters = at.dataframe[0].value
    # Morris screening by default (45 parameters); the chart draws the 15 most influential.
    assert {"mu_star", "sigma"} <= set(sens.columns) and len(sens) == len(parameters)
    bars = json.loads(at.get("vega_lite_chart")[2].proto.spec)
    assert "most influential" in bars["title"]


def test_live_band_on_explore() -> None:
    at = start()
    at.toggle(key="band__cluster").set_value(True).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    # The band's runs go on in the background: the charts are there at once, the band when done.
    assert '"area"' not in at.get("vega_lite_chart")[0].proto.spec and at.get("progress")
    settled(at)
    spec = at.get("vega_lite_chart")[0].proto.spec
    assert '"type": "area"' in spec or '"type":"area"' in spec
    at.slider(key="lever__cluster__recycle_policy").set_value(0.5).run()
    assert not at.exception
    settled(at)
    assert '"area"' in at.get("vega_lite_chart")[0].proto.spec


def test_a_changed_model_file_empties_the_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modeller who edits cluster.mdl while the app runs gets the new model on the next click."""
    from ui import cache

    at = start()
    before = cache.app_model("cluster")
    assert cache.app_model("cluster") is before  # cached
    monkeypatch.setattr(cache, "files_stamp", lambda: (("cluster.mdl", 1, 1),))
    at.run()
    assert not at.exception
    assert cache.app_model("cluster") is not before
