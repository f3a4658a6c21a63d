"""Global sensitivity analysis with SALib: Sobol' indices or Morris screening.

The uncertain parameters are sampled in the unit cube by SALib and mapped to
their distributions (inverse CDF), so the indices are those of the
distributions in the uncertainty file, not of uniform ranges. The output is an
indicator of each run (see :data:`OUTPUTS`) or the final value of any model
variable.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from .engines import RunPlan, get_batch
from .errors import EngineError, ScenarioError
from .scenario import Scenario
from .uncertainty import UncertaintySet

METHODS = ("sobol", "morris")


def _years_over(ts: np.ndarray, series: dict[str, np.ndarray]) -> float:
    period = float(ts[1] - ts[0]) if len(ts) > 1 else 0.0
    return float(np.count_nonzero(series["load_ratio"] > 1) * period)


def _first_over(ts: np.ndarray, series: dict[str, np.ndarray]) -> float:
    idx = np.flatnonzero(series["load_ratio"] > 1)
    return float(ts[idx[0]]) if idx.size else float(ts[-1]) + (ts[1] - ts[0] if len(ts) > 1 else 1.0)


#: Indicators a sensitivity analysis can explain: (variables needed, function of a run).
OUTPUTS: dict[str, tuple[tuple[str, ...], Callable[[np.ndarray, dict[str, np.ndarray]], float]]] = {
    "years_in_overshoot": (("load_ratio",), _years_over),
    "first_overshoot_year": (("load_ratio",), _first_over),
    "max_load_ratio": (("load_ratio",), lambda ts, s: float(np.max(s["load_ratio"]))),
    "min_ecosystem_health": (("ecosystem_health",), lambda ts, s: float(np.min(s["ecosystem_health"]))),
    "cumulative_entropy": (("cumulative_entropy",), lambda ts, s: float(s["cumulative_entropy"][-1])),
    "cumulative_virgin_extraction": (("virgin_reserve",),
                                     lambda ts, s: float(s["virgin_reserve"][0] - s["virgin_reserve"][-1])),
    "cumulative_output": (("industrial_output",),
                          lambda ts, s: float(np.trapezoid(s["industrial_output"], ts))),
}


def _output(sc: Scenario, output: str) -> tuple[tuple[str, ...], Callable[[np.ndarray, dict[str, np.ndarray]], float]]:
    if output in OUTPUTS:
        return OUTPUTS[output]
    if output in sc.model.variables:
        return (output,), lambda ts, s: float(s[output][-1])
    raise ScenarioError(
        f"unknown output {output!r}; allowed: {', '.join(OUTPUTS)}, or a variable of model {sc.model.name} "
        "(its final value)"
    )


def sensitivity(sc: Scenario, uncertain: UncertaintySet, method: str = "sobol", output: str = "years_in_overshoot",
                n: int = 512, seed: int = 0, engine: str = "simlin") -> pd.DataFrame:
    """Global sensitivity of ``output`` to the uncertain parameters.

    Parameters
    ----------
    sc : Scenario
    uncertain : UncertaintySet
    method : {"sobol", "morris"}
        Sobol' (Saltelli sampling, ``n * (k + 2)`` runs): first-order ``S1`` and
        total ``ST`` indices with 95% confidence half-widths. Morris
        (``n * (k + 1)`` runs): ``mu_star`` (mean absolute elementary effect, in
        the output's units) and ``sigma``.
    output : str
        An indicator of :data:`OUTPUTS` or a model variable (final value).
    n : int
        Base sample size (a power of 2 for Sobol').

    Returns
    -------
    pandas.DataFrame
        One row per parameter, ranked by ``ST`` (Sobol') or ``mu_star`` (Morris).
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    if method not in METHODS:
        raise ScenarioError(f"unknown method {method!r}; allowed: {', '.join(METHODS)}")
    names = uncertain.names
    k = len(names)
    # SALib skips seeding when the seed is 0 (``if seed:``): shift it so every seed counts.
    salib_seed = seed + 1
    problem = {"num_vars": k, "names": names, "bounds": [[0.0, 1.0]] * k}
    if method == "sobol":
        unit = sobol_sample.sample(problem, n, calc_second_order=False, seed=salib_seed)
    else:
        unit = morris_sample.sample(problem, n, num_levels=4, seed=salib_seed)
    unit = np.clip(unit, 0.0, np.nextafter(1.0, 0.0))
    values = np.column_stack([p.ppf(unit[:, i]) for i, p in enumerate(uncertain.parameters)])
    needed, fn = _output(sc, output)
    plan = RunPlan(sc.start, sc.end, sc.time_step, sc.save_period, dict(sc.constants), dict(sc.changes),
                   needed)
    batch = get_batch(engine, sc.model, plan)
    y = np.empty(len(values))
    for i, row in enumerate(values):
        try:
            y[i] = fn(batch.time, batch.run(dict(zip(names, (float(v) for v in row)))))
        except EngineError as exc:
            raise EngineError(f"sensitivity run {i} failed ({dict(zip(names, row))}): {exc}") from exc
    if not np.all(np.isfinite(y)):
        raise EngineError(f"output {output} is not finite in {int((~np.isfinite(y)).sum())} runs")
    if method == "sobol":
        res = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=salib_seed)
        table = pd.DataFrame({"S1": res["S1"], "S1_conf": res["S1_conf"], "ST": res["ST"],
                              "ST_conf": res["ST_conf"]}, index=pd.Index(names, name="parameter"))
        table = table.sort_values("ST", ascending=False)
    else:
        res = morris_analyze.analyze(problem, unit, y, num_levels=4, seed=salib_seed)
        table = pd.DataFrame({"mu_star": res["mu_star"], "mu_star_conf": res["mu_star_conf"],
                              "sigma": res["sigma"]}, index=pd.Index(names, name="parameter"))
        table = table.sort_values("mu_star", ascending=False)
    table.attrs.update(method=method, output=output, runs=len(values), scenario=sc.name)
    return table
