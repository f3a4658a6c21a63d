"""The regional model's waste-heat cascade: energy passed between sectors, not only matter.

A share of a sender's energy leaves its processes as recoverable heat; a
receiver uses it in place of bought energy, up to its low-temperature heat
need; the heat carries exergy at the Carnot factor of its delivery
temperature. These tests pin the first law (bought + received = used), the
bounds (no receiver takes more than its low-temperature need, no sender
passes on more than its recoverable share), the exergy accounting (per
sector, and every process destroying exergy even at the levers' range ends),
and the direction of the effect (more heat passed on, less fossil energy
bought and less CO2).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
import xarray as xr

import entropy
from entropy.analysis import accounting, invariants

from .conftest import REGIONAL

REGIONAL_IDS = sorted(REGIONAL)
SECTORS = ("equip", "petro", "metal", "build", "agri", "textile", "marine", "energy", "decomp")


@lru_cache(maxsize=None)
def run(key: str, **levers: float) -> xr.Dataset:
    sc = entropy.load_scenario(key)
    if levers:
        sc = sc.with_levers(**levers)
    return entropy.run(sc, engine="simlin")


def _scale(da: xr.DataArray) -> float:
    return float(abs(da).max()) or 1.0


@pytest.mark.parametrize("key", REGIONAL_IDS)
def test_first_law_and_bounds_of_the_heat_cascade(key: str) -> None:
    ds = run(key)
    used = ds["energy_use"]
    # Bought (fossil, renewable) plus heat received is the energy the processes use.
    bought = ds["fossil_energy_use"] + ds["renewable_energy_use"]
    assert float(abs(bought + ds["heat_input"] - used).max()) <= 1e-9 * _scale(used)
    for name in ("fossil_energy_use", "renewable_energy_use", "heat_flow", "heat_exergy_flow"):
        assert float(ds[name].min()) >= -1e-12 * _scale(ds[name]), name
    eligible = ds["heat_eligible_energy_use"]
    assert float((ds["heat_input"] - ds["heat_absorption_share"] * eligible).max()) <= 1e-9 * _scale(used)
    assert float((ds["heat_output"] - ds["recoverable_heat_share"] * eligible).max()) <= 1e-9 * _scale(used)
    # Heat flows only along links with a share, and carries less exergy than energy.
    flow = ds["heat_flow"].values
    assert (flow[:, ds["heat_cascade_share"].values == 0] == 0).all()
    carnot = ds["heat_carnot_factor"].values
    assert (carnot > 0).all() and (carnot < 1).all()
    assert (ds["heat_exergy_flow"].values <= flow).all()
    # What the senders pass on is what the receivers get.
    assert np.allclose(ds["heat_input"].sum("Sector"), ds["heat_output"].sum("Sector"), rtol=1e-12, atol=1e-12)


def test_heat_cascade_share_reaches_the_engine_whole() -> None:
    """Simlin reads a partly defined matrix as 0: every element of the isomorphic diagonal is read."""
    ds = run("liaoning/isomorphic")
    share = ds["heat_cascade_share"].values
    assert [share[i, i] for i in range(8)] == [0.3] * 8
    flow = ds["heat_flow"].sel(time=2045).values  # links set by a scenario act once policy is adopted
    # Every producing sector with a heat need takes heat from its own firms.
    need = ds["heat_absorption_share"].values[:8] > 0
    assert (np.diag(flow)[:8][need] > 0).all()


def test_control_and_default_links() -> None:
    none = run("liaoning/no-exchange")  # today's heat links given up as policy is adopted
    after = {"time": slice(2040, None)}
    assert float(none["heat_flow"].sel(after).max()) == 0.0 and float(none["total_heat_cascade"].sel(after).max()) == 0.0
    bau = run("liaoning/bau")
    flow = bau["heat_flow"].sel(time=2030)
    assert float(flow.sel(Sector="petro", Receiver="textile")) > 0
    assert float(flow.sel(Sector="metal", Receiver="equip")) > 0


def test_more_heat_passed_on_means_less_fossil_energy_and_co2() -> None:
    """Ordering: raising one link's share lowers the receiver's fossil energy and the region's CO2."""
    years = slice(2035, 2060)
    fossil, co2, received = [], [], []
    for share in (0.0, 0.3, 0.6):
        ds = run("liaoning/bau", **{"heat_cascade_share[energy,agri]": share})
        fossil.append(float(ds["fossil_energy_use"].sel(Sector="agri", time=years).sum()))
        co2.append(float(ds["regional_co2_emissions"].sel(time=years).sum()))
        received.append(float(ds["heat_input"].sel(Sector="agri", time=years).sum()))
    assert received[0] < received[1] < received[2]
    assert fossil[0] > fossil[1] > fossil[2]
    assert co2[0] > co2[1] > co2[2]


def test_sender_is_not_charged_for_the_heat_it_passes_on() -> None:
    """Passing heat on leaves the sender's own energy use as it was (recovered, not extra fuel)."""
    years = slice(2040, 2050)
    without = run("liaoning/bau", **{"heat_cascade_share[metal,equip]": 0.0})
    with_heat = run("liaoning/bau", **{"heat_cascade_share[metal,equip]": 0.5})
    a = without["energy_use"].sel(Sector="metal", time=years).values
    b = with_heat["energy_use"].sel(Sector="metal", time=years).values
    # (to within the economy's response: the receiver buys less of the shared fossil supply)
    assert np.allclose(a, b, rtol=5e-3)
    # ... and its exergy destruction falls by about the exergy it passes on (less the little
    # more energy it uses).
    passed = float(with_heat["heat_output_exergy"].sel(Sector="metal", time=years).sum())
    assert passed > 0
    saved = float((without["exergy_destroyed"] - with_heat["exergy_destroyed"]).sel(
        Sector="metal", time=years).sum())
    assert 0.85 * passed < saved < passed


#: Every heat lever at the end of its range that strains the second law most.
EXTREMES = {
    "hot senders, full receivers": {"recoverable_heat_share": 0.3, "heat_absorption_share": 0.8,
                                    "heat_supply_temperature": 573.15, "heat_cascade_share": 1.0},
    "cold heat": {"recoverable_heat_share": 0.3, "heat_absorption_share": 0.8,
                  "heat_supply_temperature": 333.15, "heat_cascade_share": 1.0},
    "no receivers": {"recoverable_heat_share": 0.3, "heat_absorption_share": 0.0, "heat_cascade_share": 1.0},
}


@pytest.mark.parametrize("case", list(EXTREMES))
@pytest.mark.parametrize("scenario", ["liaoning/bau", "liaoning/eco-province"])
def test_range_ends_keep_every_balance(case: str, scenario: str) -> None:
    ds = run(scenario, **EXTREMES[case])
    for check in (invariants.finite, invariants.mass_balance, invariants.exergy_balance,
                  invariants.second_law, invariants.bounds):
        result = check(ds)
        assert result.passed, f"{case}: {result.name}: {result.detail}"
    assert float(ds["exchange_processing_destruction"].min()) >= -1e-9 * _scale(ds["exchange_processing_destruction"])
    assert float(ds["energy_exergy_factor"].min()) >= 0.0
    assert float(ds["bought_energy_exergy_factor"].min()) >= 1.0 - 1e-12
    if case != "no receivers":
        assert float(ds["total_heat_cascade"].sel(time=2045)) > 0
    else:
        assert float(ds["total_heat_cascade"].max()) == 0.0


def test_heat_enters_each_sectors_exergy_account() -> None:
    """Leaving the heat out of the account breaks the balance: the account is not blind to it."""
    ds = run("liaoning/symbiosis")
    assert accounting.exergy_balance_residual(ds) < 1e-9
    blind = ds.assign(cumulative_heat_input_exergy=ds["cumulative_heat_input_exergy"] * 0)
    assert accounting.exergy_balance_residual(blind) > 1e-6


def test_regional_indicators_report_the_heat() -> None:
    from entropy.analysis.regional import regional_summary, sector_table

    ds = run("liaoning/symbiosis")
    summary = regional_summary(ds)
    assert summary["cumulative_heat_cascade"] == pytest.approx(
        float(sector_table(ds)["heat_received"].sum()), rel=1e-9)
    assert summary["cumulative_heat_cascade"] > regional_summary(run("liaoning/bau"))["cumulative_heat_cascade"] > 0
