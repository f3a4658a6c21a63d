"""Hand-laid-out stock-and-flow views of a model: the ``views.toml`` file beside it, validated.

The automatic diagram of a whole model (:func:`entropy.diagram_svg`) is too dense to
read. A model's ``views.toml`` (beside its ``.mdl``) lays out by hand the main stocks
and flows of one aspect of the model per ``[[view]]``, on a grid (x 0 to 20 across,
y 0 to 14 down, steps of 0.25)::

    [[view]]
    id = "material"
    title = { en = "Material cycle", zh = "物质循环" }
    element = [
      { name = "Ore Reserve", kind = "stock", x = 0.5, y = 1, zh = "矿石储量" },
      { name = "Ore Mining", kind = "flow", from = "Ore Reserve", to = "out", x = 2, y = 1, zh = "采矿" },
      { id = "out", kind = "cloud", x = 3.25, y = 1 },
      { name = "Metal Per Tonne Ore", kind = "aux", x = 2, y = 0, label = "right", zh = "每吨矿石金属量" },
    ]
    link = [{ from = "Metal Per Tonne Ore", to = "Ore Mining", bend = 0.2 }]

``name`` is the Vensim name and English label; a flow's x, y place its valve, in
line with its ``from`` and ``to``; ``label`` moves a label (:data:`SIDES`); a link
says that the equation of ``to`` uses ``from``, ``bend`` (-1 to 1) curves it. The
file is untrusted and read as data: a :class:`~entropy.errors.ModelError` naming the
file, view and key refuses unknown keys, names the model lacks, kinds it contradicts
(a model flow may be an aux only where none of its stocks is shown), flows between
stocks they do not drain or fill, links that are not dependencies and drawings that
overlap in either language, as :mod:`entropy.output.views` lays them out and draws
them as SVG.
"""

from __future__ import annotations

import difflib
import os
import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import ModelError, ScenarioError
from .model import Model
from .scenario import parse_toml, read_text_file

VIEWS_FILE = "views.toml"
KINDS = ("stock", "flow", "aux", "cloud")
SIDES = ("below", "right", "above", "left")  # where a label may go around its shape
LANGS = ("en", "zh")
MAX_X, MAX_Y, MAX_VIEWS, MAX_ELEMENTS, MAX_LABEL = 20, 14, 20, 60, 40
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


@dataclass(frozen=True)
class Element:
    """A variable drawn as a stock, flow or auxiliary, or a cloud: ``key`` is its snake_case
    name (a cloud's id), ``en``/``zh`` its labels, ``dims``/``shape`` its subscript ranges and
    sizes, ``source``/``target`` a flow's ends (keys), ``side`` a label side set in the file."""

    key: str
    kind: str
    x: float
    y: float
    en: str = ""
    zh: str = ""
    dims: tuple[str, ...] = ()
    shape: tuple[int, ...] = ()
    units: str = ""
    source: str = ""
    target: str = ""
    side: str = ""

    def label(self, lang: str) -> str:
        """The label in ``lang`` (one of :data:`LANGS`)."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Link:
    """``target``'s equation uses ``source``; ``bend`` curves the arrow (None: a little
    upward, away from the labels below the shapes)."""

    source: str
    target: str
    bend: float | None = None


@dataclass(frozen=True)
class View:
    """One validated view of a model: its id, titles, elements and links."""

    id: str
    title_en: str
    title_zh: str
    elements: tuple[Element, ...]
    links: tuple[Link, ...]
    model: str
    source: Path

    def element(self, key: str) -> Element:
        """The element with this key (KeyError if none)."""
        for e in self.elements:
            if e.key == key:
                return e
        raise KeyError(key)

    def title(self, lang: str) -> str:
        """The view's title in ``lang``."""
        return self.title_zh if lang == "zh" else self.title_en


# --- Reading and checking -------------------------------------------------------

class _Facts(NamedTuple):
    inputs: dict[str, frozenset[str]]  # the variables each equation uses
    drains: dict[str, frozenset[str]]  # flow -> the stocks it is an outflow of
    fills: dict[str, frozenset[str]]   # flow -> the stocks it is an inflow of


_LOCK = threading.Lock()
_FACTS: dict[str, _Facts] = {}


def _facts(model: Model) -> _Facts:
    """The model's dependencies and stock flows, read by Simlin (cached per file content)."""
    with _LOCK:
        if model.sha256 in _FACTS:
            return _FACTS[model.sha256]
    import simlin

    from ..engines.simlin_engine import readable_file

    from ..analysis.structure import model_structure
    from .names import simlin_ident

    nodes = model_structure(model)
    by_ident = {ident: name for name, ident in model.simlin_names().items()}
    tables: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
    try:
        sm = simlin.load(readable_file(model))
        for ident, stock in by_ident.items():
            var = sm.get_variable(ident)
            if isinstance(var, simlin.Stock):
                for table, flows in zip(tables, (var.outflows, var.inflows)):
                    for f in flows:
                        table.setdefault(by_ident.get(simlin_ident(f), f), set()).add(stock)
    except simlin.SimlinError as exc:
        raise ModelError(f"{model.path}: Simlin cannot read this model: {exc}") from exc
    drains, fills = ({k: frozenset(v) for k, v in t.items()} for t in tables)
    facts = _Facts({n: frozenset(v.inputs) for n, v in nodes.items()}, drains, fills)
    with _LOCK:
        return _FACTS.setdefault(model.sha256, facts)


def load_views(model: Model, path: str | os.PathLike[str] | None = None) -> list[View]:
    """Read and validate a views file against ``model``.

    Parameters
    ----------
    model : Model
        The model whose variables, flows and dependencies the views must use.
    path : str, path-like or None
        The TOML file; None for the model's own (``views.toml`` beside the ``.mdl``).

    Returns
    -------
    list of View
        In file order.

    Raises
    ------
    ModelError
        Naming the file, the view, the element or link and the key.
    """
    p = model.path.parent / VIEWS_FILE if path is None else Path(path)
    where = str(p)
    try:
        data = parse_toml(read_text_file(p, "views"), where)
    except ScenarioError as exc:  # the same checks as a scenario file; a views file is the model's
        raise ModelError(str(exc)) from None
    _keys(data, ("view",), where, "file")
    tables = data.get("view")
    if not isinstance(tables, list) or not 1 <= len(tables) <= MAX_VIEWS:
        raise ModelError(f"{where}: key 'view': expected 1 to {MAX_VIEWS} [[view]] tables")
    facts, views = _facts(model), list[View]()
    for i, spec in enumerate(tables, start=1):
        view = _parse_view(spec, f"[[view]] #{i}", model, facts, p)
        if any(v.id == view.id for v in views):
            raise ModelError(f"{where}: view {view.id!r}: key 'id': used twice; view ids must differ")
        _check_drawing(view, where)
        views.append(view)
    return views


def _keys(spec: dict[str, Any], allowed: tuple[str, ...], where: str, ctx: str) -> None:
    bad = sorted(set(spec) - set(allowed))
    if bad:
        raise ModelError(f"{where}: {ctx}: unknown key {bad[0]!r}; allowed: {', '.join(allowed)}")


def _text(value: Any, where: str, ctx: str, key: str, limit: int = 120) -> str:
    # Control characters would act in a terminal that prints the label.
    if (not isinstance(value, str) or not value.strip() or len(value) > limit
            or any(unicodedata.category(c) in ("Cc", "Cf") for c in value)):
        raise ModelError(f"{where}: {ctx}: key {key!r} = {_show(value)}; allowed: printable text "
                         f"of 1 to {limit} characters")
    return value.strip()


def _coord(spec: dict[str, Any], key: str, top: int, where: str, ctx: str) -> float:
    v = spec.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= top or (4 * v) % 1:
        raise ModelError(f"{where}: {ctx}: key {key!r} = {_show(v)}; allowed: 0 to {top} in steps of 0.25")
    return float(v)


def _norm(text: str) -> str:  # Vensim names ignore case, and spaces equal underscores
    return " ".join(text.replace("_", " ").split()).lower()


def _parse_view(spec: Any, ctx: str, model: Model, facts: _Facts, path: Path) -> View:
    where = str(path)
    vid = spec.get("id") if isinstance(spec, dict) else None
    if not isinstance(spec, dict) or not isinstance(vid, str) or not _ID.fullmatch(vid):
        raise ModelError(f"{where}: {ctx}: key 'id' = {_show(vid)}; allowed: 1 to 40 of a-z, 0-9, _ and -")
    ctx = f"view {vid!r}"
    _keys(spec, ("id", "title", "element", "link"), where, ctx)
    title = spec.get("title")
    if not isinstance(title, dict) or sorted(title) != ["en", "zh"]:
        raise ModelError(f"{where}: {ctx}: key 'title' = {_show(title)}; allowed: {{ en = ..., zh = ... }}")
    raw = spec.get("element")
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_ELEMENTS:
        raise ModelError(f"{where}: {ctx}: key 'element': expected 1 to {MAX_ELEMENTS} elements")
    els: dict[str, Element] = {}
    ends: dict[str, tuple[str, str, str]] = {}
    for j, e in enumerate(raw, start=1):
        el, src, dst = _parse_element(e, model, facts, where, f"{ctx}, element #{j}")
        ectx = f"{ctx}, element {el.en or el.key!r}"
        clash = next((o for o in els.values() if (o.x, o.y) == (el.x, el.y)), None)
        if el.key in els or clash:
            what = f"position ({el.x:g}, {el.y:g}) overlaps {clash.en or clash.key!r}" if clash else "is drawn twice"
            raise ModelError(f"{where}: {ectx}: keys 'x', 'y': {what}; each element has a place of its own")
        els[el.key] = el
        if el.kind == "flow":
            ends[el.key] = (src, dst, ectx)
    stocks = {k for k, e in els.items() if e.kind == "stock"}
    for key, el in els.items():
        shown = (facts.drains.get(key, frozenset()) | facts.fills.get(key, frozenset())) & stocks
        if el.kind == "aux" and shown:
            raise ModelError(f"{where}: {ctx}, element {el.en!r}: key 'kind' = 'aux'; it is a flow of "
                             f"{_names(model, shown)}, which the view shows; allowed: kind = 'flow'")
    for key, (src, dst, ectx) in ends.items():
        s = _flow_end(src, "from", key, els, facts.drains, model, where, ectx)
        t = _flow_end(dst, "to", key, els, facts.fills, model, where, ectx)
        els[key] = replace(els[key], source=s, target=t)
        sides = _sides(els[key], [els[s], els[t]])
        if len(sides) < 2:
            raise ModelError(f"{where}: {ectx}: key 'to' = {dst!r}: on the same side of the valve as {src!r}")
        if els[key].side in sides:
            raise ModelError(f"{where}: {ectx}: key 'label' = {els[key].side!r}: a pipe leaves the valve there")
    for c in (k for k, e in els.items() if e.kind == "cloud"):
        uses = sum(c in (e.source, e.target) for e in els.values())
        if uses != 1:
            raise ModelError(f"{where}: {ctx}, element {c!r}: key 'id': a cloud ends exactly one flow, not {uses}")
    links = _parse_links(spec.get("link", []), els, model, facts, where, ctx)
    t_en, t_zh = (_text(title[k], where, ctx, f"title.{k}") for k in ("en", "zh"))
    return View(vid, t_en, t_zh, tuple(els.values()), links, model.name, path)


def _parse_element(spec: Any, model: Model, facts: _Facts, where: str, ctx: str) -> tuple[Element, str, str]:
    kind = spec.get("kind") if isinstance(spec, dict) else None
    if not isinstance(spec, dict) or kind not in KINDS:
        raise ModelError(f"{where}: {ctx}: key 'kind' = {_show(kind)}; allowed: {', '.join(KINDS)}")
    if kind == "cloud":
        _keys(spec, ("id", "kind", "x", "y"), where, ctx)
        cid = spec.get("id")
        if not isinstance(cid, str) or not _ID.fullmatch(cid) or cid in model.variables:
            raise ModelError(f"{where}: {ctx}: key 'id' = {_show(cid)}; allowed: 1 to 40 of a-z, 0-9, _ "
                             "and -, not a variable's name")
        return Element(cid, kind, _coord(spec, "x", MAX_X, where, ctx), _coord(spec, "y", MAX_Y, where, ctx)), "", ""
    _keys(spec, ("name", "kind", "x", "y", "zh", *(("from", "to") if kind == "flow" else ()),
                 *(("label",) if kind != "stock" else ())), where, ctx)
    ref = spec.get("name")
    by_real = {_norm(v.real_name): k for k, v in model.variables.items() if v.kind != "control"}
    key = by_real.get(_norm(ref)) if isinstance(ref, str) else None
    if key is None:
        close = difflib.get_close_matches(str(ref), [model.variables[k].real_name for k in by_real.values()], n=3)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise ModelError(f"{where}: {ctx}: key 'name' = {_show(ref)} is not a variable of model {model.name}{hint}")
    info = model.variables[key]
    ctx = f"{ctx} ({info.real_name})"
    actual = "stock" if info.kind == "stock" else "flow" if key in facts.drains or key in facts.fills else "aux"
    if kind != actual and (kind, actual) != ("aux", "flow"):
        raise ModelError(f"{where}: {ctx}: key 'kind' = {kind!r}; {info.real_name!r} is a model {actual}; "
                         f"allowed: kind = {actual!r}")
    side = spec.get("label", "")
    if side not in ("", *SIDES):
        raise ModelError(f"{where}: {ctx}: key 'label' = {_show(side)}; allowed: {', '.join(SIDES)}")
    el = Element(key, kind, _coord(spec, "x", MAX_X, where, ctx), _coord(spec, "y", MAX_Y, where, ctx),
                 info.real_name, _text(spec.get("zh"), where, ctx, "zh", MAX_LABEL), info.dims,
                 model.shape(key), info.units, side=side)
    if kind != "flow":
        return el, "", ""
    return el, _text(spec.get("from"), where, ctx, "from"), _text(spec.get("to"), where, ctx, "to")


def _find(ref: str, els: dict[str, Element]) -> str | None:
    return ref if ref in els else next((k for k, e in els.items() if e.en and _norm(e.en) == _norm(ref)), None)


def _sides(f: Element, ends: list[Element]) -> frozenset[str]:
    """The sides of a valve that its pipes leave from, toward its two ends."""
    return frozenset("left" if e.x < f.x else "right" if e.x > f.x else "above" if e.y < f.y else "below" for e in ends)


def _flow_end(ref: str, key: str, flow: str, els: dict[str, Element], table: dict[str, frozenset[str]],
              model: Model, where: str, ctx: str) -> str:
    """One end of a flow's pipe: the stock it drains (``from``) or fills (``to``), or a cloud."""
    end, role = _find(ref, els), "drains" if key == "from" else "fills"
    if end is None or els[end].kind not in ("stock", "cloud"):
        raise ModelError(f"{where}: {ctx}: key {key!r} = {ref!r}; allowed: a stock or cloud of this view")
    real = table.get(flow, frozenset())
    shown = real & {k for k, e in els.items() if e.kind == "stock"}
    if els[end].kind == "stock" and end not in real:
        what = f"it {role} {_names(model, real)}" if real else f"it {role} no stock"
        raise ModelError(f"{where}: {ctx}: key {key!r} = {ref!r}: the flow does not {role[:-1]} that stock; {what}")
    if els[end].kind == "cloud" and shown:
        raise ModelError(f"{where}: {ctx}: key {key!r} = {ref!r}: the flow {role} {_names(model, shown)}, "
                         "which the view shows; allowed: that stock")
    v, e = els[flow], els[end]
    if v.x != e.x and v.y != e.y:
        raise ModelError(f"{where}: {ctx}: key {key!r} = {ref!r}: at ({e.x:g}, {e.y:g}), not in line with the "
                         f"valve at ({v.x:g}, {v.y:g}); allowed: the same x or the same y")
    return end


def _parse_links(raw: Any, els: dict[str, Element], model: Model, facts: _Facts, where: str,
                 ctx: str) -> tuple[Link, ...]:
    if not isinstance(raw, list) or not all(isinstance(s, dict) for s in raw):
        raise ModelError(f"{where}: {ctx}: key 'link': expected tables with keys from, to, bend")
    links: list[Link] = []
    for j, spec in enumerate(raw, start=1):
        lctx = f"{ctx}, link #{j}"
        _keys(spec, ("from", "to", "bend"), where, lctx)
        ends = []
        for k in ("from", "to"):
            ref = _text(spec.get(k), where, lctx, k)
            found = _find(ref, els)
            if found is None or els[found].kind == "cloud" or (k == "to" and els[found].kind == "stock"):
                why = "; a stock changes only through its flows" if found and k == "to" else ""
                raise ModelError(f"{where}: {lctx}: key {k!r} = {ref!r}; allowed: a "
                                 f"{'flow or aux' if k == 'to' else 'stock, flow or aux'} of this view{why}")
            ends.append(found)
        src, dst = ends
        if src not in facts.inputs.get(dst, frozenset()):
            uses = _names(model, facts.inputs.get(dst, frozenset())) or "nothing"
            raise ModelError(f"{where}: {lctx}: key 'from' = {els[src].en!r}: not a dependency of "
                             f"{els[dst].en!r}, whose equation uses {uses}")
        bend = spec.get("bend")
        if bend is not None and (isinstance(bend, bool) or not isinstance(bend, (int, float)) or not -1 <= bend <= 1):
            raise ModelError(f"{where}: {lctx}: key 'bend' = {_show(bend)}; allowed: a number from -1 to 1")
        if any((ln.source, ln.target) == (src, dst) for ln in links):
            raise ModelError(f"{where}: {lctx}: key 'to': {els[src].en!r} -> {els[dst].en!r} is drawn twice")
        links.append(Link(src, dst, None if bend is None else float(bend)))
    return tuple(links)


def _check_drawing(view: View, where: str) -> None:
    """No two elements' drawings overlap, and no pipe crosses another element, in either language."""
    from ..output.views import Box, _pipe, layout  # the drawing's geometry; imported here, as it imports this module

    for lang in LANGS:
        placed = layout(view, lang)
        items = list(placed.values())
        for n, a in enumerate(items):
            hit = next((b for b in items[n + 1:] if a.box.overlaps(b.box, gap=2)), None)
            if a.element.kind == "flow":
                pts = _pipe(placed, a.element)
                segs = [Box(min(p[0], q[0]) - 3, min(p[1], q[1]) - 3, max(p[0], q[0]) + 3, max(p[1], q[1]) + 3)
                        for p, q in zip(pts, pts[1:])]
                ends = (a.element.key, a.element.source, a.element.target)
                hit = hit or next((b for b in items if b.element.key not in ends
                                   and any(b.box.overlaps(s) for s in segs)), None)
            if hit is not None:
                raise ModelError(f"{where}: view {view.id!r}, element {a.element.label(lang) or a.element.key!r}: "
                                 f"keys 'x', 'y': its drawing ({lang}) overlaps "
                                 f"{hit.element.label(lang) or hit.element.key!r}; move one of them")


def _names(model: Model, keys: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(repr(model.variables[k].real_name) for k in keys if k in model.variables))


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
