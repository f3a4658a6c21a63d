"""docs/quickstart.ipynb runs from top to bottom, so the walkthrough never rots.

The notebook is executed with nbclient in a fresh kernel that is this interpreter
(a kernelspec written to a temporary folder, registered nowhere else), in a
temporary working directory, headless (``MPLBACKEND=Agg``). It is committed with
its outputs cleared; the test checks that too.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import nbclient
import nbclient.exceptions
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

from .conftest import ROOT

NOTEBOOK = ROOT / "docs" / "quickstart.ipynb"
#: Seconds any one cell may take (the slowest, the first PySD run, translates the model).
#: The whole notebook takes about 10 s (kernel start included), so the test is not `slow`.
CELL_TIMEOUT = 300
#: Figures the walkthrough draws: policies, ensemble bands, overshoot share, cluster
#: network, sector loads, regional network.
MIN_FIGURES = 6
KERNEL = "entropy-test-python"
#: Prepended to the executed copy only: where the kernel runs, and our own warnings
#: always shown (a DeprecationWarning from a library is hidden by default).
PROBE = (
    "import sys, warnings\n"
    "warnings.filterwarnings('always', module=r'entropy(\\.|$)')\n"
    "print('KERNEL', sys.executable, sys.prefix, sep='\\n')"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
WARNING_LINE = re.compile(r"^(?P<file>\S[^\n]*?):\d+: (?P<category>\w*Warning): (?P<message>.*)$", re.MULTILINE)


def _output_text(output: dict[str, Any]) -> str:
    """The text of one cell output (streams, results, errors; images left out)."""
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    if output.get("output_type") == "error":
        return "\n".join(str(line) for line in output.get("traceback", []))
    return str(output.get("data", {}).get("text/plain", ""))


def _label(index: int, cell: dict[str, Any]) -> str:
    """A cell by its index in docs/quickstart.ipynb (the probe is -1), id and first line."""
    if index < 0:
        return "the test's probe cell"
    source = str(cell.get("source", "")).strip().splitlines()
    return f"cell {index} (id {cell.get('id')!r}, starting {source[0][:60]!r})" if source else f"cell {index}"


def _ours(path: str) -> bool:
    """Whether a warning was raised by the package or by the notebook's own code."""
    package = str(ROOT / "entropy")
    return path.startswith(package) or "ipykernel_" in path or path.startswith("<ipython-input")


def test_notebook_is_committed_clean() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code cells"
    dirty = [_label(i, c) for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"commit docs/quickstart.ipynb with outputs cleared; these have outputs: {dirty}"


def test_quickstart_notebook_runs(tmp_path: Path) -> None:
    # A kernelspec naming this very interpreter, in a folder only this test reads.
    spec_dir = tmp_path / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "entropy-sim test", "language": "python",
    }), encoding="utf-8")
    km = AsyncKernelManager(kernel_name=KERNEL,
                            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")]))

    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "MPLBACKEND": "Agg", "IPYTHONDIR": str(tmp_path / "ipython"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    # ENTROPY_CACHE_DIR, where set, passes through with the rest of the environment.

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PROBE, id="test-probe"))
    running: list[str] = []

    def started(cell: dict[str, Any], cell_index: int) -> None:
        running.append(_label(cell_index - 1, cell))

    client = nbclient.NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, allow_errors=False,
                                     resources={"metadata": {"path": str(work)}}, on_cell_start=started)
    try:
        client.execute(env=env, cleanup_kc=True)  # shut the kernel down after (nbclient keeps a km it was given)
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"docs/quickstart.ipynb: {running[-1]} raised:\n{ANSI.sub('', str(exc))}", pytrace=False)
    except nbclient.exceptions.CellTimeoutError as exc:
        pytest.fail(f"docs/quickstart.ipynb: {running[-1]} ran longer than {CELL_TIMEOUT} s:\n{exc}",
                    pytrace=False)

    probe = _output_text(nb.cells[0].outputs[0]).split("\n")
    assert probe[0] == "KERNEL"
    assert (probe[1], probe[2]) == (sys.executable, sys.prefix), (
        f"the notebook ran on {probe[1]} ({probe[2]}), not this interpreter {sys.executable} ({sys.prefix})")

    figures, problems = 0, []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            figures += "image/png" in output.get("data", {})
            text = ANSI.sub("", _output_text(output))
            if output.get("output_type") == "error" or "Traceback (most recent call last)" in text:
                problems.append(f"{_label(i - 1, cell)} shows a traceback:\n{text}")
            for w in WARNING_LINE.finditer(text):
                if _ours(w["file"]):
                    problems.append(f"{_label(i - 1, cell)} shows a warning: {w['category']}: {w['message']} "
                                    f"({w['file']})")
    assert not problems, "\n\n".join(problems)
    assert figures >= MIN_FIGURES, f"the notebook drew {figures} figures (image/png outputs), expected {MIN_FIGURES}"
