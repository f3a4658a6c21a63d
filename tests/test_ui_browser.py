"""End to end in a real headless Chromium: the app as a user sees and drives it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

import entropy
from ui import harness

from .conftest import require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    require_chromium()
    with harness.serve() as url:
        yield url


def api_metric(**levers: float) -> str:
    """The Explore metric "Non-renewable entropy" for business as usual with ``levers``, from the API."""
    ds = entropy.run(entropy.load_scenario("bau").with_levers(**levers), engine="simlin",
                     variables=["cumulative_non_renewable_entropy"])
    return f"{float(ds['cumulative_non_renewable_entropy'][-1]):,.0f} TJ/K"


def shoot(page: Any, path: Path, height: int = 2600) -> None:
    """A screenshot of the whole page: the app scrolls inside its own frame, so the window is made tall."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(1500)  # charts resize and redraw
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def keep_screenshots(folder: Path) -> None:
    """Copy the screenshots to $ENTROPY_KEEP_SCREENSHOTS, when set, to look at them."""
    if os.environ.get("ENTROPY_KEEP_SCREENSHOTS"):
        keep = Path(os.environ["ENTROPY_KEEP_SCREENSHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        for f in folder.glob("*.png"):
            (keep / f.name).write_bytes(f.read_bytes())


LABEL = "Non-renewable entropy"
REDUCE = "Reduce: cut in metal per unit of output"


def test_slider_changes_metric_and_chart_then_compare_and_chinese(app_url: str, tmp_path: Path) -> None:
    with harness.browser_page() as page:
        page.goto(app_url)
        harness.wait_ready(page)
        before_metric = harness.metric(page, LABEL)
        before_chart = harness.chart_data(page)
        assert before_metric == api_metric()
        # Four chart panels, each drawn (no empty chart).
        assert page.locator('[data-testid="stVegaLiteChart"]').count() == 4
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg.marks')]"
            ".filter(s => s.querySelectorAll('path[aria-roledescription=\"line mark\"]').length > 0).length === 4")

        reduce = harness.slider(page, REDUCE)
        reduce.focus()
        for _ in range(20):
            reduce.press("ArrowRight")
        harness.wait_changed(page, LABEL, before_metric or "", before_chart or "")
        # The keys land as one or more reruns; the last one shows reduce = 0.2, and the
        # metric then reads what the API computes for that setting.
        expected = api_metric(reduce_policy=0.2)
        page.wait_for_function(f"(label) => ({harness.METRIC_JS})(label) === {expected!r}", arg=LABEL)
        assert reduce.input_value() == "0.2"
        after = harness.metric(page, LABEL)
        assert after == expected != before_metric
        assert harness.chart_data(page) != before_chart
        harness.wait_ready(page)
        shoot(page, tmp_path / "explore.png")

        page.get_by_role("link", name="Compare").click()
        page.wait_for_selector('[data-testid="stDataFrame"]')
        page.wait_for_function(
            "() => document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg.marks').length === 1")
        assert page.locator("h1").first.inner_text() == "Compare"
        shoot(page, tmp_path / "compare.png")

        page.get_by_role("link", name="Method").click()
        page.wait_for_function("() => document.querySelectorAll('.katex').length > 5")
        shoot(page, tmp_path / "method.png", 4200)

        page.get_by_text("中文", exact=True).click()
        page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').textContent.includes('方法')")
        page.wait_for_function("() => document.querySelectorAll('.katex').length > 5")
        shoot(page, tmp_path / "method_zh.png", 4200)
        page.get_by_role("link", name="探索").click()
        page.wait_for_function(
            "() => document.querySelector('h1') && document.querySelector('h1').textContent.includes('产业集群')")
        harness.wait_ready(page)
        # The Explore setting survived the trip: reduce is still 0.2.
        assert harness.slider(page, "减量化：单位产出用材削减").input_value() == "0.2"
        assert harness.metric(page, "累计不可再生熵产") == after
        # The preset box says "custom" in Chinese too (a placeholder, not an option drawn in English).
        preset = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"] input').first
        assert preset.get_attribute("placeholder") == "（自定义）" and preset.input_value() == ""
        shoot(page, tmp_path / "explore_zh.png")
    for name in ("explore.png", "compare.png", "explore_zh.png", "method.png", "method_zh.png"):
        assert (tmp_path / name).stat().st_size > 20_000
    keep_screenshots(tmp_path)


def test_a_knockout_switch_in_its_folded_group(app_url: str) -> None:
    """The loop switches sit in a folded expander: open it, knock out the vicious cycle, see health hold."""
    with harness.browser_page() as page:
        page.goto(app_url)
        harness.wait_ready(page)
        label = "Lowest ecosystem health"
        before, chart = harness.metric(page, label) or "", harness.chart_data(page) or ""
        switch = page.locator('[data-testid="stCheckbox"] input[aria-label="Loop: vicious cycle (health lowers '
                              'assimilation)"]')
        assert not switch.is_visible()
        page.get_by_text("Feedback loops (advanced: knock out a loop)").click()
        switch.wait_for(state="visible")
        assert switch.is_checked()
        switch.focus()
        page.keyboard.press("Space")
        harness.wait_changed(page, label, before, chart)
        assert float(harness.metric(page, label) or "nan") > float(before)


def test_bad_upload_in_the_browser(app_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('model = "cluster"\n[levers]\nrecycle_policy = 1.5\n')
    with harness.browser_page() as page:
        page.goto(app_url + "/compare")
        page.wait_for_selector('[data-testid="stDataFrame"]')
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(bad))
        alert = page.locator('[data-testid="stAlert"]')
        alert.wait_for()
        assert "recycle_policy = 1.5 is out of range: allowed [0, 0.95] Dmnl" in alert.inner_text()
        # The app keeps working: once the rerun finishes, the comparison is there.
        page.wait_for_selector('[data-testid="stDataFrame"]')
        assert page.locator('[data-testid="stDataFrame"]').count() == 1


def test_the_uncertainty_page_stays_usable_while_an_ensemble_runs(app_url: str) -> None:
    """The ensemble runs in the background: a control moved meanwhile answers at once and starts
    the new work, and the results arrive without a further click."""
    with harness.browser_page() as page:
        page.goto(app_url + "/uncertainty")
        page.wait_for_selector('[data-testid="stVegaLiteChart"]')  # the default ensemble, done
        runs = page.get_by_role("slider", name="Runs per scenario")
        runs.focus()
        runs.press("End")  # 1,000 runs per scenario: some seconds of work
        progress = page.locator('[data-testid="stProgress"]')
        progress.first.wait_for()
        page.get_by_text("mc", exact=True).click()  # meanwhile, another sampler
        page.wait_for_function("() => [...document.querySelectorAll('input[type=\"radio\"]')]"
                               ".some(r => r.checked && r.value === '1' && r.closest('[role=\"radiogroup\"]')"
                               ".getAttribute('aria-label') === 'Sampler')", timeout=5_000)
        assert progress.count() >= 1, "still working, the page answering"
        page.wait_for_selector('[data-testid="stVegaLiteChart"]', timeout=180_000)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stProgress\"]')", timeout=180_000)


def test_the_file_uploaders_own_words_read_in_chinese(app_url: str) -> None:
    """Streamlit writes "Upload" and the size limit in English; in Chinese the page shows them translated."""
    after = ("(sel) => { const e = document.querySelector(sel); "
             "return e ? getComputedStyle(e, '::after').content : null; }")
    button = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    note = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    with harness.browser_page() as page:
        page.goto(app_url + "/compare")
        page.wait_for_selector('[data-testid="stFileUploader"]')
        assert page.evaluate(after, button) in ("none", "normal")  # English: Streamlit's own words
        page.get_by_text("中文", exact=True).click()
        page.wait_for_function("(sel) => { const e = document.querySelector(sel); "
                               "return e && getComputedStyle(e, '::after').content === '\"上传\"'; }", arg=button)
        assert page.evaluate(after, note) == '"每个文件不超过 1MB • TOML"'
        assert page.evaluate("(sel) => getComputedStyle(document.querySelector(sel)).fontSize", note) == "0px"


def test_live_band_keeps_up_with_the_slider(app_url: str) -> None:
    """Switch the 200-run band on; it is drawn, and redrawn when a slider moves."""
    with harness.browser_page() as page:
        page.goto(app_url)
        harness.wait_ready(page)
        page.get_by_text("Uncertainty band (200 runs)").click()
        area = '[data-testid="stVegaLiteChart"] svg.marks path[aria-roledescription="area mark"]'
        page.wait_for_selector(area)
        before = page.locator(area).first.get_attribute("d")
        growth = harness.slider(page, "Demand growth rate (1/Year)")
        growth.focus()
        for _ in range(5):
            growth.press("ArrowLeft")
        page.wait_for_function(
            "([sel, d]) => { const a = document.querySelector(sel); return a && a.getAttribute('d') !== d; }",
            arg=[area, before])


PAGES = {"explore": "Industrial cluster: entropy and carrying capacity", "compare": "Compare",
         "network": "Exchange network", "loops": "Feedback loops", "uncertainty": "Uncertainty",
         "structure": "Structure", "method": "Method"}


def test_every_page_has_a_deep_link_and_no_developer_menu(app_url: str, tmp_path: Path) -> None:
    with harness.browser_page() as page:
        page.goto(app_url)
        # The root opens Explore at its own address, the setting in the query (a link to it).
        page.wait_for_url(lambda url: urlsplit(url).path == "/explore")
        harness.wait_ready(page)
        for path, title in PAGES.items():
            page.goto(f"{app_url}/{path}")
            page.wait_for_function("(t) => { const h = document.querySelector('h1'); "
                                   "return h && h.textContent.includes(t); }", arg=title)
            assert urlsplit(page.url).path == f"/{path}"
            assert parse_qs(urlsplit(page.url).query)["model"] == ["cluster"]
            assert page.get_by_text("Page not found").count() == 0, path
            if path in ("uncertainty", "structure"):
                # Drawn in full (the ensemble's charts, the diagram), then kept for a look.
                if path == "uncertainty":  # the ensemble runs in the background, then the page redraws
                    page.wait_for_selector('[data-testid="stVegaLiteChart"]')
                page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
                page.wait_for_timeout(1000)
                shoot(page, tmp_path / f"{path}.png")
        # toolbarMode = "minimal": no Deploy button, no menu.
        assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
        assert page.locator('[data-testid="stMainMenu"]').count() == 0
    keep_screenshots(tmp_path)


def test_absurd_and_hostile_uploads_leave_every_session_working(app_url: str, tmp_path: Path) -> None:
    """The audit's 55-byte upload killed the server for everyone; now it is a message."""
    absurd = tmp_path / "absurd.toml"
    absurd.write_bytes(b'model = "cluster"\n[horizon]\nend = 1e9\n')
    hostile = tmp_path / "hostile.toml"
    hostile.write_text('name = "![x](http://127.0.0.1:9/x.png) **bold**"\nmodel = "cluster"\n')
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"#" * (2 * 1024 * 1024))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        try:
            attacker, visitor = (browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                                 for _ in range(2))
            attacker.set_default_timeout(60_000)
            visitor.set_default_timeout(60_000)
            attacker.goto(app_url + "/compare")
            attacker.wait_for_selector('[data-testid="stDataFrame"]')
            uploader = attacker.locator('[data-testid="stFileUploader"] input[type="file"]')
            uploader.set_input_files(str(absurd))
            alert = attacker.locator('[data-testid="stAlert"]').first
            alert.wait_for()
            assert "absurd.toml: [horizon] end = 1e+09 is out of range: allowed [-1e+07, 1e+07]" in alert.inner_text()

            # Another visitor, meanwhile: the server is alive and computes as before.
            visitor.goto(app_url + "/explore")
            harness.wait_ready(visitor)
            assert harness.metric(visitor, LABEL) == api_metric()

            # A name made of Markdown is shown as those characters: no image, no bold.
            uploader.set_input_files(str(hostile))
            attacker.wait_for_function(
                "() => [...document.querySelectorAll('[data-testid=\"stAlert\"]')]"
                ".some(a => a.innerText.includes('**bold**'))")
            assert attacker.locator('[data-testid="stAlert"] img, [data-testid="stAlert"] strong').count() == 0

            # Streamlit itself refuses files over server.maxUploadSize (1 MB, .streamlit/config.toml).
            uploader.set_input_files(str(huge))
            attacker.get_by_text("File must be 1.0MB or smaller", exact=False).wait_for()
            attacker.wait_for_selector('[data-testid="stDataFrame"]')
        finally:
            browser.close()
