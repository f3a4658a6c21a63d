"""The engine interface: a run plan in, time series out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from ..model import Model
from ..scenario import StepChange


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
    """

    start: float
    end: float
    time_step: float
    save_period: float
    constants: dict[str, float] = field(default_factory=dict)
    changes: dict[str, StepChange] = field(default_factory=dict)
    variables: tuple[str, ...] | None = None

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
        One array per variable (snake_case), same length as ``time``.
    """

    time: NDArray[np.float64]
    series: dict[str, NDArray[np.float64]]


class Engine(ABC):
    """A simulation engine."""

    #: Name used on the command line and in results.
    name: str = ""

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
