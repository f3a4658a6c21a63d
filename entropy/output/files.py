"""Writing results: netCDF or CSV, atomically.

A result file is written under a temporary name in the target folder and
renamed into place only when complete, so a run that fails leaves no file and
an existing file is never half-overwritten.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import xarray as xr

from ..errors import EntropyError
from . import provenance

FORMATS = {".nc": "netCDF (xarray, h5netcdf)", ".csv": "CSV"}


#: Names Windows reserves for devices: a scenario called ``con`` still gets a usable file.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r"[^\w.+-]+")
#: Longest file stem made from a scenario name (bytes stay well under 255 with the suffix).
MAX_STEM = 80


def safe_stem(name: str) -> str:
    """A file name stem made from a scenario name, safe in any folder.

    Letters (any script), digits, ``.``, ``+``, ``-`` and ``_`` are kept; every
    other run of characters (path separators, ``..``, spaces, control
    characters) becomes ``_``; leading dots are removed, so the file is never
    hidden and never a parent reference; at most :data:`MAX_STEM` characters.

    Examples
    --------
    >>> safe_stem("../escaped")
    'escaped'
    >>> safe_stem("full 3R / 2050")
    'full_3R_2050'
    """
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", name))
    stem = re.sub(r"_+", "_", re.sub(r"\.{2,}", "_", stem)).strip("._ ")[:MAX_STEM].rstrip("._ ")
    if not stem:
        stem = "scenario"
    if stem.split(".")[0].lower() in _RESERVED:
        stem = f"_{stem}"
    return stem


def _real_target(p: Path) -> Path:
    """The file a write to ``p`` replaces: a symlink's target, so the link itself stays."""
    return Path(os.path.realpath(p)) if p.is_symlink() else p


def check_writable(path: Path) -> None:
    """Prove before any run that ``path`` can be written (atomically) where it is.

    Creates and removes a temporary file in the target's folder; an existing
    target must be a writable regular file.

    Raises
    ------
    EntropyError
        Naming the path and why it cannot be written.
    """
    target = _real_target(path)
    check_folder_writable(path, target.parent)
    if target.exists():
        if not target.is_file():
            raise EntropyError(f"{path}: exists and is not a regular file; choose another name")
        if not os.access(target, os.W_OK):
            raise EntropyError(f"{path}: exists and is read-only; allowed: a writable file or a new name")


def check_folder_writable(path: Path, folder: Path | None = None) -> None:
    """The folder of ``path`` exists and a file can be created in it.

    Tried, not guessed: permission bits say nothing to root or on a read-only
    file system, so a probe file is created and removed.

    Raises
    ------
    EntropyError
        Naming ``path`` and the folder.
    """
    folder = path.parent if folder is None else folder
    if not folder.is_dir():
        raise EntropyError(f"{path}: folder {folder} does not exist")
    try:
        fd, probe = tempfile.mkstemp(prefix=".entropy-probe.", dir=folder)
    except OSError as exc:
        raise EntropyError(f"{path}: cannot write in folder {folder}: {exc.strerror or exc}") from None
    os.close(fd)
    os.unlink(probe)


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """Validate an output path before any run: known suffix, writable folder.

    Raises
    ------
    EntropyError
        Naming the path and what is allowed.
    """
    p = Path(path)
    if p.suffix.lower() not in FORMATS:
        allowed = ", ".join(f"{k} ({v})" for k, v in FORMATS.items())
        raise EntropyError(f"{p}: unknown output format {p.suffix!r}; allowed: {allowed}")
    if p.is_dir():
        raise EntropyError(f"{p}: is a folder, expected a file name")
    check_writable(p)
    return p


def output_targets(folder: str | os.PathLike[str], names: Sequence[str], fmt: str) -> list[Path]:
    """One file per scenario in ``folder``, named safely, confined to it, all distinct.

    Checked before any run: the folder exists and is writable, no two
    scenarios map to the same file (compared ignoring case, as some file
    systems do), and every file stays inside the folder.

    Raises
    ------
    EntropyError
    """
    if fmt not in ("nc", "csv"):
        raise EntropyError(f"unknown output format {fmt!r}; allowed: nc, csv")
    root = Path(folder)
    if not root.is_dir():
        raise EntropyError(f"{root}: --out-dir folder does not exist")
    real_root = root.resolve()
    targets: list[Path] = []
    seen: dict[str, str] = {}
    for name in names:
        target = root / f"{safe_stem(name)}.{fmt}"
        if target.resolve().parent != real_root and not target.is_symlink():
            raise EntropyError(f"{target}: scenario {name!r} would be written outside {root}")
        key = target.name.lower()
        if key in seen:
            raise EntropyError(
                f"scenarios {seen[key]!r} and {name!r} would both be written to {target}; "
                "give the scenarios different names"
            )
        seen[key] = name
        check_writable(target)
        targets.append(target)
    return targets


def _stage(path: Path, write: Callable[[Path], object]) -> Path:
    """Write to a temporary file beside the real target; return the temporary file."""
    target = _real_target(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        if target.exists():
            # Overwriting keeps the file's permissions (and owner, where allowed).
            st = target.stat()
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            with contextlib.suppress(OSError):
                os.chown(tmp, st.st_uid, st.st_gid)
        else:
            # mkstemp makes the file private (0600); give a new file the usual permissions.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` then rename ``tmp`` onto ``path``; remove ``tmp`` on failure.

    An existing file keeps its permissions. When ``path`` is a symbolic link,
    the file it points to is replaced and the link is kept.
    """
    atomic_write_all([(path, write)])


def atomic_write_all(items: Sequence[tuple[Path, Callable[[Path], object]]]) -> None:
    """Write several files all or none.

    Every file is first written to a temporary file beside its target; only
    when all are complete are they renamed into place. If a rename fails, the
    files already replaced are restored from hard-link backups, so the set is
    never left half old, half new.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, write in items:
            staged.append((_real_target(path), _stage(path, write)))
    except BaseException:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    backups: list[tuple[Path, Path | None]] = []
    try:
        for target, tmp in staged:
            backup: Path | None = None
            if target.exists():
                backup = target.with_name(f".{target.name}.{os.getpid()}.bak")
                backup.unlink(missing_ok=True)
                os.link(target, backup)
            backups.append((target, backup))
            os.replace(tmp, target)
    except BaseException:
        for target, backup in reversed(backups):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        raise
    for _, backup in backups:
        if backup is not None:
            backup.unlink(missing_ok=True)


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


@provenance.api("entropy.result_bytes")
def result_bytes(ds: xr.Dataset, fmt: str) -> bytes:
    """A run as the bytes of a ``"nc"`` (netCDF, with the CF attributes of
    :mod:`entropy.output.provenance`) or ``"csv"`` file, e.g. for a download."""
    if fmt == "csv":
        return to_frame(ds).to_csv(float_format="%.17g").encode("utf-8")
    if fmt == "nc":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "run.nc"
            provenance.for_file(ds).to_netcdf(path, engine="h5netcdf")
            return path.read_bytes()
    raise EntropyError(f"unknown result format {fmt!r}; allowed: nc, csv")


def _writer(ds: xr.Dataset, path: Path) -> Callable[[Path], None]:
    """A function that writes ``ds`` to a temporary file in the format ``path``'s suffix names."""
    if path.suffix.lower() == ".nc":
        stamped = provenance.for_file(ds)
        return lambda tmp: stamped.to_netcdf(tmp, engine="h5netcdf")
    frame = to_frame(ds)
    return lambda tmp: frame.to_csv(tmp, float_format="%.17g")


@provenance.api("entropy.write_results")
def write_results(ds: xr.Dataset, path: str | os.PathLike[str]) -> Path:
    """Write a run (or stacked runs) to ``.nc`` or ``.csv``, atomically.

    A netCDF file carries the CF attributes of :mod:`entropy.output.provenance`.

    Parameters
    ----------
    ds : xarray.Dataset
        From :func:`entropy.run` or :func:`entropy.run_many`.
    path : str or path-like
        Target file; the suffix picks the format (``.nc`` is always netCDF).

    Returns
    -------
    Path
        The written file.
    """
    p = check_output_path(path)
    atomic_write(p, _writer(ds, p))
    return p


def write_each(runs: Sequence[xr.Dataset], targets: Sequence[Path]) -> None:
    """Write one run per target file, all or none (see :func:`atomic_write_all`)."""
    atomic_write_all([(t, _writer(ds, t)) for ds, t in zip(runs, targets, strict=True)])


def write_ensemble(ds: xr.Dataset, path: Path) -> Path:
    """Write an ensemble atomically: ``.nc`` (chunked over runs) or ``.zarr``, with CF attributes."""
    ds = provenance.for_file(ds)
    n_run = ds.sizes["run"]
    chunked = [str(v) for v in ds.data_vars if "run" in ds[v].dims and ds[v].dtype != object and ds[v].ndim >= 2]

    def chunks(v: str) -> tuple[int, ...]:
        return tuple(min(250, n_run) if d == "run" else ds.sizes[d] for d in ds[v].dims)

    if path.suffix.lower() == ".zarr":
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        try:
            shutil.rmtree(tmp)
            # Zarr format 2: its string arrays (errors, names) have a stable specification.
            ds.to_zarr(tmp, mode="w", zarr_format=2, encoding={v: {"chunks": chunks(v)} for v in chunked})
            if path.exists():
                shutil.rmtree(path)
            os.replace(tmp, path)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return path
    encoding = {v: {"chunksizes": chunks(v)} for v in chunked}
    atomic_write(path, lambda tmp: ds.to_netcdf(tmp, engine="h5netcdf", encoding=encoding))
    return path
