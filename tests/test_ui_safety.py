"""The app under untrusted input (issue 7): bounded work, messages instead of tracebacks, names as text.

AppTest runs the pages in this process, so these tests are quick; the browser
tests (tests/test_ui_browser.py) repeat the essentials against a real server.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

import entropy
from ui import uploads, views
from ui.jobs import JOBS

from .conftest import ROOT

APP = str(ROOT / "ui" / "app.py")
#: The audit's upload that killed the server for every user (Simlin ran out of memory).
ABSURD_END = b'model = "cluster"\n[horizon]\nend = 1e9\n'
TINY_STEP = b'model = "cluster"\n[horizon]\ntime_step = 1e-300\n'
BIG = b"# " + b"x" * (70 * 1024) + b'\nmodel = "cluster"\n'
SHORT = b'name = "short"\nmodel = "cluster"\n[horizon]\nend = 2100\n'


def bau_entropy() -> str:
    """The Explore metric of business as usual's non-renewable entropy, as the API computes it."""
    ds = entropy.run("bau", engine="simlin", variables=["cumulative_non_renewable_entropy"])
    return f"{float(ds['cumulative_non_renewable_entropy'][-1]):,.0f} TJ/K"


def start(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: str) -> str:
    """What an alert shows: its Markdown source without the escapes the app adds."""
    return re.sub(r"\\(.)", r"\1", markdown)


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="upload").upload(name, content, "application/toml").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (ABSURD_END, "huge.toml: [horizon] end = 1e+09 is out of range: allowed [-1e+07, 1e+07]"),
        (TINY_STEP, "huge.toml: [horizon] time_step = 1e-300 is too small to resolve times near 2225"),
        (b'model = "cluster"\n[horizon]\nend = 32025\n',  # fine for the command line, too much for one visitor
         "huge.toml: [horizon] 30000 years at time_step "),
        (BIG, f"huge.toml: {len(BIG):,} bytes is too large for a scenario file here (at most 64 kB)"),
    ],
)
def test_absurd_uploads_are_refused_with_a_message_and_never_run(content: bytes, message: str) -> None:
    at = upload(start("screens/compare.py"), "huge.toml", content)
    assert plain(at.error[0].value).startswith(message)
    if b"32025" in content:  # the model's own time step, whatever it is: too many steps for the web
        assert "integration steps; allowed at most 200,000" in plain(at.error[0].value)
    assert at.dataframe, "the comparison still shows"
    assert "huge" not in at.multiselect(key="compare_selection__cluster").options
    other = start()  # another session is untouched and works
    assert next(m.value for m in other.metric if m.label == "Non-renewable entropy") == bau_entropy()


def test_web_limit_is_tighter_than_the_command_line() -> None:
    """30,000 years at the model's step is fine for `entropy run` but not for one web visitor."""
    text = b'model = "cluster"\n[horizon]\nend = 32025\n'
    with pytest.raises(uploads.UploadError, match="allowed at most 200,000"):
        uploads.read_upload("long.toml", text, {"bau"}, "cluster")


def test_upload_may_not_shadow_a_shipped_scenario() -> None:
    at = upload(start("screens/compare.py"), "bau.toml",
                b'name = "bau"\nmodel = "cluster"\n[levers]\nrecycle_policy = 0.9\nby_product_exchange_policy = 1\n')
    assert plain(at.success[0].value) == (
        "“bau” is the name of a shipped scenario, so the upload is listed as “bau (uploaded)”")
    options = at.multiselect(key="compare_selection__cluster").options
    assert "bau" in options and "bau (uploaded)" in options
    at.multiselect(key="compare_selection__cluster").select("bau (uploaded)").run()
    table = at.dataframe[0].value
    # The shipped bau is still business as usual; the upload is its own column.
    bau = entropy.indicators(entropy.run("bau", engine="simlin")).iloc[0]
    assert float(table.loc["Circular material use", "bau"]) == pytest.approx(bau["circularity"], rel=1e-3)
    assert float(table.loc["Circular material use", "bau (uploaded)"]) > bau["circularity"]


def test_names_are_text_not_markdown() -> None:
    evil = "![x](http://127.0.0.1:9/x.png) **bold** <b>b</b> :red[r] $x$"
    text = f'name = "{evil}"\nmodel = "cluster"\n'.encode()
    at = upload(start("screens/compare.py"), "evil.toml", text)
    shown = at.success[0].value
    listed = uploads.clean_name(evil)  # "/" becomes "-": names are also file names
    assert plain(shown) == f"Loaded scenario: {listed}"
    for raw in ("![", "](", "**", "<b>", ":red[", "$x$"):
        assert raw not in shown, f"{raw!r} would be rendered"
    assert listed in at.multiselect(key="compare_selection__cluster").options  # a selectbox option is plain text


def test_md_escape_and_clean_name() -> None:
    assert views.md_escape("a_b *c*\n[d](e)") == r"a\_b \*c\* \[d\]\(e\)"
    assert uploads.clean_name("../../etc/passwd\x00\n") == "etc-passwd"
    assert uploads.clean_name("x" * 500) == "x" * uploads.MAX_NAME_CHARS
    assert views.alert_text(f"{ROOT}/sd_models/cluster/uncertainty.toml: bad") == r"sd\_models/cluster/uncertainty\.toml\: bad"


def test_compare_refuses_a_scenario_with_another_horizon() -> None:
    at = upload(start("screens/compare.py"), "short.toml", SHORT)
    at.multiselect(key="compare_selection__cluster").select("short").run()
    assert not at.exception
    assert plain(at.error[0].value) == (
        "scenarios bau and short save at different times; write them to separate files")
    assert "short" not in at.dataframe[0].value.columns
    assert "eco-park - bau" in at.dataframe[0].value.columns


def test_uncertainty_refuses_other_horizons_and_scenarios_that_set_an_uncertain_parameter() -> None:
    at = start("screens/compare.py")
    upload(at, "short.toml", SHORT)
    upload(at, "fixed.toml", b'name = "fixed"\nmodel = "cluster"\n[levers]\nrecycling_yield = 0.8\n')
    at.switch_page("screens/uncertainty.py").run()
    at.multiselect(key="unc_selection__cluster").set_value(["bau", "short", "fixed"]).run()
    JOBS.wait()  # the ensemble of the scenarios that can join runs in the background
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [plain(e.value) for e in at.error]
    assert "scenarios bau and short save at different times; write them to separate files" in errors
    assert any("recycling_yield" in e and "fixed" in e for e in errors), errors
    assert not any(str(ROOT) in e for e in errors), "no server paths in messages"
    robustness = at.dataframe[1].value
    assert list(robustness.index) == ["bau"]


def test_uncertainty_asks_for_bounded_work() -> None:
    at = start("screens/uncertainty.py")
    assert max(at.select_slider(key="unc_runs").options, key=int) == "1000"
    assert at.multiselect(key="unc_selection__cluster").proto.max_selections == 6


def test_an_unexpected_error_shows_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(views, "headline", broken)
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Something went wrong on this page; it has been logged. Try another setting, or reload."]
