"""Loading a Vensim model: its metadata, read without running code.

:func:`load_model` reads a ``.mdl`` file with the package's own reader
(:mod:`entropy.mdl`, :mod:`entropy.metadata`), which generates and runs no
code and rejects anything unsafe with a :class:`~entropy.errors.ModelError`.
Metadata-only commands and the Simlin engine need nothing more. PySD's
translation (Python code) is made only when the PySD engine runs, from a
cleaned copy of the file, and kept in a private, checked cache (see
:mod:`entropy.translation`).
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import ModelError
from ..limits import MAX_MODEL_ELEMENTS, MAX_MODEL_FILE_BYTES
from .mdl import read_entries
from .metadata import variables as read_variables
from .names import simlin_ident
from .translation import cache_dir, translation
from .xmile import XMILE_SUFFIXES, read_xmile
from .xmile_meta import variables_of

__all__ = ["CONTROL_NAMES", "Model", "VarInfo", "cache_dir", "file_sha256", "load_model"]

#: Vensim's control variables: set by a scenario's horizon, not as levers.
CONTROL_NAMES = ("initial_time", "final_time", "time_step", "saveper")


@dataclass(frozen=True)
class VarInfo:
    """What the model file says about one variable.

    Attributes
    ----------
    name : str
        snake_case identifier (PySD's Python name), e.g. ``"ore_reserve"``.
    real_name : str
        The name in the ``.mdl`` file, e.g. ``"Ore Reserve"``.
    units : str
        Vensim units field, e.g. ``"Mt"``; ``""`` where the model gives none.
    kind : str
        ``"stock"``, ``"constant"``, ``"auxiliary"``, ``"lookup"``, ``"data"``
        or ``"control"``.
    minimum, maximum, step : float or None
        Vensim range ``[min,max,step]`` where the model gives one.
    default : float or None
        The model's own value of a scalar constant.
    comment : str
        The documentation field.
    dims : tuple of str
        Subscript ranges of an arrayed variable (``()`` for a scalar).
    """

    name: str
    real_name: str
    units: str
    kind: str
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    default: float | None = None
    comment: str = ""
    dims: tuple[str, ...] = ()

    @property
    def range_text(self) -> str:
        """The allowed range as text, e.g. ``"[0, 0.95]"``, for messages."""
        lo = "-inf" if self.minimum is None else f"{self.minimum:g}"
        hi = "inf" if self.maximum is None else f"{self.maximum:g}"
        return f"[{lo}, {hi}]"


@dataclass(frozen=True)
class Model:
    """A translated model: where it is and what its variables are.

    The object is immutable and holds no simulation state; every run loads its
    own fresh PySD or Simlin instance from it.

    Attributes
    ----------
    path : Path
        The ``.mdl`` file.
    sha256 : str
        Hex digest of the file's bytes.
    python_file : Path
        PySD's translation, in the cache: made (and checked) on first use,
        which only the PySD engine needs.
    variables : dict of str to VarInfo
        Every variable by snake_case name, in the model's order.
    initial_time, final_time, time_step, saveper : float
        The model's own control values (Year for the shipped models).
    subscripts : dict of str to tuple of str
        Elements of each subscript range (for arrayed models).
    """

    path: Path
    sha256: str
    variables: dict[str, VarInfo] = field(repr=False)
    initial_time: float
    final_time: float
    time_step: float
    saveper: float
    subscripts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def python_file(self) -> Path:
        """PySD's translation (``model.py``), made on first use and checked on every use."""
        return translation(self.path, self.sha256)

    @property
    def name(self) -> str:
        """The model's name: the file name without its suffix (``.mdl``, ``.xmile``, ...)."""
        return self.path.stem

    @property
    def format(self) -> str:
        """``"mdl"`` (Vensim) or ``"xmile"`` (XMILE: Stella, Simlin), from the file's suffix."""
        return "xmile" if self.path.suffix.lower() in XMILE_SUFFIXES else "mdl"

    @property
    def stocks(self) -> list[str]:
        """snake_case names of the stocks (INTEG)."""
        return [v.name for v in self.variables.values() if v.kind == "stock"]

    @property
    def constants(self) -> dict[str, VarInfo]:
        """Scalar constants that a scenario may set (levers and parameters)."""
        return {
            k: v
            for k, v in self.variables.items()
            if v.kind == "constant" and v.default is not None
        }

    @cached_property
    def _simlin_names(self) -> dict[str, str]:
        if self.format == "xmile":  # Simlin reads the checked copy, named with PySD's identifiers
            return {k: k for k in self.variables}
        return {k: simlin_ident(v.real_name) for k, v in self.variables.items()}

    def simlin_names(self) -> dict[str, str]:
        """Map snake_case names to Simlin's identifiers of the same variables."""
        return self._simlin_names

    def element_count(self, name: str) -> int:
        """Number of elements of a variable (1 for a scalar), without listing them."""
        count = 1
        for dim in self.variables[name].dims:
            count *= len(self.subscripts[dim])
        return count

    def shape(self, name: str) -> tuple[int, ...]:
        """Sizes of a variable's subscript ranges, in order (``()`` for a scalar)."""
        return tuple(len(self.subscripts[d]) for d in self.variables[name].dims)

    def elements(self, name: str) -> list[tuple[str, ...]]:
        """Every element of a variable, as subscript tuples (``[()]`` for a scalar)."""
        combos: list[tuple[str, ...]] = [()]
        for dim in self.variables[name].dims:
            combos = [c + (e,) for c in combos for e in self.subscripts[dim]]
        return combos


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


_LOCK = threading.Lock()
_LOADED: dict[tuple[str, str], Model] = {}


def load_model(path: str | os.PathLike[str]) -> Model:
    """Read a model's metadata (cached per file content in this process).

    Nothing is translated or run: a Vensim file is read by
    :mod:`entropy.loading.mdl`, an XMILE file by :mod:`entropy.loading.xmile`.

    Parameters
    ----------
    path : str or path-like
        A Vensim ``.mdl`` file, or an XMILE file (``.xmile``, ``.stmx``, ``.xml``).

    Returns
    -------
    Model

    Raises
    ------
    ModelError
        If the file is missing, is neither Vensim nor XMILE, cannot be read, or
        holds anything unsafe (the message names the file, the line, the
        variable and what is allowed).
    """
    p = Path(path).expanduser().resolve()
    if not p.is_file():
        raise ModelError(f"{p}: model file not found")
    if p.suffix.lower() not in (".mdl", *XMILE_SUFFIXES):
        raise ModelError(f"{p}: not a model file; allowed: Vensim .mdl, or XMILE "
                         + ", ".join(XMILE_SUFFIXES))
    try:
        size = p.stat().st_size
        if size > MAX_MODEL_FILE_BYTES:
            raise ModelError(
                f"{p}: model file is {size:,} bytes; allowed at most {MAX_MODEL_FILE_BYTES:,}"
            )
        data = p.read_bytes()
    except OSError as exc:
        raise ModelError(f"{p}: cannot read the model file: {exc.strerror}") from exc
    digest = hashlib.sha256(data).hexdigest()
    key = (str(p), digest)
    with _LOCK:
        if key in _LOADED:
            return _LOADED[key]
    if p.suffix.lower() in XMILE_SUFFIXES:
        metas, controls, ranges = variables_of(p, read_xmile(p, data))
    else:
        metas, controls, ranges = read_variables(p, read_entries(p, data))
    model = Model(
        path=p,
        sha256=digest,
        variables={m.name: VarInfo(**m.__dict__) for m in metas},
        initial_time=controls["initial_time"],
        final_time=controls["final_time"],
        time_step=controls["time_step"],
        saveper=controls["saveper"],
        subscripts=ranges,
    )
    total = sum(model.element_count(n) for n in model.variables)
    if total > MAX_MODEL_ELEMENTS:
        biggest = max(model.variables, key=model.element_count)
        raise ModelError(
            f"{p}: the model has {total:,} variable elements (variable {biggest!r} alone "
            f"{model.element_count(biggest):,}); allowed at most {MAX_MODEL_ELEMENTS:,}"
        )
    with _LOCK:
        return _LOADED.setdefault(key, model)
