"""What ships: the models under ``sd_models/`` and their scenario files.

Each shipped model is a folder ``sd_models/NAME/`` holding ``NAME.mdl`` (or an
XMILE ``NAME.xmile``, ``NAME.stmx``, ``NAME.xml``), a
``scenarios/`` folder of TOML scenario files and a ``reference/`` folder of
reference outputs. ``$ENTROPY_MODELS_DIR`` points elsewhere if set.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ScenarioError


#: The built-in model: a bare scenario name shipped by several models means its scenario.
DEFAULT_MODEL = "cluster"


def models_dir() -> Path:
    """Return the folder holding the shipped models."""
    env = os.environ.get("ENTROPY_MODELS_DIR")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2] / "sd_models"


#: Model file suffixes, in the order a folder's model is looked for: Vensim, then XMILE.
MODEL_SUFFIXES = (".mdl", ".xmile", ".stmx", ".xml")


def list_models() -> dict[str, Path]:
    """Shipped models by name, e.g. ``{"cluster": .../cluster/cluster.mdl}``.

    A folder ``NAME/`` holds its model as ``NAME.mdl`` (Vensim) or as
    ``NAME.xmile``, ``NAME.stmx`` or ``NAME.xml`` (XMILE); the first found in
    that order is the model.
    """
    root = models_dir()
    found: dict[str, Path] = {}
    if root.is_dir():
        for sub in sorted(root.iterdir()):
            for suffix in MODEL_SUFFIXES:
                file = sub / f"{sub.name}{suffix}"
                if file.is_file():
                    found[sub.name] = file
                    break
    return found


def list_scenarios(model: str | None = None) -> dict[str, Path]:
    """Shipped scenario files by ``MODEL/NAME``, optionally for one model."""
    found: dict[str, Path] = {}
    for name, mdl in list_models().items():
        if model is not None and name != model:
            continue
        folder = mdl.parent / "scenarios"
        if folder.is_dir():
            for f in sorted(folder.glob("*.toml")):
                found[f"{name}/{f.stem}"] = f
    return found


def resolve_model(ref: str, base: Path | None) -> Path:
    """Turn a scenario's ``model`` value into a path.

    A bare name (``"cluster"``) is a shipped model; anything else is a path,
    relative to the scenario file's folder ``base``.
    """
    shipped = list_models()
    if ref in shipped:
        return shipped[ref]
    p = Path(ref).expanduser()
    if not p.is_absolute() and base is not None:
        p = base / p
    return p.resolve()


def find_scenario(ref: str | os.PathLike[str]) -> Path:
    """Find a scenario file by path, by ``MODEL/NAME`` or by bare ``NAME``.

    Raises
    ------
    ScenarioError
        If nothing matches, naming what ships.
    """
    p = Path(ref)
    if p.is_file():
        return p.resolve()
    text = str(ref)
    scenarios = list_scenarios()
    if text in scenarios:
        return scenarios[text]
    by_stem = [f for key, f in scenarios.items() if key.split("/", 1)[1] == text]
    if len(by_stem) == 1:
        return by_stem[0]
    if len(by_stem) > 1:
        # A bare name means the built-in model's scenario (`entropy run bau`);
        # the other models' scenarios are reached as MODEL/NAME.
        preferred = scenarios.get(f"{DEFAULT_MODEL}/{text}")
        if preferred is not None:
            return preferred
        raise ScenarioError(f"{text}: ambiguous scenario name; use MODEL/NAME")
    names = ", ".join(k.split("/", 1)[1] for k in scenarios)
    raise ScenarioError(
        f"{text}: no such scenario file, and no shipped scenario of that name "
        f"(shipped: {names})"
    )
