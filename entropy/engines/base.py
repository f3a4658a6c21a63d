"""The engine interface: a run plan in, time series out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from ..errors import EngineError
from ..model import Model
from ..scenario import StepChange


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
        Constant overrides by snake_case name.
    changes : dict of str to StepChange
        Constants that change value at a year.
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
    changes: dict[str, StepChange] = field(default_factory=dict)
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


def element_key(name: str, combo: tuple[str, ...]) -> str:
    """Flat name of one element, e.g. ``population[north]`` or ``flow[a,b]``."""
    return f"{name}[{','.join(combo)}]" if combo else name


def assemble(model: Model, name: str, flat: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    """Stack an arrayed variable's flat element series into ``(time, *dims)``."""
    combos = model.elements(name)
    if combos == [()]:
        return flat[name]
    shape = tuple(len(model.subscripts[d]) for d in model.variables[name].dims)
    stacked = np.stack([flat[element_key(name, c)] for c in combos], axis=-1)
    return stacked.reshape(stacked.shape[:1] + shape)
