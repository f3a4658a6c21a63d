"""The regional model, the network and loop pages and shared links, in a real headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from ui import harness
from ui.layout import LINK_EDITOR_WIDTHS as EDITOR_WIDTHS

from .conftest import require_chromium
from .test_ui_browser import keep_screenshots, shoot

pytestmark = pytest.mark.browser

FIRST = "First overshoot (any sector)"
REDUCE_ALL = "Reduce: cut in metal per unit of output: all sectors"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    require_chromium()
    with harness.serve() as url:
        yield url


def settle(page: Any) -> None:
    """Wait until no script run is in progress (twice: a run may start right after another)."""
    page.wait_for_timeout(500)
    page.wait_for_function(IDLE, polling=100, timeout=180_000)
    page.wait_for_timeout(500)
    page.wait_for_function(IDLE, polling=100, timeout=180_000)


def metric(page: Any, label: str) -> str:
    value = harness.metric(page, label)
    assert value is not None, f"no metric {label!r}"
    return value


def chinese(page: Any) -> None:
    page.locator('[data-testid="stSidebar"] label:has-text("中文")').click()
    settle(page)


def test_regional_explore_a_sector_slider_and_chinese(app_url: str, tmp_path: Path) -> None:
    with harness.browser_page() as page:
        page.goto(f"{app_url}/explore?model=liaoning")
        harness.wait_ready(page)
        assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 5  # the heat map and four charts
        before = metric(page, FIRST)
        slider = harness.slider(page, REDUCE_ALL)
        slider.focus()
        for _ in range(30):  # 0.30 for every sector
            slider.press("ArrowRight")
        page.wait_for_function(f"() => ({harness.METRIC_JS})({FIRST!r}) !== {before!r}", timeout=120_000)
        settle(page)
        assert int(metric(page, FIRST)) > int(before)
        query = parse_qs(urlsplit(page.url).query)
        assert query["model"] == ["liaoning"] and query["reduce_policy"] == ["0.3"]
        shoot(page, tmp_path / "regional-explore-en.png")
        chinese(page)
        first = metric(page, "首次超载（任一行业）")
        sentence = page.locator('[data-testid="stAlert"]').first.inner_text()
        assert "最先超出本地环境承载力" in sentence and f"{first} 年" in sentence  # the first sector, in words
        shoot(page, tmp_path / "regional-explore-zh.png")
    keep_screenshots(tmp_path)


def test_a_copied_link_opens_the_same_setting_in_a_new_browser(app_url: str, tmp_path: Path) -> None:
    with harness.browser_page() as page:
        page.goto(f"{app_url}/explore?model=liaoning")
        harness.wait_ready(page)
        before = metric(page, FIRST)
        slider = harness.slider(page, REDUCE_ALL)
        slider.focus()
        for _ in range(20):
            slider.press("ArrowRight")
        page.wait_for_function(f"() => ({harness.METRIC_JS})({FIRST!r}) !== {before!r}", timeout=120_000)
        settle(page)
        shown = {label: metric(page, label) for label in (FIRST, "Sectors in overshoot", "Cumulative CO₂")}
        page.locator('[data-testid="stPopover"] button').first.click()
        link = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"] code').inner_text().strip()
    assert urlsplit(link).path.endswith("/explore") and "reduce_policy=0.2" in link
    with harness.browser_page() as other:  # a new browser: a new session
        other.goto(link)
        harness.wait_ready(other)
        settle(other)
        assert {label: metric(other, label) for label in shown} == shown
        value = harness.slider(other, REDUCE_ALL).get_attribute("aria-valuenow")
        assert value is None or float(value) == pytest.approx(0.2)
        shoot(other, tmp_path / "link-opened.png")
        other.goto(link.replace("sha=", "sha=0000"))  # another version of the model
        harness.wait_ready(other)
        assert other.get_by_text("another version of the liaoning model", exact=False).count() >= 1
    keep_screenshots(tmp_path)


def _editor_cell(page: Any, row: int, column_left: int, column_width: int) -> tuple[float, float]:
    """Screen position of a cell of the link editor (a canvas): row 0 is the first link."""
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box = grid.bounding_box()
    assert box is not None
    return box["x"] + column_left + column_width / 2, box["y"] + 35 + 35 * row + 17


def test_network_page_toggle_a_link_and_see_the_flow_and_a_metric_change(app_url: str, tmp_path: Path) -> None:
    with harness.browser_page(1500, 1400) as page:
        page.goto(f"{app_url}/network?model=liaoning")
        page.wait_for_selector('[data-testid="stDataFrame"]', timeout=120_000)
        settle(page)
        label = "Exchanged in 2050"
        before = metric(page, label)
        flow = harness.chart_data(page)
        shoot(page, tmp_path / "network-en.png", height=3200)
        # Row 0 is the first open link (equipment -> metallurgy); its on/off box is the third column.
        x, y = _editor_cell(page, 0, EDITOR_WIDTHS[0] + EDITOR_WIDTHS[1], EDITOR_WIDTHS[2])
        changed = f"() => ({harness.METRIC_JS})({label!r}) !== {before!r}"
        page.mouse.click(x, y)
        try:
            page.wait_for_function(changed, timeout=15_000)
        except Exception:  # noqa: BLE001 - the first click may only have selected the cell
            page.mouse.click(x, y)
            page.wait_for_function(changed, timeout=120_000)
        settle(page)
        assert metric(page, label) != before  # the link's by-products go elsewhere or nowhere
        assert harness.chart_data(page) != flow  # the current setting's flow diagram redrew
        assert "link_active%5Bequip%2Cmetal%5D=0" in page.url or "link_active[equip,metal]=0" in page.url
        chinese(page)
        shoot(page, tmp_path / "network-zh.png", height=3200)
    keep_screenshots(tmp_path)


def test_loop_page_marks_the_vicious_cycle_and_draws_each_loop(app_url: str, tmp_path: Path) -> None:
    with harness.browser_page(1500, 1400) as page:
        page.goto(f"{app_url}/loops")
        page.wait_for_selector('[data-testid="stGraphVizChart"] svg', timeout=120_000)
        settle(page)
        info = page.locator('[data-testid="stAlert"]').first.inner_text()
        assert "overtakes assimilation in 20" in info
        assert page.locator('[data-testid="stGraphVizChart"] svg').count() >= 8  # one diagram per named loop
        marks = page.locator('[data-testid="stVegaLiteChart"] svg.marks text', has_text="vicious cycle")
        assert marks.count() >= 2  # on the load chart and the health chart
        shoot(page, tmp_path / "loops-en.png", height=3600)
        chinese(page)
        assert "恶性循环" in page.locator('[data-testid="stAlert"]').first.inner_text()
        shoot(page, tmp_path / "loops-zh.png", height=3600)
    keep_screenshots(tmp_path)
