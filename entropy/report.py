"""Plain-text tables for the command line."""

from __future__ import annotations

import math

import pandas as pd

from .indicators import INDICATORS


def fmt(value: object, unit: str = "") -> str:
    """A number as people read it: 4 significant figures, years whole, NaN as '-'."""
    if isinstance(value, bool) or unit == "bool":
        return "yes" if value else "no"
    if not isinstance(value, (int, float)):
        return str(value)
    f = float(value)
    if math.isnan(f):
        return "-"
    if math.isinf(f):
        return "inf" if f > 0 else "-inf"
    if unit == "Year" and abs(f) >= 100 and f == round(f):
        return f"{f:.0f}"
    if f != 0 and (abs(f) < 1e-3 or abs(f) >= 1e6):
        return f"{f:.3e}"
    return f"{f:.4g}"


def table(rows: list[list[str]], header: list[str], left: set[int] | None = None) -> str:
    """Align columns: those in ``left`` (default: the first) left, the rest right."""
    left = {0} if left is None else left
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()
    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)


def indicator_table(df: pd.DataFrame, differences: bool = False) -> str:
    """Indicators as rows, scenarios as columns (and differences from the first)."""
    scenarios = [str(s) for s in df.index]
    header = ["indicator", "units", *scenarios]
    left = {0, 1}
    if differences and len(scenarios) > 1:
        header += [f"{s} - {scenarios[0]}" for s in scenarios[1:]]
    rows = []
    for name, (unit, _) in INDICATORS.items():
        if name not in df.columns:
            continue
        cells = [name, unit, *(fmt(df.loc[s, name], unit) for s in df.index)]
        if differences and len(scenarios) > 1:
            base = df.iloc[0][name]
            for s in df.index[1:]:
                cells.append(_diff(df.loc[s, name], base, unit))
        rows.append(cells)
    return table(rows, header, left)


def _diff(value: object, base: object, unit: str) -> str:
    if unit == "bool":
        return "same" if bool(value) == bool(base) else ("yes" if value else "no")
    a, b = float(value), float(base)  # type: ignore[arg-type]
    if math.isnan(a) and math.isnan(b):
        return "-"
    if math.isnan(a) or math.isnan(b):
        return "n/a"
    d = a - b
    if d == 0:
        return "0"
    return ("+" if d > 0 else "") + fmt(d, "")
