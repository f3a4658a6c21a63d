"""Writing results: netCDF or CSV, atomically.

A result file is written under a temporary name in the target folder and
renamed into place only when complete, so a run that fails leaves no file and
an existing file is never half-overwritten.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import xarray as xr

from .errors import EntropyError

FORMATS = {".nc": "netCDF (xarray, h5netcdf)", ".csv": "CSV"}


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """Validate an output path before any run: known suffix, existing folder.

    Raises
    ------
    EntropyError
        Naming the path and what is allowed.
    """
    p = Path(path)
    if p.suffix.lower() not in FORMATS:
        allowed = ", ".join(f"{k} ({v})" for k, v in FORMATS.items())
        raise EntropyError(f"{p}: unknown output format {p.suffix!r}; allowed: {allowed}")
    if not p.parent.resolve().is_dir():
        raise EntropyError(f"{p}: folder {p.parent} does not exist")
    if p.is_dir():
        raise EntropyError(f"{p}: is a folder, expected a file name")
    return p


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` then rename ``tmp`` to ``path``; remove ``tmp`` on failure."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        # mkstemp makes the file private (0600); give it the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def to_frame(ds: xr.Dataset) -> pd.DataFrame:
    """A run as a table: one row per saved time (and scenario), one column per variable.

    Constants are repeated on every row so that each row is complete.
    """
    dims = ["scenario", "time"] if "scenario" in ds.dims else ["time"]
    expanded = ds.copy()
    for name, da in ds.data_vars.items():
        missing = [d for d in dims if d not in da.dims]
        if missing:
            expanded[name] = da.expand_dims({d: ds[d] for d in missing}).transpose(*dims)
    frame = expanded.to_dataframe(dim_order=dims)
    return frame[list(ds.data_vars)]


def result_bytes(ds: xr.Dataset, fmt: str) -> bytes:
    """A run as the bytes of a ``"nc"`` (netCDF) or ``"csv"`` file, e.g. for a download."""
    if fmt == "csv":
        return to_frame(ds).to_csv(float_format="%.17g").encode("utf-8")
    if fmt == "nc":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "run.nc"
            ds.to_netcdf(path, engine="h5netcdf")
            return path.read_bytes()
    raise EntropyError(f"unknown result format {fmt!r}; allowed: nc, csv")


def write_results(ds: xr.Dataset, path: str | os.PathLike[str]) -> Path:
    """Write a run (or stacked runs) to ``.nc`` or ``.csv``, atomically.

    Parameters
    ----------
    ds : xarray.Dataset
        From :func:`entropy.run` or :func:`entropy.run_many`.
    path : str or path-like
        Target file; the suffix picks the format.

    Returns
    -------
    Path
        The written file.
    """
    p = check_output_path(path)
    if p.suffix.lower() == ".nc":
        atomic_write(p, lambda tmp: ds.to_netcdf(tmp, engine="h5netcdf"))
    else:
        frame = to_frame(ds)
        atomic_write(p, lambda tmp: frame.to_csv(tmp, float_format="%.17g"))
    return p
