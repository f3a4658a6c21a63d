"""Units a program can read: every result of every shipped scenario quantifies with pint."""

from __future__ import annotations

import pint
import pint_xarray  # noqa: F401 - registers the .pint accessor
import pytest

import entropy
from entropy.units import parse_units

SCENARIOS = sorted(entropy.list_scenarios())


@pytest.mark.parametrize("model", sorted(entropy.list_models()))
def test_every_model_variable_s_units_parse(model: str) -> None:
    m = entropy.load_model(entropy.list_models()[model])
    for name, info in m.variables.items():
        parse_units(info.units)  # raises for a unit pint cannot read


def test_the_models_own_units_mean_what_they_say() -> None:
    q = entropy.unit_registry.Quantity
    assert q(1, "BCNY").to("CNY").magnitude == pytest.approx(1e9)
    assert q(1, "MtCO2").to("Mt").magnitude == pytest.approx(1.0)
    assert q(1, "Dmnl").dimensionless and q(1, "Mt/Mt").dimensionless
    assert q(1, "TJ/K/Year").to("J/K/s").magnitude == pytest.approx(1e12 / (365.25 * 86400))
    with pytest.raises(pint.DimensionalityError):
        q(1, "BCNY").to("Mt")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_result_variable_quantifies(scenario: str) -> None:
    ds = entropy.run(scenario, engine="simlin")
    q = ds.pint.quantify(unit_registry=entropy.unit_registry)
    for name in ds.data_vars:
        assert isinstance(q[name].data, pint.Quantity), name
        assert q[name].pint.units == parse_units(str(ds[name].attrs["units"])), name
    if "industrial_output" in q:
        out = q["industrial_output"].pint.to("CNY/year")
        assert float(out.values.ravel()[0]) == pytest.approx(1e9 * float(ds["industrial_output"].values.ravel()[0]))


def test_an_ensemble_quantifies_too() -> None:
    uncertain = entropy.load_uncertainty(entropy.list_models()["cluster"].parent / "uncertainty.toml")
    ds = entropy.ensemble(["bau"], uncertain, 5, workers=1)
    q = ds.pint.quantify(unit_registry=entropy.unit_registry)
    assert str(q["binding_load_ratio"].pint.units) == "Dmnl"
    yuan = q["param_initial_product_demand"].pint.to("CNY/year").pint.magnitude
    assert yuan == pytest.approx(1e9 * ds["param_initial_product_demand"].values)
    assert q["status"].pint.units is None  # a flag has no units, and stays as it is
