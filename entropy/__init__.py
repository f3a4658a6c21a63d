"""Entropy and carrying capacity of industrial clusters: a system-dynamics simulator.

The public API mirrors the command line::

    import entropy
    sc = entropy.load_scenario("eco-park")          # or a path to a .toml file
    ds = entropy.run(sc, engine="simlin")           # xarray.Dataset over time
    entropy.indicators(ds)                          # one-row summary
    entropy.compare(["bau", "eco-park"])            # table with differences
    entropy.check(sc)                               # the physical invariants
    entropy.loop_dominance(sc)                      # which named feedback loop dominates
    entropy.discover(sc, uncertain, ["reduce_policy"], 2000)   # the safe lever box (PRIM)

See docs/DESIGN.md for the model and README.md for the scenario format.
"""

from __future__ import annotations

from .analysis import accounting, network, regional, robustness
from . import decision
from .decision import calibrate, discover, optimize
from .units import unit_registry
from . import limits
from .analysis.compare import compare
from .errors import EngineError, EntropyError, MissingVariableError, ModelError, NonFiniteError, ScenarioError
from .analysis.indicators import INDICATORS, indicators
from .analysis.invariants import Check, check_scenario as check
from .analysis.loops import Period, dominance_periods, loop_dominance
from .loading.loops_file import LoopSet, load_loops
from .loading.model import Model, VarInfo, load_model
from .analysis.network_metrics import network_metrics
from .output.files import result_bytes, write_results
from .loading.registry import list_models, list_scenarios
from .simulation.run import package_version, run, run_many, stack_runs
from .loading.scenario import Scenario, StepChange, TimeSeries, load_scenario, parse_scenario
from .analysis.structure import Node, diagram_svg, model_structure, neighbourhood_dot
from .simulation.ensemble import ensemble
from .analysis.sensitivity import OUTPUTS as SENSITIVITY_OUTPUTS
from .analysis.sensitivity import sensitivity
from .loading.uncertainty import UncertaintySet, check_not_set, load_uncertainty

__version__ = package_version()

__all__ = [
    "INDICATORS",
    "SENSITIVITY_OUTPUTS",
    "Check",
    "EngineError",
    "EntropyError",
    "Model",
    "MissingVariableError",
    "ModelError",
    "NonFiniteError",
    "Scenario",
    "ScenarioError",
    "StepChange",
    "TimeSeries",
    "VarInfo",
    "Node",
    "UncertaintySet",
    "accounting",
    "regional",
    "calibrate",
    "decision",
    "discover",
    "optimize",
    "unit_registry",
    "ensemble",
    "limits",
    "LoopSet",
    "Period",
    "dominance_periods",
    "load_loops",
    "loop_dominance",
    "load_uncertainty",
    "robustness",
    "sensitivity",
    "diagram_svg",
    "model_structure",
    "neighbourhood_dot",
    "check",
    "check_not_set",
    "compare",
    "indicators",
    "list_models",
    "list_scenarios",
    "load_model",
    "load_scenario",
    "network",
    "network_metrics",
    "parse_scenario",
    "result_bytes",
    "run",
    "run_many",
    "stack_runs",
    "write_results",
]
