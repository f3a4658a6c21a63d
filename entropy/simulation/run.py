"""Running a scenario: scenario -> engine -> ``xarray.Dataset``.

Both engines give the same Dataset: dimension ``time``; one variable per model
variable, named in snake_case, with ``units`` and ``description`` attributes
(constants are 0-d); and attributes recording the model, its SHA-256, the
scenario as TOML, the engine and its version, the time step, the integration
method and the creation time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone

import numpy as np
import xarray as xr
from numpy.typing import NDArray

from ..engines import RunPlan, get_engine
from ..errors import EngineError, NonFiniteError, ScenarioError
from ..limits import check_run_values
from ..loading.scenario import Scenario, load_scenario
from ..output import provenance
from ..output.provenance import package_version as package_version  # its home; callers import it from here


def _as_scenario(scenario: Scenario | str | os.PathLike[str]) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if not isinstance(scenario, (str, os.PathLike)):
        raise ScenarioError(
            f"expected a Scenario, a scenario file or a shipped scenario's name, "
            f"got {type(scenario).__name__} {scenario!r:.60}"
        )
    return load_scenario(scenario)


def _where(sc: Scenario) -> str:
    return str(sc.source) if sc.source else sc.name


def locate_non_finite(series: Mapping[str, NDArray[np.float64]]) -> tuple[int, str, float, int] | None:
    """Where the first NaN or infinity of a run is, or None when every value is finite.

    "First" is the earliest saved time at which any variable is non-finite;
    among the variables non-finite then, the first in ``series`` order.

    Parameters
    ----------
    series : mapping of str to ndarray
        One array per variable, first axis ``time``.

    Returns
    -------
    tuple of (int, str, float, int) or None
        Time index, variable, its first non-finite value there, and how many
        variables hold a non-finite value somewhere.
    """
    first: tuple[int, str] | None = None
    count = 0
    for name, values in series.items():
        arr = np.asarray(values, dtype=np.float64)
        bad_rows = ~np.isfinite(arr.reshape(arr.shape[0], -1)).all(axis=1) if arr.ndim else None
        if bad_rows is None:
            if np.isfinite(arr):
                continue
            index = 0
        elif not bad_rows.any():
            continue
        else:
            index = int(np.argmax(bad_rows))
        count += 1
        if first is None or index < first[0]:
            first = (index, name)
    if first is None:
        return None
    index, name = first
    arr = np.asarray(series[name], dtype=np.float64)
    flat = np.ravel(arr[index] if arr.ndim else arr)
    return index, name, float(flat[~np.isfinite(flat)][0]), count


def first_non_finite(time: NDArray[np.float64], series: Mapping[str, NDArray[np.float64]]) -> str | None:
    """Describe the first NaN or infinity in a run's series (see :func:`locate_non_finite`), or None.

    Returns
    -------
    str or None
        E.g. ``"load_ratio is inf at time 2103 (2 more variables non-finite)"``.
    """
    found = locate_non_finite(series)
    if found is None:
        return None
    index, name, value, count = found
    at = float(time[index]) if len(time) > index else float("nan")
    more = count - 1
    tail = f" ({more} more variable{'s' if more > 1 else ''} non-finite)" if more else ""
    return f"{name} is {value} at time {at:g}{tail}"


@provenance.api("entropy.run")
def run(
    scenario: Scenario | str | os.PathLike[str],
    engine: str = "pysd",
    variables: Iterable[str] | None = None,
    end: float | None = None,
    time_step: float | None = None,
    finite: bool = True,
    method: str = "euler",
) -> xr.Dataset:
    """Run one scenario and return its results.

    Parameters
    ----------
    scenario : Scenario, str or path-like
        A loaded scenario, a scenario file, or a shipped scenario's name.
    engine : {"pysd", "simlin"}
        ``pysd`` is the reference engine; ``simlin`` is about 30 times faster.
    variables : iterable of str, optional
        snake_case names to keep (default: every variable).
    end : float, optional
        Override the scenario's end year (Year).
    time_step : float, optional
        Override the scenario's time step (Year).
    finite : bool
        Raise :class:`EngineError` (naming the first variable and time) if any
        value is NaN or infinite (the default); False returns such a run as it
        is, for ``entropy check`` to report.
    method : {"euler", "rk4"}
        Integration method; ``rk4`` (fourth-order Runge-Kutta) needs engine
        ``simlin``, as PySD integrates with Euler only.

    Returns
    -------
    xarray.Dataset
        Dimension ``time`` (model time units); see the module docstring.

    Raises
    ------
    ScenarioError
        Bad scenario or unknown variable names.
    EngineError
        Unknown engine or method, a method the engine cannot run, the engine
        failed, or (with ``finite``) produced NaN or infinity.
    """
    eng = get_engine(engine)
    eng.check_method(method)
    sc = _as_scenario(scenario)
    if end is not None or time_step is not None:
        sc = sc.with_horizon(end=end, time_step=time_step)
    model = sc.model
    chosen: tuple[str, ...] | None = None
    if variables is not None:
        chosen = tuple(dict.fromkeys(variables))
        unknown = [v for v in chosen if v not in model.variables]
        if unknown:
            raise ScenarioError(
                f"{sc.name}: unknown variable {unknown[0]!r} of model {model.name}; "
                f"allowed: the snake_case names that `entropy levers` and the Dataset use"
            )
    plan = RunPlan(
        start=sc.start,
        end=sc.end,
        time_step=sc.time_step,
        save_period=sc.save_period,
        constants=dict(sc.constants),
        changes=dict(sc.changes),
        variables=chosen,
        method=method,
    )
    check_run_values(_where(sc), len(plan.save_times()),
                     sum(model.element_count(n) for n in eng.output_names(model, plan)))
    result = eng.simulate(model, plan)
    if not np.all(np.isfinite(result.time)):
        raise EngineError(f"{sc.name}: engine {engine} returned non-finite times")
    problem = first_non_finite(result.time, result.series)
    if problem is not None and finite:
        raise NonFiniteError(f"{_where(sc)}: engine {engine}: {problem}; the run is not valid")
    return assemble(sc, eng.name, eng.version(), method, result.time, result.series)


def assemble(sc: Scenario, engine: str, engine_version: str, method: str, time: NDArray[np.float64],
             series: Mapping[str, NDArray[np.float64]]) -> xr.Dataset:
    """A run's Dataset from an engine's saved times and series (what :func:`run` returns).

    Parameters
    ----------
    sc : Scenario
        The scenario run (its model gives units, names and subscripts).
    engine, engine_version, method : str
        Recorded in the attributes.
    time : ndarray
        Saved times (model time units).
    series : mapping of str to ndarray
        Each variable over time, ``(time, *dims)`` for an arrayed one.
    """
    model = sc.model
    data_vars: dict[str, xr.Variable] = {}
    for key, values in series.items():
        info = model.variables[key]
        attrs = {
            "units": info.units,
            "description": info.comment,
            "long_name": info.real_name,
            "kind": info.kind,
        }
        dims = ("time", *info.dims)
        if info.kind == "constant" and key not in sc.changes and np.all(values == values[:1]):
            data_vars[key] = xr.Variable(dims[1:], values[0], attrs)  # constant: no time axis
        else:
            data_vars[key] = xr.Variable(dims, values, attrs)
    coords: dict[str, tuple[str, object] | tuple[str, object, dict[str, str]]] = {
        "time": ("time", time, provenance.time_attrs(provenance.time_units(model)))
    }
    used = {str(d) for v in data_vars.values() for d in v.dims} - {"time"}
    for dim in sorted(used):
        coords[dim] = (dim, list(model.subscripts[dim]), provenance.subscript_attrs(dim))
    ds = xr.Dataset(data_vars, coords=coords)
    ds.attrs.update(
        {
            "title": f"{model.name}: {sc.name}",
            "model": model.name,
            "model_file": str(model.path),
            "model_sha256": model.sha256,
            "scenario": sc.name,
            "scenario_toml": sc.to_toml(),
            "engine": engine,
            "engine_version": engine_version,
            "time_step": sc.time_step,
            "integration_method": method,
            "save_period": sc.save_period,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "entropy_version": package_version(),
            **provenance.describe(model, [engine]),
        }
    )
    return ds


@provenance.api("entropy.run_many")
def run_many(
    scenarios: Sequence[Scenario | str | os.PathLike[str]],
    engine: str = "pysd",
    variables: Iterable[str] | None = None,
    end: float | None = None,
    time_step: float | None = None,
    method: str = "euler",
) -> xr.Dataset:
    """Run several scenarios of one model into one Dataset with a ``scenario`` dimension.

    The scenarios must share their save times (same horizon and save period).
    ``method`` is the integration method, as in :func:`run`.
    """
    get_engine(engine).check_method(method)
    loaded = [_as_scenario(s) for s in scenarios]
    if end is not None or time_step is not None:
        loaded = [s.with_horizon(end=end, time_step=time_step) for s in loaded]
    names = [s.name for s in loaded]
    if len(set(names)) != len(names):
        raise ScenarioError(f"scenario names must differ to share a file: {names}")
    check_same_times(loaded)
    return stack_runs([run(s, engine=engine, variables=variables, method=method) for s in loaded])


def check_same_times(scenarios: Sequence[Scenario]) -> None:
    """Refuse, before any run, scenarios that would save at different times.

    Scenarios that share one file, table or chart must share their horizon
    and save period; the message is the one :func:`stack_runs` gives.

    Raises
    ------
    ScenarioError
    """
    if not scenarios:
        return
    first = scenarios[0]
    for sc in scenarios[1:]:
        if (sc.start, sc.end, sc.save_period) != (first.start, first.end, first.save_period):
            raise ScenarioError(
                f"scenarios {first.name} and {sc.name} save at different times "
                f"({first.start:g}-{first.end:g} every {first.save_period:g} vs "
                f"{sc.start:g}-{sc.end:g} every {sc.save_period:g}); write them to separate files"
            )


@provenance.api("entropy.stack_runs")
def stack_runs(runs: Sequence[xr.Dataset]) -> xr.Dataset:
    """Stack single-scenario Datasets along a new ``scenario`` dimension."""
    if not runs:
        raise ScenarioError("no scenarios to run")
    names = [str(r.attrs["scenario"]) for r in runs]
    if len(set(names)) != len(names):
        raise ScenarioError(f"scenario names must differ to share a file: {names}")
    first = runs[0]
    for r in runs[1:]:
        if r.sizes.get("time") != first.sizes.get("time") or not np.allclose(r["time"], first["time"]):
            raise ScenarioError(
                f"scenarios {first.attrs['scenario']} and {r.attrs['scenario']} save at "
                "different times; write them to separate files"
            )
        if r.attrs["model_sha256"] != first.attrs["model_sha256"]:
            raise ScenarioError("scenarios of different models cannot share one file")
    stacked = xr.concat(
        [r.assign_coords(time=first["time"]) for r in runs],
        dim="scenario",
        data_vars="all",
        coords="minimal",
        compat="override",
        combine_attrs="override",
    )
    stacked = stacked.assign_coords(scenario=("scenario", names))
    stacked.attrs["scenario"] = ",".join(names)
    stacked.attrs["scenario_toml"] = "\n".join(
        f"# --- {n}\n{r.attrs['scenario_toml']}" for n, r in zip(names, runs)
    )
    stacked.attrs["title"] = f"{first.attrs['model']}: {', '.join(names)}"
    stacked.attrs["history"] = provenance.merge_history(r.attrs.get("history") for r in runs)
    return stacked
