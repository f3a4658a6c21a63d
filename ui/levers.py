"""A model's levers as the session holds them, and the scenario a setting makes.

A *setting* is the lever keys whose values differ from the base scenario
(``{"recycle_policy": 0.9}``, ``{"reduce_policy[metal]": 0.2}``): it keys the
run cache and the shared link. The values live in session state under one
key per lever key and model (:func:`ui.state.lever_key`), whether or not a
widget for it is on the page now: a sector's slider, a link's row on the
Network page and the link a visitor opened all write the same place.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import entropy

from . import state
from .models import AppModel, LeverSpec

#: A setting as the caches take it: sorted (key, value) pairs.
SettingKey = tuple[tuple[str, float], ...]


def widget_value(spec: LeverSpec, value: float) -> float | int | bool:
    """A value in the type its widget holds: bool for a switch, int for whole steps."""
    if spec.is_switch:
        return bool(value)
    if spec.is_whole:
        return int(round(value))
    return float(value)


def all_keys(app: AppModel) -> list[tuple[str, LeverSpec]]:
    """Every lever key of the model (sidebar levers and network matrices) with its spec."""
    return [(key, spec) for spec in app.specs.values() for key in spec.keys]


def current(app: AppModel) -> dict[str, float]:
    """Every lever key's value in this session (the base scenario's where none was set)."""
    values = dict(app.defaults)
    prefix = state.lever_key(app.name, "")
    for name, raw in state.items_with_prefix(prefix):
        key = name[len(prefix):]
        if key in values and raw is not None:
            values[key] = float(raw)
    return values


def setting(app: AppModel, extra: Mapping[str, float] | None = None,
            values: Mapping[str, float] | None = None) -> dict[str, float]:
    """The lever keys that differ from the base scenario, plus a preset's other constants.

    ``values``: :func:`current`, when the caller has it already.
    """
    out = dict(extra or {})
    for key, value in (current(app) if values is None else values).items():
        if not math.isclose(value, app.defaults[key], rel_tol=0, abs_tol=1e-12):
            out[key] = value
    return out


def as_key(values: Mapping[str, float]) -> SettingKey:
    """A hashable, ordered form of a setting, for caching."""
    return tuple(sorted((k, float(v)) for k, v in values.items()))


def scenario_values(app: AppModel, sc: entropy.Scenario) -> dict[str, float]:
    """Every lever key's value in a shipped scenario (its element, else its whole, else the model's)."""
    out = {}
    for key, spec in all_keys(app):
        name = key.partition("[")[0]
        if key in sc.constants:
            out[key] = float(sc.constants[key])
        elif name in sc.constants:
            out[key] = float(sc.constants[name])
        else:
            out[key] = _model_default(app, key)
    return out


def _model_default(app: AppModel, key: str) -> float:
    """The model file's own value of a lever key (the base scenario may set another)."""
    name, _, rest = key.partition("[")
    info = app.model.variables[name]
    if not rest:
        assert info.default is not None
        return float(info.default)
    from entropy.loading.levers import element_defaults

    spec = app.specs[name]
    values = element_defaults(app.model)[name]
    assert values is not None
    return float(values.reshape(-1)[spec.elements.index(rest.rstrip("]"))])


def extra_constants(app: AppModel, sc: entropy.Scenario) -> dict[str, float]:
    """Constants a preset sets that are not levers (e.g. an archetype's recycling cost)."""
    levers = set(app.specs)
    return {k: float(v) for k, v in sc.constants.items() if k.partition("[")[0] not in levers}


def put_values(app: AppModel, values: Mapping[str, float]) -> None:
    """Write lever values into the session (only from a callback, or before any widget is drawn)."""
    for key, value in values.items():
        spec = app.specs[key.partition("[")[0]]
        state.put(state.lever_key(app.name, key), widget_value(spec, value))


def clear_all_sliders(app: AppModel, names: Iterable[str]) -> None:
    """Forget the "all sectors" sliders of ``names`` (they show the first sector's value when drawn again)."""
    for name in names:
        state.drop(state.lever_key(app.name, f"{name}[*]"))


def describe(constants: Mapping[str, float], model: entropy.Model) -> str:
    """Constants as people read them: "capacity_unit_cost = 1.2 BCNY*Year/Mt, ..."."""
    def units(k: str) -> str:
        return model.variables[k.partition("[")[0]].units
    return ", ".join(f"{k} = {v:g} {units(k)}" for k, v in sorted(constants.items()))


def spread(spec: LeverSpec, values: Mapping[str, float]) -> tuple[float, float]:
    """Lowest and highest value of an arrayed lever's elements among ``values`` (:func:`current`)."""
    elements = [values[k] for k in spec.keys]
    return min(elements), max(elements)
