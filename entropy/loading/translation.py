"""PySD's translation of a model, made safely and kept in a private, checked cache.

PySD turns a ``.mdl`` file into Python, about a second per model, so the
translation is kept in a cache directory outside the source tree, keyed by the
SHA-256 of the model file. Because the cache holds code that will run, it is
guarded:

- the cache root is created with mode 0700 and refused when it belongs to
  someone else or others can write to it (also through a symlink);
- PySD translates only the cleaned copy :func:`entropy.loading.mdl.safe_text` builds
  from checked tokens, and the result must pass :mod:`entropy.codecheck`;
- a manifest with the SHA-256 of every file is written (atomically) with each
  translation, and checked before every use: a translation whose files do not
  match it exactly is discarded and made again, never loaded.

The cache lives in ``$ENTROPY_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME/entropy-sim`` (``~/.cache/entropy-sim``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import threading
import warnings
from pathlib import Path

from .codecheck import check_generated
from ..errors import ModelError
from .mdl import read_entries, safe_text
from .xmile import XMILE_SUFFIXES, read_xmile
from .xmile_copy import CLEAN_VERSION, clean_xmile

MANIFEST = "manifest.json"
_LOCK = threading.Lock()


def cache_dir() -> Path:
    """Return the root of the translation cache, created private (0700) if missing.

    Raises
    ------
    ModelError
        If the root cannot be created, or it (or what a symlink points to)
        belongs to another user or is writable by group or others, or the
        folder holding it is writable by others without the sticky bit.
    """
    env = os.environ.get("ENTROPY_CACHE_DIR")
    if env:
        root = Path(env).expanduser()
    else:
        try:
            home_cache = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory (some service accounts)
            home_cache = tempfile.gettempdir()
        root = Path(os.environ.get("XDG_CACHE_HOME") or home_cache) / "entropy-sim"
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = root.stat()  # follows a symlink: the real directory is what counts
    except OSError as exc:
        raise ModelError(
            f"cannot create the translation cache {root}: {exc.strerror}; set ENTROPY_CACHE_DIR "
            "to a folder only you can write"
        ) from exc
    if not stat.S_ISDIR(info.st_mode):
        raise ModelError(f"translation cache {root} is not a directory; set ENTROPY_CACHE_DIR to a folder")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise ModelError(
            f"translation cache {root} belongs to another user (uid {info.st_uid}); it holds code "
            "that will run, so it must be yours: set ENTROPY_CACHE_DIR to a folder you own"
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ModelError(
            f"translation cache {root} can be written by others (mode {stat.S_IMODE(info.st_mode):o}); "
            f"it holds code that will run: chmod 700 {root}, or set ENTROPY_CACHE_DIR to a private folder"
        )
    # Whoever can write the folder that holds the cache can rename it and put
    # their own in its place, unless the folder is sticky (as /tmp is).
    parent = Path(os.path.realpath(root)).parent
    mode = parent.stat().st_mode
    if mode & (stat.S_IWGRP | stat.S_IWOTH) and not mode & stat.S_ISVTX:
        raise ModelError(
            f"translation cache {root}: its folder {parent} can be written by others "
            f"(mode {stat.S_IMODE(mode):o}), who could swap the cache; set ENTROPY_CACHE_DIR "
            "to a folder inside one only you can write"
        )
    return root


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _listing(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (relative names), manifest excluded."""
    out: dict[str, str] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if rel == MANIFEST:
            continue
        if p.is_symlink() or not (p.is_file() or p.is_dir()):
            out[rel] = "not a regular file"
        elif p.is_file():
            out[rel] = _sha256(p)
    return out


def write_manifest(folder: Path) -> None:
    """Record the SHA-256 of every file in ``folder`` (written atomically)."""
    tmp = folder / f".{MANIFEST}.tmp{os.getpid()}"
    tmp.write_text(json.dumps({"files": _listing(folder)}, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


def matches_manifest(folder: Path) -> bool:
    """Whether ``folder`` holds exactly the files its manifest lists, unchanged."""
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
        # Python may have written bytecode beside the module since; it is not
        # trusted (it would be loaded instead of the checked source), so drop it.
        shutil.rmtree(folder / "__pycache__", ignore_errors=True)
        return bool(recorded == _listing(folder))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _pysd_version() -> str:
    from importlib.metadata import version

    return version("pysd")


def translation(mdl: Path, digest: str) -> Path:
    """Return PySD's checked translation of ``mdl`` (``model.py``), made if needed.

    Parameters
    ----------
    mdl : Path
        The model file.
    digest : str
        SHA-256 of its bytes (the cache key).

    Raises
    ------
    ModelError
        If the model holds anything unsafe, PySD cannot translate it, or the
        translation fails the code check.
    """
    # An XMILE model's translation depends on this package's cleaned copy too.
    key = f"{digest}-x{CLEAN_VERSION}" if mdl.suffix.lower() in XMILE_SUFFIXES else digest
    final = cache_dir() / f"pysd-{_pysd_version()}" / key
    with _LOCK:
        if (final / "model.py").is_file() and matches_manifest(final):
            return final / "model.py"
        if final.exists():  # tampered with, half-deleted or from an old layout
            _discard(final)
        final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Translate in a private folder and rename it into place: a half-written
        # translation is never visible, and two processes racing both succeed.
        work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
        try:
            _translate_into(mdl, digest, work)
            write_manifest(work)
            try:
                os.rename(work, final)
            except OSError:
                if not matches_manifest(final):
                    raise ModelError(f"{mdl}: could not store the translation in {final}") from None
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
        if not matches_manifest(final):
            raise ModelError(f"{mdl}: the stored translation in {final} changed while being stored")
    return final / "model.py"


def _discard(folder: Path) -> None:
    trash = folder.with_name(f".old-{folder.name}-{os.getpid()}")
    try:
        os.rename(folder, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def _translate_into(mdl: Path, digest: str, work: Path) -> None:
    """Write the cleaned model (Vensim or XMILE, as ``mdl`` is) to ``work`` and let PySD translate it there."""
    try:
        raw = mdl.read_bytes()
    except OSError as exc:
        raise ModelError(f"{mdl}: cannot read the model file: {exc.strerror}") from exc
    if hashlib.sha256(raw).hexdigest() != digest:
        raise ModelError(f"{mdl}: the file changed since it was loaded; load it again")
    xmile = mdl.suffix.lower() in XMILE_SUFFIXES
    if xmile:
        (work / "model.xmile").write_text(clean_xmile(read_xmile(mdl, raw), "pysd"), encoding="utf-8")
    else:
        (work / "model.mdl").write_text(safe_text(read_entries(mdl, raw)), encoding="utf-8")
    import pysd
    from pysd.translators.vensim.vensim_file import VensimFile
    from pysd.translators.xmile.xmile_file import XmileFile
    from pysd.builders.python.python_model_builder import ModelBuilder

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # read_vensim's (read_xmile's) own steps without its final load:
            # nothing generated runs before the check below has passed.
            source = XmileFile(work / "model.xmile") if xmile else VensimFile(work / "model.mdl")
            source.parse()
            ModelBuilder(source.get_abstract_model()).build_model()
    except Exception as exc:  # PySD raises many kinds on a model it cannot handle
        raise ModelError(
            f"{mdl}: PySD {pysd.__version__} cannot translate this model: {type(exc).__name__}: {exc}"
        ) from exc
    py_files = sorted(work.rglob("*.py"))
    if py_files != [work / "model.py"]:
        raise ModelError(f"{mdl}: PySD wrote {[p.name for p in py_files]}, expected model.py alone")
    check_generated(work / "model.py", mdl)
