"""Scenario discovery: the lever box in which a policy meets its target whatever the uncertainty does.

The chosen levers are sampled over their ranges together with the uncertain
parameters (one Latin hypercube over both), the ensemble runs as
:func:`entropy.simulation.ensemble.ensemble` runs any ensemble (Dask,
resumable), each run is marked by the target (:mod:`entropy.decision.targets`),
and PRIM (Friedman and Fisher 1999, through EMA Workbench) peels the lever
space toward the runs that met it. A box's *coverage* is the share of the
target-meeting runs inside it, its *density* the share of its runs that meet
the target: over the uncertain parameters, density is the probability of
meeting the target with levers in the box (Bryant and Lempert 2010).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ..errors import ScenarioError
from ..limits import MAX_ENSEMBLE_RUNS
from ..loading.levers import toml_key
from ..loading.scenario import Scenario, load_scenario
from ..loading.uncertainty import UncertaintySet
from ..output import provenance
from ..output.files import atomic_write
from ..output.files import write_ensemble
from ..simulation.ensemble import Chunk, ensemble
from .prim_box import PrimResult, find_box
from .space import LeverRange, joint_set, parse_levers, with_levers_free
from .targets import Target, default_target, parse_target

__all__ = ["Discovery", "discover", "write_discovery"]

#: Fewest runs a discovery may use: PRIM peels 5% at a time and needs runs on both sides.
MIN_RUNS = 50
#: Fewer runs than this on either side of the target make a box that may be chance.
FEW_CASES = 20


@dataclass(frozen=True)
class Discovery:
    """What :func:`discover` found.

    Attributes
    ----------
    scenario : Scenario
        The base scenario, without its own values of the searched levers.
    levers : tuple of LeverRange
    target : Target
    runs : xarray.Dataset
        The ensemble (dimensions ``scenario``, ``run``, ``time``) with
        ``target_met`` (1 met, 0 not) and each clause's measure over ``run``.
    prim : PrimResult or None
        None when every run met the target or none did (nothing to peel).
    note : str
        What the reader should know: failed runs, no contrast, a box short of
        the wanted density.
    """

    scenario: Scenario
    levers: tuple[LeverRange, ...]
    target: Target
    runs: xr.Dataset
    prim: PrimResult | None
    note: str

    @property
    def share_met(self) -> float:
        return float(self.runs["target_met"].mean())

    def box_scenario(self, name: str | None = None) -> Scenario:
        """The base scenario with every searched lever at the centre of the chosen box."""
        values = {lv.key: self._centre(lv) for lv in self.levers}
        sc = self.scenario.with_overrides(values, origin="box centre")
        from dataclasses import replace

        desc = (f"Levers at the centre of the PRIM box of `entropy discover` on {self.scenario.name} "
                f"(target: {self.target.text}; coverage {self._stat('coverage')}, density "
                f"{self._stat('density')}).")
        return replace(sc, name=name or f"{self.scenario.name}-box", description=desc, source=None)

    def _centre(self, lv: LeverRange) -> float:
        if self.prim is None:
            return lv.centre
        row = self.prim.box.loc[lv.key]
        return (_num(row["low"]) + _num(row["high"])) / 2

    def _stat(self, which: str) -> str:
        return "n/a" if self.prim is None else f"{getattr(self.prim, which):.3f}"

    def ranges_toml(self, model_ref: str) -> str:
        """The box as an uncertainty-file of uniform lever ranges (runnable by ``entropy ensemble``)."""
        lines = [
            "# The lever box found by `entropy discover` (PRIM, Friedman and Fisher 1999).",
            f"# Base scenario: {self.scenario.name}; target: {self.target.text}",
            f"# Coverage {self._stat('coverage')}, density {self._stat('density')} over "
            f"{self.runs.sizes['run']} runs.",
            "# Each lever is uniform over the box's range: run `entropy ensemble` with this file to test",
            "# the box (the levers move, the uncertain parameters stay at the scenario's values).",
            f"model = {_q(model_ref)}",
            f"description = {_q('Lever ranges of a PRIM box (entropy discover).')}",
        ]
        for lv in self.levers:
            if self.prim is None:
                low, high, restricted = lv.low, lv.high, False
            else:
                row = self.prim.box.loc[lv.key]
                low, high, restricted = _num(row["low"]), _num(row["high"]), bool(row["restricted"])
            how = "restricted by the box" if restricted else "not restricted: the whole range searched"
            lines += ["", f"[parameters.{toml_key(lv.key)}]", 'distribution = "uniform"',
                      f"min = {low!r}", f"max = {high!r}", f"reason = {_q(how)}"]
        return "\n".join(lines) + "\n"


def _num(value: Any) -> float:
    """A table cell as a float (pandas types a cell as anything at all)."""
    return float(value)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@provenance.api("entropy.discover")
def discover(
    scenario: Scenario | str | os.PathLike[str],
    uncertain: UncertaintySet,
    levers: Sequence[str],
    runs: int,
    target: str | Target | None = None,
    sampler: str = "lhs",
    seed: int = 0,
    engine: str = "simlin",
    workers: int | None = None,
    scheduler: str | None = None,
    out: str | os.PathLike[str] | None = None,
    density: float = 0.8,
    chunk_size: int = 250,
    on_chunk: Callable[[Chunk], None] | None = None,
    max_runs: int | None = None,
) -> Discovery:
    """Find the lever box in which runs meet ``target``.

    Parameters
    ----------
    scenario : Scenario, str or path-like
        The base scenario (its values of the searched levers are dropped).
    uncertain : UncertaintySet
        The uncertain parameters, sampled with the levers.
    levers : sequence of str
        ``NAME`` (its Vensim range) or ``NAME=LOW:HIGH`` (see :mod:`entropy.decision.space`).
    runs : int
        Ensemble size, at least :data:`MIN_RUNS`.
    target : str or Target, optional
        Default: the binding load never above 1 (:func:`default_target`).
    sampler, seed, engine, workers, scheduler, chunk_size, on_chunk :
        As :func:`entropy.simulation.ensemble.ensemble`.
    out : path, optional
        ``.nc`` or ``.zarr``: where the ensemble is kept (and resumed from).
    density : float
        Wanted box density, in (0, 1] (see :func:`entropy.decision.prim_box.find_box`).
    max_runs : int, optional
        Largest ``runs`` (a web app passes its own limit).

    Raises
    ------
    EntropyError
        For any bad argument, before any run.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or runs < MIN_RUNS:
        raise ScenarioError(f"runs (--runs) = {runs!r}: discovery needs at least {MIN_RUNS} runs "
                            "(PRIM peels 5% of them at a time)")
    if isinstance(density, bool) or not isinstance(density, (int, float)) or not 0 < density <= 1:
        raise ScenarioError(f"density (--density) = {density!r}: allowed a number in (0, 1]")
    ranges = parse_levers(sc, levers, uncertain)
    free = with_levers_free(sc, ranges)
    tgt = target if isinstance(target, Target) else (
        default_target(sc.model) if target is None else parse_target(target, sc.model))
    joint = joint_set(ranges, uncertain)
    ds = ensemble([free], joint, runs, sampler=sampler, seed=seed, engine=engine, workers=workers,
                  scheduler=scheduler, out=out, variables=tgt.variables, chunk_size=chunk_size,
                  on_chunk=on_chunk, max_runs=MAX_ENSEMBLE_RUNS if max_runs is None else max_runs)
    return _judge(free, ranges, tgt, ds, density)


def _judge(sc: Scenario, ranges: tuple[LeverRange, ...], tgt: Target, ds: xr.Dataset,
           density: float) -> Discovery:
    one = ds.isel(scenario=0)
    time = one["time"].values
    ok = one["status"].values == 0
    series = {v: one[v].transpose("run", "time", ...).values for v in tgt.variables}
    met = tgt.met(series, time, ok)
    ds = ds.copy()
    ds["target_met"] = xr.DataArray(met.astype(np.int8)[None, :], dims=("scenario", "run"), attrs={
        "description": f"1: the run met the target ({tgt.text}); 0: it did not, or failed"})
    for i, (label, value) in enumerate(tgt.measures(series, time).items(), start=1):
        # netCDF names stay plain; the clause itself is the variable's long name.
        ds[f"measure_{i}"] = xr.DataArray(value[None, :], dims=("scenario", "run"), attrs={
            "long_name": label, "description": "the left-hand side of the target's clause in each run"})
    ds.attrs.update(target=tgt.text, levers=" ".join(lv.key for lv in ranges), title=f"discovery on {sc.name}")
    notes = []
    failed = int((~ok).sum())
    if failed:
        notes.append(f"{failed} of {len(ok)} runs failed and count as not meeting the target")
    prim = None
    if met.all() or not met.any():
        notes.append(f"{'every' if met.all() else 'no'} run met the target: there is nothing to peel, and "
                     "the box is the whole lever space searched")
    else:
        few = min(int(met.sum()), int((~met).sum()))
        if few < FEW_CASES:
            notes.append(f"only {few} run{'s' if few != 1 else ''} "
                         f"{'met' if met.sum() == few else 'missed'} the target: a box drawn around so few "
                         "cases may be chance (see the quasi-p-values); run more")
        x = pd.DataFrame({lv.key: one[f"param_{lv.key}"].values.astype(float) for lv in ranges})
        sampled = pd.DataFrame({"low": [lv.low for lv in ranges], "high": [lv.high for lv in ranges]},
                               index=[lv.key for lv in ranges])
        prim = find_box(x, met, sampled, density=density)
        if prim.note:
            notes.append(prim.note)
    return Discovery(sc, ranges, tgt, ds, prim, "; ".join(notes))


def runs_table(d: Discovery) -> pd.DataFrame:
    """One row per run: the levers, the uncertain parameters, status, the target's measures and met."""
    one = d.runs.isel(scenario=0)
    cols = {str(k)[len("param_"):]: one[k].values for k in one.data_vars if str(k).startswith("param_")}
    cols["status"] = one["status"].values
    for k in one.data_vars:
        if str(k).startswith("measure_"):
            cols[str(one[k].attrs["long_name"])] = one[k].values
    cols["target_met"] = one["target_met"].values
    return pd.DataFrame(cols, index=pd.Index(one["run"].values, name="run"))


@provenance.api("entropy.decision.write_discovery")
def write_discovery(d: Discovery, folder: str | os.PathLike[str], model_ref: str) -> list[Path]:
    """Write the runs (``runs.nc``, the ensemble with ``target_met`` and the measures, and
    ``runs.csv``, one row per run), the peeling trajectory (``peeling.csv``), the box
    (``box.csv``), the box's scenario (``box.toml``) and its lever ranges
    (``box-ranges.toml``) into ``folder``, each atomically."""
    out = Path(folder)
    written = [write_ensemble(d.runs, out / "runs.nc")]
    table = runs_table(d)
    written.append(_write(out / "runs.csv", lambda tmp: table.to_csv(tmp, float_format="%.17g")))
    if d.prim is not None:
        prim = d.prim
        written.append(_write(out / "peeling.csv",
                              lambda tmp: prim.trajectory.to_csv(tmp, float_format="%.17g")))
        written.append(_write(out / "box.csv", lambda tmp: prim.box.to_csv(tmp, float_format="%.17g")))
    scenario_text = d.box_scenario().to_toml(model_ref)
    written.append(_write(out / "box.toml", lambda tmp: tmp.write_text(scenario_text, encoding="utf-8")))
    ranges = d.ranges_toml(model_ref)
    written.append(_write(out / "box-ranges.toml", lambda tmp: tmp.write_text(ranges, encoding="utf-8")))
    return written


def _write(path: Path, write: Callable[[Path], object]) -> Path:
    atomic_write(path, write)
    return path
