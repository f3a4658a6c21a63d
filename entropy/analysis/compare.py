"""Comparing scenarios: indicator tables with differences from a baseline."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pandas as pd

from .indicators import INDICATORS, indicators
from ..simulation.run import run, stack_runs
from ..loading.scenario import Scenario


def compare(
    scenarios: Sequence[Scenario | str | os.PathLike[str]],
    engine: str = "pysd",
    end: float | None = None,
    time_step: float | None = None,
) -> pd.DataFrame:
    """Indicators of several scenarios and their differences from the first.

    Parameters
    ----------
    scenarios : sequence of Scenario, str or path-like
        The first is the baseline.
    engine : {"pysd", "simlin"}
    end, time_step : float, optional
        Horizon overrides (Year).

    Returns
    -------
    pandas.DataFrame
        One row per scenario; for each indicator a column with its value and
        a column ``<indicator>_diff`` with the difference from the baseline
        (NaN for the baseline's own row is avoided: it is 0). Units are in
        ``df.attrs["units"]``.
    """
    runs = [run(s, engine=engine, end=end, time_step=time_step) for s in scenarios]
    table = indicators(stack_runs(runs))
    return with_differences(table)


def with_differences(table: pd.DataFrame) -> pd.DataFrame:
    """Add ``<name>_diff`` columns: each row minus the first row."""
    base = table.iloc[0]
    out = pd.DataFrame(index=table.index)
    units: dict[str, str] = {}
    for col in table.columns:
        out[col] = table[col]
        out[f"{col}_diff"] = table[col] - base[col]
        units[col] = units[f"{col}_diff"] = INDICATORS.get(col, ("", ""))[0]
    out.attrs["units"] = units
    out.attrs["baseline"] = str(table.index[0])
    return out
