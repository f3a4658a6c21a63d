"""A 1,000-year run completes and keeps every invariant."""

from __future__ import annotations

import pytest

import entropy
from entropy import invariants as inv


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["pysd", "simlin"])
@pytest.mark.parametrize("name", ["bau", "eco-park", "full-3r"])
def test_thousand_years(name: str, engine: str) -> None:
    sc = entropy.load_scenario(name).with_horizon(end=3025)
    ds = entropy.run(sc, engine=engine)
    assert float(ds["time"][-1]) == 3025 and ds.sizes["time"] == 1001
    for check in (inv.mass_balance(ds), inv.second_law(ds), inv.bounds(ds)):
        assert check.passed, check


@pytest.mark.slow
def test_thousand_years_engines_agree() -> None:
    sc = entropy.load_scenario("eco-park").with_horizon(end=3025)
    assert inv.engines_agree(sc).passed
