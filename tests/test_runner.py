"""Interactive runs on one compiled simulation give exactly what a fresh run gives."""

from __future__ import annotations

import numpy as np
import pytest

import entropy
from entropy.simulation.runner import Runner

KEEP = ("binding_load_ratio", "industrial_output", "ecosystem_health", "cumulative_co2", "ore_reserve")


def same(a: object, b: object) -> bool:
    import xarray as xr

    assert isinstance(a, xr.Dataset) and isinstance(b, xr.Dataset)
    return set(a.data_vars) == set(b.data_vars) and all(
        np.array_equal(a[v].values, b[v].values, equal_nan=True) and a[v].dims == b[v].dims for v in b.data_vars)


@pytest.mark.parametrize("name, settings", [
    ("bau", [{"reduce_policy": 0.2}, {"recycle_policy": 0.9, "policy_start_year": 2040}, {}, {"reduce_policy": 0.1}]),
    ("liaoning/bau", [{"reduce_policy[metal]": 0.3}, {"exchange_share[agri,energy]": 0.4, "link_active[equip,metal]": 0},
                      {}, {"reduce_policy": 0.2}]),
])
def test_each_setting_gives_a_fresh_runs_numbers(name: str, settings: list[dict[str, float]]) -> None:
    base = entropy.load_scenario(name)
    runner = Runner(base, KEEP)
    for setting in settings:  # in this order: keys come and go, so nothing may carry over
        sc = base.with_levers(**setting)
        ds = runner.run(sc)
        assert same(ds, entropy.run(sc, engine="simlin", variables=KEEP)), setting
        assert ds.attrs["scenario_toml"] == sc.to_toml() and ds.attrs["engine"] == "simlin"


def test_a_scenario_of_another_horizon_runs_the_ordinary_way() -> None:
    base = entropy.load_scenario("bau")
    runner = Runner(base, KEEP)
    longer = base.with_horizon(end=2300)
    assert not runner.fits(longer)
    assert same(runner.run(longer), entropy.run(longer, engine="simlin", variables=KEEP))


def test_an_unknown_variable_is_refused() -> None:
    with pytest.raises(entropy.ScenarioError, match="unknown variable 'no_such'"):
        Runner(entropy.load_scenario("bau"), ["no_such"])
