"""Build ``sd_models/liaoning/liaoning.mdl`` from the cluster model.

The regional model arrays the cluster model's mechanisms over a ``Sector``
subscript, so the two cannot drift apart: every equation of
``sd_models/cluster/cluster.mdl`` is carried over, with ``[Sector]`` added to
each arrayed variable, sector values from ``tools/liaoning_sectors.py``, the
changes listed in :data:`OVERRIDES` (the exchange network, the regional sink,
the shared fossil reserve) and the new variables of :data:`NEW`. Run it after
changing the cluster model or the sector data::

    .venv/bin/python tools/build_liaoning.py

The output is an ordinary Vensim model (no sketch); the package treats it as
untrusted text like any other model. Matrices are defined whole, row by row:
Simlin silently reads a partly defined 2-D variable as 0.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from liaoning_sectors import (  # noqa: E402
    EXCHANGE_SHARE, EXCHANGE_TEXT, HEAT_CASCADE_SHARE, HEAT_TEXT, SECTOR_TEXT, SECTOR_VALUES, SECTORS,
)
from liaoning_new import NEW, NEW_GROUPS, OVERRIDES, POLICY_ARRAYS, SCALAR  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "sd_models" / "cluster" / "cluster.mdl"
TARGET = ROOT / "sd_models" / "liaoning" / "liaoning.mdl"
SKETCH = "\\\\\\---///"
RANGE = re.compile(r"\[([^\]]*)\]\s*$")


class Var:
    """One equation of the model: name, right-hand side, units (with range) and documentation."""

    def __init__(self, name: str, rhs: str, units: str, doc: str, *, lhs: str | None = None,
                 group: str = "") -> None:
        self.name = name
        self.rhs = rhs
        self.units = units
        self.doc = doc
        self.lhs = lhs  # fully written left-hand side (raw equations), else None
        self.group = group
        self.arrayed = lhs is not None and "[" in lhs

    @property
    def key(self) -> str:
        return norm(self.name)


def norm(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).lower()


def read_cluster() -> tuple[list[tuple[str, str]], list[Var], list[str]]:
    """Groups (name, text), variables in file order, and the control entries."""
    text = CLUSTER.read_text(encoding="utf-8")
    text = text[: text.find(SKETCH)].replace("{UTF-8}", "", 1)
    groups: list[tuple[str, str]] = []
    variables: list[Var] = []
    control: list[str] = []
    group = ""
    for entry in text.split("|"):
        if not entry.strip():
            continue
        if "********" in entry:
            head, _, doc = entry.partition("~")
            group = head.replace("*", "").strip()
            groups.append((group, " ".join(doc.split())))
            continue
        eq, units, doc = (entry.split("~") + ["", ""])[:3]
        name, _, rhs = eq.partition("=")
        if group == ".Control":
            control.append(entry.strip())
            continue
        variables.append(Var(" ".join(name.split()), " ".join(rhs.split()), units.strip(),
                             " ".join(doc.split()), group=group))
    return groups, variables, control


#: Ranges set for the regional model where the cluster model's do not fit the sectors.
RANGES = {"Land Capacity": (5.0, 2000.0)}


def widen(units: str, values: tuple[float, ...], fixed: tuple[float, float] | None = None) -> str:
    """The units field with its [min,max,step] range widened to hold every value."""
    m = RANGE.search(units)
    if not m:
        return units
    parts = m.group(1).split(",")
    lo, hi = fixed if fixed else (float(parts[0]), float(parts[1]))
    # Room around the sector values: half the smallest, twice the largest.
    if min(values) < lo:
        lo = min(values) / 2
    if max(values) > hi:
        hi = max(values) * 2
    step = parts[2] if len(parts) > 2 else ""
    inner = f"{lo:g},{hi:g}" + (f",{step}" if step else "")
    return units[: m.start()] + f"[{inner}]"


def name_pattern(names: list[str]) -> re.Pattern[str]:
    alts = sorted({n for n in names}, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, n.split())) for n in alts)
    return re.compile(rf"(?<![\w\]])({body})(?![\w])(\s*\[)?", re.IGNORECASE)


def spin_up_values() -> dict[str, tuple[float, ...]]:
    """The 2025 inventories computed by the last ``--spin-up`` (zeros before the first)."""
    try:
        from liaoning_spinup import SPIN_UP
    except ImportError:
        return {name: (0.0,) * len(SECTORS) for name in SPIN_UP_NAMES}
    return dict(SPIN_UP)


SPIN_UP_FROM = {"Initial By Product Inventory": "by_product_inventory",
                "Initial By Product Inventory Exergy": "by_product_inventory_exergy",
                "Initial Expected Unused By Products": "expected_unused_by_products"}
SPIN_UP_NAMES = tuple(SPIN_UP_FROM)


def spin_up() -> None:
    """Start the inventories empty, run one year on Simlin and keep the stocks reached."""
    import simlin

    (Path(__file__).parent / "liaoning_spinup.py").unlink(missing_ok=True)
    main()
    model = simlin.load(TARGET)
    model.project.set_sim_specs(start=2025, stop=2026, dt=0.0625, save_step=1)
    with model.simulate(enable_ltm=False) as sim:
        sim.run_to_end()
        values = {name: tuple(float(sim.get_series(f"{var}[{s}]")[-1]) for s in SECTORS)
                  for name, var in SPIN_UP_FROM.items()}
    lines = ['"""2025 by-product inventories of the Liaoning model: written by build_liaoning.py --spin-up."""',
             "", "SPIN_UP = {"]
    lines += [f"    {name!r}: ({', '.join(f'{v:.6g}' for v in vals)}),"
              for name, vals in values.items()]
    lines.append("}")
    (Path(__file__).parent / "liaoning_spinup.py").write_text("\n".join(lines) + "\n")
    main()


def main() -> None:
    groups, variables, control = read_cluster()
    by_key = {v.key: v for v in variables}
    for name, rhs in OVERRIDES.items():
        if norm(name) not in by_key:
            raise SystemExit(f"override of unknown variable {name!r}")
        var = by_key[norm(name)]
        var.rhs, note = rhs
        if note:
            var.doc = f"{var.doc} Regional model: {note}"
    for group, entries in NEW.items():
        for lhs, rhs, units, doc in entries:
            name = lhs.split("[")[0].strip()
            var = Var(name, rhs, units, doc, lhs=lhs if "[" in lhs else None, group=group)
            if norm(name) in by_key:
                raise SystemExit(f"new variable {name!r} already exists")
            variables.append(var)
            by_key[var.key] = var
    # Sector data and policy levers become arrays.
    for name, (values, basis) in SECTOR_VALUES.items():
        var = by_key[norm(name)]
        if len(values) != len(SECTORS):
            raise SystemExit(f"{name}: {len(values)} values for {len(SECTORS)} sectors")
        var.rhs = ", ".join(f"{v:g}" for v in values)
        var.units = widen(var.units, values, RANGES.get(name))
        var.doc = f"{var.doc} Regional model, by sector ({', '.join(SECTORS)}): {basis}"
        var.arrayed = True
    for name, values in spin_up_values().items():
        var = by_key[norm(name)]
        var.rhs = ", ".join(f"{v:.6g}" for v in values)
        var.arrayed = True
    for name in POLICY_ARRAYS:
        var = by_key[norm(name)]
        var.arrayed = True
        var.doc = f"{var.doc} Regional model: one value per sector (a lever for each)."
    # An equation is arrayed when anything it reads is (to a fixed point).
    names = [v.name for v in variables] + ["Time"]
    pattern = name_pattern(names)

    def refs(var: Var) -> set[str]:
        # A name already subscripted in the text ("X[Sector!]") is written as meant.
        return {norm(m.group(1)) for m in pattern.finditer(var.rhs) if not m.group(2)}

    changed = True
    while changed:
        changed = False
        for var in variables:
            if var.arrayed or var.lhs is not None or var.key in SCALAR:
                continue
            if any(by_key[r].arrayed for r in refs(var) if r in by_key):
                var.arrayed = True
                changed = True
    for var in variables:
        if var.lhs is not None:
            continue
        if var.arrayed:
            var.lhs = f"{var.name}[Sector]"
            var.rhs = pattern.sub(
                lambda m: m.group(0) if m.group(2) else m.group(1) + (
                    "[Sector]" if by_key.get(norm(m.group(1))) and by_key[norm(m.group(1))].arrayed else ""),
                var.rhs)
        else:
            bad = [r for r in refs(var) if r in by_key and by_key[r].arrayed]
            if bad:
                raise SystemExit(f"scalar {var.name} reads arrayed {bad}: give it an override")
            var.lhs = var.name
    write(groups, variables, control)


def matrix(values: dict[str, dict[str, float]]) -> str:
    rows = [", ".join(f"{values.get(s, {}).get(r, 0):g}" for r in SECTORS) for s in SECTORS]
    return ";\n\t".join(rows) + ";"


def write(groups: list[tuple[str, str]], variables: list[Var], control: list[str]) -> None:
    out = ["{UTF-8}"]
    out.append(f"Sector:\n\t{', '.join(SECTORS)}\n\t~\t\n\t~\tSectors of Liaoning's key industrial "
               f"clusters (the seed) and the decomposer industry. {SECTOR_TEXT}.\n\t|\n")
    out.append("Receiver <-> Sector\n\t~\t\n\t~\tThe receiving sector of a by-product exchange "
               "(the same elements as Sector).\n\t|\n")
    order = [g for g, _ in groups if g != ".Control"] + [g for g, _ in NEW_GROUPS]
    docs = dict(groups) | dict(NEW_GROUPS)
    for group in order:
        out.append("*" * 56 + f"\n\t{group}\n" + "*" * 56 + f"~\n\t\t{docs[group]}\n\t|\n")
        for var in (v for v in variables if v.group == group):
            rhs = var.rhs
            if var.key in ("exchange share", "current exchange share"):
                rhs = matrix(EXCHANGE_SHARE)
                var.doc = f"{var.doc} {EXCHANGE_TEXT}"
            elif var.key in ("heat cascade share", "current heat cascade share"):
                rhs = matrix(HEAT_CASCADE_SHARE)
                var.doc = f"{var.doc} {HEAT_TEXT}"
            elif var.key == "link active":
                rhs = matrix({s: {r: 1.0 for r in row} for s, row in EXCHANGE_SHARE.items()})
            out.append(f"{var.lhs}=\n\t{rhs}\n\t~\t{var.units}\n\t~\t{var.doc}\n\t|\n")
    out.append("*" * 56 + "\n\t.Control\n" + "*" * 56 + "~\n\t\tSimulation control parameters.\n\t|\n")
    out.extend(c + "\n\t|\n" for c in control if c)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text("\n".join(out) + "\n" + SKETCH + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(variables)} variables")


if __name__ == "__main__":
    spin_up() if "--spin-up" in sys.argv else main()
