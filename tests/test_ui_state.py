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


def test_feedback_toggle_is_declared_on() -> None:
    """The switch of the audit: declared on (the model's default), so a lost message cannot turn it off."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    toggle = at.toggle(key="lever__output_feedback_switch")
    assert toggle.value is True and toggle.proto.default is True
    investment = at.slider(key="lever__investment_share")
    assert list(investment.proto.default) == [investment.value] == [0.25]


def test_values_survive_pages_and_sessions_stay_apart() -> None:
    first, second = AppTest.from_file(APP, default_timeout=180), AppTest.from_file(APP, default_timeout=180)
    first.run()
    second.run()
    first.toggle(key="lever__output_feedback_switch").set_value(False).run()
    first.slider(key="lever__investment_share").set_value(0.1).run()
    first.switch_page("screens/structure.py").run()
    first.switch_page("screens/explore.py").run()
    assert first.toggle(key="lever__output_feedback_switch").value is False
    assert first.slider(key="lever__investment_share").value == pytest.approx(0.1)
    second.run()
    assert second.toggle(key="lever__output_feedback_switch").value is True
    assert second.slider(key="lever__investment_share").value == pytest.approx(0.25)
