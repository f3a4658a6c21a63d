"""Global sensitivity analysis with SALib: Sobol' indices or Morris screening.

The uncertain parameters are sampled in the unit cube by SALib and mapped to
their distributions (inverse CDF), so the indices are those of the
distributions in the uncertainty file, not of uniform ranges. The output is an
indicator of each run (see :data:`OUTPUTS`) or the final value of any model
variable. Every argument is checked before the first run; a run that fails or
gives a non-finite output stops the analysis with its number and parameters;
an output that does not vary gives NaN indices and says so (``attrs["note"]``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import NDArray

from . import accounting as acc
from ..engines import BATCH_ENGINES, NumpyBatch, RunPlan, get_batch, numpy_supports
from ..engines.numpy_engine import BLOCK
from ..simulation.ensemble_options import check_table_out
from ..errors import EngineError, EntropyError, ScenarioError
from ..limits import MAX_SENSITIVITY_RUNS, MAX_SENSITIVITY_SAMPLES, check_count
from ..output import provenance
from ..output.files import atomic_write
from .robustness import LOAD
from ..loading.scenario import Scenario
from ..loading.uncertainty import UncertaintySet, check_not_set, check_seed

METHODS = ("sobol", "morris")
#: Smallest base sample size: with one, Morris has no spread and Sobol' no estimate.
MIN_SAMPLES = 2


def _censored_year(year: float, ds: xr.Dataset) -> float:
    """An event year, or one save period past the horizon if it never happens (NaN)."""
    if math.isfinite(year):
        return year
    t = ds["time"].values
    return float(t[-1]) + (float(t[1] - t[0]) if len(t) > 1 else 1.0)


def _last(var: str) -> Callable[[xr.Dataset], float]:
    return lambda ds: float(ds[var].values[-1])


def _peak(var: str) -> Callable[[xr.Dataset], float]:
    return lambda ds: float(ds[var].max())


def _decline(ds: xr.Dataset) -> float:
    out = ds["industrial_output"].values
    peak = float(out.max())
    return (peak - float(out[-1])) / peak if peak > 0 else 0.0


def _collapse(ds: xr.Dataset) -> float:
    return float(acc.collapsed(ds))


_OUTPUT = ("industrial_output",)
_RECOVERED = ("scrap_remelted", "remanufacturing", "by_product_utilisation", "domestic_material_consumption")

#: Indicators a sensitivity analysis can explain, by the names of
#: :data:`entropy.analysis.indicators.INDICATORS` and with their definitions (the same
#: :mod:`entropy.accounting` functions): the variables each needs and the
#: function of a run (a Dataset of those variables over ``time``). An event that
#: never happens within the horizon (``first_overshoot_year``, the depletion
#: years) is counted one save period after it, so that every run has a finite
#: output; how many runs were so censored is in the result's ``attrs``.
OUTPUTS: dict[str, tuple[tuple[str, ...], Callable[[xr.Dataset], float]]] = {
    "years_in_overshoot": ((LOAD,), acc.years_in_overshoot),
    "first_overshoot_year": ((LOAD,), lambda ds: _censored_year(acc.first_overshoot_year(ds), ds)),
    "max_load_ratio": ((LOAD,), _peak(LOAD)),
    "max_land_load": (("land_load_ratio",), _peak("land_load_ratio")),
    "max_persistent_load": (("persistent_load_ratio",), _peak("persistent_load_ratio")),
    "max_emission_load": (("emission_load_ratio",), _peak("emission_load_ratio")),
    "min_ecosystem_health": (("ecosystem_health",), acc.min_ecosystem_health),
    "collapse": (("ecosystem_health", "collapse_threshold"), _collapse),
    "peak_output": (_OUTPUT, _peak("industrial_output")),
    "final_output": (_OUTPUT, _last("industrial_output")),
    "decline_from_peak": (_OUTPUT, _decline),
    "cumulative_output": (_OUTPUT, lambda ds: acc.cumulative(ds, "industrial_output")),
    "cumulative_entropy": (("cumulative_entropy",), _last("cumulative_entropy")),
    "non_renewable_entropy": (("cumulative_non_renewable_entropy",), _last("cumulative_non_renewable_entropy")),
    "cumulative_co2": (("cumulative_co2",), _last("cumulative_co2")),
    "cumulative_ore_mined": (("ore_reserve",), lambda ds: float(ds["ore_reserve"][0] - ds["ore_reserve"][-1])),
    "ore_depletion_year": (("ore_reserve",), lambda ds: _censored_year(acc.depletion_year(ds, "ore_reserve"), ds)),
    "fossil_depletion_year": (("fossil_reserve",),
                              lambda ds: _censored_year(acc.depletion_year(ds, "fossil_reserve"), ds)),
    "circularity": (_RECOVERED, acc.circularity_over_horizon),
}
#: Outputs that are event years, censored one save period after the horizon when the event never happens.
CENSORED = {"first_overshoot_year": LOAD, "ore_depletion_year": "ore_reserve",
            "fossil_depletion_year": "fossil_reserve"}


_REGIONAL_LOAD = "regional_binding_load_ratio"
_REGIONAL_OUTPUT = ("regional_output",)


def _regional_years_over(ds: xr.Dataset) -> float:
    t = ds["time"].values
    return float(np.count_nonzero(ds[_REGIONAL_LOAD].values > 1.0)) * (float(t[1] - t[0]) if len(t) > 1 else 0.0)


def _regional_first_over(ds: xr.Dataset) -> float:
    over = np.flatnonzero(ds[_REGIONAL_LOAD].values > 1.0)
    return _censored_year(float(ds["time"].values[over[0]]) if over.size else float("nan"), ds)


def _regional_health(ds: xr.Dataset) -> float:
    return min(float(ds["ecosystem_health"].min()), float(ds["regional_ecosystem_health"].min()))


def _regional_decline(ds: xr.Dataset) -> float:
    out = ds["regional_output"].values
    peak = float(out.max())
    return (peak - float(out[-1])) / peak if peak > 0 else 0.0


def _summed_last(var: str) -> Callable[[xr.Dataset], float]:
    return lambda ds: float(ds[var].isel(time=-1).sum())


_HEALTH = ("ecosystem_health", "regional_ecosystem_health")
#: The same indicators for the regional model, read as :mod:`entropy.regional`
#: reads them: the binding load over every local environment and the shared
#: sink, the lowest health of any ecosystem, output and emissions summed.
REGIONAL_OUTPUTS: dict[str, tuple[tuple[str, ...], Callable[[xr.Dataset], float]]] = {
    "years_in_overshoot": ((_REGIONAL_LOAD,), _regional_years_over),
    "first_overshoot_year": ((_REGIONAL_LOAD,), _regional_first_over),
    "max_load_ratio": ((_REGIONAL_LOAD,), _peak(_REGIONAL_LOAD)),
    "min_ecosystem_health": (_HEALTH, _regional_health),
    "collapse": ((*_HEALTH, "collapse_threshold"),
                 lambda ds: float(_regional_health(ds) < float(ds["collapse_threshold"].max()))),
    "peak_output": (_REGIONAL_OUTPUT, _peak("regional_output")),
    "final_output": (_REGIONAL_OUTPUT, _last("regional_output")),
    "decline_from_peak": (_REGIONAL_OUTPUT, _regional_decline),
    "cumulative_output": (_REGIONAL_OUTPUT, lambda ds: acc.cumulative(ds, "regional_output")),
    "cumulative_entropy": (("cumulative_entropy",), _summed_last("cumulative_entropy")),
    "non_renewable_entropy": (("cumulative_non_renewable_entropy",),
                              _summed_last("cumulative_non_renewable_entropy")),
    "cumulative_co2": (("cumulative_co2",), _summed_last("cumulative_co2")),
    "fossil_depletion_year": OUTPUTS["fossil_depletion_year"],
}


def _output(sc: Scenario, output: str) -> tuple[tuple[str, ...], Callable[[xr.Dataset], float]]:
    if _REGIONAL_LOAD in sc.model.variables and output in REGIONAL_OUTPUTS:
        return REGIONAL_OUTPUTS[output]
    if output in OUTPUTS:
        needed, fn = OUTPUTS[output]
        missing = [v for v in needed if v not in sc.model.variables]
        arrayed = [v for v in needed if not missing and sc.model.variables[v].dims]
        if arrayed:
            # The indicators are defined on one series per run; how a regional model's
            # sectors combine into one (highest load? summed output?) is not theirs to guess.
            over = ", ".join(sc.model.variables[arrayed[0]].dims)
            raise ScenarioError(f"output {output!r} needs variable {arrayed[0]!r}, which model {sc.model.name} "
                                f"has over {over}; choose a scalar variable of the model (its final value), "
                                "e.g. a regional total")
        if not missing:
            return needed, fn
        raise ScenarioError(f"output {output!r} needs variable {missing[0]!r}, which model {sc.model.name} "
                            "does not have; choose a variable of the model (its final value)")
    if output in sc.model.variables:
        dims = sc.model.variables[output].dims
        if dims:
            # The indices explain one number per run: an array has one per element.
            raise ScenarioError(f"output {output!r} is subscripted over {', '.join(dims)}; choose a scalar "
                                f"variable of model {sc.model.name} (e.g. a SUM over the array)")
        return (output,), _last(output)
    raise ScenarioError(
        f"unknown output {output!r}; allowed: {', '.join(OUTPUTS)}, or a variable of model {sc.model.name} "
        "(its final value)"
    )


def _check_samples(method: str, n: object, k: int) -> int:
    """Base sample size: see :data:`MIN_SAMPLES`, ``MAX_SENSITIVITY_SAMPLES`` and ``MAX_SENSITIVITY_RUNS``."""
    n = check_count("samples (--samples)", n, MIN_SAMPLES, MAX_SENSITIVITY_SAMPLES)
    if method == "sobol" and n & (n - 1):
        # Saltelli's scheme keeps the balance of Sobol' points only for powers of 2.
        below = 1 << (n.bit_length() - 1)
        raise EntropyError(f"samples (--samples) = {n:,}: Sobol' needs a power of 2, e.g. {below:,} or "
                           f"{below * 2:,}; allowed: {MIN_SAMPLES} to {MAX_SENSITIVITY_SAMPLES:,}")
    runs = n * (k + 2 if method == "sobol" else k + 1)
    if runs > MAX_SENSITIVITY_RUNS:
        raise EntropyError(f"samples (--samples) = {n:,} with {k} parameters makes {runs:,} {method} runs; "
                           f"allowed at most {MAX_SENSITIVITY_RUNS:,}")
    return n


def _run_all(sc: Scenario, uncertain: UncertaintySet, engine: str, output: str,
             values: NDArray[np.float64],
             on_progress: Callable[[int, int], object] | None = None) -> tuple[NDArray[np.float64], float, str]:
    """The output of every run; the first run that fails or is not finite is an error.

    ``on_progress(done, total)`` is called about a hundred times, as runs finish.

    Returns
    -------
    y : numpy.ndarray
        One value per row of ``values``.
    last : float
        The last saved time (an event year above it was censored).
    engine : str
        The engine that ran (``numpy`` in place of ``simlin`` where it can).
    """
    needed, fn = _output(sc, output)
    plan = RunPlan(sc.start, sc.end, sc.time_step, sc.save_period, dict(sc.constants), dict(sc.changes),
                   needed)
    if engine in ("simlin", "numpy") and numpy_supports(sc.model, plan) is None:
        engine = "numpy"  # Simlin's numbers, every run at once
    batch = get_batch(engine, sc.model, plan)
    names = uncertain.names
    every: dict[str, NDArray[np.float64]] = {}
    y = np.empty(len(values))
    report_every = max(1, len(values) // 100)
    for i, row in enumerate(values):
        if on_progress is not None and i % report_every == 0:
            on_progress(i, len(values))
        where = f"sensitivity run {i} of {len(values)} ({', '.join(f'{k}={v:.6g}' for k, v in zip(names, row))})"
        try:
            if isinstance(batch, NumpyBatch):  # a block of runs at once, then one by one from it
                if i % BLOCK == 0:
                    block = values[i:i + BLOCK]
                    every = batch.run_many({k: block[:, j] for j, k in enumerate(names)}, runs=len(block))
                series = {v: every[v][:, i % BLOCK] for v in needed}
            else:
                series = batch.run(dict(zip(names, (float(v) for v in row))))
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - any engine failure is reported with its run
            detail = str(exc) if isinstance(exc, EntropyError) else f"{type(exc).__name__}: {exc}"
            raise EngineError(f"{where} failed: {detail}") from exc
        for v in needed:
            rows = np.asarray(series[v]).reshape(len(batch.time), -1)  # one row per saved time
            bad = np.flatnonzero(~np.isfinite(rows).all(axis=1))
            if bad.size:
                first = rows[bad[0]][~np.isfinite(rows[bad[0]])][0]
                raise EngineError(f"{where}: {v} is not finite ({first}) from time "
                                  f"{batch.time[bad[0]]:g}; indices need a finite output in every run")
        run = xr.Dataset({v: (("time", *sc.model.variables[v].dims), series[v]) for v in needed},
                         coords={"time": batch.time})
        y[i] = fn(run)
        if not math.isfinite(y[i]):
            raise EngineError(f"{where}: output {output} is {y[i]} (not finite)")
    return y, float(batch.time[-1]), engine


@provenance.api("entropy.sensitivity")
def sensitivity(sc: Scenario, uncertain: UncertaintySet, method: str = "sobol", output: str = "years_in_overshoot",
                n: int = 512, seed: int = 0, engine: str = "simlin",
                on_progress: Callable[[int, int], object] | None = None) -> pd.DataFrame:
    """Global sensitivity of ``output`` to the uncertain parameters.

    Parameters
    ----------
    sc : Scenario
        Must not set any uncertain constant.
    uncertain : UncertaintySet
    method : {"sobol", "morris"}
        Sobol' (Saltelli sampling, ``n * (k + 2)`` runs): first-order ``S1`` and
        total ``ST`` indices with 95% confidence half-widths. Morris
        (``n * (k + 1)`` runs): ``mu_star`` (mean absolute elementary effect, in
        the output's units) and ``sigma``.
    output : str
        An indicator of :data:`OUTPUTS` (defined as in
        :data:`entropy.analysis.indicators.INDICATORS`) or a model variable (its final
        value).
    n : int
        Base sample size, from :data:`MIN_SAMPLES` to
        ``entropy.limits.MAX_SENSITIVITY_SAMPLES`` (a power of 2 for Sobol'),
        and at most ``entropy.limits.MAX_SENSITIVITY_RUNS`` runs in all.
    seed : int
        From 0 to ``2**63 - 1``.
    engine : {"simlin", "pysd", "numpy"}
        ``simlin`` runs on the numpy batch engine where it can run the model
        (Simlin's numbers, every run of a block at once), else on Simlin;
        ``numpy`` insists on it.
    on_progress : callable, optional
        Called with (runs done, runs in all) about a hundred times (a progress bar).

    Returns
    -------
    pandas.DataFrame
        One row per parameter, ranked by ``ST`` (Sobol') or ``mu_star``
        (Morris). ``attrs``: ``method``, ``output``, ``runs``, ``scenario``,
        ``samples``, ``seed``, ``engine``, ``varies`` (False if the output is
        the same in every run: the indices are then undefined, NaN, not 0),
        ``note`` (why, or "") and ``censored`` (runs in which an event-year
        output never happened within the horizon and was counted one save
        period after it; 0 for other outputs).

    Raises
    ------
    EntropyError
        For a bad argument (before any run), and ``EngineError`` naming the
        first run that fails or gives a non-finite output.
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    if method not in METHODS:
        raise ScenarioError(f"unknown method {method!r}; allowed: {', '.join(METHODS)}")
    if engine not in BATCH_ENGINES:
        raise EngineError(f"unknown engine {engine!r}; allowed: {', '.join(BATCH_ENGINES)}")
    names = uncertain.names
    k = len(names)
    n = _check_samples(method, n, k)
    seed = check_seed(seed)
    _output(sc, output)
    if sc.model.sha256 != uncertain.model.sha256:
        raise ScenarioError(f"scenario {sc.name} is of model {sc.model.path}, the uncertainty file "
                            f"of {uncertain.model.path}")
    check_not_set(sc, uncertain)
    # SALib skips seeding when the seed is 0 (``if seed:``): shift it so every seed counts.
    salib_seed = seed + 1
    problem = {"num_vars": k, "names": names, "bounds": [[0.0, 1.0]] * k}
    if method == "sobol":
        unit = sobol_sample.sample(problem, n, calc_second_order=False, seed=salib_seed)
    else:
        unit = morris_sample.sample(problem, n, num_levels=4, seed=salib_seed)
    unit = np.clip(unit, 0.0, np.nextafter(1.0, 0.0))
    values = np.column_stack([p.ppf(unit[:, i]) for i, p in enumerate(uncertain.parameters)])
    y, last, ran = _run_all(sc, uncertain, engine, output, values, on_progress)
    censored = int(np.count_nonzero(y > last)) if output in CENSORED else 0
    columns = ["S1", "S1_conf", "ST", "ST_conf"] if method == "sobol" else ["mu_star", "mu_star_conf", "sigma"]
    index = pd.Index(names, name="parameter")
    note = ""
    if np.ptp(y) == 0:
        # The indices divide by the output's variance: with none, they are undefined, not 0.
        note = (f"output {output} does not vary: it is {y[0]:g} in all {len(y)} runs, so the "
                f"sensitivity indices are undefined")
        table = pd.DataFrame(np.nan, index=index, columns=columns)
    elif method == "sobol":
        res = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=salib_seed)
        table = pd.DataFrame({c: res[c] for c in columns}, index=index).sort_values("ST", ascending=False)
    else:
        res = morris_analyze.analyze(problem, unit, y, num_levels=4, seed=salib_seed)
        table = pd.DataFrame({c: res[c] for c in columns}, index=index).sort_values("mu_star", ascending=False)
    table.attrs.update(method=method, output=output, runs=len(values), scenario=sc.name, samples=n, seed=seed,
                       engine=engine, varies=not note, note=note, censored=censored,
                       title=f"{method} sensitivity of {output} in {sc.name}", **provenance.describe(sc.model, [ran]))
    return table


@provenance.api("entropy.analysis.sensitivity.write_table")
def write_table(table: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a sensitivity table atomically: ``.csv`` (CSV) or ``.nc`` (netCDF, with its attrs).

    Raises
    ------
    EntropyError
        For another suffix, or a missing or unwritable folder.
    """
    p = check_table_out(path)
    if p.suffix.lower() == ".csv":
        atomic_write(p, lambda tmp: table.to_csv(tmp, float_format="%.17g"))
        return p
    ds = xr.Dataset.from_dataframe(table)
    # netCDF attributes are text or numbers: a flag is written as 0/1.
    ds.attrs.update({k: int(v) if isinstance(v, bool) else v for k, v in table.attrs.items()})
    stamped = provenance.for_file(ds)  # CF attributes, history naming this command
    atomic_write(p, lambda tmp: stamped.to_netcdf(tmp, engine="h5netcdf"))
    return p
