"""The lever space a decision command searches, and the uncertain parameters it spans.

A lever is named as a scenario key (``reduce_policy``, ``"rate[b]"``) and
searched over its Vensim range, or over a narrower one written
``NAME=LOW:HIGH``. A searched lever must not also be uncertain. The base
scenario's own value of a searched lever is dropped: the search sets it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from ..errors import ScenarioError
from ..loading.levers import covered, lookup
from ..loading.scenario import Scenario
from ..loading.uncertainty import Uncertain, UncertaintySet
from .targets import finite_number

__all__ = ["LeverRange", "MAX_LEVERS", "parse_levers", "with_levers_free", "joint_set"]

#: Most levers one search may vary (PRIM and the optimisers slow down, and a box
#: in more dimensions than a planner can read helps no one).
MAX_LEVERS = 12


@dataclass(frozen=True)
class LeverRange:
    """A lever and the range it is searched over (its units)."""

    key: str
    low: float
    high: float
    units: str = ""
    real_name: str = ""

    @property
    def centre(self) -> float:
        return (self.low + self.high) / 2

    def scale(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """Map numbers in [0, 1] onto the range."""
        return np.asarray(self.low + u * (self.high - self.low), dtype=float)


def parse_levers(sc: Scenario, items: Sequence[str], uncertain: UncertaintySet | None = None,
                 where: str = "--levers") -> tuple[LeverRange, ...]:
    """Read ``NAME`` or ``NAME=LOW:HIGH`` items into lever ranges.

    Raises
    ------
    ScenarioError
        For no lever, more than :data:`MAX_LEVERS`, an unknown key, a range
        outside the constant's Vensim range or empty, a constant without a
        Vensim range and no range given, a lever given twice (or overlapping
        another, ``rate`` and ``rate[b]``), or a lever the uncertainty file samples.
    """
    if not items:
        raise ScenarioError(f"{where}: name at least one lever, e.g. {where} reduce_policy recycle_policy")
    if len(items) > MAX_LEVERS:
        raise ScenarioError(f"{where}: {len(items)} levers; allowed at most {MAX_LEVERS}")
    model = sc.model
    out: list[LeverRange] = []
    for item in items:
        if not isinstance(item, str):
            raise ScenarioError(f"{where}: {item!r} is not text (NAME or NAME=LOW:HIGH)")
        name, sep, span = item.partition("=")
        lever = lookup(model, name.strip(), where, origin=where)
        info = lever.info
        lo = info.minimum if info.minimum is not None else None
        hi = info.maximum if info.maximum is not None else None
        if sep:
            low_text, colon, high_text = span.partition(":")
            if not colon:
                raise ScenarioError(f"{where}: {item!r}: write the range as {name.strip()}=LOW:HIGH, "
                                    f"e.g. {name.strip()}=0:0.5")
            low = finite_number(low_text.strip(), where, f"{item!r}: low end")
            high = finite_number(high_text.strip(), where, f"{item!r}: high end")
        elif lo is None or hi is None or not (math.isfinite(lo) and math.isfinite(hi)):
            raise ScenarioError(f"{where}: {lever.key} has no finite Vensim range; give one, "
                                f"{lever.key}=LOW:HIGH")
        else:
            low, high = lo, hi
        if not low < high:
            raise ScenarioError(f"{where}: {item!r}: the low end ({low:g}) must be below the high end ({high:g})")
        if (lo is not None and low < lo) or (hi is not None and high > hi):
            raise ScenarioError(f"{where}: {item!r}: [{low:g}, {high:g}] goes outside the range of "
                                f"{info.name}: allowed {info.range_text} {info.units}".rstrip())
        for other in out:
            if covered(model, other.key) & covered(model, lever.key):
                raise ScenarioError(f"{where}: {lever.key} and {other.key} set some of the same elements; "
                                    "name each lever once")
        if uncertain is not None:
            for p in uncertain.names:
                if covered(model, p) & covered(model, lever.key):
                    source = uncertain.source or "the uncertainty file"
                    raise ScenarioError(f"{where}: {lever.key} is uncertain in {source} ({p}); a lever is "
                                        "chosen, not uncertain: remove it from one of them")
        out.append(LeverRange(lever.key, float(low), float(high), info.units, info.real_name))
    return tuple(out)


def with_levers_free(sc: Scenario, levers: Sequence[LeverRange]) -> Scenario:
    """The scenario without its own values of the searched levers (the search sets them).

    Raises
    ------
    ScenarioError
        Where the scenario sets a whole arrayed constant and the search one
        of its elements: dropping the whole would lose the other elements.
    """
    model = sc.model
    constants = dict(sc.constants)
    changes = dict(sc.changes)
    where = str(sc.source) if sc.source else f"scenario {sc.name}"
    for lever in levers:
        mine = covered(model, lever.key)
        for key in [*constants, *changes]:
            theirs = covered(model, key)
            if not mine & theirs:
                continue
            if not theirs <= mine:
                raise ScenarioError(f"{where}: [levers] {key} sets every element, and the search varies "
                                    f"{lever.key}; set the elements one by one in the scenario, or search "
                                    f"{key.partition('[')[0]} whole")
            constants.pop(key, None)
            changes.pop(key, None)
    return replace(sc, constants=constants, changes=changes)


def joint_set(levers: Sequence[LeverRange], uncertain: UncertaintySet) -> UncertaintySet:
    """The levers (uniform over their ranges) followed by the uncertain parameters, as one set.

    Sampling this set spans the lever space and the uncertainty together, as
    scenario discovery does (Bryant and Lempert 2010); the ensemble machinery
    runs it like any uncertainty file.
    """
    model = uncertain.model
    params = []
    for lv in levers:
        info = model.variables[lv.key.partition("[")[0]]
        lower = info.minimum if info.minimum is not None else -math.inf
        upper = info.maximum if info.maximum is not None else math.inf
        params.append(Uncertain(lv.key, "uniform", {"min": lv.low, "max": lv.high}, lower, upper,
                                "lever, searched over this range"))
    text = "".join(f"# lever {lv.key}: uniform on [{lv.low!r}, {lv.high!r}]\n" for lv in levers) + uncertain.text
    return UncertaintySet(model, (*params, *uncertain.parameters), uncertain.source, text)
