"""Checks of the options of an ensemble or a sensitivity analysis, before any work.

The command line and the Python API share these checks and so their messages:
each names the option both ways (``runs (--runs)``), the value and what is
allowed. Every check runs before sampling, before Dask starts and before
anything is written, so a bad option costs nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import EntropyError, ScenarioError
from ..limits import MAX_ENSEMBLE_RUNS, check_count
from ..output.files import check_folder_writable

#: Largest number of local worker processes (each holds a compiled model).
MAX_WORKERS = 256
#: Seconds to wait for a Dask scheduler before giving up.
CONNECT_TIMEOUT = 5.0
#: File types of an ensemble result.
ENSEMBLE_FORMATS = (".nc", ".zarr")
#: File types of a sensitivity table.
TABLE_FORMATS = (".csv", ".nc")

# tcp://host:port or tls://host:port; host a name, an IPv4 or a bracketed IPv6 address.
_ADDRESS = re.compile(r"(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})")


def check_chunk(chunk_size: object) -> int:
    """Runs per task: a whole number from 1 to ``MAX_ENSEMBLE_RUNS``."""
    return check_count("chunk_size (--chunk)", chunk_size, 1, MAX_ENSEMBLE_RUNS)


def check_workers(workers: object) -> int | None:
    """Worker processes: ``None`` (all CPUs) or a whole number from 1 (in process) to ``MAX_WORKERS``."""
    if workers is None:
        return None
    return check_count("workers (--workers)", workers, 1, MAX_WORKERS)


def check_scheduler(address: object) -> str | None:
    """A Dask scheduler address ``tcp://HOST:PORT`` (or ``tls://``), checked for form only."""
    if address is None:
        return None
    if not isinstance(address, str):
        raise EntropyError(f"scheduler (--scheduler) must be text, got {address!r}")
    m = _ADDRESS.fullmatch(address)
    if m is None or not 1 <= int(m.group(3)) <= 65535:
        raise EntropyError(f"scheduler (--scheduler) {address!r} is not a scheduler address; "
                           "allowed: tcp://HOST:PORT or tls://HOST:PORT with PORT from 1 to 65535, "
                           "e.g. tcp://127.0.0.1:8786")
    return address


def check_variables(variables: object, known: Sequence[str], model: str) -> tuple[str, ...]:
    """Variables to keep: at least one, each a variable of the model, none twice."""
    if isinstance(variables, str) or not isinstance(variables, Sequence):
        raise ScenarioError(f"variables (--variables) must be a list of variable names, got {variables!r}")
    names = tuple(variables)
    if not names:
        raise ScenarioError("variables (--variables) is empty; name at least one variable of model "
                            f"{model} (e.g. binding_load_ratio)")
    for v in names:
        if not isinstance(v, str) or v not in known:
            raise ScenarioError(f"variables (--variables): unknown variable {v!r} of model {model}")
    twice = sorted({v for v in names if names.count(v) > 1})
    if twice:
        raise ScenarioError(f"variables (--variables): {twice[0]} is named twice")
    return names


def check_ensemble_out(out: str | os.PathLike[str]) -> Path:
    """An ensemble result path: ``.nc`` or ``.zarr`` in a writable folder, and nothing
    in the way that writing it (or its ``.parts`` folder) would have to destroy."""
    path = Path(out)
    if path.suffix.lower() not in ENSEMBLE_FORMATS:
        raise EntropyError(f"{path}: unknown ensemble format {path.suffix!r}; allowed: .nc, .zarr")
    check_folder_writable(path)
    if path.suffix.lower() == ".nc" and path.is_dir():
        raise EntropyError(f"{path}: is a folder, expected a file name")
    if path.suffix.lower() == ".zarr" and path.exists():
        # An existing result is replaced; any other folder or file is not ours to delete.
        if not path.is_dir() or not ((path / ".zgroup").exists() or (path / "zarr.json").exists()):
            raise EntropyError(f"{path}: exists and is not a zarr store; choose another name")
    parts = Path(str(path) + ".parts")
    if parts.exists() and not parts.is_dir():
        raise EntropyError(f"{parts}: exists and is not a folder (it would hold the ensemble's parts)")
    return path


def check_table_out(out: str | os.PathLike[str]) -> Path:
    """A sensitivity table path: ``.csv`` or ``.nc`` in a writable folder."""
    path = Path(out)
    if path.suffix.lower() not in TABLE_FORMATS:
        raise EntropyError(f"{path}: unknown table format {path.suffix!r}; allowed: .csv (CSV), "
                           ".nc (netCDF)")
    check_folder_writable(path)
    if path.is_dir():
        raise EntropyError(f"{path}: is a folder, expected a file name")
    return path


def check_ensemble_options(runs: object, seed: object, chunk_size: object, workers: object,
                           scheduler: object) -> None:
    """The options of a command that runs an ensemble, checked before anything loads or runs."""
    from ..limits import MAX_ENSEMBLE_RUNS, check_count
    from ..loading.uncertainty import check_seed

    check_count("runs (--runs)", runs, 1, MAX_ENSEMBLE_RUNS)
    check_seed(seed)
    check_chunk(chunk_size)
    check_workers(workers)
    check_scheduler(scheduler)
