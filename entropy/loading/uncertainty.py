"""Uncertain parameters: a TOML file of distributions, and samples drawn from it.

::

    model = "cluster"
    [parameters.critical_pollution_index]
    distribution = "triangular"      # uniform | triangular | normal | discrete
    min = 1.5
    mode = 2
    max = 5
    reason = "Threshold of ecosystem damage: no local measurement, skewed upwards."

    [parameters.recycling_yield]
    distribution = "normal"          # truncated to the constant's Vensim range
    mean = 0.9
    sd = 0.03

    [parameters.service_life]
    distribution = "discrete"
    values = [10, 15, 20, 30]
    weights = [1, 2, 2, 1]           # optional; equal otherwise

    [parameters."rate[b]"]           # one element of an arrayed constant Rate[Sector]
    distribution = "uniform"
    min = 0.01
    max = 0.05

    [parameters.share]               # every element of Share[Sector,Receiver], one value
    distribution = "uniform"
    min = 0.1
    max = 0.9

Every parameter must be a constant of the model, or an element of an arrayed
one, named by a lever key (see :mod:`entropy.levers`; an arrayed constant's
bare name moves all its elements together, with one sampled value); no element
may be sampled twice. Every value a distribution can take must lie inside the
constant's Vensim range (a normal is truncated to it).
A distribution must have some spread: ``min < max``, ``sd > 0``, discrete weights
not negative with a positive sum (to fix a value, set it in the scenario). A
scenario must not also set an uncertain constant (see :func:`check_not_set`).
Samplers: ``lhs`` (Latin hypercube), ``mc`` (independent draws) and ``sobol``
(scrambled Sobol' points); the same seed gives the same samples.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import EntropyError, ScenarioError
from .changes import TimeSeries
from .levers import covered, find_constant, lookup, toml_key
from ..limits import MAX_ENSEMBLE_RUNS, check_count
from .model import Model, VarInfo, load_model
from .registry import resolve_model
from .scenario import Scenario, parse_toml, read_text_file

DISTRIBUTIONS = ("uniform", "triangular", "normal", "discrete")
SAMPLERS = ("lhs", "mc", "sobol")
_KEYS = {
    "uniform": {"min", "max"},
    "triangular": {"min", "mode", "max"},
    "normal": {"mean", "sd"},
    "discrete": {"values"},
}
_OPTIONAL = {"discrete": {"weights"}}
#: Largest seed: numpy and scipy take any non-negative integer, but a seed must
#: also fit a netCDF int64 attribute so that a result file records it exactly.
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class Uncertain:
    """One uncertain constant and its distribution.

    Attributes
    ----------
    name : str
        Canonical lever key: a constant's snake_case name (a scalar, or every
        element of an arrayed constant, all set to the one sampled value) or
        one element, ``rate[b]``.
    distribution : str
        One of :data:`DISTRIBUTIONS`.
    params : dict
        The distribution's parameters, in the constant's units.
    lower, upper : float
        The constant's Vensim range (a normal is truncated to it).
    reason : str
        Why it is uncertain and where the spread comes from.
    """

    name: str
    distribution: str
    params: dict[str, Any]
    lower: float
    upper: float
    reason: str = ""

    @property
    def constant(self) -> str:
        """snake_case name of the constant: ``rate`` for ``rate[b]``."""
        return self.name.partition("[")[0]

    def ppf(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """Map uniform [0, 1) numbers to values of this distribution (inverse CDF)."""
        from scipy import stats

        p = self.params
        if self.distribution == "uniform":
            return np.asarray(p["min"] + u * (p["max"] - p["min"]), dtype=float)
        if self.distribution == "triangular":
            width = p["max"] - p["min"]  # > 0: checked when the file is read
            c = (p["mode"] - p["min"]) / width
            return np.asarray(stats.triang.ppf(u, c, loc=p["min"], scale=width), dtype=float)
        if self.distribution == "normal":
            a = (self.lower - p["mean"]) / p["sd"]
            b = (self.upper - p["mean"]) / p["sd"]
            x = np.asarray(stats.truncnorm.ppf(u, a, b, loc=p["mean"], scale=p["sd"]), dtype=float)
            # loc + a * scale can round one ulp outside the range the normal is truncated to.
            return np.asarray(np.clip(x, self.lower, self.upper), dtype=float)
        values = np.asarray(p["values"], dtype=float)
        weights = np.asarray(p.get("weights", [1.0] * len(values)), dtype=float)
        cum = np.cumsum(weights / weights.sum())
        idx = np.minimum(np.searchsorted(cum, u, side="right"), len(values) - 1)
        return np.asarray(values[idx], dtype=float)


@dataclass(frozen=True)
class UncertaintySet:
    """The uncertain parameters of one model, read from a file."""

    model: Model
    parameters: tuple[Uncertain, ...]
    source: Path | None = None
    text: str = field(default="", repr=False)

    @property
    def names(self) -> list[str]:
        """Lever keys (snake_case names, or element keys ``rate[b]``), in file order."""
        return [p.name for p in self.parameters]

    def sample(self, n: int, sampler: str = "lhs", seed: int = 0) -> NDArray[np.float64]:
        """``n`` samples, shape ``(n, len(parameters))``, reproducible from ``seed``.

        Raises
        ------
        EntropyError
            If ``sampler`` is unknown, ``n`` is not a whole number from 1 to
            ``MAX_ENSEMBLE_RUNS`` or ``seed`` is not a whole number from 0 to ``MAX_SEED``.
        """
        check_sampler(sampler)
        n = check_count("runs (--runs)", n, 1, MAX_ENSEMBLE_RUNS)
        u = unit_samples(n, len(self.parameters), sampler, check_seed(seed))
        return np.column_stack([p.ppf(u[:, i]) for i, p in enumerate(self.parameters)]) if self.parameters \
            else np.zeros((n, 0))


def check_sampler(sampler: object) -> str:
    """The sampler's name, or an error listing the allowed ones."""
    if not isinstance(sampler, str) or sampler not in SAMPLERS:
        raise ScenarioError(f"unknown sampler {sampler!r}; allowed: {', '.join(SAMPLERS)}")
    return sampler


def unit_samples(n: int, d: int, sampler: str, seed: int) -> NDArray[np.float64]:
    """``n`` points in the unit cube ``[0, 1)^d``."""
    from scipy.stats import qmc

    if d == 0:
        return np.zeros((n, 0))
    if sampler == "lhs":
        return np.asarray(qmc.LatinHypercube(d=d, seed=seed).random(n), dtype=float)
    if sampler == "sobol":
        engine = qmc.Sobol(d=d, scramble=True, seed=seed)
        m = math.ceil(math.log2(max(n, 2)))
        return np.asarray(engine.random_base2(m)[:n], dtype=float)
    return np.asarray(np.random.default_rng(seed).random((n, d)), dtype=float)


def check_seed(seed: object, label: str = "seed (--seed)") -> int:
    """A seed: a whole number from 0 to ``MAX_SEED``, or a clear error.

    Floats are refused even when whole (``1e3``): a seed is an identity, and
    ``1.5`` or ``-1`` silently turned into something else would give results
    that cannot be reproduced from what the user wrote.

    Raises
    ------
    EntropyError
        Naming ``label`` and the allowed range.
    """
    if isinstance(seed, (float, np.floating)):
        raise EntropyError(f"{label} must be a whole number, got {seed!r}; allowed: 0 to {MAX_SEED:,}")
    return check_count(label, seed, 0, MAX_SEED)


def check_not_set(sc: Scenario, uncertain: UncertaintySet) -> None:
    """Refuse a scenario that sets, steps or drives by a time series a constant the uncertainty file samples.

    Both cannot hold: the sample would silently replace the scenario's value
    (and the result would record the wrong one), or, with a step change or a
    series, the engines would disagree on which wins. The user must choose.

    Raises
    ------
    ScenarioError
        Naming the scenario file, the parameter and the uncertainty file.
    """
    where = str(sc.source) if sc.source else f"scenario {sc.name}"
    source = str(uncertain.source) if uncertain.source else "the uncertainty set"
    model = sc.model
    for name in uncertain.names:
        sampled = covered(model, name)
        # A scenario key and a parameter clash when they set an element in
        # common: rate and rate[b] do, rate[a] and rate[b] do not.
        for key in [*sc.constants, *sc.changes]:
            if not sampled & covered(model, key):
                continue
            if key in sc.constants:
                how = f"sets it to {sc.constants[key]:g}"
            else:
                c = sc.changes[key]
                how = f"drives it {c.describe()}" if isinstance(c, TimeSeries) else f"changes it {c.describe()}"
            what = "it uncertain" if key == name else f"{name} uncertain"
            raise ScenarioError(
                f"{where}: [levers] {key}: the scenario {how}, but {source} makes {what}; "
                "remove it from the scenario (or from the uncertainty file) to run an ensemble"
            )


def load_uncertainty(path: str | os.PathLike[str], model: Model | None = None) -> UncertaintySet:
    """Read and validate an uncertainty file.

    Parameters
    ----------
    path : str or path-like
        The TOML file (UTF-8; a byte-order mark is accepted).
    model : Model, optional
        Check against this model (default: the file's own ``model``).

    Raises
    ------
    ScenarioError
        Naming the file, the parameter, the key and what is allowed: also for
        unreadable, binary or oversized files, invalid or too deeply nested
        TOML, NaN or infinity, and distributions that cannot be sampled.
    """
    p = Path(path)
    where = str(p)
    text = read_text_file(p, "uncertainty")
    data = parse_toml(text, where)
    unknown = sorted(set(data) - {"model", "description", "parameters"})
    if unknown:
        raise ScenarioError(f"{where}: unknown key {unknown[0]!r}; allowed keys: description, model, parameters")
    if not isinstance(data.get("description", ""), str):
        raise ScenarioError(f"{where}: description must be text (a TOML string)")
    ref = data.get("model")
    if ref is not None and not isinstance(ref, str):
        raise ScenarioError(f"{where}: model must be text: a shipped model name or a .mdl path")
    if model is None:
        if ref is None:
            raise ScenarioError(f"{where}: missing required key 'model' (a shipped model name or a .mdl path)")
        model = load_model(resolve_model(ref, p.parent))
    params = data.get("parameters", {})
    if not isinstance(params, dict) or not params:
        raise ScenarioError(f"{where}: [parameters] must hold at least one [parameters.NAME] table")
    parsed: list[Uncertain] = []
    for name, spec in params.items():
        u = _parse(model, name, spec, where)
        for other in parsed:
            if covered(model, u.name) & covered(model, other.name):
                what = "the same constant" if u.name == other.name else "some of the same elements"
                raise ScenarioError(
                    f"{where}: [parameters.{toml_key(name)}] samples {what} as "
                    f"[parameters.{toml_key(other.name)}]; sample each element once (an arrayed "
                    "constant's bare name samples all its elements)")
        parsed.append(u)
    return UncertaintySet(model, tuple(parsed), p, text)


def _parse(model: Model, name: str, spec: Any, where: str) -> Uncertain:
    label = f"[parameters.{toml_key(name)}]"
    info: VarInfo | None = None
    if "[" in name:
        lever = lookup(model, name, where, origin="[parameters]")
        info, name = lever.info, lever.key
    else:
        info = find_constant(model, name)
        if info is None:
            raise ScenarioError(f"{where}: {label} is not a constant of model {model.name}")
        name = info.name
    if not isinstance(spec, dict):
        raise ScenarioError(f"{where}: {label} must be a table with a 'distribution'")
    dist = spec.get("distribution")
    if not isinstance(dist, str) or dist not in DISTRIBUTIONS:
        raise ScenarioError(f"{where}: {label} distribution {dist!r}; allowed: {', '.join(DISTRIBUTIONS)}")
    keys = set(spec) - {"distribution", "reason"}
    need, optional = _KEYS[dist], _OPTIONAL.get(dist, set())
    if keys - need - optional or need - keys:
        raise ScenarioError(
            f"{where}: {label} a {dist} distribution takes " + ", ".join(sorted(need | optional))
        )
    reason = spec.get("reason", "")
    if not isinstance(reason, str):
        raise ScenarioError(f"{where}: {label} reason must be text (a TOML string)")
    lo = info.minimum if info.minimum is not None else -math.inf
    hi = info.maximum if info.maximum is not None else math.inf
    params: dict[str, Any] = {}
    for key in sorted(keys):
        value = spec[key]
        if key in ("values", "weights"):
            if not isinstance(value, list) or not value or not all(_is_number(v) for v in value):
                raise ScenarioError(f"{where}: {label} {key} must be a non-empty list of finite numbers, "
                                    f"got {_show(value)}")
            params[key] = [float(v) for v in value]
        else:
            if not _is_number(value):
                raise ScenarioError(f"{where}: {label} {key} must be a finite number, got {_show(value)}")
            params[key] = float(value)
    reach = {
        "uniform": [params.get("min"), params.get("max")],
        "triangular": [params.get("min"), params.get("mode"), params.get("max")],
        "normal": [params.get("mean")],
        "discrete": params.get("values", []),
    }[dist]
    for v in reach:
        if v is not None and not lo <= v <= hi:
            raise ScenarioError(f"{where}: {label} value {v:g} is outside the range of {name}: "
                                f"allowed {info.range_text} {info.units}".rstrip())
    _check_shape(dist, params, lo, hi, f"{where}: {label}")
    u = Uncertain(name, dist, params, lo, hi, reason)
    _check_samples(u, f"{where}: {label}")
    return u


def _check_shape(dist: str, params: dict[str, Any], lo: float, hi: float, where: str) -> None:
    """Refuse distributions that are empty or a single point (they give NaN or one value)."""
    if dist in ("uniform", "triangular") and not params["min"] < params["max"]:
        raise ScenarioError(f"{where} min ({params['min']:g}) must be less than max ({params['max']:g}); "
                            "to fix a value, set it in the scenario instead")
    if dist == "triangular" and not params["min"] <= params["mode"] <= params["max"]:
        raise ScenarioError(f"{where} mode ({params['mode']:g}) must lie between min and max")
    if dist == "normal":
        if params["sd"] <= 0:
            raise ScenarioError(f"{where} sd must be positive, got {params['sd']:g}")
        if not lo < hi:
            raise ScenarioError(f"{where} the constant's range [{lo:g}, {hi:g}] leaves the normal no room "
                                "(it is truncated to that range)")
    if dist == "discrete":
        weights = params.get("weights")
        if weights is None:
            weights = [1.0] * len(params["values"])
        if len(weights) != len(params["values"]):
            raise ScenarioError(f"{where} weights must be as many as values: "
                                f"{len(weights)} weights, {len(params['values'])} values")
        if min(weights) < 0:
            raise ScenarioError(f"{where} weights must not be negative, got {min(weights):g}")
        total = sum(weights)  # not math.fsum: it raises OverflowError where sum gives inf
        if not math.isfinite(total) or total <= 0:
            raise ScenarioError(f"{where} weights must have a positive, finite sum (not all zero)")
        if len({v for v, w in zip(params["values"], weights) if w > 0}) < 2:
            raise ScenarioError(f"{where} a discrete distribution needs at least two different values with "
                                "positive weight; to fix a value, set it in the scenario instead")


def _check_samples(u: Uncertain, where: str) -> None:
    """Draw a few quantiles: whatever the shape checks missed (an sd so large or so
    small that the truncated normal has no numerical mass) shows up as NaN here."""
    probe = np.array([0.0, 1e-9, 0.25, 0.5, 0.75, 1 - 1e-9, np.nextafter(1.0, 0.0)])
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x = u.ppf(probe)
    if not np.all(np.isfinite(x)) or np.any(x < u.lower) or np.any(x > u.upper):
        raise ScenarioError(f"{where} the {u.distribution} distribution {json.dumps(u.params)} cannot be "
                            f"sampled inside the range [{u.lower:g}, {u.upper:g}] (it gives NaN or values "
                            "outside it); change its parameters")
    if u.distribution != "discrete" and not x[2] < x[4]:
        # A continuous distribution whose quartiles coincide is numerically a single
        # point (e.g. a normal with an sd of 1e-300, or so wide that the truncation
        # underflows): every run would get the same value.
        raise ScenarioError(f"{where} the {u.distribution} distribution {json.dumps(u.params)} gives a single "
                            f"value ({x[3]:g}) inside the range [{u.lower:g}, {u.upper:g}]; widen it (a normal: "
                            "an sd that spreads it over the range), or set the value in the scenario")


def _is_number(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:  # an integer beyond float range, e.g. 10**400
        return False


def _show(value: Any) -> str:
    """A value for a message, cut short (a TOML array can be very long)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
