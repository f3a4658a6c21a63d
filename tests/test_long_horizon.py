"""A 1,000-year run completes and keeps every invariant."""

from __future__ import annotations

import numpy as np
import pytest

import entropy
from entropy.analysis import invariants as inv


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["pysd", "simlin"])
@pytest.mark.parametrize("name", ["bau", "eco-park", "full-3r"])
def test_thousand_years(name: str, engine: str) -> None:
    sc = entropy.load_scenario(name).with_horizon(end=3025)
    ds = entropy.run(sc, engine=engine, finite=False)
    assert float(ds["time"][-1]) == 3025 and ds.sizes["time"] == 1001
    checks = (inv.finite(ds), inv.mass_balance(ds), inv.exergy_balance(ds), inv.second_law(ds), inv.bounds(ds))
    for check in checks:
        assert check.passed, check
    # Reserves are only ever drawn down, and what has been drawn is never returned.
    for reserve in ("ore_reserve", "fossil_reserve"):
        assert np.all(np.diff(ds[reserve].values) <= 0), reserve


@pytest.mark.slow
@pytest.mark.parametrize("name", ["bau", "eco-park"])
def test_thousand_years_engines_agree(name: str) -> None:
    sc = entropy.load_scenario(name).with_horizon(end=3025)
    check = inv.engines_agree(sc)
    assert check.passed, check
