"""The Decide page under AppTest: discovery, optimisation and calibration as a user drives them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import entropy
from ui.jobs import JOBS

from .conftest import ROOT

APP = str(ROOT / "ui" / "app.py")
PAGE = "screens/decide.py"


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def settled(at: AppTest) -> None:
    JOBS.wait()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def plain(markdown: str) -> str:
    return markdown.replace("\\", "")


def button(at: AppTest, key: str) -> None:
    next(b for b in at.button if b.key == key).click().run()


def test_page_starts_in_both_languages() -> None:
    at = start()
    assert at.title[0].value == "Decide"
    assert not at.error
    at.multiselect(key="dec_levers__cluster__en").set_value(["reduce_policy"]).run()
    at.radio(key="lang").set_value("zh").run()
    assert not at.exception and at.title[0].value == "决策"
    # The choice made in English is still there in Chinese (a relabelled chooser would lose it).
    assert at.multiselect(key="dec_levers__cluster__zh").value == ["reduce_policy"]


def test_discovery_shows_the_box_and_loads_its_centre_into_explore() -> None:
    at = start()
    at.multiselect(key="dec_levers__cluster__en").set_value(["reduce_policy", "by_product_exchange_policy"])
    at.select_slider(key="dec_runs").set_value(500).run()
    button(at, "dec_find")
    settled(at)
    assert not at.error, [e.value for e in at.error]
    assert any("runs met the target" in m.value for m in at.markdown)
    box = at.dataframe[0].value
    assert len(box) == 2 and {"Box low", "Box high", "Restricted", "Quasi-p-value"} <= set(box.columns)
    assert not any("_" in str(name) for name in box.index), "levers are named as people read them"
    assert box.index.name == "Lever" and set(box["Restricted"]) <= {"yes", "no"}
    assert all(v == "-" for v, r in zip(box["Quasi-p-value"], box["Restricted"]) if r == "no")
    # The same discovery through the API gives the same box.
    api = entropy.discover("bau", entropy.load_uncertainty(
        entropy.list_models()["cluster"].parent / "uncertainty.toml"), ["reduce_policy", "by_product_exchange_policy"],
        500, workers=1, chunk_size=50)
    assert api.prim is not None
    # The table shows four significant figures.
    assert box["Box low"].astype(float).to_numpy() == pytest.approx(api.prim.box["low"].to_numpy(), rel=1e-3)
    assert box["Box high"].astype(float).to_numpy() == pytest.approx(api.prim.box["high"].to_numpy(), rel=1e-3)
    button(at, "dec_load")
    assert not at.exception
    centre = api.box_scenario().constants
    assert at.session_state["lever__cluster__by_product_exchange_policy"] == pytest.approx(
        centre["by_product_exchange_policy"], abs=0.01)


def test_bad_target_is_named_and_nothing_runs() -> None:
    at = start()
    at.text_input(key="dec_target__cluster").set_value("max(nonsense) <= 1").run()
    button(at, "dec_find")
    assert at.error and "'nonsense' is not a variable of model cluster" in plain(at.error[0].value)
    assert not at.exception


def test_optimisation_and_its_stop_button() -> None:
    at = start()
    at.multiselect(key="opt_levers__cluster__en").set_value(["recycle_policy"])
    at.select_slider(key="opt_runs__cluster").set_value(20)
    at.select_slider(key="opt_generations__cluster").set_value(3).run()
    button(at, "opt_run")
    settled(at)
    assert not at.error, [e.value for e in at.error]
    table = at.dataframe[0].value
    assert "P(missing the target), fresh sample" in table.index
    # Asked again with other settings, then stopped: the page forgets the request.
    at.select_slider(key="opt_generations__cluster").set_value(5).run()
    button(at, "opt_run")
    stops = [b for b in at.button if b.key == "opt_progress_stop"]
    if stops:  # still running: stop it
        stops[0].click().run()
        assert at.session_state["opt_request__cluster"] is None


def test_calibration_on_the_shipped_example_recovers_its_constants() -> None:
    at = start()
    button(at, "cal_run")
    settled(at)
    assert not at.error, [e.value for e in at.error]
    est = at.dataframe[0].value
    assert len(est) == 2 and {"Estimate", "95% interval, low", "95% interval, high"} <= set(est.columns)
    low, high = est["95% interval, low"].astype(float), est["95% interval, high"].astype(float)
    # tools/make_observations.py made the data with these values (in the table's order).
    truth = [0.35 if "ailing" in str(i) else 0.06 for i in est.index]
    assert all(lo <= v <= hi for lo, v, hi in zip(low, truth, high))


def test_uploaded_data_with_an_unknown_column_is_named() -> None:
    at = start()
    at.file_uploader(key="cal_upload").upload("obs.csv", b"year,not_a_variable\n2030,1\n2031,2\n", "text/csv").run()
    at.checkbox(key="cal_example").uncheck().run()
    button(at, "cal_run")
    assert at.error and "obs.csv: column 2: 'not_a_variable' is not a variable" in plain(at.error[0].value)
    assert not at.exception
