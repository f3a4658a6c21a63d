"""Run the app on a free loopback port and drive it in headless Chromium.

Used by the browser tests and the browser benchmark. Chromium is Debian's
(``/usr/bin/chromium``), driven by Playwright's Python package; Playwright's
own browser download is never used.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

APP = Path(__file__).resolve().parent / "app.py"
#: The project root: the server starts here, as ``make run`` does, so it reads .streamlit/config.toml.
ROOT = APP.parents[1]
CHROMIUM = os.environ.get("ENTROPY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(timeout: float = 90.0, app: Path = APP) -> Iterator[str]:
    """Start ``streamlit run ui/app.py`` (or ``app``) on a free loopback port; yield its URL."""
    with serve_process(timeout, app) as server:
        yield server.url


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@dataclass(frozen=True)
class Server:
    """A running app: its URL, process id and log file."""

    url: str
    pid: int
    log: Path

    def rss_mb(self) -> float:
        """The server's resident memory now, in MB."""
        return rss_mb(self.pid)

    def cpu_seconds(self) -> float:
        """CPU time the server has used so far (user + system), in seconds."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_text(self) -> str:
        """What the server printed so far (its log, tracebacks included)."""
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def serve_process(timeout: float = 90.0, app: Path = APP) -> Iterator[Server]:
    """Like :func:`serve`, yielding a :class:`Server` (URL, process id for its memory, log)."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--global.minCachedMessageSize", "1e15"]  # as .streamlit/config.toml: no message cache
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="entropy-ui-") as tmp:
        # The log goes to a file: a pipe nobody reads would block a chatty server.
        log = Path(tmp) / "streamlit.log"
        with log.open("w") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True)
        server = Server(url, proc.pid, log)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{server.log_text()}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not answer on {url} within {timeout:.0f} s")
                time.sleep(0.25)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextlib.contextmanager
def browser_page(width: int = 1500, height: int = 1100) -> Iterator[Any]:
    """A Playwright page in headless Debian Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()


METRIC_JS = """(label) => {
  for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
    const l = m.querySelector('[data-testid="stMetricLabel"]');
    if (l && l.textContent.trim() === label) {
      return m.querySelector('[data-testid="stMetricValue"]').textContent.trim();
    }
  }
  return null;
}"""

#: A fingerprint of what the first chart draws (a hash of its SVG marks).
CHART_JS = """() => {
  const marks = document.querySelector('[data-testid="stVegaLiteChart"] svg.marks');
  if (!marks) return null;
  const s = marks.innerHTML;
  let h = 0;
  for (let i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) | 0; }
  return s.length + ':' + h;
}"""


def metric(page: Any, label: str) -> str | None:
    """The shown value of the metric labelled ``label``."""
    value = page.evaluate(METRIC_JS, label)
    return None if value is None else str(value)


def chart_data(page: Any) -> str | None:
    """A fingerprint of the first chart's drawing."""
    value = page.evaluate(CHART_JS)
    return None if value is None else str(value)


#: True when no script run is in progress and the page shows labelled metrics and a drawn chart.
READY_JS = """() => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const labels = document.querySelectorAll('[data-testid="stMetric"] [data-testid="stMetricLabel"]');
  return labels.length > 0
    && document.querySelector('[data-testid="stVegaLiteChart"] svg.marks') !== null;
}"""


def wait_ready(page: Any) -> None:
    """Wait until the app has drawn its metrics and its first chart and is idle.

    Idle matters on a first visit: ``/`` switches to ``/explore``, a second run,
    and on a busy machine the first metrics seen may belong to a run that is
    about to be replaced.
    """
    page.wait_for_selector('[data-testid="stMetricValue"]')
    page.wait_for_selector('[data-testid="stVegaLiteChart"] svg.marks')
    page.wait_for_function(READY_JS, polling=100)
    page.wait_for_timeout(300)  # let a run that starts right after the last one show its status
    page.wait_for_function(READY_JS, polling=100)


def slider(page: Any, label: str) -> Any:
    """The range input of the slider labelled ``label``."""
    return page.locator(f'[data-testid="stSlider"] input[type="range"][aria-label="{label}"]')


def wait_changed(page: Any, label: str, before_metric: str, before_chart: str) -> None:
    """Wait until both the metric and the first chart differ from before."""
    page.wait_for_function(
        f"([label, m, c]) => ({METRIC_JS})(label) !== m && ({CHART_JS})() !== c",
        arg=[label, before_metric, before_chart],
        polling="raf",
    )


#: Arms a watch on the page: the time of the next key press (the event's own time stamp), of the
#: first frame that shows the metric labelled ``label`` changed, and of the last frame in which a
#: chart's drawing changed (checked once per animation frame after the page changed).
ARM_JS = """(label) => {
  const metric = () => (%s)(label);
  // A chart's fingerprint: the outlines of its lines and areas (reading them is cheap; serialising
  // every chart's SVG at each frame would itself slow the page being timed).
  const charts = () => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks'),
    (m) => Array.from(m.querySelectorAll('.mark-line path, .mark-area path, .mark-rect path'),
                      (p) => p.getAttribute('d') + (p.getAttribute('fill') || '')).join('|'));
  const w = {pressed: null, metric: null, charts: null, changed: null, pending: false};
  const m0 = metric();
  let last = charts();
  const check = () => {
    w.pending = false;
    const now = performance.now();
    w.changed = now;
    if (w.metric === null && metric() !== m0) w.metric = now;
    const c = charts();
    if (c.length !== last.length || c.some((s, i) => s !== last[i])) w.charts = now;
    last = c;
  };
  const observer = new MutationObserver(() => {
    if (!w.pending) { w.pending = true; requestAnimationFrame(check); }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  w.stop = () => observer.disconnect();
  document.addEventListener('keydown', (e) => { if (w.pressed === null) w.pressed = e.timeStamp; },
                            {capture: true, once: true});
  window.__pressWatch = w;
}""" % METRIC_JS

#: True once the press's run has shown its metric, no script runs and nothing changed for 500 ms.
SETTLED_JS = """() => {
  const w = window.__pressWatch;
  return w.metric !== null && !document.querySelector('[data-testid="stStatusWidget"]')
    && performance.now() - w.changed > 500;
}"""


@dataclass(frozen=True)
class PressTimes:
    """Milliseconds from a key press (its event's time stamp) to the first frame that shows the
    changed metric, and to the last frame in which a chart's drawing changed (every chart the
    move changes is then drawn)."""

    metric: float
    charts: float


def timed_press(page: Any, key: str, label: str) -> PressTimes:
    """Press ``key`` on the focused element and time, in the page's own clock, how long the
    metric labelled ``label`` and the charts take to change (see :data:`ARM_JS`).

    The clock starts at the key event, not when the test asks for the press, so the driver's
    own work (Playwright's round trips) is not counted; it stops at the last chart change
    before the page settles, so a chart the move leaves as it was does not hold it up.
    """
    page.evaluate(ARM_JS, label)
    page.keyboard.press(key)
    page.wait_for_function(SETTLED_JS, polling=100)
    w = page.evaluate("() => { const w = window.__pressWatch; w.stop(); return w; }")
    charts = w["charts"] if w["charts"] is not None else w["metric"]
    return PressTimes(float(w["metric"] - w["pressed"]), float(charts - w["pressed"]))
