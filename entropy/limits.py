"""Documented limits on the work one request may ask for.

Every run, ensemble and sensitivity analysis is checked against these limits
*before* anything is allocated or any engine starts, so that an absurd horizon
(``end = 1e9``), a tiny time step (``time_step = 1e-300``) or ``--runs 1e9``
is a clear error in well under a second instead of a hung or killed process.
The web app uses the tighter ``WEB_*`` limits: one session must never be able
to take the server down for the others.

The figures were measured on a 2-core machine with the cluster model (about 135
variables): Simlin integrates about 600,000 steps a second and its memory grows
with the *saved* points, not the steps (80,000 saved points of every variable:
about 330 MB); PySD integrates about 15,000 steps a second. A limit is
generous for real use (1,000 years at a time step of 1/128 year is 128,000
steps) and still bounded.
"""

from __future__ import annotations

import math
import operator

import numpy as np

from .errors import EntropyError, ScenarioError

#: Largest number of integration steps in one run, ``(end - start) / time_step``.
#: About 2 s on Simlin and a minute on PySD for the cluster model.
MAX_STEPS = 1_000_000

#: Largest number of saved time points in one run.
MAX_SAVED_POINTS = 100_000

#: Largest number of saved values in one run (saved points x variable elements):
#: 20 million float64 values are 160 MB, held about twice (engine and Dataset).
MAX_RUN_VALUES = 20_000_000

#: Largest absolute time value (start, end, the year of a step change), in model
#: time units. Beyond it float64 cannot resolve ordinary time steps reliably.
MAX_ABS_TIME = 1.0e7

#: Largest scenario or uncertainty file, in bytes (a real one is a few kB).
MAX_TEXT_FILE_BYTES = 1024 * 1024

#: Largest time-series CSV file a scenario may read (``{ csv = "..." }``), in bytes.
MAX_SERIES_FILE_BYTES = 1024 * 1024

#: Largest number of points in one time series (a CSV file's rows, or inline
#: ``years``/``values``): 10,000 years of yearly data. A run records the points in its
#: ``scenario_toml`` attribute (about 40 bytes a point), which must stay a readable
#: scenario (``MAX_TEXT_FILE_BYTES``): hence also a limit on all of a scenario's series.
MAX_SERIES_POINTS = 10_000

#: Largest number of time-series points in one scenario, all its series together.
MAX_SCENARIO_SERIES_POINTS = 20_000

#: Largest model file, in bytes (the cluster model is about 47 kB, World3-03 about 300 kB).
MAX_MODEL_FILE_BYTES = 16 * 1024 * 1024

#: Largest number of variable elements in one model (an arrayed variable counts each
#: element; World3-03 has 316): a 100,000 x 100,000 matrix would exhaust memory.
MAX_MODEL_ELEMENTS = 1_000_000

#: Largest number of named loops in a loops file (each is scored at every step).
MAX_NAMED_LOOPS = 100

#: Largest number of runs per scenario in an ensemble.
MAX_ENSEMBLE_RUNS = 1_000_000

#: Largest number of values an ensemble keeps over time (scenarios x runs x
#: saved points x kept variables): 250 million float64 values are 2 GB.
MAX_ENSEMBLE_VALUES = 250_000_000

#: Largest base sample size of a sensitivity analysis (Sobol' makes
#: ``N x (2D + 2)`` runs of it, Morris ``N x (D + 1)``).
MAX_SENSITIVITY_SAMPLES = 65_536

#: Largest number of model runs one sensitivity analysis may make.
MAX_SENSITIVITY_RUNS = 2_000_000

#: Web app: integration steps, saved points and ensemble runs one session may ask for.
WEB_MAX_STEPS = 200_000
WEB_MAX_SAVED_POINTS = 20_000
WEB_MAX_ENSEMBLE_RUNS = 2_000
#: Work one Decide job of the web app may ask for, in model runs x model elements
#: (40,000 runs of the 288-element cluster model, about 2,900 of the regional one:
#: about half a minute each on this 2-core machine).
WEB_MAX_DECISION_WORK = 12_000_000
#: Web app: largest scenario upload, in bytes.
WEB_MAX_UPLOAD_BYTES = 64 * 1024


def step_count(start: float, end: float, time_step: float) -> float:
    """Number of integration steps of a horizon (a float: it may be astronomically large)."""
    return (end - start) / time_step


def check_horizon_work(
    where: str,
    start: float,
    end: float,
    time_step: float,
    save_period: float,
    max_steps: int = MAX_STEPS,
    max_saved: int = MAX_SAVED_POINTS,
) -> None:
    """Refuse a horizon whose steps or saved points exceed the limits.

    Parameters
    ----------
    where : str
        The file or scenario, for the message.
    start, end, time_step, save_period : float
        The horizon (model time units); already checked to be finite, ordered
        and positive.
    max_steps, max_saved : int
        The limits (the web app passes tighter ones).

    Raises
    ------
    ScenarioError
        Naming the key and the allowed range.
    """
    for label, value in (("start", start), ("end", end)):
        if abs(value) > MAX_ABS_TIME:
            raise ScenarioError(
                f"{where}: [horizon] {label} = {value:g} is out of range: allowed "
                f"[-{MAX_ABS_TIME:g}, {MAX_ABS_TIME:g}]"
            )
    # A step too small to move the clock: start + dt == start in float64.
    if (start + time_step) - start < 0.5 * time_step or (end - time_step) >= end:
        raise ScenarioError(
            f"{where}: [horizon] time_step = {time_step:g} is too small to resolve times "
            f"near {max(abs(start), abs(end)):g}"
        )
    steps = step_count(start, end, time_step)
    if not math.isfinite(steps) or steps > max_steps:
        raise ScenarioError(
            f"{where}: [horizon] {end - start:g} years at time_step {time_step:g} is "
            f"{steps:.3g} integration steps; allowed at most {max_steps:,} "
            f"(lengthen time_step to at least {(end - start) / max_steps:.3g} or shorten the horizon)"
        )
    saved = (end - start) / save_period + 1
    if saved > max_saved:
        raise ScenarioError(
            f"{where}: [horizon] save_period {save_period:g} saves {saved:.3g} points; "
            f"allowed at most {max_saved:,} (lengthen save_period to at least "
            f"{(end - start) / (max_saved - 1):.3g})"
        )


def check_run_values(where: str, n_saved: int, n_values: int) -> None:
    """Refuse a run whose saved values (points x variable elements) exceed the limit.

    Raises
    ------
    ScenarioError
    """
    total = n_saved * n_values
    if total > MAX_RUN_VALUES:
        raise ScenarioError(
            f"{where}: {n_saved:,} saved points x {n_values:,} variable elements is "
            f"{total:,} values; allowed at most {MAX_RUN_VALUES:,} (keep fewer variables "
            "or lengthen save_period)"
        )


def check_count(label: str, value: object, lowest: int, highest: int) -> int:
    """A whole number in ``[lowest, highest]``, or a clear error.

    Accepts Python and numpy integers (and floats that are whole numbers, such
    as ``1e3``); refuses booleans, fractions, NaN and infinity.

    Raises
    ------
    EntropyError
        Naming ``label`` and the allowed range.
    """
    allowed = f"allowed: a whole number from {lowest:,} to {highest:,}"
    if isinstance(value, bool):
        raise EntropyError(f"{label} must be a whole number, got {value!r}; {allowed}")
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value) or value != int(value):
            raise EntropyError(f"{label} = {value!r} is not a whole number; {allowed}")
        number = int(value)
    else:
        try:
            number = operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            raise EntropyError(f"{label} must be a whole number, got {value!r}; {allowed}") from None
    if not lowest <= number <= highest:
        raise EntropyError(f"{label} = {number:,} is out of range; {allowed}")
    return number


def check_ensemble_work(
    where: str,
    n_scenarios: int,
    runs: int,
    n_saved: int,
    n_variables: int,
    max_runs: int = MAX_ENSEMBLE_RUNS,
    n_parameters: int = 0,
) -> None:
    """Refuse an ensemble larger than the documented limits, before sampling.

    Parameters
    ----------
    where : str
        What is being checked, for the message (e.g. ``"--runs"``).
    n_scenarios, runs : int
        Scenarios and runs per scenario.
    n_saved : int
        Saved time points per run.
    n_variables : int
        Variables (elements) kept over time.
    max_runs : int
        Runs per scenario allowed (the web app passes a tighter one).
    n_parameters : int
        Uncertain parameters sampled per run (the sample matrix is runs x parameters).

    Raises
    ------
    EntropyError
    """
    check_count(where, runs, 1, max_runs)
    values = n_scenarios * runs * n_saved * max(n_variables, 1)
    if values > MAX_ENSEMBLE_VALUES:
        raise EntropyError(
            f"{where}: {n_scenarios} scenarios x {runs:,} runs x {n_saved:,} saved points x "
            f"{n_variables} variables is {values:,} values ({values * 8 / 2**30:.1f} GiB); "
            f"allowed at most {MAX_ENSEMBLE_VALUES:,} (fewer runs, variables or saved points)"
        )
    samples = runs * n_parameters
    if samples > MAX_ENSEMBLE_VALUES:
        raise EntropyError(
            f"{where}: {runs:,} runs x {n_parameters:,} uncertain parameters is {samples:,} "
            f"sampled values; allowed at most {MAX_ENSEMBLE_VALUES:,} (fewer runs or parameters)"
        )
