"""``entropy discover``, ``entropy optimize``, ``entropy calibrate``: decision support."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import pandas as pd

from ..errors import EntropyError
from ..loading.model import Model
from ..loading.registry import list_models
from ..loading.scenario import Scenario, load_scenario
from ..output.files import atomic_write
from ..output.report import fmt, table
from ..simulation.progress import Progress

def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the three decision commands to the ``entropy`` parser."""
    engines = ["numpy", "pysd", "simlin"]
    d = sub.add_parser("discover", help="scenario discovery: the lever box (PRIM) in which runs meet a target "
                       "whatever the uncertain parameters do")
    d.add_argument("scenario", metavar="SCENARIO", help="base scenario file (.toml) or shipped name")
    d.add_argument("--uncertain", required=True, metavar="FILE", help="uncertainty TOML file")
    d.add_argument("--levers", nargs="+", required=True, metavar="NAME[=LOW:HIGH]",
                   help="levers to search, over their Vensim range or LOW:HIGH")
    d.add_argument("--runs", type=int, required=True, metavar="N", help="ensemble size (at least 50)")
    d.add_argument("--target", metavar="EXPR", help="what a good run meets (default: "
                   "\"max(binding_load_ratio) <= 1\"; see README)")
    d.add_argument("--density", type=float, default=0.8, metavar="D",
                   help="wanted box density in (0, 1] (default 0.8): the box of greatest coverage reaching it")
    d.add_argument("--sampler", choices=["lhs", "mc", "sobol"], default="lhs")
    d.add_argument("--seed", type=int, default=0, help="0 to 2**63-1 (default 0)")
    d.add_argument("--engine", choices=engines, default="simlin")
    d.add_argument("--workers", type=int, metavar="K", help="worker processes (default: CPUs; 1: in process)")
    d.add_argument("--scheduler", metavar="ADDRESS", help="an existing Dask scheduler")
    d.add_argument("--chunk", type=int, default=250, metavar="RUNS", help="runs per task (default 250)")
    d.add_argument("--out", required=True, metavar="DIR", help="folder for runs.nc (resumable), runs.csv, "
                   "peeling.csv, box.csv, box.toml, box-ranges.toml")
    d.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)

    o = sub.add_parser("optimize", help="the lever mix that minimises cost or maximises output with "
                       "P(overshoot) under a limit, checked out of sample")
    o.add_argument("scenario", metavar="SCENARIO")
    o.add_argument("--uncertain", required=True, metavar="FILE")
    o.add_argument("--levers", nargs="+", required=True, metavar="NAME[=LOW:HIGH]")
    o.add_argument("--objective", action="append", choices=["cost", "output"], metavar="cost|output",
                   help="cost (minimised) or output (maximised); give both for a Pareto front (default cost)")
    o.add_argument("--constraint", default="p_overshoot <= 0.1", metavar="EXPR",
                   help="\"p_overshoot <= X\" (default 0.1): largest probability of missing the target")
    o.add_argument("--target", metavar="EXPR", help="as for discover")
    o.add_argument("--runs", type=int, default=100, metavar="N",
                   help="samples of the uncertain parameters per candidate, 10 to 100,000 (default 100)")
    o.add_argument("--check-runs", type=int, metavar="M", help="fresh samples for the out-of-sample check "
                   "(default 4 x --runs)")
    o.add_argument("--generations", type=int, default=30, metavar="G", help="default 30")
    o.add_argument("--population", type=int, metavar="P", help="candidates per generation "
                   "(default 10 per lever, at least 20)")
    o.add_argument("--seed", type=int, default=0)
    o.add_argument("--engine", choices=engines, default="simlin")
    o.add_argument("--out", metavar="FILE.toml", help="write the optimum as a scenario (one objective)")
    o.add_argument("--front", metavar="FILE.csv", help="write the Pareto front (two objectives) or the optimum")
    o.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)

    c = sub.add_parser("calibrate", help="fit constants to observed series (weighted least squares) with "
                       "confidence intervals and Theil statistics")
    c.add_argument("scenario", metavar="SCENARIO")
    c.add_argument("--data", required=True, metavar="FILE.csv", help="year, then one column per model variable")
    c.add_argument("--params", nargs="+", required=True, metavar="NAME[=LOW:HIGH]",
                   help="constants to fit, within their Vensim range or LOW:HIGH")
    c.add_argument("--engine", choices=engines, default="simlin")
    c.add_argument("--out", metavar="FILE.toml", help="write the calibrated scenario")
    c.add_argument("--fit", metavar="FILE.csv", help="write the data and the fitted runs side by side")


def model_ref(model: Model) -> str:
    """What a written scenario names as its model: a shipped model's name, else the file's path."""
    for name, path in list_models().items():
        if path.resolve() == Path(model.path).resolve():
            return name
    return str(Path(model.path).resolve())


def _out_file(path: str | None, suffix: str, option: str) -> Path | None:
    if path is None:
        return None
    p = Path(path)
    if p.suffix.lower() != suffix:
        raise EntropyError(f"{option} {path}: use a {suffix} file name")
    if not p.parent.resolve().is_dir():
        raise EntropyError(f"{option} {path}: folder {p.parent} does not exist")
    return p


def _write_scenario(sc: Scenario, path: Path) -> None:
    text = sc.to_toml(model_ref(sc.model))
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    print(f"wrote {path}", file=sys.stderr)


def _frame(df: pd.DataFrame, index: str) -> str:
    rows = [[str(i), *(_cell(v) for v in row)] for i, row in df.iterrows()]
    return table(rows, [index, *map(str, df.columns)])


def _cell(v: object) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return "-" if isinstance(v, float) and math.isnan(v) else fmt(float(v))
    return str(v)


def cmd_discover(args: argparse.Namespace) -> int:
    from ..decision.discovery import discover, write_discovery
    from ..loading.uncertainty import load_uncertainty
    from ..simulation.ensemble_options import check_ensemble_options

    check_ensemble_options(args.runs, args.seed, args.chunk, args.workers, args.scheduler)
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise EntropyError(f"--out {args.out}: not a folder")
    if not folder.parent.resolve().is_dir():
        raise EntropyError(f"--out {args.out}: folder {folder.parent} does not exist")
    sc = load_scenario(args.scenario)
    uncertain = load_uncertainty(args.uncertain, sc.model)
    folder.mkdir(exist_ok=True)
    total = -(-args.runs // args.chunk)
    with Progress(total, enabled=args.progress) as bar:
        bar.step("chunks")
        d = discover(sc, uncertain, args.levers, args.runs, target=args.target, sampler=args.sampler,
                     seed=args.seed, engine=args.engine, workers=args.workers, scheduler=args.scheduler,
                     out=folder / "runs.nc", density=args.density, chunk_size=args.chunk,
                     on_chunk=lambda c: bar.advance())
    written = write_discovery(d, folder, model_ref(sc.model))
    print(f"discovery on {sc.name}: {args.runs} runs, target {d.target.text}; met in {d.share_met:.1%}")
    if d.prim is not None:
        traj = d.prim.trajectory[["coverage", "density", "mass", "restricted"]]
        step = max(1, len(traj) // 12)
        shown = traj.iloc[sorted({*range(0, len(traj), step), len(traj) - 1, d.prim.chosen})]
        print("\npeeling trajectory (coverage against density; * the chosen box):")
        marked = shown.copy()
        marked.index = [f"{i}{' *' if i == d.prim.chosen else ''}" for i in shown.index]
        print(_frame(marked, "step"))
        print(f"\nthe box (coverage {d.prim.coverage:.3f}, density {d.prim.density:.3f}):")
        print(_frame(d.prim.box, "lever"))
    if d.note:
        print(f"\nnote: {d.note}.")
    print(f"wrote into {folder}: " + ", ".join(p.name for p in written), file=sys.stderr)
    return 0


def cmd_optimize(args: argparse.Namespace) -> int:
    from ..decision.optimize import optimize, parse_constraint
    from ..loading.uncertainty import check_seed, load_uncertainty

    check_seed(args.seed)
    parse_constraint(args.constraint)
    objectives = args.objective or ["cost"]
    out = _out_file(args.out, ".toml", "--out")
    front_out = _out_file(args.front, ".csv", "--front")
    if out is not None and len(objectives) == 2:
        raise EntropyError("--out writes one optimum as a scenario; with two objectives write the front "
                           "(--front FILE.csv) and choose a row")
    sc = load_scenario(args.scenario)
    uncertain = load_uncertainty(args.uncertain, sc.model)
    bar = Progress(100, enabled=args.progress)

    def progress(done: int, most: int) -> None:
        bar.done = int(100 * done / max(most, 1))

    with bar:
        bar.step("% of the most runs")
        o = optimize(sc, uncertain, args.levers, objectives, args.constraint, runs=args.runs, target=args.target,
                     check_runs=args.check_runs, generations=args.generations, population=args.population,
                     seed=args.seed, engine=args.engine, on_progress=progress)
    what = " and ".join(f"{'minimise' if ob.sense == 'min' else 'maximise'} {ob.name} ({ob.units})"
                        for ob in o.objectives)
    print(f"optimise {sc.name}: {what}, subject to {o.constraint.text} (target {o.target.text}); "
          f"{o.runs} samples per candidate, checked on {o.check_runs} fresh ones; {o.model_runs:,} model runs")
    result = o.best.to_frame("optimum") if o.best is not None else o.front
    assert result is not None
    print(_frame(result, "" if o.best is not None else "mix"))
    if o.note:
        print(f"\nnote: {o.note}.")
    if out is not None:
        _write_scenario(o.best_scenario(), out)
    if front_out is not None:
        frame = result.T if o.best is not None else result
        atomic_write(front_out, lambda tmp: frame.to_csv(tmp, float_format="%.17g", index=o.best is None))
        print(f"wrote {front_out}", file=sys.stderr)
    return 0 if o.feasible else 1


def cmd_calibrate(args: argparse.Namespace) -> int:
    from ..decision.calibrate import calibrate

    out = _out_file(args.out, ".toml", "--out")
    fit_out = _out_file(args.fit, ".csv", "--fit")
    sc = load_scenario(args.scenario)
    c = calibrate(sc, args.data, args.params, engine=args.engine)
    print(f"calibration of {sc.name} to {args.data}: {int(c.statistics['n'].sum())} observed values, "
          f"{c.model_runs} model runs")
    print(_frame(c.estimates, "constant"))
    print("\nfit (Sterman 2000; Theil U_M bias, U_S variance, U_C covariance):")
    print(_frame(c.statistics, "variable"))
    if c.note:
        print(f"\nnote: {c.note}.")
    if out is not None:
        _write_scenario(c.calibrated_scenario(), out)
    if fit_out is not None:
        atomic_write(fit_out, lambda tmp: c.fitted.to_csv(tmp, float_format="%.17g"))
        print(f"wrote {fit_out}", file=sys.stderr)
    return 0
