"""``entropy loops SCENARIO``: which named feedback loop dominates, and when."""

from __future__ import annotations

import argparse
import math
import sys

from ..errors import EntropyError
from ..analysis.loops import MIN_PERIOD, NO_LOOP, dominance_periods, loop_dominance, write_dominance
from ..loading.loops_file import load_loops
from ..output.files import check_output_path
from ..output.report import fmt, table
from ..loading.scenario import load_scenario


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``loops`` subcommand to the ``entropy`` parser."""
    lp = sub.add_parser("loops", help="loop dominance: which named feedback loop drives the run, and when")
    lp.add_argument("scenario", metavar="SCENARIO",
                    help="scenario file (.toml) or shipped scenario name (e.g. bau)")
    lp.add_argument("--loops", metavar="FILE",
                    help="loops file (default: loops.toml in the model's folder)")
    lp.add_argument("--min-period", type=float, default=MIN_PERIOD, metavar="YEARS",
                    help=f"merge periods shorter than this into a neighbour (default {MIN_PERIOD:g}; 0 keeps all)")
    lp.add_argument("--out", metavar="FILE", help="also write the scores: FILE.nc (netCDF) or FILE.csv")


def cmd_loops(args: argparse.Namespace) -> int:
    """Print the periods of loop dominance; with ``--out``, write the scores."""
    # Options first: a bad one costs nothing and writes nothing.
    if not math.isfinite(args.min_period) or args.min_period < 0:
        raise EntropyError(f"--min-period {args.min_period:g}: allowed: a finite number >= 0 (Year)")
    out = check_output_path(args.out) if args.out else None
    sc = load_scenario(args.scenario)
    loops = load_loops(args.loops, sc.model)
    ds = loop_dominance(sc, loops)
    rows = []
    for p in dominance_periods(ds, args.min_period):
        if p.loop == NO_LOOP:
            rows.append([fmt(p.start, "Year"), fmt(p.end, "Year"), "-", "", "(no named loop active)", "-"])
            continue
        lp = ds.sel(loop=p.loop)
        rows.append([fmt(p.start, "Year"), fmt(p.end, "Year"), p.loop, str(lp["polarity"].values),
                     str(lp["title"].values), fmt(p.mean_score)])
    count = f"{len(loops.loops)} named loop{'s' if len(loops.loops) != 1 else ''}"
    print(f"loop dominance in {sc.name} ({count}, "
          f"Simlin {ds.attrs['ltm_mode']} Loops that Matter)")
    print(table(rows, ["from", "to", "dominant loop", "polarity", "title", "mean relative score"],
                {2, 3, 4}))
    if out is not None:
        write_dominance(ds, out)
        print(f"wrote {out}", file=sys.stderr)
    return 0
