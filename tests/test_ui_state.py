"""Session state: every widget is drawn right even if a message to the browser is lost.

The deterministic half of the 20-session test (tests/test_ui_concurrency.py):
Streamlit drops a run's unsent messages when the next run starts, so a value
that only a message with ``set_value`` carries can be lost, and the browser
then shows the widget's declared default. On a visit where the user changed
nothing, every widget must therefore be *declared* with the value it holds.
"""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import entropy

from .conftest import ROOT

APP = str(ROOT / "ui" / "app.py")
PAGES = ["screens/explore.py", "screens/compare.py", "screens/uncertainty.py", "screens/structure.py",
         "screens/method.py"]


def widgets(at: AppTest) -> list[Any]:
    """Every widget the run drew, of the kinds the app uses."""
    return [*at.slider, *at.toggle, *at.selectbox, *at.multiselect, *at.radio, *at.select_slider,
            *at.text_input]


@pytest.mark.parametrize("page", PAGES)
def test_first_visit_needs_no_value_from_a_message(page: str) -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    drawn = widgets(at)
    assert drawn
    carried = [w.key for w in drawn if w.proto.set_value]
    assert not carried, f"{page}: these widgets' values reach the browser only in a message: {carried}"


def test_feedback_toggles_are_declared_on() -> None:
    """The switches of the audit's kind: declared on (the model's default), so a lost message cannot turn
    one off. The four loop knockouts sit in a folded expander, drawn (and declared) all the same."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    for name in ("health_output_switch", "health_assimilation_switch", "depletion_cost_switch",
                 "finance_constraint_switch"):
        toggle = at.toggle(key=f"lever__cluster__{name}")
        assert toggle.value is True and toggle.proto.default is True, name
    threshold = at.toggle(key="lever__cluster__threshold_constraint_switch")
    assert threshold.value is False and threshold.proto.default is False
    growth = at.slider(key="lever__cluster__demand_growth_rate")
    assert list(growth.proto.default) == [growth.value] == [pytest.approx(0.05)]
    recycle = at.slider(key="lever__cluster__recycle_policy")
    assert list(recycle.proto.default) == [recycle.value] == [pytest.approx(0.6)]


def test_values_survive_pages_and_sessions_stay_apart() -> None:
    first, second = AppTest.from_file(APP, default_timeout=180), AppTest.from_file(APP, default_timeout=180)
    first.run()
    second.run()
    first.toggle(key="lever__cluster__health_output_switch").set_value(False).run()
    first.slider(key="lever__cluster__demand_growth_rate").set_value(0.02).run()
    first.selectbox(key="preset__cluster").select("recycle").run()  # a preset also sets the switches back
    assert first.toggle(key="lever__cluster__health_output_switch").value is True
    first.toggle(key="lever__cluster__health_output_switch").set_value(False).run()
    first.switch_page("screens/structure.py").run()
    first.switch_page("screens/explore.py").run()
    assert first.toggle(key="lever__cluster__health_output_switch").value is False
    recycle = entropy.load_scenario("recycle").constants["recycle_policy"]
    assert first.slider(key="lever__cluster__recycle_policy").value == pytest.approx(recycle)
    assert first.selectbox(key="preset__cluster").value == "recycle"
    second.run()
    assert second.toggle(key="lever__cluster__health_output_switch").value is True
    assert second.slider(key="lever__cluster__demand_growth_rate").value == pytest.approx(0.05)
    assert second.slider(key="lever__cluster__recycle_policy").value == pytest.approx(0.6)
    assert second.selectbox(key="preset__cluster").value is None
