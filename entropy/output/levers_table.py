"""``entropy levers``: a model's constants as terminal tables.

One row per constant: a scalar with its default, an arrayed constant as
``rate[Sector]`` with the spread of its values (``9 values: 0.01 to 0.05``).
Below, the one-dimensional arrays of each subscript range as a grid, one row
per constant and one column per element, so that a regional model's many
sector vectors read at a glance (a 9-sector model fits about 100 columns).
``--constant NAME`` shows one constant element by element: a matrix as a grid
(rows the first range, columns the second), any other array one row per
element under the key a scenario writes (``"rate[b]"``). Nothing here runs the
model: the values are read from its equations
(:func:`entropy.loading.levers.element_defaults`).
"""

from __future__ import annotations

import textwrap

import numpy as np
from numpy.typing import NDArray

from ..loading.levers import arrayed_constants, element_defaults, element_key, lookup, toml_key
from ..loading.model import Model
from .report import fmt, table


def levers_table(model: Model) -> str:
    """Every constant a scenario may set: default, units, Vensim range, documentation.

    Then a grid of the one-dimensional arrayed constants per subscript range,
    and a line saying how to set an array or one of its elements.
    """
    rows = [[v.name, fmt(v.default), v.units, v.range_text, textwrap.shorten(v.comment, 60)]
            for v in model.constants.values()]
    arrays = arrayed_constants(model)
    defaults = {k: _checked(model, k, v) for k, v in element_defaults(model).items()}
    for name, v in arrays.items():
        rows.append([f"{name}[{','.join(v.dims)}]", _summary(defaults.get(name)), v.units, v.range_text,
                     textwrap.shorten(v.comment, 60)])
    text = table(rows, ["constant", "default", "units", "range", "what"], {0, 2, 3, 4})
    if not arrays:
        return text
    for dim in dict.fromkeys(v.dims[0] for v in arrays.values() if len(v.dims) == 1):
        elements = model.subscripts[dim]
        grid = []
        for name, v in arrays.items():
            if v.dims == (dim,):
                vals = defaults.get(name)
                grid.append([name, *(fmt(float(x)) for x in vals)] if vals is not None
                            else [name, *("?" for _ in elements)])
        text += "\n\n" + table(grid, [f"[{dim}]", *elements])
    name, info = next(iter(arrays.items()))
    one = toml_key(element_key(name, tuple(model.subscripts[d][0] for d in info.dims)))
    text += "\n\n" + textwrap.fill(
        f"Arrayed constants: `{name} = VALUE` sets every element, `{one} = VALUE` one (the range "
        f"applies to each); `entropy levers {model.name} --constant NAME` lists one constant's elements "
        "(a matrix as a grid).", 100)
    return text


def _checked(model: Model, name: str, values: NDArray[np.float64] | None) -> NDArray[np.float64] | None:
    """``values`` if they have the shape of ``name``'s ranges, else None."""
    return values if values is not None and values.shape == model.shape(name) else None


def _summary(values: NDArray[np.float64] | None) -> str:
    """An array's defaults in a table cell: the value of all, or the shape and spread."""
    if values is None:
        return "(not a number list)"
    flat = values.ravel()
    if np.all(flat == flat[0]):
        return f"{fmt(float(flat[0]))} (all {flat.size})"
    shape = "x".join(str(n) for n in values.shape) if values.ndim > 1 else f"{flat.size} values"
    return f"{shape}: {fmt(float(flat.min()))} to {fmt(float(flat.max()))}"


def constant_table(model: Model, key: str) -> str:
    """One constant element by element (``key`` a name, or an element key for one element).

    Raises
    ------
    ScenarioError
        For a key that names no constant or element of the model.
    """
    lever = lookup(model, key, model.name, "--constant")
    info = lever.info
    head = f"{info.name}" + (f"[{','.join(info.dims)}]" if info.dims else "") + \
        f"  {info.units}  range {info.range_text}" + (f"\n{textwrap.fill(info.comment, 100)}" if info.comment else "")
    if not info.dims:
        return f"{head}\n{info.name} = {fmt(info.default)}"
    values = _checked(model, info.name, element_defaults(model).get(info.name))
    combos = model.elements(info.name) if lever.combo is None else [lever.combo]

    def value(combo: tuple[str, ...]) -> str:
        if values is None:
            return "?"
        index = tuple(model.subscripts[d].index(e) for d, e in zip(info.dims, combo))
        return fmt(float(values[index]))

    if len(info.dims) == 2 and lever.combo is None:
        rows_dim, cols_dim = info.dims
        rows = [[r, *(value((r, c)) for c in model.subscripts[cols_dim])] for r in model.subscripts[rows_dim]]
        grid = table(rows, [f"{rows_dim} \\ {cols_dim}", *model.subscripts[cols_dim]])
        example = toml_key(element_key(info.name, combos[-1]))
        return f"{head}\n\n{grid}\n\nOne element: {example} = VALUE (row, column)."
    rows = [[toml_key(element_key(info.name, c)), value(c)] for c in combos]
    return f"{head}\n\n" + table(rows, ["element", "default"])


__all__ = ["constant_table", "levers_table"]
