"""Shared fixtures: the shipped scenarios and cached runs of them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import xarray as xr

import entropy
from entropy.loading.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
#: The cluster model's shipped scenarios (the regional model's have their own tests:
#: its PySD run takes minutes, so it is cross-checked at a coarser step).
SHIPPED = entropy.list_scenarios("cluster")
SCENARIO_IDS = sorted(k.split("/", 1)[1] for k in SHIPPED)
REGIONAL = entropy.list_scenarios("liaoning")
#: The cluster model's policy levers (snake_case): the 3R, decomposer, by-product,
#: renewable and growth levers, the threshold constraint and the policies' timing.
LEVERS = (
    "reduce_policy",
    "reuse_policy",
    "recycle_policy",
    "decomposer_investment_share_policy",
    "by_product_exchange_policy",
    "renewable_share_policy",
    "demand_growth_rate",
    "demand_ceiling_ratio",
    "threshold_constraint_switch",
    "threshold_load_level",
    "policy_start_year",
    "policy_adoption_time",
)
#: The loop knockout switches (0 cuts the loop, 1 is the model as built).
SWITCHES = (
    "health_output_switch",
    "health_assimilation_switch",
    "depletion_cost_switch",
    "finance_constraint_switch",
)


@lru_cache(maxsize=None)
def scenario(name: str) -> Scenario:
    """A shipped scenario by bare name (loaded once per session)."""
    return entropy.load_scenario(name)


@lru_cache(maxsize=None)
def cached_run(name: str, engine: str = "simlin") -> xr.Dataset:
    """A full run of a shipped scenario (computed once per session and engine)."""
    return entropy.run(scenario(name), engine=engine)


@pytest.fixture(params=SCENARIO_IDS)
def scenario_name(request: pytest.FixtureRequest) -> str:
    """Each shipped scenario in turn."""
    return str(request.param)


def require_chromium() -> None:
    """Skip a browser test where Debian's chromium is missing; in CI, fail instead."""
    import os

    from ui import harness

    if not Path(harness.CHROMIUM).exists():
        reason = f"{harness.CHROMIUM} not installed (make test installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
