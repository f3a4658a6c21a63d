"""The Streamlit app under streamlit.testing's AppTest: every page, as a user drives it."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT

APP = str(ROOT / "ui" / "app.py")
TIMEOUT = 120


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
    return float(re.sub(r"[^0-9.\-]", "", text))


@pytest.mark.parametrize("page", ["screens/explore.py", "screens/compare.py", "screens/structure.py",
                                  "screens/method.py"])
def test_every_page_starts(page: str) -> None:
    at = start()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, page


def test_explore_shows_metrics_and_charts() -> None:
    at = start()
    labels = [m.label for m in at.metric]
    for label in ("First overshoot", "Years in overshoot", "Lowest ecosystem health", "Cumulative entropy",
                  "Circular material use", "Cumulative virgin extraction", "Ore reserve depleted",
                  "Fossil reserve depleted"):
        assert label in labels
    assert metric(at, "First overshoot") == "2092"
    assert len(at.get("vega_lite_chart")) == 7
    # Every lever of the model has a control.
    for name in ("reduce_policy", "reuse_policy", "recycle_policy", "decomposer_investment_share_policy",
                 "by_product_exchange_fraction", "renewable_share_policy", "investment_share",
                 "threshold_load_level", "policy_start_year", "policy_adoption_time"):
        assert at.slider(key=f"lever__{name}") is not None
    assert at.toggle(key="lever__threshold_constraint_switch").value is False


def test_recycle_slider_lowers_virgin_extraction() -> None:
    at = start()
    before = number(metric(at, "Cumulative virgin extraction"))
    at.slider(key="lever__recycle_policy").set_value(0.9).run()
    after = number(metric(at, "Cumulative virgin extraction"))
    assert after < before


def test_recycle_slider_with_decomposers_and_fixed_output_path() -> None:
    """With decomposers funded and the output path fixed, recycling clearly cuts extraction."""
    at = start()
    at.toggle(key="lever__output_feedback_switch").set_value(False).run()
    at.slider(key="lever__investment_share").set_value(0.2).run()  # 1.7% growth: the ore lasts
    at.slider(key="lever__decomposer_investment_share_policy").set_value(0.1).run()
    before = number(metric(at, "Cumulative virgin extraction"))
    at.slider(key="lever__recycle_policy").set_value(0.8).run()
    after = number(metric(at, "Cumulative virgin extraction"))
    assert after < before - 10


def test_preset_sets_the_sliders_and_reset_restores() -> None:
    at = start()
    at.selectbox(key="preset").select("eco-park").run()
    assert at.slider(key="lever__reduce_policy").value == pytest.approx(0.4)
    assert at.slider(key="lever__recycle_policy").value == pytest.approx(0.8)
    assert at.slider(key="lever__renewable_share_policy").value == pytest.approx(0.6)
    assert at.toggle(key="lever__threshold_constraint_switch").value is True
    assert metric(at, "First overshoot") == "never"
    at.button(key="reset").click().run()
    assert at.slider(key="lever__reduce_policy").value == 0
    assert metric(at, "First overshoot") == "2092"


def test_archetype_preset_keeps_its_other_constants() -> None:
    """The isomorphic preset also sets a cheaper recycling capacity, not a slider."""
    at = start()
    at.selectbox(key="preset").select("isomorphic").run()
    iso = number(metric(at, "Cumulative virgin extraction"))
    import entropy

    ds = entropy.run("isomorphic", engine="simlin", variables=["virgin_reserve"])
    expected = float(ds["virgin_reserve"][0] - ds["virgin_reserve"][-1])
    assert iso == pytest.approx(expected, abs=0.05)


def test_compare_table_shows_differences() -> None:
    at = start()
    at.switch_page("screens/compare.py").run()
    table = at.dataframe[0].value
    assert "eco-park - bau" in table.columns
    assert table.loc["Years in overshoot", "eco-park - bau"] == "-65"
    assert table.loc["First overshoot", "bau"] == "2092"
    # Readable rows: "never" rather than None, yes/no rather than 1/0, no snake_case.
    assert table.loc["First overshoot", "eco-park"] == "never"
    assert list(table.loc["Ecosystem collapse", ["bau", "eco-park"]]) == ["yes", "no"]
    assert table.loc["Cumulative entropy", "bau"] == "35,754"
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
    text = b'name = "mine"\nmodel = "cluster"\n[levers]\nrecycle_policy = 0.5\n'
    at.file_uploader(key="upload").upload("mine.toml", text, "application/toml").run()
    assert not at.error
    assert "mine" in at.multiselect(key="compare_selection").options
    at.multiselect(key="compare_selection").select("mine").run()
    assert "mine - bau" in at.dataframe[0].value.columns


def test_saved_scenarios_stay_in_their_session() -> None:
    first, second = start(), start()
    first.text_input(key="save_name").input("plan-a").run()
    first.slider(key="lever__reuse_policy").set_value(0.3).run()
    first.button(key="save_button").click().run()
    assert "plan-a" in first.session_state["saved_scenarios"]
    assert "reuse_policy = 0.3" in first.session_state["saved_scenarios"]["plan-a"]
    second.run()
    assert "plan-a" not in second.session_state["saved_scenarios"]
    assert second.slider(key="lever__reuse_policy").value == 0
    first.switch_page("screens/compare.py").run()
    assert "plan-a" in first.multiselect(key="compare_selection").options


def test_chinese_labels() -> None:
    at = start()
    at.radio(key="lang").set_value("zh").run()
    assert at.title[0].value == "产业集群：熵与环境承载力"
    assert "首次超载年份" in [m.label for m in at.metric]


def test_structure_shows_a_variables_equation() -> None:
    at = start()
    at.switch_page("screens/structure.py").run()
    at.selectbox(key="structure_variable").select("extraction").run()
    assert "MIN(Desired_Extraction" in at.code[0].value
    assert len(at.get("graphviz_chart")) == 1


def test_method_page_has_the_formulas() -> None:
    at = start()
    at.switch_page("screens/method.py").run()
    assert any("298.15" in x.value for x in at.latex)


def test_explore_setting_survives_a_page_switch() -> None:
    at = start()
    at.slider(key="lever__recycle_policy").set_value(0.7).run()
    at.switch_page("screens/compare.py").run()
    at.switch_page("screens/explore.py").run()
    assert at.slider(key="lever__recycle_policy").value == pytest.approx(0.7)


def test_pysd_engine_selectable() -> None:
    at = start()
    at.radio(key="engine").set_value("pysd").run()
    assert not at.exception
    assert metric(at, "First overshoot") == "2092"


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
    """What the buttons serve: a PNG, a netCDF that opens, a scenario TOML that loads."""
    import io
    import sys

    import xarray as xr

    import entropy

    sys.path.insert(0, str(ROOT))
    from ui import charts
    from ui.cache import EXPLORE_VARIABLES

    ds = entropy.run("eco-park", engine="simlin", variables=EXPLORE_VARIABLES)
    bau = entropy.run("bau", engine="simlin", variables=EXPLORE_VARIABLES)
    png = charts.png(charts.explore_charts(ds, bau, "zh")[0])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    nc = entropy.result_bytes(ds, "nc")
    assert xr.load_dataset(io.BytesIO(nc), engine="h5netcdf")["load_ratio"].attrs["units"] == "Dmnl"
    at = start()
    at.selectbox(key="preset").select("eco-park").run()
    toml_button = next(b for b in at.get("download_button") if b.label == "Scenario as TOML")
    assert toml_button is not None
    text = entropy.load_scenario("eco-park").to_toml(model_ref="cluster")
    sc = entropy.parse_scenario(text, name="x", shipped_only=True)
    assert sc.constants["recycle_policy"] == 0.8


def test_uncertainty_page() -> None:
    at = start()
    at.switch_page("screens/uncertainty.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("vega_lite_chart")) == 2  # fan chart and overshoot probability
    robustness = at.dataframe[1].value
    assert list(robustness.index)[0] == "eco-park"
    assert robustness.loc["eco-park", "P(overshoot)"] == 0
    assert robustness.loc["bau", "P(overshoot)"] > 0.9
    at.button(key="sens_run").click().run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 3
    sens = at.dataframe[2].value
    assert {"S1", "ST"} <= set(sens.columns) and len(sens) == 8


def test_live_band_on_explore() -> None:
    at = start()
    at.toggle(key="band").set_value(True).run()
    assert not at.exception
    spec = at.get("vega_lite_chart")[0].proto.spec
    assert '"type": "area"' in spec or '"type":"area"' in spec
    at.slider(key="lever__recycle_policy").set_value(0.5).run()
    assert not at.exception
