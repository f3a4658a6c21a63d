"""Uncertain parameters: a TOML file of distributions, and samples drawn from it.

::

    model = "cluster"
    [parameters.critical_waste_level]
    distribution = "triangular"      # uniform | triangular | normal | discrete
    min = 8
    mode = 15
    max = 30
    reason = "Threshold of ecosystem damage: poorly known, skewed upwards."

    [parameters.recycling_yield]
    distribution = "normal"          # truncated to the constant's Vensim range
    mean = 0.85
    sd = 0.04

    [parameters.product_service_life]
    distribution = "discrete"
    values = [10, 15, 20, 30]
    weights = [1, 2, 2, 1]           # optional; equal otherwise

Every parameter must be a constant of the model; every value a distribution can
take must lie inside the constant's Vensim range (a normal is truncated to it).
Samplers: ``lhs`` (Latin hypercube), ``mc`` (independent draws) and ``sobol``
(scrambled Sobol' points); the same seed gives the same samples.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import ScenarioError
from .model import Model, VarInfo, load_model
from .registry import resolve_model

DISTRIBUTIONS = ("uniform", "triangular", "normal", "discrete")
SAMPLERS = ("lhs", "mc", "sobol")
_KEYS = {
    "uniform": {"min", "max"},
    "triangular": {"min", "mode", "max"},
    "normal": {"mean", "sd"},
    "discrete": {"values"},
}
_OPTIONAL = {"discrete": {"weights"}}


@dataclass(frozen=True)
class Uncertain:
    """One uncertain constant and its distribution.

    Attributes
    ----------
    name : str
        snake_case constant name.
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

    def ppf(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """Map uniform [0, 1) numbers to values of this distribution (inverse CDF)."""
        from scipy import stats

        p = self.params
        if self.distribution == "uniform":
            return np.asarray(p["min"] + u * (p["max"] - p["min"]), dtype=float)
        if self.distribution == "triangular":
            width = p["max"] - p["min"]
            c = (p["mode"] - p["min"]) / width if width > 0 else 0.5
            return np.asarray(stats.triang.ppf(u, c, loc=p["min"], scale=width), dtype=float)
        if self.distribution == "normal":
            a = (self.lower - p["mean"]) / p["sd"]
            b = (self.upper - p["mean"]) / p["sd"]
            return np.asarray(stats.truncnorm.ppf(u, a, b, loc=p["mean"], scale=p["sd"]), dtype=float)
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
        """snake_case names, in file order."""
        return [p.name for p in self.parameters]

    def sample(self, n: int, sampler: str = "lhs", seed: int = 0) -> NDArray[np.float64]:
        """``n`` samples, shape ``(n, len(parameters))``, reproducible from ``seed``."""
        if sampler not in SAMPLERS:
            raise ScenarioError(f"unknown sampler {sampler!r}; allowed: {', '.join(SAMPLERS)}")
        if n < 1:
            raise ScenarioError(f"number of runs must be at least 1, got {n}")
        u = unit_samples(n, len(self.parameters), sampler, seed)
        return np.column_stack([p.ppf(u[:, i]) for i, p in enumerate(self.parameters)]) if self.parameters \
            else np.zeros((n, 0))


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


def load_uncertainty(path: str | os.PathLike[str], model: Model | None = None) -> UncertaintySet:
    """Read and validate an uncertainty file.

    Parameters
    ----------
    path : str or path-like
        The TOML file.
    model : Model, optional
        Check against this model (default: the file's own ``model``).

    Raises
    ------
    ScenarioError
        Naming the file, the parameter and what is allowed.
    """
    p = Path(path)
    where = str(p)
    try:
        text = p.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ScenarioError(f"{where}: cannot read uncertainty file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not valid TOML: {exc}") from exc
    unknown = sorted(set(data) - {"model", "description", "parameters"})
    if unknown:
        raise ScenarioError(f"{where}: unknown key {unknown[0]!r}; allowed keys: description, model, parameters")
    if model is None:
        ref = data.get("model")
        if not isinstance(ref, str):
            raise ScenarioError(f"{where}: missing required key 'model' (a shipped model name or a .mdl path)")
        model = load_model(resolve_model(ref, p.parent))
    params = data.get("parameters", {})
    if not isinstance(params, dict) or not params:
        raise ScenarioError(f"{where}: [parameters] must hold at least one [parameters.NAME] table")
    return UncertaintySet(model, tuple(_parse(model, name, spec, where) for name, spec in params.items()),
                          p, text)


def _parse(model: Model, name: str, spec: Any, where: str) -> Uncertain:
    label = f"[parameters.{name}]"
    info: VarInfo | None = model.constants.get(name)
    if info is None:
        raise ScenarioError(f"{where}: {label} is not a constant of model {model.name}")
    if not isinstance(spec, dict):
        raise ScenarioError(f"{where}: {label} must be a table with a 'distribution'")
    dist = spec.get("distribution")
    if dist not in DISTRIBUTIONS:
        raise ScenarioError(f"{where}: {label} distribution {dist!r}; allowed: {', '.join(DISTRIBUTIONS)}")
    keys = set(spec) - {"distribution", "reason"}
    need, optional = _KEYS[dist], _OPTIONAL.get(dist, set())
    if keys - need - optional or need - keys:
        raise ScenarioError(
            f"{where}: {label} a {dist} distribution takes " + ", ".join(sorted(need | optional))
        )
    lo = info.minimum if info.minimum is not None else -math.inf
    hi = info.maximum if info.maximum is not None else math.inf
    params: dict[str, Any] = {}
    for key in sorted(keys):
        value = spec[key]
        if key in ("values", "weights"):
            if not isinstance(value, list) or not value or not all(_is_number(v) for v in value):
                raise ScenarioError(f"{where}: {label} {key} must be a non-empty list of numbers")
            params[key] = [float(v) for v in value]
        else:
            if not _is_number(value):
                raise ScenarioError(f"{where}: {label} {key} must be a finite number, got {value!r}")
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
    if dist == "uniform" and params["min"] > params["max"]:
        raise ScenarioError(f"{where}: {label} min must not exceed max")
    if dist == "triangular" and not params["min"] <= params["mode"] <= params["max"]:
        raise ScenarioError(f"{where}: {label} needs min <= mode <= max")
    if dist == "normal" and params["sd"] <= 0:
        raise ScenarioError(f"{where}: {label} sd must be positive")
    if dist == "discrete" and "weights" in params and (
        len(params["weights"]) != len(params["values"]) or min(params["weights"]) < 0
    ):
        raise ScenarioError(f"{where}: {label} weights must be as many as values and not negative")
    reason = spec.get("reason", "")
    return Uncertain(name, dist, params, lo, hi, str(reason))


def _is_number(v: Any) -> bool:
    return not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(float(v))
