"""The Decide page in a real headless Chromium: a discovery loaded into Explore, long work stopped."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from ui import harness

from .test_ui_browser import keep_screenshots, shoot
from .test_ui_browser_models import app_url, chinese, settle  # noqa: F401 - app_url is a fixture

pytestmark = pytest.mark.browser


def test_discovery_box_goes_to_explore(app_url: str, tmp_path: Path) -> None:
    with harness.browser_page(height=1500) as page:
        page.goto(f"{app_url}/decide")
        page.get_by_role("button", name="Find the safe box").click()
        page.wait_for_selector("text=runs met the target", timeout=180_000)
        settle(page)
        # Two charts (the peeling trade-off and the box) and the box's table.
        assert page.locator('[data-testid="stVegaLiteChart"]').count() == 2
        # The table is drawn once it is in view (Streamlit may draw it late on a busy machine).
        page.get_by_role("button", name="Load the box's centre into Explore").scroll_into_view_if_needed()
        table = page.locator('[data-testid="stDataFrame"]')
        try:
            table.first.wait_for(timeout=60_000)
        except Exception as exc:  # say what the page shows instead
            alerts = page.locator('[data-testid="stAlert"], [data-testid="stException"]').all_inner_texts()
            raise AssertionError(f"no table after 60 s; alerts: {alerts}") from exc
        assert table.count() == 1
        shoot(page, tmp_path / "decide-discovery.png")
        page.get_by_role("button", name="Load the box's centre into Explore").click()
        page.wait_for_url("**/explore**", timeout=60_000)
        settle(page)
        # The address bar carries the box's centre: the levers it set differ from business as usual.
        query = parse_qs(urlsplit(page.url).query)
        assert "by_product_exchange_policy" in query, page.url
        keep_screenshots(tmp_path)


def test_long_work_shows_progress_and_stops_in_chinese(app_url: str, tmp_path: Path) -> None:
    with harness.browser_page(height=1500) as page:
        page.goto(f"{app_url}/decide?model=liaoning")
        settle(page)
        chinese(page)
        page.get_by_role("tab", name="最低政策").click()
        page.get_by_role("button", name="开始优化").click()
        bar = page.locator('[data-testid="stProgress"]')
        bar.wait_for(timeout=60_000)
        shoot(page, tmp_path / "decide-progress-zh.png")
        page.get_by_role("button", name="停止").click()
        # Stopped: the progress bar goes (within a poll or two), no result comes, the page still answers.
        bar.first.wait_for(state="detached", timeout=30_000)
        settle(page)
        assert bar.count() == 0
        assert page.get_by_text("样本外检验").count() == 0
        page.get_by_role("tab", name="安全空间").click()
        assert page.get_by_role("button", name="寻找安全盒").is_enabled()
        keep_screenshots(tmp_path)
