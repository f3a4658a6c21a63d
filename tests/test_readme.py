"""The README's examples are real: their printed output is what the code prints now."""

from __future__ import annotations

import contextlib
import io
import re
import shlex

import pytest

from entropy.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(marker: str, fence: str = "```") -> str:
    """The first fenced block after ``marker``."""
    start = README.index(marker)
    body = README.index(fence, start)
    body = README.index("\n", body) + 1
    end = README.index(fence, body)
    return README[body:end]


def block_from(marker: str) -> str:
    """From ``marker`` (inside a fenced block) to the end of that block."""
    start = README.index(marker)
    return README[start : README.index("```", start)]


def cli_output(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    return out.getvalue()


# Rounding-level figures (mass-balance residuals of ~1e-15) depend on the
# platform's floating point; they are compared as "tiny", everything else exactly.
_TINY = re.compile(r"[+-]?\d\.\d+e-1[3-9]")


def strip(text: str) -> list[str]:
    return [_TINY.sub("tiny", line.rstrip()) for line in text.strip().splitlines()]


def test_make_run_output() -> None:
    shown = block_after("`make cli` runs business as usual")
    assert strip(shown) == strip(cli_output(["run", "bau", "--engine", "pysd"]))


def examples(command: str) -> list[str]:
    """Every README block that starts with ``$ command``: the command line and what it prints."""
    found, pos = [], 0
    while (start := README.find(f"$ {command}", pos)) >= 0:
        found.append(README[start : README.index("```", start)])
        pos = start + 1
    return found


CLI_EXAMPLES = [block for command in ("entropy compare", "entropy scenarios", "entropy loops bau", "entropy network")
                for block in examples(command)]


@pytest.mark.parametrize("block", CLI_EXAMPLES, ids=[b.partition("\n")[0] for b in CLI_EXAMPLES])
def test_cli_examples(block: str) -> None:
    first, _, shown = block.partition("\n")
    argv = shlex.split(first.removeprefix("$ "))[1:]
    assert strip(shown) == strip(cli_output(argv))


def test_every_compare_example_is_checked() -> None:
    assert len(examples("entropy compare")) >= 4


def test_check_example() -> None:
    block = block_from("$ entropy check")
    first, _, shown = block.partition("\n")
    lines = strip(shown)
    actual = strip(cli_output(shlex.split(first.removeprefix("$ "))[1:]))
    head = lines[: lines.index("...")]
    assert actual[: len(head)] == head
    assert actual[-1] == lines[-1]


def test_python_example() -> None:
    code = README[README.index("```python", README.index("## The Python API")) + len("```python"):]
    code = code[: code.index("```")]
    shown = block_after("\nprints\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    normalise = lambda text: [re.sub(r"\s+", " ", line).strip() for line in strip(text)]  # noqa: E731
    assert normalise(shown) == normalise(out.getvalue())


@pytest.mark.slow
@pytest.mark.parametrize("command", ["entropy ensemble", "entropy sensitivity"])
def test_uncertainty_examples(command: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    block = block_from(f"$ {command}")
    first, _, shown = block.partition("\n")
    argv = [a.replace("sd_models/", f"{ROOT}/sd_models/") for a in shlex.split(first.removeprefix("$ "))[1:]]
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    assert strip(shown) == strip(cli_output(argv))


@pytest.mark.slow
def test_decision_examples(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """The discover example (its shown lines, in order; "..." stands for rows left out) and the
    calibrate example (its estimates, the first lines) print what the README shows."""
    monkeypatch.chdir(ROOT)
    block = block_from("$ entropy discover")
    first, _, shown = block.partition("\n")
    argv = shlex.split(first.removeprefix("$ "))[1:]
    argv[argv.index("found")] = str(tmp_path) + "/found"  # type: ignore[operator]
    printed = iter(strip(cli_output(argv)))
    for line in strip(shown):
        if line != "...":
            assert line in printed, line
    block = block_from("$ entropy calibrate")
    first, _, shown = block.partition("\n")
    lines = strip(shown)
    assert strip(cli_output(shlex.split(first.removeprefix("$ "))[1:]))[:len(lines)] == lines
