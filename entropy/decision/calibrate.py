"""Calibration: fit constants to observed series by weighted least squares.

The residual of each observation is ``(simulated - observed) / scale``, with
one scale per series: the mean absolute observed value, so that series in
different units weigh alike and each residual is a relative error (an
assumption; with known measurement errors, weight by them instead). The fit
is ``scipy.optimize.least_squares`` (trust-region reflective, inside each
constant's range); the Jacobian is a forward difference whose runs go to the
engine together. Confidence intervals are the usual linearised ones of
nonlinear regression (Bates and Watts 1988): covariance ``s^2 (J'J)^-1`` with
``s^2`` the residual variance, and Student's t with ``n - p`` degrees of freedom.
They assume independent errors of one variance per scaled series; an
autocorrelated misfit makes them too narrow.

Fit statistics per series are those Sterman recommends (2000, Business
Dynamics ch. 21.4.2): R^2, mean absolute percent error, and Theil's
inequality statistics (Theil 1966), the mean square error split into bias
``U_M``, unequal variation ``U_S`` and unequal covariation ``U_C``
(they add up to 1).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import EngineError, ScenarioError
from ..loading.scenario import Scenario, load_scenario
from ..simulation.ensemble import _batch_engines, run_chunk
from .observations import Observations, read_observations
from .space import LeverRange, parse_levers

__all__ = ["Calibration", "calibrate", "fit_statistics"]

#: Most model runs one calibration may make (each iteration costs one run per constant, plus one).
MAX_CALIBRATION_RUNS = 200_000
_REL_STEP = 1e-6


def fit_statistics(simulated: NDArray[np.float64], observed: NDArray[np.float64]) -> dict[str, float]:
    """Sterman's fit statistics of one series (observed values that are NaN are left out).

    Returns
    -------
    dict
        ``n``, ``r2`` (squared correlation), ``mape`` (mean absolute percent
        error, %, over non-zero observations), ``rmse``, ``mse``, ``theil_um``,
        ``theil_us``, ``theil_uc`` (shares of the MSE; NaN when the MSE is 0).
    """
    ok = np.isfinite(observed) & np.isfinite(simulated)
    s, a = np.asarray(simulated[ok], dtype=float), np.asarray(observed[ok], dtype=float)
    n = int(ok.sum())
    mse = float(np.mean((s - a) ** 2)) if n else math.nan
    nz = a != 0
    mape = float(np.mean(np.abs((s[nz] - a[nz]) / a[nz])) * 100) if nz.any() else math.nan
    ss, sa = (float(s.std()), float(a.std())) if n else (math.nan, math.nan)
    r = float(np.corrcoef(s, a)[0, 1]) if n > 1 and ss > 0 and sa > 0 else math.nan
    if n and mse > 0:
        um = (float(s.mean()) - float(a.mean())) ** 2 / mse
        us = (ss - sa) ** 2 / mse
        uc = 2 * (1 - r) * ss * sa / mse if math.isfinite(r) else 1.0 - um - us
    else:
        um = us = uc = math.nan
    return {"n": n, "r2": r * r if math.isfinite(r) else math.nan, "mape": mape, "rmse": math.sqrt(mse),
            "mse": mse, "theil_um": um, "theil_us": us, "theil_uc": uc}


@dataclass(frozen=True)
class Calibration:
    """What :func:`calibrate` found.

    Attributes
    ----------
    scenario : Scenario
        The base scenario.
    estimates : pandas.DataFrame
        Index: the constants. Columns ``estimate``, ``std_error``, ``ci_low``,
        ``ci_high`` (95%), ``start`` (the scenario's value), ``low``, ``high``
        (the range searched) and ``at_bound`` (an estimate on a bound has no
        meaningful interval).
    statistics : pandas.DataFrame
        One row per series: :func:`fit_statistics`.
    fitted : pandas.DataFrame
        Index: the data's times; the observed and simulated value of each series.
    model_runs : int
    note : str
    """

    scenario: Scenario
    estimates: pd.DataFrame
    statistics: pd.DataFrame
    fitted: pd.DataFrame
    model_runs: int
    note: str

    def calibrated_scenario(self, name: str | None = None) -> Scenario:
        """The base scenario with the fitted values."""
        values = {str(k): float(v) for k, v in self.estimates["estimate"].items()}
        sc = self.scenario.with_overrides(values, origin="calibration")
        worst = self.statistics["mape"].max()
        desc = (f"{self.scenario.name} calibrated by `entropy calibrate` to {len(self.statistics)} observed "
                f"series ({int(self.statistics['n'].sum())} values; largest MAPE {worst:.3g}%).")
        return replace(sc, name=name or f"{self.scenario.name}-calibrated", description=desc, source=None)


def calibrate(
    scenario: Scenario | str | os.PathLike[str],
    data: Observations | str | os.PathLike[str],
    params: Sequence[str],
    engine: str = "simlin",
    max_runs: int = MAX_CALIBRATION_RUNS,
    on_progress: Callable[[int, int], object] | None = None,
) -> Calibration:
    """Fit ``params`` (``NAME`` or ``NAME=LOW:HIGH``) of ``scenario`` to the observed series.

    Raises
    ------
    EntropyError
        For a bad argument before any run; ``EngineError`` if the run at the
        starting values fails.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    obs = data if isinstance(data, Observations) else read_observations(data, sc.model, sc)
    ranges = parse_levers(sc, params, where="--params")
    n_obs = obs.count
    if n_obs <= len(ranges):
        raise ScenarioError(f"--params: {len(ranges)} constants need more than {len(ranges)} observed values; "
                            f"the data have {n_obs}")
    start = np.array([_current(sc, lv) for lv in ranges])
    fit = _Fit(sc, obs, ranges, engine, max_runs, on_progress)
    from scipy.optimize import least_squares

    r0 = fit.residuals(start)
    if not np.all(np.isfinite(r0)):
        raise EngineError("the run at the starting values gives no finite value at some observed time; "
                          "check the data's variables and the scenario")
    lo = np.array([lv.low for lv in ranges])
    hi = np.array([lv.high for lv in ranges])
    res = least_squares(fit.residuals, start, jac=fit.jacobian, bounds=(lo, hi), method="trf", x_scale="jac",
                        max_nfev=max(10, max_runs // (len(ranges) + 1)))
    x = np.asarray(res.x, dtype=float)
    dof = n_obs - len(ranges)
    s2 = float(2 * res.cost) / dof
    jac = np.asarray(res.jac, dtype=float)
    note = [] if res.success else [f"the fit stopped before converging: {res.message}"]
    try:
        cov = s2 * np.linalg.inv(jac.T @ jac)
        se = np.sqrt(np.clip(np.diag(cov), 0, None))
    except np.linalg.LinAlgError:
        se = np.full(len(x), np.inf)
        note.append("the data do not identify the constants separately (J'J is singular): no intervals")
    from scipy.stats import t as student

    q = float(student.ppf(0.975, dof))
    span = hi - lo
    at_bound = (x - lo <= 1e-6 * span) | (hi - x <= 1e-6 * span)
    if at_bound.any():
        names = ", ".join(lv.key for lv, b in zip(ranges, at_bound) if b)
        note.append(f"{names} ended on a bound of the range searched: the interval there is not meaningful")
    estimates = pd.DataFrame({
        "estimate": x, "std_error": se, "ci_low": x - q * se, "ci_high": x + q * se, "start": start,
        "low": lo, "high": hi, "at_bound": at_bound,
    }, index=pd.Index([lv.key for lv in ranges], name="constant"))
    simulated = fit.simulate(x[None, :])[0]
    stats = pd.DataFrame([fit_statistics(simulated[:, j], obs.values[:, j]) for j in range(len(obs.variables))],
                         index=pd.Index(list(obs.variables), name="variable"))
    fitted = pd.DataFrame(index=pd.Index(obs.time, name="time"))
    for j, v in enumerate(obs.variables):
        fitted[f"{v} observed"] = obs.values[:, j]
        fitted[f"{v} simulated"] = simulated[:, j]
    return Calibration(sc, estimates, stats, fitted, fit.runs, "; ".join(note))


def _current(sc: Scenario, lv: LeverRange) -> float:
    """The scenario's value of a constant (its model default where the scenario leaves it),
    pulled inside the range searched."""
    from ..loading.levers import element_defaults

    if lv.key in sc.constants:
        value = sc.constants[lv.key]
    else:
        name, _, elem = lv.key.partition("[")
        if name in sc.constants:
            value = sc.constants[name]
        else:
            info = sc.model.variables[name]
            default = info.default if not info.dims else None
            if default is None:
                arr = element_defaults(sc.model).get(name)
                default = float(np.ravel(arr)[0]) if arr is not None and not elem else None
            value = float(default) if default is not None else lv.centre
    return float(min(max(value, lv.low), lv.high))


class _Fit:
    """Residuals and their Jacobian, each a batch of runs."""

    def __init__(self, sc: Scenario, obs: Observations, ranges: Sequence[LeverRange], engine: str,
                 max_runs: int, on_progress: Callable[[int, int], object] | None) -> None:
        self.obs = obs
        self.names = [lv.key for lv in ranges]
        self.variables = obs.variables
        engines, _ = _batch_engines([sc], self.variables, engine, True)
        self.engine = engines[0]
        self.toml = sc.to_toml()
        self.runs = 0
        self.max_runs = max_runs
        self.on_progress = on_progress
        scale = np.nanmean(np.abs(obs.values), axis=0)
        self.scale = np.where(scale > 0, scale, 1.0)
        self.mask = np.isfinite(obs.values)
        self.span = np.array([lv.high - lv.low for lv in ranges])
        self.lo = np.array([lv.low for lv in ranges])
        self.hi = np.array([lv.high for lv in ranges])

    def simulate(self, xs: NDArray[np.float64]) -> NDArray[np.float64]:
        """The simulated values at the data's times, ``(len(xs), times, series)``."""
        if self.runs + len(xs) > self.max_runs:
            raise EngineError(f"the calibration needed more than {self.max_runs:,} model runs without converging")
        result = run_chunk(self.toml, self.engine, self.variables, self.names, np.asarray(xs, dtype=float))
        self.runs += len(xs)
        if self.on_progress is not None:
            self.on_progress(self.runs, self.max_runs)
        t = np.asarray(result["time"], dtype=float)
        out = np.full((len(xs), len(self.obs.time), len(self.variables)), np.nan)
        for i in range(len(xs)):
            if result["status"][i] != 0:
                continue
            for j, v in enumerate(self.variables):
                out[i, :, j] = np.interp(self.obs.time, t, np.asarray(result["series"][v][i], dtype=float))
        return out

    def _residuals(self, sim: NDArray[np.float64]) -> NDArray[np.float64]:
        r = (sim - self.obs.values[None]) / self.scale[None, None, :]
        return r[:, self.mask]

    def residuals(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        r = self._residuals(self.simulate(np.asarray(x, dtype=float)[None, :]))[0]
        # A failed run is far from the data: a large, finite misfit keeps the search inside what runs.
        return np.where(np.isfinite(r), r, 1e6)

    def jacobian(self, x: NDArray[np.float64], *_: object) -> NDArray[np.float64]:
        x = np.asarray(x, dtype=float)
        h = _REL_STEP * np.maximum(np.abs(x), self.span)
        # Step inward at the upper bound, so every run stays inside the range.
        h = np.where(x + h > self.hi, -h, h)
        rows = np.vstack([x, x + np.diag(h)])
        r = self._residuals(self.simulate(rows))
        r = np.where(np.isfinite(r), r, 1e6)
        return np.asarray(((r[1:] - r[0]) / h[:, None]).T, dtype=float)
