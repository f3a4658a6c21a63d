"""Plain-text tables for the command line."""

from __future__ import annotations

import math

import pandas as pd
import xarray as xr

from ..analysis.indicators import INDICATORS


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
    units = {**INDICATORS, **_regional_indicators()}
    for name, (unit, _) in units.items():
        if name not in df.columns:
            continue
        cells = [name, unit, *(fmt(df.loc[s, name], unit) for s in df.index)]
        if differences and len(scenarios) > 1:
            base = df.iloc[0][name]
            for s in df.index[1:]:
                cells.append(_diff(df.loc[s, name], base, unit))
        rows.append(cells)
    return table(rows, header, left)


def _regional_indicators() -> dict[str, tuple[str, str]]:
    from ..analysis.regional import REGIONAL_INDICATORS

    return REGIONAL_INDICATORS


def sector_report(runs: list[xr.Dataset]) -> str:
    """For runs of the regional model: which sector overshoots first, in words and by sector.

    One run: its per-sector indicators. Several: each sector's first
    overshoot year and lowest health side by side, and the change from the
    first run.
    """
    from ..analysis.regional import SECTOR_INDICATORS, overshoot_sentence, sector_table

    tables = [sector_table(ds) for ds in runs]
    names = [str(ds.attrs.get("scenario", "run")) for ds in runs]
    lines = [f"{n}: {overshoot_sentence(ds)}" for n, ds in zip(names, runs)]
    if len(runs) == 1:
        # Indicators as rows and sectors as columns: nine narrow columns fit a terminal.
        t = tables[0]
        rows = [[name, unit, *(fmt(t.loc[sector, name], unit) for sector in t.index)]
                for name, (unit, _) in SECTOR_INDICATORS.items()]
        return "\n".join(lines) + "\n\n" + table(rows, ["by sector", "units", *map(str, t.index)], {0, 1})
    rows = []
    for sector in tables[0].index:
        years = [t.loc[sector, "first_overshoot_year"] for t in tables]
        health = [t.loc[sector, "min_ecosystem_health"] for t in tables]
        rows.append([str(sector), *(fmt(y, "Year") for y in years),
                     *(_diff(y, years[0], "Year") for y in years[1:]),
                     *(fmt(h) for h in health)])
    header = ["sector", *(f"overshoot {n}" for n in names),
              *(f"{n} - {names[0]}" for n in names[1:]), *(f"min health {n}" for n in names)]
    return "\n".join(lines) + "\n\n" + table(rows, header)


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
