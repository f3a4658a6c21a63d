"""The engine interface: a run plan in, time series out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

from ..errors import EngineError
from ..loading.levers import element_key as element_key  # its home; engines import it from here
from ..loading.model import Model
from ..loading.changes import Change as Change

#: What a plan sets one constant or element to: a value, or a value that varies with
#: time (a step change or a time series: :class:`~entropy.loading.changes.TimeVarying`).
Setting: TypeAlias = float | Change


#: Integration methods a run can ask for (PySD integrates with Euler only).
METHODS: tuple[str, ...] = ("euler", "rk4")


@dataclass(frozen=True)
class RunPlan:
    """Everything an engine needs for one run.

    Attributes
    ----------
    start, end, time_step, save_period : float
        Horizon in model time units.
    constants : dict of str to float
        Constant overrides by lever key (see :mod:`entropy.levers`): a
        scalar's snake_case name, an arrayed constant's name (every element)
        or an element key ``name[e1,e2]`` (:func:`element_key`), which wins
        over its constant's name; see :func:`settings`.
    changes : dict of str to StepChange or TimeSeries
        Constants (or elements, by the same keys) that vary with time: a step
        change at a year or a time series (see :mod:`entropy.loading.changes`).
    variables : tuple of str or None
        snake_case names to return; None for every variable.
    method : {"euler", "rk4"}
        Integration method (see :data:`METHODS`); only Simlin integrates with rk4.
    """

    start: float
    end: float
    time_step: float
    save_period: float
    constants: dict[str, float] = field(default_factory=dict)
    changes: dict[str, Change] = field(default_factory=dict)
    variables: tuple[str, ...] | None = None
    method: str = "euler"

    def save_times(self) -> NDArray[np.float64]:
        """The times at which results are saved."""
        n = int(round((self.end - self.start) / self.save_period))
        times = self.start + self.save_period * np.arange(n + 1, dtype=np.float64)
        kept: NDArray[np.float64] = times[times <= self.end + 1e-9 * self.save_period]
        return kept


@dataclass(frozen=True)
class RunResult:
    """Raw output of an engine.

    Attributes
    ----------
    time : ndarray
        Saved times.
    series : dict of str to ndarray
        One array per variable (snake_case), first axis ``time``; an arrayed
        variable has one more axis per subscript range, in the model's order.
    """

    time: NDArray[np.float64]
    series: dict[str, NDArray[np.float64]]


class Engine(ABC):
    """A simulation engine."""

    #: Name used on the command line and in results.
    name: str = ""
    #: Integration methods the engine can run.
    methods: tuple[str, ...] = METHODS

    def check_method(self, method: object) -> None:
        """Refuse an integration method that is unknown or that this engine cannot run.

        Parameters
        ----------
        method : str
            One of :data:`METHODS`.

        Raises
        ------
        EngineError
            Naming the allowed methods.
        """
        if not isinstance(method, str) or method not in METHODS:
            raise EngineError(
                f"unknown integration method {method!r}; allowed: {', '.join(METHODS)}")
        if method not in self.methods:
            raise EngineError(f"engine {self.name} cannot integrate with {method}; "
                              f"allowed: {', '.join(self.methods)}")

    @abstractmethod
    def version(self) -> str:
        """Version of the underlying library."""

    @abstractmethod
    def simulate(self, model: Model, plan: RunPlan) -> RunResult:
        """Run ``model`` as ``plan`` says, on a fresh instance (no shared state)."""

    def output_names(self, model: Model, plan: RunPlan) -> list[str]:
        """snake_case names the run returns: every non-control variable, or the chosen ones."""
        if plan.variables is not None:
            return list(plan.variables)
        return [k for k, v in model.variables.items() if v.kind not in ("control", "lookup")]


def settings(model: Model, constants: Mapping[str, float], changes: Mapping[str, Change]
             ) -> tuple[dict[str, Setting], dict[str, dict[tuple[str, ...], Setting]]]:
    """What a plan sets, resolved: scalar constants by name, arrayed ones element by element.

    For one key a value that varies with time wins over a number; an element key (``rate[b]``)
    wins over its constant's name (``rate``, every element), whatever the order.

    Parameters
    ----------
    model : Model
    constants, changes : mapping
        :attr:`RunPlan.constants` and :attr:`RunPlan.changes`.

    Returns
    -------
    scalars : dict of str to float, StepChange or TimeSeries
        By snake_case name.
    arrays : dict of str to dict
        By arrayed constant, the elements set (tuples of the model's element
        names, in the order of its ranges) and what they are set to; elements
        not listed keep the model's values.

    Raises
    ------
    EngineError
        For a key that names no constant or element of the model.
    """
    merged: dict[str, Setting] = {**constants, **changes}
    scalars: dict[str, Setting] = {}
    arrays: dict[str, dict[tuple[str, ...], Setting]] = {}
    # Whole constants before elements: an element's own setting is applied last.
    for key in sorted(merged, key=lambda k: "[" in k):
        value = merged[key]
        name = key.partition("[")[0]
        info = model.variables.get(name)
        if info is None or info.kind != "constant":
            raise EngineError(f"{model.path}: {key} is not a constant of model {model.name}")
        if not info.dims:
            if key != name:
                raise EngineError(f"{model.path}: {key}: {name} is a scalar constant and has no elements")
            scalars[name] = value
            continue
        combos = model.elements(name)
        per = arrays.setdefault(name, {})
        if key == name:
            per.update((c, value) for c in combos)
            continue
        by_key = {element_key(name, c): c for c in combos}
        if key not in by_key:
            raise EngineError(f"{model.path}: {key} is not an element of {name}; allowed: "
                              f"{', '.join(list(by_key)[:10])}{', ...' if len(by_key) > 10 else ''}")
        per[by_key[key]] = value
    return scalars, arrays


def assemble(model: Model, name: str, flat: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    """Stack an arrayed variable's flat element series into ``(time, *dims)``."""
    combos = model.elements(name)
    if combos == [()]:
        return flat[name]
    shape = tuple(len(model.subscripts[d]) for d in model.variables[name].dims)
    stacked = np.stack([flat[element_key(name, c)] for c in combos], axis=-1)
    return stacked.reshape(stacked.shape[:1] + shape)
