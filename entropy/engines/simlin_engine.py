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
from ..model import Model
from ..translation import cache_dir, matches_manifest, write_manifest
from .base import Engine, RunPlan, RunResult, assemble, element_key

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
    folder = cache_dir() / "simlin" / model.sha256
    target = folder / "model.mdl"
    with _COPY_LOCK:
        if target.is_file() and matches_manifest(folder):
            return target
        raw = model.path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != model.sha256:
            raise ModelError(f"{model.path}: the file changed since it was loaded; load it again")
        text = raw.decode("utf-8", errors="surrogateescape")
        cut = text.find(_SKETCH_MARK)
        if cut >= 0:
            text = text[:cut]
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            (work / "model.mdl").write_text(text, encoding="utf-8", errors="surrogateescape")
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


def _prepared(model: Model, plan: RunPlan) -> Any:
    """A fresh Simlin model with the plan's horizon, integration method and step changes applied."""
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
        with sm.edit() as (current, patch):
            for key, change in plan.changes.items():
                var = current[ident[key]]
                if not isinstance(var, simlin.Aux):
                    raise EngineError(
                        f"{model.path}: {key} is not a constant; only constants can change at a year")
                equation = f"IF time >= {change.year!r} THEN {change.after!r} ELSE {change.before!r}"
                patch.upsert(dataclasses.replace(var, equation=equation))
    return sm


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
        ident = model.simlin_names()
        try:
            sm = _prepared(model, plan)
            overrides = {
                ident[k]: float(v) for k, v in plan.constants.items() if k not in plan.changes
            }
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with sm.simulate(overrides=overrides, enable_ltm=False) as sim:
                    sim.run_to_end()
                    flat = {
                        element_key(n, c): np.asarray(
                            sim.get_series(element_key(ident[n], tuple(e.lower() for e in c))),
                            dtype=np.float64,
                        )
                        for n in names
                        for c in model.elements(n)
                    }
                    series = {n: assemble(model, n, flat) for n in names}
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
    every overridden constant (the same names every run, so nothing carries
    over) and runs it.
    """

    def __init__(self, model: Model, plan: RunPlan) -> None:
        import simlin

        self.model = model
        self.plan = plan
        engine = SimlinEngine()
        engine.check_method(plan.method)
        self.names = engine.output_names(model, plan)
        self.ident = model.simlin_names()
        try:
            sm = _prepared(model, plan)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.sim = sm.simulate(enable_ltm=False)
        except simlin.SimlinError as exc:
            raise EngineError(f"{model.path}: Simlin could not compile the model: {exc}") from exc
        self.time = plan.save_times()

    def run(self, overrides: dict[str, float]) -> dict[str, np.ndarray]:
        """One run with the plan's constants and ``overrides`` set; raises EngineError on failure."""
        import simlin

        values = {k: v for k, v in self.plan.constants.items() if k not in self.plan.changes}
        values.update(overrides)
        try:
            self.sim.reset()
            for key, value in values.items():
                self.sim.set_value(self.ident[key], float(value))
            self.sim.run_to_end()
            out = {n: np.asarray(self.sim.get_series(self.ident[n]), dtype=np.float64) for n in self.names}
        except simlin.SimlinError as exc:
            raise EngineError(f"Simlin run failed: {exc}") from exc
        return out
