"""The models the app offers, and what it shows of each (``sd_models/<model>/app.toml``).

Every page works on the model the visitor chose; nothing in a page names a
model's levers or scenarios. What the app shows of a model (its lever groups,
the scenarios preselected on Compare and Uncertainty, the matrices edited on
the Network page) is read from the model's ``app.toml``; the sliders' ranges,
steps, units and help come from the model file itself. A model without an
``app.toml`` gets one group holding every constant its shipped scenarios set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

import entropy
from entropy.loading.levers import element_defaults, element_key
from entropy.loading.scenario import parse_toml

#: The file next to a model that says what the app shows of it.
APP_FILE = "app.toml"
#: Groups drawn folded away unless ``app.toml`` says otherwise.
_TOP_KEYS = {"base", "compare", "uncertainty", "network", "decomposer", "group"}
_GROUP_KEYS = {"key", "levers", "advanced"}
_DECOMPOSER_KEYS = {"node", "scenario", "output", "links"}


@dataclass(frozen=True)
class LeverSpec:
    """A lever's slider: range, step, units and default from the model file.

    ``elements`` names the elements of an arrayed lever (``()`` for a scalar);
    ``defaults`` holds the base scenario's value of each (one value for a
    scalar).
    """

    name: str
    minimum: float
    maximum: float
    step: float
    units: str
    elements: tuple[str, ...]
    defaults: tuple[float, ...]

    @property
    def default(self) -> float:
        """The scalar default (the first element's for an arrayed lever)."""
        return self.defaults[0]

    @property
    def arrayed(self) -> bool:
        """One value per element (per sector)."""
        return bool(self.elements)

    @property
    def keys(self) -> tuple[str, ...]:
        """The lever keys of its values: ``name`` or ``name[element]`` for each element."""
        return tuple(f"{self.name}[{e}]" for e in self.elements) if self.elements else (self.name,)

    @property
    def is_switch(self) -> bool:
        """A 0/1 lever, shown as a toggle."""
        return self.minimum == 0 and self.maximum == 1 and self.step == 1

    @property
    def is_whole(self) -> bool:
        """A lever in whole steps (years, whole BCNY)."""
        return self.step >= 1 and float(self.minimum).is_integer()

    @property
    def format(self) -> str:
        """The slider's number format: as many decimals as the step has (0.005 -> "%.3f")."""
        if self.is_whole:
            return "%d"
        decimals = max(0, -math.floor(math.log10(self.step) + 1e-9))
        return f"%.{decimals}f"


@dataclass(frozen=True)
class Group:
    """A sidebar group of levers (``key`` is an i18n key)."""

    key: str
    levers: tuple[str, ...]
    advanced: bool = False


@dataclass(frozen=True)
class Decomposer:
    """The Network page's control that adds or removes the decomposer sector."""

    node: str
    scenario: str
    output: str
    links: str


@dataclass(frozen=True)
class AppModel:
    """A shipped model as the app shows it (immutable: one per model for every session)."""

    name: str
    model: entropy.Model
    scenarios: dict[str, entropy.Scenario]
    base_name: str
    groups: tuple[Group, ...]
    network: tuple[str, ...]
    compare: tuple[str, ...]
    uncertainty_default: tuple[str, ...]
    decomposer: Decomposer | None
    specs: dict[str, LeverSpec]

    @cached_property
    def defaults(self) -> dict[str, float]:
        """The base scenario's value of every lever key (from ``specs``; read on every rerun)."""
        return {key: value for spec in self.specs.values() for key, value in zip(spec.keys, spec.defaults)}

    @property
    def base(self) -> entropy.Scenario:
        """The scenario the levers modify (business as usual)."""
        return self.scenarios[self.base_name]

    @property
    def levers(self) -> tuple[str, ...]:
        """Every lever of the sidebar groups, in order."""
        return tuple(n for g in self.groups for n in g.levers)

    @property
    def sectors(self) -> tuple[str, ...]:
        """Elements of the model's arrayed levers (``()`` for a model without)."""
        for spec in self.specs.values():
            if spec.elements and "," not in spec.elements[0]:  # a vector, not a matrix
                return spec.elements
        return ()

    @property
    def regional(self) -> bool:
        """A model with sectors (runs keep a sector dimension)."""
        return bool(self.sectors)

    def element_default(self, key: str) -> float:
        """The base scenario's value of one lever key (``name`` or ``name[element]``)."""
        return self.defaults[key]


def _fail(path: Path, where: str, message: str) -> entropy.ModelError:
    return entropy.ModelError(f"{path}: {where}: {message}")


def _names(path: Path, where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, where, "must be a list of names")
    return tuple(value)


def _spec(model: entropy.Model, base: entropy.Scenario, name: str, path: Path, where: str) -> LeverSpec:
    info = model.variables.get(name)
    if info is None or info.kind != "constant":
        raise _fail(path, where, f"{name!r} is not a constant of {model.path.name}")
    if info.minimum is None or info.maximum is None:
        raise _fail(path, where, f"{name!r} has no range in {model.path.name}; a lever needs [min,max,step]")
    step = info.step or 0.01
    if not info.dims:
        assert info.default is not None
        value = float(base.constants.get(name, info.default))
        return LeverSpec(name, info.minimum, info.maximum, step, info.units, (), (value,))
    values = element_defaults(model).get(name)
    if values is None:
        raise _fail(path, where, f"{name!r}: its elements' values cannot be read from {model.path.name}")
    dims = [model.subscripts[d] for d in info.dims]
    combos = [tuple(c) for c in np.ndindex(*(len(d) for d in dims))]
    elements = tuple(",".join(dims[i][j] for i, j in enumerate(c)) for c in combos)
    flat = np.asarray(values, dtype=float).reshape(-1)
    defaults = []
    for element, value in zip(elements, flat):
        key = element_key(name, tuple(element.split(",")))
        defaults.append(float(base.constants.get(key, base.constants.get(name, value))))
    return LeverSpec(name, info.minimum, info.maximum, step, info.units, elements, tuple(defaults))


def _scenario_levers(scenarios: dict[str, entropy.Scenario], model: entropy.Model) -> tuple[str, ...]:
    """Constants the shipped scenarios set (bare names, model order): levers of a model without app.toml."""
    names = {k.partition("[")[0] for sc in scenarios.values() for k in sc.constants}
    return tuple(n for n in model.variables if n in names)


def load_app_model(name: str) -> AppModel:
    """A shipped model, its scenarios and what the app shows of it.

    Raises
    ------
    ModelError
        ``app.toml`` names something the model or its scenarios do not have;
        the message names the file and the key.
    """
    path = entropy.list_models()[name]
    scenarios = {key.split("/", 1)[1]: entropy.load_scenario(p) for key, p in entropy.list_scenarios(name).items()}
    model = next(iter(scenarios.values())).model if scenarios else entropy.load_model(path)
    app_file = path.parent / APP_FILE
    raw: dict[str, Any] = parse_toml(app_file.read_text(encoding="utf-8"), str(app_file)) if app_file.exists() else {}
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise _fail(app_file, ", ".join(sorted(unknown)), f"unknown key; allowed: {', '.join(sorted(_TOP_KEYS))}")
    base_name = str(raw.get("base", "bau"))
    if base_name not in scenarios:
        raise _fail(app_file, "base", f"no shipped scenario {base_name!r}; allowed: {', '.join(scenarios)}")
    base = scenarios[base_name]
    groups: list[Group] = []
    for i, group in enumerate(raw.get("group", [])):
        where = f"group {i + 1}"
        if not isinstance(group, dict) or set(group) - _GROUP_KEYS or "key" not in group:
            raise _fail(app_file, where, f"a group has a key, levers and optionally advanced ({', '.join(_GROUP_KEYS)})")
        groups.append(Group(str(group["key"]), _names(app_file, f"{where}.levers", group.get("levers", [])),
                            bool(group.get("advanced", False))))
    if not groups:
        groups = [Group("group_levers", _scenario_levers(scenarios, model))]
    network = _names(app_file, "network", raw.get("network", []))
    specs = {n: _spec(model, base, n, app_file, "levers") for g in groups for n in g.levers}
    specs.update({n: _spec(model, base, n, app_file, "network") for n in network})
    for key in ("compare", "uncertainty"):
        for n in _names(app_file, key, raw.get(key, [base_name])):
            if n not in scenarios:
                raise _fail(app_file, key, f"no shipped scenario {n!r}; allowed: {', '.join(scenarios)}")
    decomposer = None
    if "decomposer" in raw:
        d = raw["decomposer"]
        if not isinstance(d, dict) or set(d) != _DECOMPOSER_KEYS:
            raise _fail(app_file, "decomposer", f"needs exactly {', '.join(sorted(_DECOMPOSER_KEYS))}")
        decomposer = Decomposer(**{k: str(v) for k, v in d.items()})
        if decomposer.scenario not in scenarios:
            raise _fail(app_file, "decomposer.scenario", f"no shipped scenario {decomposer.scenario!r}")
        for lever in (decomposer.output, decomposer.links):
            if lever not in specs:
                raise _fail(app_file, "decomposer", f"{lever!r} is not among the levers or network matrices")
    return AppModel(name, model, scenarios, base_name, tuple(groups), network,
                    _names(app_file, "compare", raw.get("compare", [base_name])),
                    _names(app_file, "uncertainty", raw.get("uncertainty", [base_name])), decomposer, specs)


def shipped_models() -> tuple[str, ...]:
    """Names of the shipped models, the built-in cluster model first."""
    names = list(entropy.list_models())
    return tuple(sorted(names, key=lambda n: (n != "cluster", n)))
