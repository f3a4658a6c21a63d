"""A setting as a link: the URL's query parameters carry model, engine and levers.

The page is the URL's path (``/explore``, ``/network``); the query holds the
model (``model=liaoning``), the engine, the first 16 hex digits of the model
file's SHA-256 (``sha=``), and one parameter per lever key that differs from
business as usual (``recycle_policy=0.9``, ``reduce_policy[metal]=0.2``).
Opening such a link restores exactly that setting; a link made with another
version of the model file still opens, with a warning that its figures may
differ. Nothing in a link is trusted: every key must be one of the model's
levers, every value a finite number in the lever's range, or it is left out
with a note saying why.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode, urlsplit, urlunsplit
from collections.abc import Mapping
from dataclasses import dataclass, field

from entropy import EntropyError
from entropy.loading.levers import lookup

from .models import AppModel

#: Digits of the model's SHA-256 a link carries (64 bits: a changed file is told apart).
SHA_DIGITS = 16
ENGINES = ("simlin", "pysd")
#: Query keys that are not levers.
RESERVED = ("model", "engine", "sha")
#: Levers a link may set at most (the regional model has about 300 lever keys).
MAX_LINK_LEVERS = 400


@dataclass
class Link:
    """What a link asks for, checked: the model, engine, lever values and notes on what was left out."""

    model: str | None = None
    engine: str | None = None
    values: dict[str, float] = field(default_factory=dict)
    extra: dict[str, float] = field(default_factory=dict)  # a preset's constants that are not levers
    notes: list[str] = field(default_factory=list)


def number_text(value: float) -> str:
    """A lever value in a link: as short as it reads back exactly (0.9, 2040, 1e-05)."""
    return f"{value:.12g}"


def encode(app: AppModel, engine: str, setting: Mapping[str, float]) -> dict[str, str]:
    """The query parameters of a setting of ``app``'s levers (keys already differing from the base)."""
    params = {"model": app.name, "engine": engine, "sha": app.model.sha256[:SHA_DIGITS]}
    values = {k: float(v) for k, v in setting.items()}
    # An arrayed lever with every element set to one value is written once, by its bare name.
    for spec in app.specs.values():
        if spec.arrayed and all(k in values for k in spec.keys) and len({values[k] for k in spec.keys}) == 1:
            values[spec.name] = values[spec.keys[0]]
            for k in spec.keys:
                del values[k]
    for key in sorted(values):  # levers and a preset's other constants alike
        params[key] = number_text(values[key])
    return params


def decode(params: Mapping[str, str], apps: Mapping[str, AppModel]) -> Link:
    """Read and check a link's query parameters.

    Parameters
    ----------
    params : mapping of str to str
        The URL's query (``st.query_params``: the last value of a repeated key).
    apps : mapping of str to AppModel
        The shipped models.

    Returns
    -------
    Link
        What can be applied, and a note (plain text) for everything that cannot.
    """
    link = Link()
    name = params.get("model")
    if name is None:
        if not any(k for k in params if k not in RESERVED):
            return link  # a plain address: nothing to restore
        name = "cluster" if "cluster" in apps else next(iter(apps))
    if name not in apps:
        link.notes.append(f"link: model={name!r} is not a shipped model; allowed: {', '.join(apps)}")
        return link
    app = apps[name]
    link.model = name
    engine = params.get("engine")
    if engine is not None:
        if engine in ENGINES:
            link.engine = engine
        else:
            link.notes.append(f"link: engine={engine!r} is not allowed; allowed: {', '.join(ENGINES)}")
    sha = params.get("sha")
    if sha is not None and sha.lower() != app.model.sha256[:SHA_DIGITS]:
        link.notes.append(
            f"link: made with another version of the {name} model (sha {sha[:SHA_DIGITS]!r}, this server has "
            f"{app.model.sha256[:SHA_DIGITS]}); the setting is restored, but its figures may differ from "
            "what the sender saw")
    levers = [k for k in params if k not in RESERVED]
    if len(levers) > MAX_LINK_LEVERS:
        link.notes.append(f"link: {len(levers)} levers is more than a link may set (at most {MAX_LINK_LEVERS}); "
                          "none was applied")
        return link
    keys = {key: spec for spec in app.specs.values() for key in spec.keys}
    for key in levers:
        raw = params[key]
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        name_part, _, rest = key.partition("[")
        spec = app.specs.get(name_part)
        if spec is None:
            _other_constant(app, key, raw, value, link)
            continue
        targets = [key] if key in keys else (list(spec.keys) if not rest else [])
        if not targets:
            link.notes.append(f"link: {key!r} is not a lever of the {name} model; it was left out")
            continue
        if not math.isfinite(value) or not spec.minimum <= value <= spec.maximum:
            link.notes.append(f"link: {key}={raw!r} is not a number in the lever's range "
                              f"[{spec.minimum:g}, {spec.maximum:g}]; it was left out")
            continue
        for target in targets:
            link.values[target] = value
    return link


def _other_constant(app: AppModel, key: str, raw: str, value: float, link: Link) -> None:
    """A constant a preset sets that is not a lever: kept if the model has it and the value is in range.

    The key is checked first: a key the model lacks (``lang=zh``) is named as such, not as a bad number.
    """
    try:
        lever = lookup(app.model, key, "link", "link")
    except EntropyError:
        link.notes.append(f"link: {key!r} is not a lever or constant of the {app.name} model; it was left out")
        return
    if not math.isfinite(value):
        link.notes.append(f"link: {key}={raw!r} is not a finite number; it was left out")
        return
    try:
        app.base.with_levers(**{key: value})  # the range check and messages of a scenario file
    except EntropyError as exc:
        link.notes.append(f"link: {key}={raw!r} was left out: {exc}")
        return
    link.extra[lever.key] = value


def page_url(url: str, params: Mapping[str, str]) -> str:
    """The address of the page ``url`` shows (its query left out) with the query ``params``."""
    return urlunsplit(urlsplit(url)._replace(query=urlencode(params, safe="[],"), fragment=""))
