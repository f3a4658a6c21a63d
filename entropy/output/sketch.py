"""Give a Vensim model a stock-and-flow diagram laid out by Simlin.

``python -m entropy.sketch MODEL.mdl`` replaces the sketch section of the file
(everything from the ``\\\\\\---///`` line on) with one that Simlin lays out
automatically from the model's stocks, flows and dependencies, so that Vensim
opens the model with a readable diagram. The equations above the sketch are
left byte for byte as they were. Variable names in the sketch are written as
the model spells them (Simlin writes them in lower case).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

SKETCH_MARK = "\\\\\\---///"
_ELEMENT = re.compile(r"^(10,\d+,)([^,]+)(,.*)$")


def laid_out_sketch(mdl: Path) -> str:
    """The sketch section Simlin lays out for ``mdl`` (text from the marker on)."""
    import simlin

    text = mdl.read_text(encoding="utf-8")
    cut = text.find(SKETCH_MARK)
    equations = text[:cut] if cut >= 0 else text
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / mdl.name
        bare.write_text(equations, encoding="utf-8")
        project = simlin.load(bare).project
        if project is None:
            raise RuntimeError(f"{mdl}: Simlin loaded no project")
        project.auto_layout()
        exported = project.to_mdl().decode("utf-8")
    start = exported.find(SKETCH_MARK)
    if start < 0:
        raise RuntimeError(f"{mdl}: Simlin produced no sketch")
    real = _real_names(equations)
    lines = []
    for line in exported[start:].splitlines():
        m = _ELEMENT.match(line)
        if m and m.group(2).strip().lower() in real:
            line = m.group(1) + real[m.group(2).strip().lower()] + m.group(3)
        lines.append(line)
    return "\n".join(lines) + "\n"


def _real_names(equations: str) -> dict[str, str]:
    """Lower-case name -> name as written, for every variable defined in the file."""
    names: dict[str, str] = {}
    for m in re.finditer(r"^([A-Za-z][^=~|\n(]*?)\s*(?:=|\(\s*$|\(\[)", equations, flags=re.M):
        name = m.group(1).strip()
        names.setdefault(name.lower(), name)
    return names


def replace_sketch(mdl: Path) -> None:
    """Rewrite ``mdl`` with a laid-out sketch (atomically)."""
    text = mdl.read_text(encoding="utf-8")
    cut = text.find(SKETCH_MARK)
    equations = text[:cut] if cut >= 0 else text
    sketch = laid_out_sketch(mdl)
    # Keep the settings block (":L<%^E!@" onwards) the file already had.
    settings = ""
    if cut >= 0:
        tail = text[cut:]
        pos = tail.find("///---\\\\\\")
        if pos >= 0:
            settings = tail[pos + len("///---\\\\\\"):]
    new_sketch = sketch
    end = new_sketch.find("///---\\\\\\")
    if end >= 0 and settings:
        new_sketch = new_sketch[: end + len("///---\\\\\\")] + settings
    tmp = mdl.with_suffix(".mdl.tmp")
    tmp.write_text(equations.rstrip("\n") + "\n\n" + new_sketch, encoding="utf-8")
    tmp.replace(mdl)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        replace_sketch(Path(arg))
        print(f"laid out the sketch of {arg}")
