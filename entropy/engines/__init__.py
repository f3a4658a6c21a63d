"""Simulation engines behind one interface.

``pysd`` is the reference engine (Python, the default for single runs);
``simlin`` is the fast one (a Rust engine, for ensembles and interactive use).
Both take a :class:`~entropy.engines.base.RunPlan` and return the same arrays.
``numpy`` is a batch engine only (:func:`get_batch`): many runs of a scalar
model at once, vectorised over the runs, with Simlin's numbers to the bit.
"""

from __future__ import annotations

from .base import Engine, RunPlan, RunResult
from .numpy_engine import NumpyBatch, numpy_supports
from .pysd_engine import PySDBatch, PySDEngine
from .simlin_engine import SimlinBatch, SimlinEngine

from ..errors import EngineError
from ..loading.model import Model

ENGINES: dict[str, type[Engine]] = {"pysd": PySDEngine, "simlin": SimlinEngine}
#: Engines that run batches (:func:`get_batch`): every engine, and numpy.
BATCH_ENGINES = ("numpy", "pysd", "simlin")


def get_engine(name: str) -> Engine:
    """Return an engine by name (``"pysd"`` or ``"simlin"``)."""
    try:
        return ENGINES[name]()
    except KeyError:
        raise EngineError(
            f"unknown engine {name!r}; allowed: " + ", ".join(sorted(ENGINES))
        ) from None


def get_batch(name: str, model: Model, plan: RunPlan) -> SimlinBatch | PySDBatch | NumpyBatch:
    """A runner for many runs of one plan with different constants.

    ``"numpy"`` raises :class:`EngineError` naming the construct when the model
    uses anything it does not run (see :func:`numpy_supports`).
    """
    if name == "simlin":
        return SimlinBatch(model, plan)
    if name == "pysd":
        return PySDBatch(model, plan)
    if name == "numpy":
        return NumpyBatch(model, plan)
    raise EngineError(f"unknown engine {name!r}; allowed: " + ", ".join(BATCH_ENGINES))


__all__ = ["BATCH_ENGINES", "ENGINES", "Engine", "NumpyBatch", "PySDEngine", "RunPlan", "RunResult", "SimlinEngine",
           "SimlinBatch", "PySDBatch", "get_batch", "get_engine", "numpy_supports"]
