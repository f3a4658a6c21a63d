"""What a checked XMILE model says about its variables, in the form a ``.mdl``'s metadata takes.

From :func:`entropy.loading.xmile.read_xmile`'s parse: every variable as a
:class:`~entropy.loading.metadata.VarMeta` (PySD's name, units, range, kind,
a scalar constant's value, dimensions), the control values from
``<sim_specs>``, each dimension's elements, and arrayed constants' values.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from .metadata import CONTROLS, VarMeta
from .xmile import XmileDoc

__all__ = ["array_defaults", "variables_of"]


def variables_of(path: Path, doc: XmileDoc
                 ) -> tuple[list[VarMeta], dict[str, float], dict[str, tuple[str, ...]]]:
    """Every variable as a :class:`VarMeta` (sorted by name, as for a ``.mdl``), the control
    values and each dimension's elements (by the names the file gives them)."""
    controls = {"initial_time": doc.start, "final_time": doc.stop, "time_step": doc.dt,
                "saveper": doc.save_interval}
    py = doc.idents
    dim_names = {d.key: d.name for d in doc.dimensions}
    out = [
        VarMeta(name=name, real_name=name.replace("_", " ").upper(), units=doc.time_units, kind="control",
                minimum=None, maximum=None, step=None, default=value, comment="", dims=())
        for name, value in controls.items()
    ]
    for v in doc.variables:
        default = None
        if v.tag == "stock":
            kind = "stock"
        elif v.elements:
            kind = "constant" if all(e.constant for _, e in v.elements) else "auxiliary"
        elif v.eqn is None:
            kind = "lookup"
        elif v.eqn.constant and v.graph is None:
            kind = "constant"
            default = None if v.dims else v.eqn.value_or_none
        else:
            kind = "auxiliary"
        if py[v.name] in CONTROLS:
            raise ModelError(f"{path}: line {v.line}: variable {v.real_name!r} has the name of a "
                             "control variable; the model's <sim_specs> set those")
        out.append(VarMeta(
            name=py[v.name], real_name=v.real_name, units=v.units, kind=kind, minimum=v.minimum,
            maximum=v.maximum, step=None, default=default, comment=" ".join(v.doc.split()),
            dims=tuple(dim_names[d] for d in v.dims),
        ))
    out.sort(key=lambda m: m.real_name.lower())
    return out, controls, {d.name: tuple(n for _, n in d.elements) for d in doc.dimensions}


def array_defaults(doc: XmileDoc) -> dict[str, NDArray[np.float64] | None]:
    """Each arrayed constant's values by element, shape ``(len(dim), ...)``, by PySD's name.

    None for one whose elements are not all plain numbers (a constant
    expression of other constants, say), as :func:`entropy.loading.levers.element_defaults`.
    """
    idents = doc.idents
    sizes = {d.key: len(d.elements) for d in doc.dimensions}
    index = {d.key: {k: i for i, (k, _) in enumerate(d.elements)} for d in doc.dimensions}
    out: dict[str, NDArray[np.float64] | None] = {}
    for v in doc.variables:
        if not v.dims or v.tag == "stock":
            continue
        values = np.full(tuple(sizes[d] for d in v.dims), np.nan)
        if v.eqn is not None and v.eqn.constant:
            values[...] = np.nan if v.eqn.value_or_none is None else v.eqn.value_or_none
        for keys, eqn in v.elements:
            value = eqn.value_or_none if eqn.constant else None
            values[tuple(index[d][k] for d, k in zip(v.dims, keys))] = np.nan if value is None else value
        if v.eqn is None and not v.elements or (v.eqn is not None and not v.eqn.constant):
            continue  # not a constant
        out[idents[v.name]] = None if np.isnan(values).any() else values
    return out

