"""The levers the app shows, grouped, and the scenario a set of slider values makes."""

from __future__ import annotations

import math
from dataclasses import dataclass

import entropy

BASE_SCENARIO = "bau"

#: Sidebar groups (an i18n key each) and their levers, in order. The last group,
#: the feedback-loop knockout switches, is drawn folded away (see :data:`ADVANCED`).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("group_reduce", ("reduce_policy",)),
    ("group_reuse", ("reuse_policy",)),
    ("group_recycle", ("recycle_policy", "decomposer_investment_share_policy", "by_product_exchange_policy")),
    ("group_energy", ("renewable_share_policy",)),
    ("group_growth", ("demand_growth_rate", "demand_ceiling_ratio", "threshold_constraint_switch",
                      "threshold_load_level")),
    ("group_timing", ("policy_start_year", "policy_adoption_time")),
    ("group_loops", ("health_output_switch", "health_assimilation_switch", "depletion_cost_switch",
                     "finance_constraint_switch")),
)
#: Groups drawn in a folded expander: structural switches, not policies.
ADVANCED = frozenset({"group_loops"})
LEVERS: tuple[str, ...] = tuple(name for _, names in GROUPS for name in names)


@dataclass(frozen=True)
class LeverSpec:
    """A lever's slider: range, step, default and units from the model file."""

    name: str
    minimum: float
    maximum: float
    step: float
    default: float
    units: str

    @property
    def is_switch(self) -> bool:
        """A 0/1 lever, shown as a toggle."""
        return self.minimum == 0 and self.maximum == 1 and self.step == 1

    @property
    def is_whole(self) -> bool:
        """A lever in whole steps (years)."""
        return self.step >= 1 and float(self.minimum).is_integer()

    @property
    def format(self) -> str:
        """The slider's number format: as many decimals as the step has (0.005 -> "%.3f")."""
        if self.is_whole:
            return "%d"
        decimals = max(0, -math.floor(math.log10(self.step) + 1e-9))
        return f"%.{decimals}f"


def lever_specs(model: entropy.Model) -> dict[str, LeverSpec]:
    """Slider settings of every lever, read from the model's Vensim ranges."""
    specs = {}
    for name in LEVERS:
        info = model.variables[name]
        assert info.minimum is not None and info.maximum is not None and info.default is not None
        specs[name] = LeverSpec(name, info.minimum, info.maximum, info.step or 0.01,
                                info.default, info.units)
    return specs


def preset_values(scenario: entropy.Scenario, specs: dict[str, LeverSpec]) -> dict[str, float]:
    """Lever values of a shipped scenario (the model's default where it sets none)."""
    return {name: float(scenario.constants.get(name, spec.default)) for name, spec in specs.items()}


def extra_constants(scenario: entropy.Scenario) -> dict[str, float]:
    """Constants a preset sets that are not levers (e.g. an archetype's recycling cost)."""
    return {k: v for k, v in scenario.constants.items() if k not in LEVERS}


def describe(constants: dict[str, float], model: entropy.Model) -> str:
    """Constants as people read them: "capacity_unit_cost = 1.2 BCNY*Year/Mt, ..."."""
    return ", ".join(f"{k} = {v:g} {model.variables[k].units}" for k, v in sorted(constants.items()))


def widget_value(spec: LeverSpec, value: float) -> float | int | bool:
    """A value in the type its widget holds: bool for a switch, int for whole years."""
    if spec.is_switch:
        return bool(value)
    if spec.is_whole:
        return int(round(value))
    return float(value)


def as_key(values: dict[str, float]) -> tuple[tuple[str, float], ...]:
    """A hashable, ordered form of a setting, for caching."""
    return tuple(sorted((k, float(v)) for k, v in values.items()))
