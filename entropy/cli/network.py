"""``entropy network SCENARIO``: ecological network analysis of a run's material flows."""

from __future__ import annotations

import argparse
import math
import sys

import numpy as np

from ..errors import EntropyError
from ..analysis.network_metrics import METRICS, network_metrics
from ..output.report import fmt, table
from ..simulation.run import run
from ..loading.scenario import load_scenario


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``network`` subcommand to the ``entropy`` parser."""
    np_ = sub.add_parser("network", help="ecological network analysis of the material flows in one year: "
                         "cycling, structure, ascendency, robustness to losing a node")
    np_.add_argument("scenario", metavar="SCENARIO",
                     help="scenario file (.toml) or shipped scenario name (e.g. bau)")
    np_.add_argument("--year", type=float, metavar="YEAR",
                     help="the year to analyse (default: the last saved year; "
                     "snapped to the nearest saved year)")
    np_.add_argument("--engine", choices=["pysd", "simlin"], default="pysd",
                     help="simulation engine (default pysd, as entropy run)")


def cmd_network(args: argparse.Namespace) -> int:
    """Print the network metrics at one saved year and the node-removal shares per node."""
    sc = load_scenario(args.scenario)
    # The option first: a bad year costs no run.
    if args.year is not None and not (math.isfinite(args.year) and sc.start <= args.year <= sc.end):
        raise EntropyError(f"--year {args.year:g}: outside the run of {sc.name}; "
                           f"allowed: {sc.start:g} to {sc.end:g} (Year)")
    metrics = network_metrics(run(sc, engine=args.engine))
    extra = [d for d in metrics["finn_cycling_index"].dims if d != "time"]
    if extra:
        raise EntropyError(f"{sc.name}: one network per year expected, got extra dimensions {extra}")
    times = metrics["time"].values
    index = len(times) - 1 if args.year is None else int(np.argmin(np.abs(times - args.year)))
    year = float(times[index])
    if args.year is not None and year != args.year:
        print(f"--year {args.year:g}: no saved year there; showing the nearest saved year, {fmt(year, 'Year')}",
              file=sys.stderr)
    at = metrics.isel(time=index)
    nodes = [str(n) for n in at["node"].values]
    print(f"network analysis of {sc.name} in {fmt(year, 'Year')} "
          f"({len(nodes)} nodes, flows in Mt/Year)")
    rows = []
    for name, (units, long_name) in METRICS.items():
        if name == "node_removal_kept":
            continue
        value = at[name].values.item()
        rows.append([name, units, fmt(value, units), long_name])
    print(table(rows, ["metric", "units", "value", "what"], {0, 1, 3}))
    kept = at["node_removal_kept"].values
    print()
    if not np.isfinite(kept).any():
        print(f"node removal: no exchange flow in {fmt(year, 'Year')}")
        return 0
    print("node removal: share of the exchange flow kept without each node (first order, no rerouting)")
    order = sorted(range(len(nodes)), key=lambda i: (kept[i], nodes[i]))
    weakest = order[0]
    node_rows = [[nodes[i], fmt(float(kept[i]), "Dmnl"), "weakest" if i == weakest else ""] for i in order]
    print(table(node_rows, ["node", "kept", ""], {0, 2}))
    return 0
