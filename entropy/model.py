"""Loading a Vensim model: translate once, cache by content, read its metadata.

PySD turns a ``.mdl`` file into Python. That translation takes about a second,
so it is done once per distinct file content and kept in a cache directory
outside the source tree, keyed by the SHA-256 of the file. A changed file gets a
new key, so a stale translation is never used.

The cache lives in ``$ENTROPY_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME/entropy-sim`` (``~/.cache/entropy-sim``).
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import tempfile
import threading
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import ModelError
from .names import simlin_ident

#: Vensim's control variables: set by a scenario's horizon, not as levers.
CONTROL_NAMES = ("initial_time", "final_time", "time_step", "saveper")


@dataclass(frozen=True)
class VarInfo:
    """What the model file says about one variable.

    Attributes
    ----------
    name : str
        snake_case identifier (PySD's Python name), e.g. ``"virgin_reserve"``.
    real_name : str
        The name in the ``.mdl`` file, e.g. ``"Virgin Reserve"``.
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
        PySD's translation, in the cache.
    variables : dict of str to VarInfo
        Every variable by snake_case name, in the model's order.
    initial_time, final_time, time_step, saveper : float
        The model's own control values (Year for the shipped models).
    subscripts : dict of str to tuple of str
        Elements of each subscript range (for arrayed models).
    """

    path: Path
    sha256: str
    python_file: Path
    variables: dict[str, VarInfo] = field(repr=False)
    initial_time: float
    final_time: float
    time_step: float
    saveper: float
    subscripts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The model's name: the file name without ``.mdl``."""
        return self.path.stem

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
        return {k: simlin_ident(v.real_name) for k, v in self.variables.items()}

    def simlin_names(self) -> dict[str, str]:
        """Map snake_case names to Simlin's identifiers of the same variables."""
        return self._simlin_names

    def elements(self, name: str) -> list[tuple[str, ...]]:
        """Every element of a variable, as subscript tuples (``[()]`` for a scalar)."""
        combos: list[tuple[str, ...]] = [()]
        for dim in self.variables[name].dims:
            combos = [c + (e,) for c in combos for e in self.subscripts[dim]]
        return combos


def cache_dir() -> Path:
    """Return the root of the translation cache (created if missing)."""
    env = os.environ.get("ENTROPY_CACHE_DIR")
    if env:
        root = Path(env)
    else:
        try:
            home_cache = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory (some service accounts)
            home_cache = tempfile.gettempdir()
        root = Path(os.environ.get("XDG_CACHE_HOME") or home_cache) / "entropy-sim"
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(
            f"cannot create the translation cache {root}: {exc}; set ENTROPY_CACHE_DIR "
            "to a writable folder"
        ) from exc
    return root


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


_LOCK = threading.Lock()
_LOADED: dict[tuple[str, str], Model] = {}


def load_model(path: str | os.PathLike[str]) -> Model:
    """Translate (or fetch from the cache) a Vensim model and read its metadata.

    Parameters
    ----------
    path : str or path-like
        A Vensim ``.mdl`` file. Any model that PySD can translate loads.

    Returns
    -------
    Model

    Raises
    ------
    ModelError
        If the file is missing, is not a ``.mdl`` file, or PySD cannot
        translate it; the message names the file.
    """
    p = Path(path).expanduser().resolve()
    if not p.is_file():
        raise ModelError(f"{p}: model file not found")
    if p.suffix.lower() != ".mdl":
        raise ModelError(f"{p}: not a Vensim model (expected a .mdl file)")
    digest = file_sha256(p)
    key = (str(p), digest)
    with _LOCK:
        if key in _LOADED:
            return _LOADED[key]
        py_file = _translation(p, digest)
        model = _read_metadata(p, digest, py_file)
        _LOADED[key] = model
        return model


def _pysd_version() -> str:
    import pysd

    return str(pysd.__version__)


def _translation(mdl: Path, digest: str) -> Path:
    """Return PySD's translation of ``mdl``, translating it if not cached."""
    final = cache_dir() / f"pysd-{_pysd_version()}" / digest
    py_file = final / "model.py"
    if py_file.is_file():
        return py_file
    final.parent.mkdir(parents=True, exist_ok=True)
    # Translate in a private folder and rename it into place: a half-written
    # translation is never visible, and two processes racing both succeed.
    work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
    try:
        shutil.copyfile(mdl, work / "model.mdl")
        import pysd

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pysd.read_vensim(str(work / "model.mdl"), initialize=False)
        except Exception as exc:  # PySD raises many kinds on a bad file
            raise ModelError(
                f"{mdl}: PySD cannot translate this model: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        if not (work / "model.py").is_file():
            raise ModelError(f"{mdl}: PySD produced no translation")
        try:
            os.rename(work, final)
        except OSError:
            if not py_file.is_file():
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return py_file


def _finite(x: Any) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _text(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return str(x)


def _kind(vtype: Any, subtype: Any) -> str:
    vtype = str(vtype)
    subtype = str(subtype)
    if vtype == "Stateful" and subtype == "Integ":
        return "stock"
    if vtype == "Constant":
        return "constant"
    if vtype == "Lookup":
        return "lookup"
    if vtype == "Data":
        return "data"
    return "auxiliary"


def _read_metadata(mdl: Path, digest: str, py_file: Path) -> Model:
    """Read every variable's units, range, kind and default from PySD."""
    import pysd

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pm = pysd.load(str(py_file))
    except Exception as exc:
        raise ModelError(
            f"{mdl}: the translated model does not load: {type(exc).__name__}: {exc}"
        ) from exc
    doc = pm.doc
    variables: dict[str, VarInfo] = {}
    for row in doc.to_dict("records"):
        py_name = str(row["Py Name"])
        real = str(row["Real Name"])
        if py_name == "time":
            continue
        raw_limits = row.get("Limits")
        limits = tuple(raw_limits) if isinstance(raw_limits, (tuple, list)) else ()
        lo = _finite(limits[0]) if len(limits) > 0 else None
        hi = _finite(limits[1]) if len(limits) > 1 else None
        st = _finite(limits[2]) if len(limits) > 2 else None
        kind = _kind(row.get("Type"), row.get("Subtype"))
        if py_name in CONTROL_NAMES:
            kind = "control"
        default = None
        subs = row.get("Subscripts")
        if kind in ("constant", "control") and not subs:
            try:
                default = _finite(getattr(pm.components, py_name)())
            except Exception:
                default = None
        units = row.get("Units")
        variables[py_name] = VarInfo(
            name=py_name,
            real_name=real,
            units=_text(units),
            kind=kind,
            minimum=lo,
            maximum=hi,
            step=st,
            default=default,
            comment=_text(row.get("Comment")),
            dims=tuple(str(d) for d in subs) if isinstance(subs, (list, tuple)) else (),
        )

    def control(name: str) -> float:
        value = _finite(getattr(pm.components, name)())
        if value is None:
            raise ModelError(f"{mdl}: control variable {name.upper()} is not a finite number")
        return value

    return Model(
        path=mdl,
        sha256=digest,
        python_file=py_file,
        variables=variables,
        initial_time=control("initial_time"),
        final_time=control("final_time"),
        time_step=control("time_step"),
        saveper=control("saveper"),
        subscripts={str(k): tuple(str(e) for e in v) for k, v in getattr(pm, "subscripts", {}).items()},
    )
