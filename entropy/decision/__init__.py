"""Decision support: scenario discovery, optimisation under a chance constraint, calibration.

- :func:`discover`: the lever box (PRIM) in which runs meet a target whatever
  the uncertain parameters do;
- :func:`optimize`: the lever mix that minimises policy cost or maximises
  output with the probability of missing the target under a limit;
- :func:`calibrate`: constants fitted to observed series, with intervals and
  Sterman's fit statistics.
"""

from __future__ import annotations

from . import calibrate as calibration, discovery, optimize as optimisation, space, targets
from .calibrate import Calibration, calibrate, fit_statistics
from .discovery import Discovery, discover, runs_table, write_discovery
from .observations import Observations, parse_observations, read_observations
from .optimize import Constraint, Optimum, optimize, parse_constraint
from .targets import Target, default_target, parse_target

__all__ = [
    "Calibration", "Constraint", "Discovery", "Observations", "Optimum", "Target", "calibrate", "calibration",
    "default_target", "discover", "discovery", "fit_statistics", "optimisation", "optimize", "parse_constraint",
    "parse_observations", "parse_target", "read_observations", "runs_table", "space", "targets",
    "write_discovery",
]
