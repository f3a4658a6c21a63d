"""Interactive runs: one scenario's model compiled once, run again for every new setting.

A web page that reruns the model whenever a lever moves spends much of each
run on loading and compiling the model in Simlin (about 120 ms of the 300 ms
a run of the regional model takes). :class:`Runner` compiles it once for a
base scenario and runs each setting on that simulation, resetting it first:
the numbers are Simlin's, the Dataset is :func:`entropy.run`'s. A runner
holds simulation state, so it belongs to one user (one web session), and a
lock keeps two of that user's runs from overlapping.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import xarray as xr

from ..engines import RunPlan
from ..engines.simlin_engine import SimlinBatch, SimlinEngine
from ..errors import NonFiniteError, ScenarioError
from ..limits import check_run_values
from ..loading.scenario import Scenario
from ..output import provenance
from .run import assemble, first_non_finite, run

__all__ = ["Runner"]


class Runner:
    """Runs of scenarios that differ from ``base`` only in constants, on one compiled simulation.

    Parameters
    ----------
    base : Scenario
        Gives the model, horizon, time step and step changes; its constants are
        the starting point of every run.
    variables : iterable of str, optional
        snake_case names to keep (default: every variable).

    Raises
    ------
    ScenarioError
        An unknown variable name.
    EngineError
        Simlin cannot compile the model.
    """

    def __init__(self, base: Scenario, variables: Iterable[str] | None = None) -> None:
        model = base.model
        chosen = None if variables is None else tuple(dict.fromkeys(variables))
        unknown = [v for v in chosen or () if v not in model.variables]
        if unknown:
            raise ScenarioError(f"{base.name}: unknown variable {unknown[0]!r} of model {model.name}")
        self.base = base
        self.variables = chosen
        self.plan = RunPlan(start=base.start, end=base.end, time_step=base.time_step,
                            save_period=base.save_period, constants=dict(base.constants),
                            changes=dict(base.changes), variables=chosen)
        engine = SimlinEngine()
        check_run_values(base.name, len(self.plan.save_times()),
                         sum(model.element_count(n) for n in engine.output_names(model, self.plan)))
        self._version = engine.version()
        self._batch = SimlinBatch(model, self.plan)
        self._lock = threading.Lock()

    def fits(self, sc: Scenario) -> bool:
        """Whether ``sc`` runs on this runner: the same model, horizon, time step and step changes."""
        b = self.base
        return (sc.model.sha256 == b.model.sha256 and (sc.start, sc.end, sc.time_step, sc.save_period)
                == (b.start, b.end, b.time_step, b.save_period) and sc.changes == b.changes)

    @provenance.api("entropy.simulation.runner.Runner.run", method=True)
    def run(self, sc: Scenario) -> xr.Dataset:
        """Run ``sc`` (as :func:`entropy.run` on Simlin would, and with the same numbers).

        A scenario that does not fit (:meth:`fits`) is run the ordinary way.

        Raises
        ------
        NonFiniteError
            A value is NaN or infinite (naming the first variable and time).
        EngineError
            Simlin failed.
        """
        if not self.fits(sc):
            return run(sc, engine="simlin", variables=self.variables)
        with self._lock:
            series = self._batch.run(dict(sc.constants))
        time = self._batch.time
        problem = first_non_finite(time, series)
        if problem is not None:
            raise NonFiniteError(f"{sc.source or sc.name}: engine simlin: {problem}; the run is not valid")
        return assemble(sc, "simlin", self._version, "euler", time, series)
