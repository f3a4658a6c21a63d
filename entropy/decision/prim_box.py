"""PRIM (Friedman and Fisher 1999) through EMA Workbench: the peeling trajectory and a chosen box.

We do not implement PRIM: :class:`ema_workbench.analysis.prim.Prim` peels
and pastes. This module hands it the lever samples and which runs met the
target, reads back the whole peeling trajectory (coverage, density, mass and
the box's limits at every step), and chooses one box by a stated rule.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

__all__ = ["PrimResult", "find_box"]

#: Share of a lever's sampled range a box must cut off before the lever counts as restricted.
RESTRICTED = 1e-9


@dataclass(frozen=True)
class PrimResult:
    """The peeling trajectory and the chosen box.

    Attributes
    ----------
    trajectory : pandas.DataFrame
        One row per box on the trajectory: ``coverage`` (share of the runs
        that met the target that lie in the box), ``density`` (share of the
        box's runs that met it), ``mass`` (share of all runs in the box),
        ``restricted`` (levers the box restricts), then ``LEVER_low`` and
        ``LEVER_high`` for every lever.
    chosen : int
        Row of ``trajectory`` chosen (see :func:`find_box`).
    box : pandas.DataFrame
        Index: the levers. Columns ``low``, ``high`` (the chosen box),
        ``sampled_low``, ``sampled_high``, ``restricted`` (bool) and
        ``qp_value`` (the quasi-p-value of the restriction, Bryant and Lempert
        2010; NaN for a lever the box does not restrict).
    note : str
        Why the chosen box is what it is, when no box met the wanted density.
    """

    trajectory: pd.DataFrame
    chosen: int
    box: pd.DataFrame
    note: str = ""

    @property
    def coverage(self) -> float:
        return float(self.trajectory["coverage"].iloc[self.chosen])

    @property
    def density(self) -> float:
        return float(self.trajectory["density"].iloc[self.chosen])


def _prim_class() -> Any:
    # EMA Workbench warns at import about optional parallel back ends we do not use,
    # and logs each step at INFO: keep both out of our users' output.
    logging.getLogger("EMA").setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim
    return prim.Prim


def find_box(x: pd.DataFrame, y: NDArray[np.bool_], sampled: pd.DataFrame, density: float = 0.8,
             peel_alpha: float = 0.05, paste_alpha: float = 0.05, mass_min: float = 0.05) -> PrimResult:
    """Peel ``x`` toward the runs where ``y`` is True and choose a box.

    Parameters
    ----------
    x : pandas.DataFrame
        One float column per lever, one row per run.
    y : numpy.ndarray of bool
        Which runs met the target (at least one must, and at least one not).
    sampled : pandas.DataFrame
        Index: the levers; columns ``low``, ``high``: the ranges sampled.
    density : float
        Wanted density. The chosen box is the one of greatest coverage among
        those whose density reaches it (ties: the greater density); when none
        does, the box of greatest density, with a note.
    peel_alpha, paste_alpha, mass_min : float
        PRIM's share peeled or pasted per step and the smallest box (share of runs).
    """
    prim_cls = _prim_class()
    with warnings.catch_warnings():
        # EMA Workbench calls pandas APIs that pandas 3 deprecates; they are its, not ours.
        warnings.simplefilter("ignore")
        # EMA's threshold both defines the cases of interest (y >= threshold) and rejects a final
        # box whose density is below it (returning the whole space instead). A hair above 0
        # counts exactly the runs that met the target, and keeps the whole trajectory: the
        # density we want is applied when choosing a box from it, below.
        prim = prim_cls(x.reset_index(drop=True), np.asarray(y, dtype=bool), threshold=1e-9,
                        peel_alpha=peel_alpha, paste_alpha=paste_alpha, mass_min=mass_min)
        box = prim.find_box()
        traj = box.peeling_trajectory.reset_index(drop=True)
        lims = [b for b in box.box_lims]
    levers = list(x.columns)
    rows = []
    for i in range(len(traj)):
        lim = lims[i]
        row: dict[str, Any] = {
            "coverage": float(traj["coverage"].iloc[i]),
            "density": float(traj["density"].iloc[i]),
            "mass": float(traj["mass"].iloc[i]),
        }
        restricted = [lv for lv in levers if _restricts(lim, sampled, lv)]
        row["restricted"] = len(restricted)
        for lv in levers:
            row[f"{lv}_low"], row[f"{lv}_high"] = _sides(lim, sampled, lv)
        rows.append(row)
    trajectory = pd.DataFrame(rows)
    trajectory.index.name = "step"
    ok = trajectory.index[trajectory["density"] >= density]
    note = ""
    if len(ok):
        best = trajectory.loc[ok].sort_values(["coverage", "density"], ascending=False, kind="stable")
        chosen = int(best.index.to_numpy()[0])
    else:
        chosen = int(np.argmax(trajectory["density"].to_numpy()))
        note = (f"no box reaches the wanted density {density:g}: the densest box on the trajectory "
                f"({trajectory['density'].iloc[chosen]:.3g}) is shown")
    qp = _qp_values(box, chosen)
    lim = lims[chosen]
    table = pd.DataFrame({
        "low": [_sides(lim, sampled, lv)[0] for lv in levers],
        "high": [_sides(lim, sampled, lv)[1] for lv in levers],
        "sampled_low": [_float(sampled.loc[lv, "low"]) for lv in levers],
        "sampled_high": [_float(sampled.loc[lv, "high"]) for lv in levers],
        "restricted": [_restricts(lim, sampled, lv) for lv in levers],
        "qp_value": [qp.get(lv, float("nan")) if _restricts(lim, sampled, lv) else float("nan") for lv in levers],
    }, index=pd.Index(levers, name="lever"))
    return PrimResult(trajectory, chosen, table, note)


def _sides(lim: pd.DataFrame, sampled: pd.DataFrame, lever: str) -> tuple[float, float]:
    """A box's range of a lever, with a side the box does not cut reported as the sampled end.

    EMA gives an uncut side as the data's own extreme, a hair inside the sampled
    range; the data's extremes lie within about one sample spacing of the ends,
    while a real cut peels at least one ``peel_alpha`` quantile (5% by default).
    """
    lo, hi = _float(sampled.loc[lever, "low"]), _float(sampled.loc[lever, "high"])
    slack = 0.01 * (hi - lo)
    low, high = float(lim[lever].iloc[0]), float(lim[lever].iloc[1])
    return (low if low > lo + slack else lo), (high if high < hi - slack else hi)


def _restricts(lim: pd.DataFrame, sampled: pd.DataFrame, lever: str) -> bool:
    """Whether a box cuts into a lever's sampled range (on either side)."""
    low, high = _sides(lim, sampled, lever)
    return bool(low > _float(sampled.loc[lever, "low"]) or high < _float(sampled.loc[lever, "high"]))


def _float(value: Any) -> float:
    """A table cell as a float (pandas types a cell as anything at all)."""
    return float(value)


def _qp_values(box: Any, i: int) -> dict[str, float]:
    """The quasi-p-values of box ``i``'s restrictions, by lever (empty where EMA gives none)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = box.inspect(i, style="data")
        frame = out[0][1] if isinstance(out, list) else out[1]
        qp = frame.xs("qp value", axis=1, level=1)
        values = qp.min(axis=1, skipna=True)
        return {str(k): float(v) for k, v in values.items() if np.isfinite(v)}
    except Exception:  # noqa: BLE001 - the p-values are extra information; the box stands without them
        return {}
