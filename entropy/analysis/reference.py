"""Reference (golden) outputs of the shipped scenarios.

``python -m entropy.reference`` (or ``make reference``) runs every shipped
scenario on the reference engine (PySD) and writes
``sd_models/MODEL/reference/SCENARIO.csv``: the variables below at every saved
year. The golden test compares fresh runs of both engines against these files.
A subscripted model (the regional model) is written from Simlin: PySD takes
minutes a run on arrays; its agreement with Simlin is the ``engines_agree``
invariant. Its files have one row per sector every fifth saved year.
Regenerate them only when the model changes on purpose, and say why in the
commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from ..output.files import atomic_write
from ..loading.registry import list_scenarios
from ..simulation.run import run
from ..loading.scenario import load_scenario

#: Variables kept in the reference files (snake_case).
REFERENCE_VARIABLES = (
    # stocks
    "ore_reserve",
    "fossil_reserve",
    "products_in_use",
    "recycling_capacity",
    "land_stockpile",
    "persistent_pollution",
    "assimilated_pollution",
    "ecosystem_health",
    "industrial_capital",
    "product_demand",
    "material_imported",
    "cumulative_entropy",
    "cumulative_non_renewable_entropy",
    "cumulative_co2",
    # flows and indicators
    "industrial_output",
    "metal_production",
    "ore_mining",
    "secondary_metal",
    "persistent_pollutant_generation",
    "binding_load_ratio",
    "land_load_ratio",
    "persistent_load_ratio",
    "emission_load_ratio",
    "circular_material_use_rate",
    "entropy_generation_rate",
)


#: Saved years between rows of a subscripted model's reference file.
REFERENCE_STRIDE = 5


def reference_path(scenario_file: Path) -> Path:
    """Where the reference output of a shipped scenario file lives."""
    return scenario_file.parent.parent / "reference" / f"{scenario_file.stem}.csv"


def read_reference(path: Path) -> pd.DataFrame:
    """Read a reference file: index ``time`` (and ``Sector``), one column per variable."""
    frame = pd.read_csv(path)
    index = [c for c in ("time", "Sector") if c in frame.columns]
    return frame.set_index(index)


def write_references(engine: str = "pysd") -> list[Path]:
    """Regenerate every shipped scenario's reference file; return the files."""
    written = []
    for key, path in list_scenarios().items():
        sc = load_scenario(path)
        names = [v for v in REFERENCE_VARIABLES if v in sc.model.variables]
        used = "simlin" if sc.model.subscripts else engine
        ds = run(sc, engine=used, variables=names)
        if sc.model.subscripts:
            # One row per year and sector: every REFERENCE_STRIDE-th saved year keeps the files small.
            ds = ds.isel(time=slice(None, None, REFERENCE_STRIDE))
        frame = ds[names].to_dataframe()
        target = reference_path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, lambda tmp: frame.to_csv(tmp, float_format="%.17g"))
        written.append(target)
        print(f"wrote {target} ({key}, {used})")
    return written


if __name__ == "__main__":
    write_references()
    sys.exit(0)
