"""Finished ensemble chunks on disk, trusted only when intact.

An ensemble with an output file stores each finished chunk as a netCDF part in
``OUT.parts/<key>/`` so that an interrupted ensemble resumes where it stopped.
A part is written atomically (temporary name, then rename) and is followed by
a small record beside it, ``<part>.json``, also written atomically, holding
the part's size and SHA-256. On resume a part is used only if its record is
there, its bytes have that size and checksum, and it reads back as the chunk
it claims to be; otherwise (flipped bytes, truncated, empty, unreadable, no
record because the process was killed between the two renames) the reason is
reported and the chunk is computed again. Killing the process at any moment
therefore loses at most the chunks being computed, and never lets a damaged
part into a result.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from ..output import provenance
from ..output.files import atomic_write


@dataclass(frozen=True)
class Chunk:
    """Runs ``start`` to ``stop`` (exclusive) of scenario number ``scenario``."""

    scenario: int
    start: int
    stop: int

    @property
    def file_name(self) -> str:
        """Name of the chunk's part file."""
        return f"s{self.scenario:03d}_r{self.start:08d}.nc"


class PartStore:
    """The parts of one ensemble (one key) in ``folder``.

    Parameters
    ----------
    folder : Path
        ``OUT.parts/<key>``; created when the first part is saved, so an
        ensemble that never starts leaves nothing behind.
    variables : sequence of str
        Variables every part must hold over ``run`` and ``time``.
    n_time : int
        Saved time points every part must have.
    report : callable
        Called with a sentence for every part that cannot be trusted.
    """

    def __init__(self, folder: Path, variables: Sequence[str], n_time: int,
                 report: Callable[[str], None]) -> None:
        self.folder = folder
        self.variables = tuple(variables)
        self.n_time = n_time
        self.report = report

    def _record(self, part: Path) -> Path:
        return part.with_name(part.name + ".json")

    def load(self, chunk: Chunk) -> xr.Dataset | None:
        """The stored part of ``chunk`` if it is intact; ``None`` if it must be computed."""
        part = self.folder / chunk.file_name
        record = self._record(part)
        if not part.exists() and not record.exists():
            return None  # not computed yet: nothing to report
        ds, problem = self._check(chunk, part, record)
        if problem is None:
            return ds
        self.report(f"ensemble part {part} {problem}: computing runs {chunk.start}-{chunk.stop - 1} "
                    f"of scenario {chunk.scenario + 1} again")
        for f in (part, record):
            try:
                if f.is_dir():  # nothing renames a file over a folder: clear the way
                    shutil.rmtree(f)
                else:
                    f.unlink(missing_ok=True)
            except OSError:
                pass  # overwritten atomically when the chunk is saved again
        return None

    def _check(self, chunk: Chunk, part: Path, record: Path) -> tuple[xr.Dataset | None, str | None]:
        if not part.exists():
            return None, "is missing (only its checksum record is there)"
        try:
            expected = json.loads(record.read_text(encoding="utf-8"))
            size, digest = int(expected["bytes"]), str(expected["sha256"])
        except FileNotFoundError:
            return None, "has no checksum record (the run was stopped while storing it)"
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return None, f"has an unreadable checksum record ({type(exc).__name__})"
        try:
            data = part.read_bytes()
        except OSError as exc:
            return None, f"is unreadable ({exc.strerror or exc})"
        if not data:
            return None, "is empty"
        if len(data) < size:
            return None, f"is truncated ({len(data):,} of {size:,} bytes)"
        if len(data) != size:
            return None, f"has the wrong size ({len(data):,} bytes, {size:,} recorded)"
        if hashlib.sha256(data).hexdigest() != digest:
            return None, "is corrupt (its SHA-256 differs from the one recorded)"
        try:
            # Read the bytes just verified, not the file again: it cannot change in between.
            ds = xr.load_dataset(io.BytesIO(data), engine="h5netcdf")
        except Exception as exc:  # noqa: BLE001 - any failure to read means: do not trust it
            return None, f"cannot be read as netCDF ({type(exc).__name__})"
        problem = self._shape_problem(chunk, ds)
        return (None, problem) if problem else (ds, None)

    def _shape_problem(self, chunk: Chunk, ds: xr.Dataset) -> str | None:
        missing = [v for v in (*self.variables, "status", "error") if v not in ds]
        if missing:
            return f"lacks {missing[0]}"
        if "run" not in ds.coords or not np.array_equal(ds["run"].values, np.arange(chunk.start, chunk.stop)):
            return f"does not hold runs {chunk.start}-{chunk.stop - 1}"
        if ds.sizes.get("time") != self.n_time:
            return f"has {ds.sizes.get('time')} saved times, not {self.n_time}"
        return None

    def save(self, chunk: Chunk, ds: xr.Dataset) -> None:
        """Store a finished chunk: the part (with the CF attributes of every file), then its size and
        checksum (each atomically)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        ds = provenance.for_file(ds)
        part = self.folder / chunk.file_name
        digest: dict[str, Any] = {}

        def write(tmp: Path) -> None:
            ds.to_netcdf(tmp, engine="h5netcdf")
            data = tmp.read_bytes()
            digest.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))

        atomic_write(part, write)
        text = json.dumps({**digest, "scenario": chunk.scenario, "start": chunk.start, "stop": chunk.stop})
        atomic_write(self._record(part), lambda tmp: _write_text(tmp, text))


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
