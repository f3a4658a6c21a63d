"""The reference engine: PySD running the cached translation."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import EngineError, NonFiniteError
from ..loading.changes import TimeVarying
from ..loading.model import Model
from .base import Change, Engine, RunPlan, RunResult, Setting, assemble, settings


def _knots(changes: Sequence[TimeVarying], plan: RunPlan) -> list[float]:
    """Times between which every one of ``changes`` is linear over the plan's horizon (and a step beyond)."""
    return sorted({t for c in changes for t in c.knots(plan.start, plan.end, plan.time_step)})


def _value(setting: Setting, t: float, plan: RunPlan) -> float:
    """``setting`` at time ``t``, held at the horizon's values beyond its ends."""
    if isinstance(setting, Change):
        return setting.value_at(min(max(t, plan.start), plan.end))
    return float(setting)


def _time_series(change: Change, plan: RunPlan) -> pd.Series:
    """A time series PySD interpolates into ``change`` (a step change or a time series).

    PySD turns a Series parameter into a time lookup with linear
    interpolation (``numpy.interp``) between the points given: here each
    change's knots, where a step is a ramp squeezed into a sliver shorter than
    any time step, ending at the change year, so every step time sees either
    the old or the new value exactly, as Simlin's ``IF time >= year`` does;
    a series' points within the horizon are kept as they are.
    """
    times = _knots([change], plan)
    return pd.Series([_value(change, t, plan) for t in times], index=times)


def _array_param(pm: Any, model: Model, name: str, per: dict[tuple[str, ...], Setting], plan: RunPlan) -> Any:
    """What PySD is given for an arrayed constant with some elements set.

    The model's own values of the array (PySD's component, as translated)
    with the set elements replaced: an ``xarray.DataArray`` with the model's
    dims and coords; with a value that varies with time in some element, a
    function of PySD's clock that returns such an array, each varying element
    interpolated linearly (``numpy.interp``) between its knots, as PySD does
    with :func:`_time_series` for a scalar. (A Series of arrays would do the
    same, but PySD concatenates all of them at every step: seconds a step for
    a series of a thousand points.)
    """
    import xarray as xr

    try:
        default = pm[name]
    except Exception as exc:  # noqa: BLE001 - PySD's own errors, reported with the constant
        raise EngineError(f"{model.path}: PySD has no value for {name}: {type(exc).__name__}: {exc}") from None
    dims = model.variables[name].dims
    if not isinstance(default, xr.DataArray) or tuple(default.dims) != dims:
        raise EngineError(f"{model.path}: PySD's {name} is not an array over {', '.join(dims)}")

    def at(t: float) -> xr.DataArray:
        values = default.copy(deep=True).astype(np.float64)
        for combo, setting in per.items():
            values.loc[dict(zip(dims, combo))] = _value(setting, t, plan)
        return values

    fixed = at(plan.start)
    varying = {combo: s for combo, s in per.items() if isinstance(s, Change)}
    if not varying:
        return fixed
    positions = [tuple(list(default.coords[d].values).index(e) for d, e in zip(dims, combo)) for combo in varying]
    knots = [np.array(_knots([s], plan)) for s in varying.values()]
    points = [np.array([_value(s, t, plan) for t in k]) for s, k in zip(varying.values(), knots)]
    data = fixed.values

    def component() -> xr.DataArray:
        t = float(pm.time())
        values = data.copy()
        for cell, k, v in zip(positions, knots, points):
            values[cell] = np.interp(t, k, v)
        return xr.DataArray(values, coords=fixed.coords, dims=fixed.dims)

    return component


def _failing_variable(exc: BaseException, model: Model) -> str:
    """The model variable whose equation raised ``exc`` (its PySD function), if any."""
    name = "a variable"
    tb = exc.__traceback__
    while tb is not None:
        func = tb.tb_frame.f_code.co_name
        if func in model.variables:
            name = func
        tb = tb.tb_next
    return name


def _time_of(pm: Any) -> str:
    try:
        return f"{float(pm.time()):g}"
    except Exception:  # the model never started: no clock to read
        return "unknown"


class PySDEngine(Engine):
    """PySD (the reference engine). About 0.1 s for 200 years at dt 0.125."""

    name = "pysd"
    methods = ("euler",)

    def check_method(self, method: object) -> None:
        """Refuse any integration method but Euler, the only one PySD runs.

        Raises
        ------
        EngineError
        """
        if method == "rk4":
            raise EngineError("engine pysd integrates with Euler only (allowed method: euler); "
                              "use --engine simlin for rk4")
        super().check_method(method)

    def version(self) -> str:
        import pysd

        return str(pysd.__version__)

    def simulate(self, model: Model, plan: RunPlan) -> RunResult:
        import pysd

        self.check_method(plan.method)
        # The translation is made (or checked against its manifest) here, outside
        # the run's error handling: a refused cache or model is a ModelError.
        py_file = str(model.python_file)
        names = self.output_names(model, plan)
        scalars, arrays = settings(model, plan.constants, plan.changes)
        params: dict[str, Any] = {
            k: _time_series(v, plan) if isinstance(v, Change) else v for k, v in scalars.items()}
        with warnings.catch_warnings():
            # PySD warns when a constant becomes time-dependent: that is the
            # point of a step change or a time series, not news.
            warnings.simplefilter("ignore")
            try:
                pm = pysd.load(py_file)
                for name, per in arrays.items():
                    params[name] = _array_param(pm, model, name, per, plan)
                out = pm.run(
                    params=params,
                    initial_condition=(plan.start, {}),
                    final_time=plan.end,
                    time_step=plan.time_step,
                    saveper=plan.save_period,
                    return_columns=names,
                    progress=False,
                )
            except (ZeroDivisionError, OverflowError, FloatingPointError) as exc:
                # PySD computes in Python floats, which raise where Simlin
                # gives inf or NaN: report it the way a non-finite result is.
                where = _failing_variable(exc, model)
                at = _time_of(locals().get("pm"))
                raise NonFiniteError(
                    f"{model.path}: {where} is not finite ({type(exc).__name__}: {exc}) at time {at}"
                ) from None
            except EngineError:
                raise
            except Exception as exc:
                raise EngineError(
                    f"{model.path}: PySD run failed: {type(exc).__name__}: {exc}"
                ) from exc
        # Columns are named by Python name or Vensim name, with "[a,b]" per element.
        py_by_real = {v.real_name: k for k, v in model.variables.items()}
        flat: dict[str, np.ndarray] = {}
        for col in out.columns:
            base, bracket, rest = str(col).partition("[")
            key = py_by_real.get(base, base) + bracket + rest.replace(", ", ",")
            flat[key] = np.asarray(out[col].to_numpy(), dtype=np.float64)
        try:
            series = {n: assemble(model, n, flat) for n in names}
        except KeyError as exc:
            raise EngineError(f"{model.path}: PySD returned no values for {exc.args[0]}") from None
        return RunResult(time=np.asarray(out.index, dtype=np.float64), series=series)


class PySDBatch:
    """Many runs of one scenario on PySD: a fresh model per run (PySD keeps state)."""

    def __init__(self, model: Model, plan: RunPlan) -> None:
        self.model = model
        self.plan = plan
        self.engine = PySDEngine()
        self.time = plan.save_times()

    def run(self, overrides: dict[str, float]) -> dict[str, np.ndarray]:
        """One run with the plan's constants and ``overrides`` set."""
        plan = dataclasses.replace(self.plan, constants={**self.plan.constants, **overrides})
        return dict(self.engine.simulate(self.model, plan).series)
