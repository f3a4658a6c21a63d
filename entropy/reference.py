"""Reference (golden) outputs of the shipped scenarios.

``python -m entropy.reference`` (or ``make reference``) runs every shipped
scenario on the reference engine (PySD) and writes
``sd_models/MODEL/reference/SCENARIO.csv``: the variables below at every saved
year. The golden test compares fresh runs of both engines against these files.
Regenerate them only when the model changes on purpose, and say why in the
commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from .output import atomic_write
from .registry import list_scenarios
from .run import run
from .scenario import load_scenario

#: Variables kept in the reference files (snake_case).
REFERENCE_VARIABLES = (
    "virgin_reserve",
    "products_in_use",
    "waste_stock",
    "assimilated_waste",
    "recycling_capacity",
    "fossil_reserve",
    "ecosystem_health",
    "industrial_capital",
    "cumulative_entropy",
    "industrial_output",
    "extraction",
    "secondary_input",
    "waste_generation",
    "load_ratio",
    "entropy_generation_rate",
)


def reference_path(scenario_file: Path) -> Path:
    """Where the reference output of a shipped scenario file lives."""
    return scenario_file.parent.parent / "reference" / f"{scenario_file.stem}.csv"


def read_reference(path: Path) -> pd.DataFrame:
    """Read a reference file: index ``time``, one column per variable."""
    return pd.read_csv(path, index_col="time")


def write_references(engine: str = "pysd") -> list[Path]:
    """Regenerate every shipped scenario's reference file; return the files."""
    written = []
    for key, path in list_scenarios().items():
        sc = load_scenario(path)
        names = [v for v in REFERENCE_VARIABLES if v in sc.model.variables]
        ds = run(sc, engine=engine, variables=names)
        frame = ds[names].to_dataframe()
        target = reference_path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, lambda tmp: frame.to_csv(tmp, float_format="%.17g"))
        written.append(target)
        print(f"wrote {target} ({key}, {engine})")
    return written


if __name__ == "__main__":
    write_references()
    sys.exit(0)
