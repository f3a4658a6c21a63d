"""The units the models use, as a pint registry a program can read them with.

Every Dataset the package writes gives each variable's units as the model
states them (``BCNY/Year``, ``Mt``, ``TJ/K``, ``Dmnl``). :data:`unit_registry`
is pint's default registry plus the few names pint does not know:

- ``Dmnl``: dimensionless (Vensim's name);
- ``Year``: the calendar year, as ``year`` (Vensim's capitalisation);
- ``CNY`` on a currency dimension of its own, and ``BCNY`` = 1e9 CNY (billion
  yuan at 2025 prices, the models' money);
- ``tCO2`` and ``MtCO2``: tonnes of CO2, a mass (``MtCO2`` = 1e6 tCO2 = 1 Mt).

So ``ds.pint.quantify(unit_registry=entropy.unit_registry)`` (pint-xarray)
works on any result of the shipped models::

    import entropy
    ds = entropy.run("bau", engine="simlin")
    q = ds.pint.quantify(unit_registry=entropy.unit_registry)
    q["industrial_output"].pint.to("CNY/year")

Variables without units (text, flags) are left as they are.
"""

from __future__ import annotations

from typing import Any

import pint

__all__ = ["DEFINITIONS", "parse_units", "unit_registry"]

#: What the shipped models' units need beyond pint's defaults (pint's definition syntax).
DEFINITIONS = (
    "Dmnl = [] = dmnl",
    "Year = year",
    "CNY = [currency] = yuan",
    "BCNY = 1e9 * CNY",
    "tCO2 = tonne",
    "MtCO2 = 1e6 * tCO2",
)


def _registry() -> pint.UnitRegistry[Any]:
    # xarray wraps arrays: pint must hand back array-like magnitudes (pint-xarray requires it).
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(force_ndarray_like=True)
    for line in DEFINITIONS:
        ureg.define(line)
    return ureg


#: The registry: pint's defaults plus :data:`DEFINITIONS`.
unit_registry: pint.UnitRegistry[Any] = _registry()


def parse_units(text: str) -> pint.Unit:
    """A model's units text as a pint unit (raises pint's error for an unknown unit)."""
    return unit_registry.parse_units(text.strip() or "Dmnl")
