"""Simulation engines behind one interface.

``pysd`` is the reference engine (Python, the default for single runs);
``simlin`` is the fast one (a Rust engine, for ensembles and interactive use).
Both take a :class:`~entropy.engines.base.RunPlan` and return the same arrays.
"""

from __future__ import annotations

from .base import Engine, RunPlan, RunResult
from .pysd_engine import PySDBatch, PySDEngine
from .simlin_engine import SimlinBatch, SimlinEngine

from ..errors import EngineError
from ..model import Model

ENGINES: dict[str, type[Engine]] = {"pysd": PySDEngine, "simlin": SimlinEngine}


def get_engine(name: str) -> Engine:
    """Return an engine by name (``"pysd"`` or ``"simlin"``)."""
    try:
        return ENGINES[name]()
    except KeyError:
        raise EngineError(
            f"unknown engine {name!r}; allowed: " + ", ".join(sorted(ENGINES))
        ) from None


def get_batch(name: str, model: Model, plan: RunPlan) -> SimlinBatch | PySDBatch:
    """A runner for many runs of one plan with different constants."""
    if name == "simlin":
        return SimlinBatch(model, plan)
    if name == "pysd":
        return PySDBatch(model, plan)
    raise EngineError(f"unknown engine {name!r}; allowed: " + ", ".join(sorted(ENGINES)))


__all__ = ["ENGINES", "Engine", "PySDEngine", "RunPlan", "RunResult", "SimlinEngine", "SimlinBatch", "PySDBatch",
           "get_batch", "get_engine"]
