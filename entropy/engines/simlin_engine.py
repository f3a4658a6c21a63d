"""The fast engine: Simlin (pysimlin, a Rust engine) on the same ``.mdl`` file."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EngineError, ModelError
from ..loading.model import Model
from ..loading.changes import StepChange, TimeSeries
from ..loading.names import simlin_ident
from ..loading.translation import cache_dir, matches_manifest, write_manifest
from ..loading.xmile import read_xmile
from ..loading.xmile_copy import CLEAN_VERSION, clean_xmile
from .base import Change, Engine, RunPlan, RunResult, Setting, assemble, element_key, settings

# A parsed project is mutated by set_sim_specs and edits, so every run parses
# its own (about 2 ms). Simlin keeps a model's diagram in step with every edit,
# which costs a second per edit for a laid-out view; runs need no diagram, so
# they load a copy of the file without its sketch section, kept in the cache.
_SKETCH_MARK = "\\\\\\---///"
_COPY_LOCK = threading.Lock()


def _runnable_copy(model: Model) -> Path:
    """The model file without its sketch, cached by the file's hash.

    The copy is kept with a manifest of its SHA-256 (see
    :mod:`entropy.translation`) and used only while it still matches; a copy
    changed on disk is discarded and written again from the model file.
    """
    folder = cache_dir() / "simlin" / (model.sha256 if model.format == "mdl" else f"{model.sha256}-x{CLEAN_VERSION}")
    target = folder / ("model.xmile" if model.format == "xmile" else "model.mdl")
    with _COPY_LOCK:
        if target.is_file() and matches_manifest(folder):
            return target
        raw = model.path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != model.sha256:
            raise ModelError(f"{model.path}: the file changed since it was loaded; load it again")
        if model.format == "xmile":
            # Simlin reads the checked copy, as PySD does: never the file itself.
            text = clean_xmile(read_xmile(model.path, raw), "simlin")
        else:
            text = raw.decode("utf-8", errors="surrogateescape")
            cut = text.find(_SKETCH_MARK)
            if cut >= 0:
                text = text[:cut]
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            (work / target.name).write_text(text, encoding="utf-8", errors="surrogateescape")
            write_manifest(work)
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
            try:
                os.rename(work, folder)
            except OSError:
                pass  # another process stored the same copy first
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
        if not matches_manifest(folder):
            raise ModelError(f"{model.path}: could not store a checked copy in {folder}")
    return target


def readable_file(model: Model) -> Path:
    """The file Simlin should read for ``model``'s structure and diagram.

    A Vensim file itself (its sketch is the diagram); for an XMILE model the
    checked copy, whose names are the ones the package uses.
    """
    return model.path if model.format == "mdl" else _runnable_copy(model)


def _prepared(model: Model, plan: RunPlan) -> Any:
    """A fresh Simlin model with the plan's horizon, integration method and changing constants applied.

    A constant (or element) that varies with time gets a new equation of
    ``time`` (:func:`_equation`); Simlin evaluates it wherever the integration
    method does, rk4's intermediate stages included.
    """
    import simlin

    sm = simlin.load(_runnable_copy(model))
    project = sm.project
    if project is None:
        raise EngineError(f"{model.path}: Simlin loaded no project")
    # Changing the specs costs a patch (about 5 ms): only when they differ.
    # A .mdl file has no integration method: Simlin loads it as Euler.
    wanted = (plan.start, plan.end, plan.time_step, plan.save_period, plan.method)
    if wanted != (model.initial_time, model.final_time, model.time_step, model.saveper, "euler"):
        project.set_sim_specs(start=plan.start, stop=plan.end, dt=plan.time_step,
                              save_step=plan.save_period, sim_method=plan.method)
    if plan.changes:
        ident = model.simlin_names()
        scalars, _ = settings(model, {}, plan.changes)
        stepped = _stepped_arrays(model, plan)
        with sm.edit() as (current, patch):
            for key, change in scalars.items():
                var = current[ident[key]]
                # A constant that is a stock's whole inflow is a Flow to Simlin: equations alike.
                if not isinstance(var, (simlin.Aux, simlin.Flow)):
                    raise EngineError(
                        f"{model.path}: {key} is not a constant; only constants can vary with time")
                equation, table = _equation(change)
                updated: Any = dataclasses.replace(var, equation=equation, graphical_function=table)
                patch.upsert(updated)
            for name, per in stepped.items():
                var = current[ident[name]]
                if not isinstance(var, (simlin.Aux, simlin.Flow)):
                    raise EngineError(
                        f"{model.path}: {name} is not a constant; only constants can vary with time")
                patch.upsert(_per_element(model, name, var, per))
    return sm


def _equation(setting: Setting) -> tuple[str, Any]:
    """A constant's (or element's) equation in Simlin, and its graphical function (or None).

    A number is itself; a step change ``IF time >= year THEN after ELSE
    before``; a time series the graphical function of its points, looked up
    at ``time`` (Simlin's linear interpolation, which
    :meth:`~entropy.loading.changes.TimeSeries.value_at` reproduces).
    """
    from simlin.types import GraphicalFunction, GraphicalFunctionScale

    if isinstance(setting, TimeSeries):
        xs, ys = setting.years, setting.values
        return "time", GraphicalFunction(
            y_points=ys, x_points=xs, kind="continuous", x_scale=GraphicalFunctionScale(xs[0], xs[-1]),
            y_scale=GraphicalFunctionScale(min(ys), max(ys)))
    if isinstance(setting, StepChange):
        return f"IF time >= {setting.year!r} THEN {setting.after!r} ELSE {setting.before!r}", None
    return repr(float(setting)), None


def _stepped_arrays(model: Model, plan: RunPlan) -> dict[str, dict[tuple[str, ...], Setting]]:
    """Arrayed constants with a value that varies with time in some element, with every element the plan sets.

    Simlin changes an element over time only through its equation, and an
    element whose equation is rewritten is no longer a slot that an override
    can set: so every element the plan sets of such a constant, step or value,
    is written into its equations, and none is overridden.
    """
    _, arrays = settings(model, plan.constants, plan.changes)
    return {n: per for n, per in arrays.items() if any(isinstance(v, Change) for v in per.values())}


def _per_element(model: Model, name: str, var: Any, per: dict[tuple[str, ...], Setting]) -> Any:
    """``var`` (a Simlin Aux) with one equation per element: the plan's where it sets one."""
    from simlin.types import ElementEquation

    # Simlin names elements with underscores for spaces, in the model's case
    # (``Heavy_Industry,Light``): compare them as identifiers.
    existing = {tuple(simlin_ident(x) for x in e.subscript.split(",")): e for e in var.element_equations}
    equations = []
    for combo in model.elements(name):
        ids = tuple(simlin_ident(x) for x in combo)
        old = existing.get(ids)
        table = None
        if combo in per:
            text, table = _equation(per[combo])
        elif old is not None:
            text, table = old.equation, old.graphical_function
        elif var.equation and not existing:
            text = var.equation  # one equation for every element
        else:
            raise EngineError(f"{model.path}: Simlin has no equation for {element_key(name, combo)}; "
                              "cannot make it vary with time")
        subscript = ",".join(x.replace(" ", "_") for x in combo)
        equations.append(dataclasses.replace(old, equation=text, graphical_function=table) if old is not None
                         else ElementEquation(subscript=subscript, equation=text, graphical_function=table))
    return dataclasses.replace(var, equation="", element_equations=tuple(equations), has_except_default=None)


def _slot(ident: dict[str, str], key: str, combo: tuple[str, ...]) -> str:
    """Simlin's name of a constant's value slot: ``rate`` or ``rate[heavy_industry]``."""
    return element_key(ident[key], tuple(simlin_ident(e) for e in combo))


def _overrides(model: Model, constants: dict[str, float], changes: dict[str, Change],
               skip: set[str]) -> dict[str, float]:
    """Simlin overrides for ``constants``: one per scalar and per element set, by Simlin's names.

    Keys in ``changes`` and arrayed constants in ``skip`` (written into their
    equations, see :func:`_stepped_arrays`) are left out.
    """
    ident = model.simlin_names()
    scalars, arrays = settings(model, {k: v for k, v in constants.items() if k not in changes}, {})
    out: dict[str, float] = {}
    slots = [(ident[k], v) for k, v in scalars.items()]
    slots += [(_slot(ident, n, c), v) for n, per in arrays.items() if n not in skip for c, v in per.items()]
    for slot, value in slots:
        if isinstance(value, Change):  # never: changes were left out
            raise EngineError(f"{model.path}: {slot} varies with time; it cannot be overridden")
        out[slot] = float(value)
    return out


def _read(sim: Any, model: Model, names: list[str]) -> dict[str, np.ndarray]:
    """Every element of ``names`` from a finished Simlin run, arrayed ones as ``(time, *dims)``."""
    ident = model.simlin_names()
    flat = {
        element_key(n, c): np.asarray(sim.get_series(_slot(ident, n, c)), dtype=np.float64)
        for n in names
        for c in model.elements(n)
    }
    return {n: assemble(model, n, flat) for n in names}


class SimlinEngine(Engine):
    """Simlin: about 1-3 ms for 200 years at dt 0.125, same numbers as PySD."""

    name = "simlin"

    def version(self) -> str:
        import simlin

        return str(simlin.__version__)

    def simulate(self, model: Model, plan: RunPlan) -> RunResult:
        import simlin

        self.check_method(plan.method)
        names = self.output_names(model, plan)
        try:
            sm = _prepared(model, plan)
            overrides = _overrides(model, plan.constants, plan.changes, set(_stepped_arrays(model, plan)))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with sm.simulate(overrides=overrides, enable_ltm=False) as sim:
                    sim.run_to_end()
                    series = _read(sim, model, names)
                    steps = sim.get_step_count()
        except simlin.SimlinError as exc:
            raise EngineError(f"{model.path}: Simlin run failed: {exc}") from exc
        except KeyError as exc:
            raise EngineError(f"{model.path}: Simlin has no variable {exc}") from exc
        time = plan.save_times()
        if len(time) != steps:
            raise EngineError(
                f"{model.path}: Simlin saved {steps} steps, expected {len(time)}"
            )
        return RunResult(time=time, series=series)


class SimlinBatch:
    """Many runs of one scenario on one compiled Simlin simulation.

    Compiling takes about 3 ms and a run of the cluster model about 1.6 ms, so
    an ensemble compiles once and, for each run, resets the simulation, sets
    every overridden constant and runs it. A value set in Simlin outlives
    ``reset``: a run that leaves out a constant or element that an earlier run
    set gets a freshly compiled simulation, so nothing carries over (an
    ensemble sets the same ones every run and never needs it).
    """

    def __init__(self, model: Model, plan: RunPlan) -> None:
        import simlin

        self.model = model
        self.plan = plan
        engine = SimlinEngine()
        engine.check_method(plan.method)
        self.names = engine.output_names(model, plan)
        self.ident = model.simlin_names()
        self.stepped = set(_stepped_arrays(model, plan))
        self._set: set[str] = set()
        try:
            self._project = _prepared(model, plan)
            self.sim = self._compile()
        except simlin.SimlinError as exc:
            raise EngineError(f"{model.path}: Simlin could not compile the model: {exc}") from exc
        self.time = plan.save_times()

    def _compile(self) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self._project.simulate(enable_ltm=False)

    def run(self, overrides: dict[str, float]) -> dict[str, np.ndarray]:
        """One run with the plan's constants and ``overrides`` set; raises EngineError on failure.

        Parameters
        ----------
        overrides : dict of str to float
            By lever key, as :attr:`RunPlan.constants` (a whole arrayed
            constant, or one element ``name[e1,e2]``); they replace the plan's
            values of the same elements.

        Returns
        -------
        dict of str to numpy.ndarray
            Each output variable over time, an arrayed one as ``(time, *dims)``.
        """
        import simlin

        values = _overrides(self.model, self.plan.constants, self.plan.changes, self.stepped)
        values.update(_overrides(self.model, overrides, {}, set()))
        try:
            if self._set - set(values):
                self.sim = self._compile()
            self._set = set(values)
            self.sim.reset()
            for key, value in values.items():
                self.sim.set_value(key, float(value))
            self.sim.run_to_end()
            out = _read(self.sim, self.model, self.names)
        except simlin.SimlinError as exc:
            raise EngineError(f"Simlin run failed: {exc}") from exc
        except KeyError as exc:
            raise EngineError(f"{self.model.path}: Simlin has no variable {exc}") from exc
        return out
