"""The ``entropy`` command line: a thin caller of the public API.

Exit codes: 0 success; 1 an invariant failed (``entropy check``) or no lever mix meets
``entropy optimize``'s constraint; 2 bad input
(scenario, model, options) or an engine failure; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import xarray as xr

from .. import __version__
from ..analysis.compare import with_differences
from ..errors import EntropyError
from ..analysis.indicators import indicators
from ..analysis.invariants import check_scenario
from .decide import cmd_calibrate, cmd_discover, cmd_optimize, register as register_decide
from .loops import cmd_loops, register as register_loops
from .network import cmd_network, register as register_network
from ..loading.model import load_model
from ..output.files import atomic_write, check_output_path, output_targets, write_each, write_results
from ..output.provenance import invoked_as
from ..simulation.progress import Progress
from ..loading.registry import list_models, list_scenarios
from ..analysis.accounting import is_regional
from ..output.report import fmt, indicator_table, sector_report, table
from ..simulation.run import check_same_times, run, stack_runs
from ..loading.scenario import Scenario, load_scenario


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="entropy",
        description="Entropy and carrying capacity of industrial clusters (system dynamics).",
    )
    p.add_argument("--version", action="version", version=f"entropy {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def scenario_args(sp: argparse.ArgumentParser, engine_default: str, batch: bool = False) -> None:
        sp.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                        help="scenario file (.toml) or shipped scenario name (e.g. bau)")
        sp.add_argument("--engine", choices=["numpy", "pysd", "simlin"] if batch else ["pysd", "simlin"],
                        default=engine_default,
                        help=f"simulation engine (default {engine_default})" + (
                            "; simlin runs a scalar model on the numpy batch engine, with the same numbers; "
                            "numpy insists on it" if batch else ""))
        sp.add_argument("--end", type=float, metavar="YEAR", help="override the end year")
        sp.add_argument("--dt", type=float, metavar="STEP", help="override the time step (Year)")
        sp.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="set a model constant for every scenario (repeatable), e.g. "
                        "--set recycle_policy=0.8, or drive it with a time series from a CSV "
                        "file: --set demand_growth_rate=@demand.csv")
        sp.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress bar (default: on a terminal)")

    def method_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--method", choices=["euler", "rk4"], default="euler",
                        help="integration method (default euler; rk4 needs --engine simlin)")

    r = sub.add_parser("run", help="run scenarios, print indicators, write results")
    scenario_args(r, "pysd")
    method_arg(r)
    r.add_argument("--out", metavar="FILE", help="write results to FILE.nc or FILE.csv "
                   "(several scenarios: one file with a 'scenario' dimension)")
    r.add_argument("--out-dir", metavar="DIR", help="write one file per scenario into DIR")
    r.add_argument("--format", choices=["nc", "csv"], default="nc", help="format for --out-dir")
    r.add_argument("--variables", metavar="A,B,...", help="keep only these variables (snake_case)")

    c = sub.add_parser("compare", help="indicator table with differences from the first scenario")
    scenario_args(c, "pysd")
    method_arg(c)
    c.add_argument("--out", metavar="FILE.csv", help="also write the table as CSV")

    k = sub.add_parser("check", help="check the physical invariants (non-zero exit on failure)")
    scenario_args(k, "pysd")
    k.add_argument("--quick", action="store_true",
                   help="only the checks on the run itself (skip time step, engines, extremes)")

    e = sub.add_parser("ensemble", help="N runs of each scenario under sampled uncertain parameters")
    scenario_args(e, "simlin", batch=True)
    e.add_argument("--uncertain", required=True, metavar="FILE", help="uncertainty TOML file")
    e.add_argument("--runs", type=int, required=True, metavar="N", help="runs per scenario (1 to 1,000,000)")
    e.add_argument("--sampler", choices=["lhs", "mc", "sobol"], default="lhs")
    e.add_argument("--seed", type=int, default=0, help="0 to 2**63-1 (default 0)")
    e.add_argument("--workers", type=int, metavar="K",
                   help="worker processes, 1 to 256 (default: CPUs; 1: in process)")
    e.add_argument("--scheduler", metavar="ADDRESS",
                   help="an existing Dask scheduler, e.g. tcp://host:8786 (5 s to answer)")
    e.add_argument("--out", required=True, metavar="FILE", help="FILE.nc or FILE.zarr (resumable)")
    e.add_argument("--variables", metavar="A,B,...", help="variables to keep over time")
    e.add_argument("--chunk", type=int, default=250, metavar="RUNS", help="runs per task (default 250)")

    sa = sub.add_parser("sensitivity", help="global sensitivity (SALib): Sobol' indices or Morris screening")
    sa.add_argument("scenario", metavar="SCENARIO")
    sa.add_argument("--uncertain", required=True, metavar="FILE")
    sa.add_argument("--method", choices=["sobol", "morris"], default="sobol")
    sa.add_argument("--output", default="years_in_overshoot", metavar="INDICATOR",
                    help="indicator or model variable (final value); default years_in_overshoot")
    sa.add_argument("--samples", type=int, default=512, metavar="N",
                    help="base sample size, 2 to 65,536 (a power of 2 for sobol; default 512)")
    sa.add_argument("--seed", type=int, default=0, help="0 to 2**63-1 (default 0)")
    sa.add_argument("--engine", choices=["numpy", "pysd", "simlin"], default="simlin",
                    help="simulation engine (default simlin: a scalar model on the numpy batch engine, "
                    "with the same numbers; numpy insists on it)")
    sa.add_argument("--out", metavar="FILE", help="also write the table: FILE.csv (CSV) or FILE.nc (netCDF)")

    sub.add_parser("models", help="list the shipped models (Vensim .mdl and XMILE)")
    sub.add_parser("scenarios", help="list the shipped scenarios")
    lv = sub.add_parser("levers", help="list a model's constants with units and ranges")
    lv.add_argument("model", help="shipped model name or .mdl path")
    lv.add_argument("--constant", metavar="NAME",
                    help="show one constant element by element (a matrix as a grid), e.g. --constant share; "
                    "NAME[element,...] shows one element")
    register_loops(sub)
    register_network(sub)
    register_decide(sub)
    return p


def _parse_sets(items: list[str]) -> dict[str, float | Path]:
    """``--set NAME=VALUE`` items: a number, or ``@FILE.csv`` for a time series (relative to the cwd)."""
    values: dict[str, float | Path] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise EntropyError(f"--set {item}: expected NAME=VALUE, e.g. --set recycle_policy=0.8")
        if text.strip().startswith("@"):
            path = text.strip()[1:]
            if not path:
                raise EntropyError(f"--set {item}: expected a CSV file after @, e.g. @demand.csv")
            values[name.strip()] = Path(path)
            continue
        try:
            values[name.strip()] = float(text)
        except ValueError:
            raise EntropyError(f"--set {item}: {text!r} is not a number") from None
    return values


def _load_all(args: argparse.Namespace) -> list[Scenario]:
    sets = _parse_sets(args.set)
    scenarios = [load_scenario(s) for s in args.scenarios]
    if sets:
        scenarios = [s.with_overrides(sets, origin="--set") for s in scenarios]
    if args.end is not None or args.dt is not None:
        scenarios = [s.with_horizon(end=args.end, time_step=args.dt) for s in scenarios]
    return scenarios


def _run_all(args: argparse.Namespace, variables: list[str] | None = None) -> list[xr.Dataset]:
    scenarios = _load_all(args)
    _check_distinct(scenarios)
    check_same_times(scenarios)
    return _run_each(scenarios, args, variables)


def _run_each(scenarios: list[Scenario], args: argparse.Namespace,
              variables: list[str] | None) -> list[xr.Dataset]:
    runs = []
    with Progress(len(scenarios), enabled=args.progress) as bar:
        for sc in scenarios:
            bar.step(sc.name)
            runs.append(run(sc, engine=args.engine, variables=variables, method=args.method))
            bar.advance()
    return runs


def cmd_run(args: argparse.Namespace) -> int:
    if args.out and args.out_dir:
        raise EntropyError("use either --out or --out-dir, not both")
    out = check_output_path(args.out) if args.out else None
    variables = _variable_list(args.variables)
    scenarios = _load_all(args)
    _check_distinct(scenarios)
    if out is not None:
        check_same_times(scenarios)
    # Every destination is proven writable, confined and distinct before any run.
    targets = (output_targets(args.out_dir, [sc.name for sc in scenarios], args.format)
               if args.out_dir else [])
    runs = _run_each(scenarios, args, variables)
    # Everything ran: only now write, all files or none.
    if out is not None:
        ds = runs[0] if len(runs) == 1 else stack_runs(runs)
        write_results(ds, out)
        print(f"wrote {out}", file=sys.stderr)
    if targets:
        write_each(runs, targets)
        for target in targets:
            print(f"wrote {target}", file=sys.stderr)
    try:
        table_df = indicators(stack_runs(runs) if len(runs) > 1 else runs[0])
    except KeyError:
        # Not a cluster model (or variables restricted): show where its stocks went.
        for ds in runs:
            print(_stock_table(ds, restricted=variables is not None))
        return 0
    print(indicator_table(table_df))
    if is_regional(runs[0]):
        print()
        print(sector_report(runs))
    return 0


def _variable_list(text: str | None) -> list[str] | None:
    """``--variables a,b``: the names, or None for every variable; an empty list is an error."""
    if text is None:
        return None
    names = list(dict.fromkeys(v.strip() for v in text.split(",") if v.strip()))
    if not names:
        raise EntropyError(f"--variables {text!r}: no variable names; allowed: snake_case names "
                           "separated by commas, e.g. --variables persistent_pollution,binding_load_ratio")
    return names


def _check_distinct(scenarios: list[Scenario]) -> None:
    """Two scenarios of one command must have different names (they label files and tables)."""
    seen: set[str] = set()
    for sc in scenarios:
        if sc.name in seen:
            raise EntropyError(f"scenario {sc.name!r} is given twice; scenario names must differ")
        seen.add(sc.name)


def _stock_table(ds: xr.Dataset, restricted: bool) -> str:
    """Start and end values of a run's stocks, or of every kept variable."""
    over_time = [str(k) for k, v in ds.data_vars.items() if "time" in v.dims]
    stocks = [k for k in over_time if ds[k].attrs.get("kind") == "stock"]
    names = over_time if restricted or not stocks else stocks
    t0, t1 = float(ds["time"][0]), float(ds["time"][-1])
    rows = []
    for name in names:
        da = ds[name]
        first, last = da.isel(time=0), da.isel(time=-1)
        if da.ndim > 1:
            rows.append([name, str(da.attrs.get("units", "")), f"sum {fmt(float(first.sum()))}",
                         f"sum {fmt(float(last.sum()))}"])
        else:
            rows.append([name, str(da.attrs.get("units", "")), fmt(float(first)), fmt(float(last))])
    why = "the kept variables" if restricted else "no cluster indicators for this model"
    head = f"{ds.attrs.get('model')}: {ds.attrs.get('scenario')} ({why})"
    return head + "\n" + table(rows, ["variable", "units", f"{t0:g}", f"{t1:g}"], {0, 1})


def cmd_compare(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() != ".csv":
        raise EntropyError(f"{out}: compare writes CSV; use a .csv file name")
    if out is not None:
        check_output_path(out)
    runs = _run_all(args)
    table_df = indicators(stack_runs(runs))
    print(indicator_table(table_df, differences=True))
    if all(is_regional(ds) for ds in runs):
        print()
        print(sector_report(runs))
    if out is not None:
        diffs = with_differences(table_df)
        atomic_write(out, lambda tmp: diffs.to_csv(tmp, float_format="%.17g"))
        print(f"wrote {out}", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    scenarios = _load_all(args)
    failed = skipped = 0
    rows = []
    with Progress(len(scenarios), enabled=args.progress) as bar:
        for sc in scenarios:
            bar.step(sc.name)
            for c in check_scenario(sc, engine=args.engine, full=not args.quick):
                failed += not c.passed
                skipped += c.skipped
                result = "skip" if c.skipped else ("pass" if c.passed else "FAIL")
                rows.append([sc.name, c.name, result, fmt(c.measured), fmt(c.limit), c.detail])
            bar.advance()
    print(table(rows, ["scenario", "invariant", "result", "measured", "limit", "what"], {0, 1, 2, 5}))
    tail = f", {skipped} skipped" if skipped else ""
    print(f"{len(rows) - failed - skipped} passed, {failed} failed{tail}")
    return 1 if failed else 0


def cmd_ensemble(args: argparse.Namespace) -> int:
    from ..simulation.ensemble import DEFAULT_VARIABLES, ensemble
    from ..simulation.ensemble_options import check_ensemble_options, check_ensemble_out
    from ..analysis.robustness import NEEDS, robustness_table
    from ..loading.uncertainty import load_uncertainty

    # The options first (the API checks them again, with the same messages):
    # a bad one must cost nothing, not a model load or a sample.
    check_ensemble_options(args.runs, args.seed, args.chunk, args.workers, args.scheduler)
    out = check_ensemble_out(args.out)
    scenarios = _load_all(args)
    uncertain = load_uncertainty(args.uncertain, scenarios[0].model)
    variables = ([v.strip() for v in args.variables.split(",") if v.strip()]
                 if args.variables is not None else list(DEFAULT_VARIABLES))
    total = len(scenarios) * -(-args.runs // args.chunk)
    with Progress(total, enabled=args.progress) as bar:
        bar.step("chunks")
        ds = ensemble(scenarios, uncertain, args.runs, sampler=args.sampler, seed=args.seed,
                      engine=args.engine, workers=args.workers, scheduler=args.scheduler, out=out,
                      variables=variables, chunk_size=args.chunk, on_chunk=lambda c: bar.advance())
    print(f"wrote {out}: {len(scenarios)} scenarios x {args.runs} runs ({ds.attrs['failed_runs']} failed)",
          file=sys.stderr)
    if set(NEEDS) <= set(ds.data_vars):
        robust = robustness_table(ds)
        rows = [[str(s), *(fmt(float(v)) for v in row)] for s, row in robust.iterrows()]
        print(table(rows, ["scenario", *robust.columns]))
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from ..simulation.ensemble_options import check_table_out
    from ..limits import MAX_SENSITIVITY_SAMPLES, check_count
    from ..analysis.sensitivity import MIN_SAMPLES, sensitivity, write_table
    from ..loading.uncertainty import check_seed, load_uncertainty

    check_count("samples (--samples)", args.samples, MIN_SAMPLES, MAX_SENSITIVITY_SAMPLES)
    check_seed(args.seed)
    out = check_table_out(args.out) if args.out is not None else None
    sc = load_scenario(args.scenario)
    uncertain = load_uncertainty(args.uncertain, sc.model)
    result = sensitivity(sc, uncertain, args.method, args.output, args.samples, args.seed, args.engine)
    print(f"{args.method} sensitivity of {args.output} in {sc.name} ({result.attrs['runs']} runs)")
    if result.attrs["varies"]:
        rows = [[str(p), *(fmt(float(v)) for v in row)] for p, row in result.iterrows()]
        print(table(rows, ["parameter", *result.columns]))
    else:
        print(f"{result.attrs['note']}.")
    if out is not None:
        write_table(result, out)
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    formats = {".mdl": "Vensim"}
    rows = [[name, formats.get(path.suffix.lower(), "XMILE"), str(path)] for name, path in list_models().items()]
    print(table(rows, ["model", "format", "file"], {0, 1, 2}))
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    rows = []
    for key, path in list_scenarios().items():
        sc = load_scenario(path)
        first = sc.description.split(". ")[0].split(": ")[0]
        rows.append([key, textwrap.shorten(first, 70)])
    print(table(rows, ["scenario", "description"], {0, 1}))
    return 0


def cmd_levers(args: argparse.Namespace) -> int:
    from ..output.levers_table import constant_table, levers_table

    models = list_models()
    model = load_model(models[args.model] if args.model in models else args.model)
    print(levers_table(model) if args.constant is None else constant_table(model, args.constant))
    return 0


COMMANDS = {
    "run": cmd_run,
    "compare": cmd_compare,
    "check": cmd_check,
    "ensemble": cmd_ensemble,
    "sensitivity": cmd_sensitivity,
    "models": cmd_models,
    "scenarios": cmd_scenarios,
    "levers": cmd_levers,
    "loops": cmd_loops,
    "network": cmd_network,
    "discover": cmd_discover,
    "optimize": cmd_optimize,
    "calibrate": cmd_calibrate,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``entropy`` console script.

    Exit codes: 0 success; 1 an invariant failed, or no lever mix meets an
    optimisation's constraint; 2 bad input or a failed run;
    130 interrupted; 141 the reader of our output went away (``| head``).
    """
    try:
        args = _parser().parse_args(argv)
        with invoked_as(sys.argv[1:] if argv is None else argv):  # every file's history names this command line
            return COMMANDS[args.command](args)
    except EntropyError as exc:
        _say(f"entropy: error: {exc}")
        return 2
    except RecursionError:
        _say("entropy: error: the input is nested too deeply to read")
        return 2
    except MemoryError:
        _say("entropy: error: not enough memory for this request; ask for fewer runs, "
             "variables or saved points")
        return 2
    except KeyboardInterrupt:
        _say("entropy: interrupted")
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly. Point stdout at
        # devnull so that the interpreter's final flush does not complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _say(text: str) -> None:
    try:
        print(text, file=sys.stderr)
    except (BrokenPipeError, OSError):
        pass

