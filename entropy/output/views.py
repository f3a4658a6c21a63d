"""Hand-laid-out stock-and-flow views of a model, drawn as SVG in Vensim/Stella style.

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
overlap in either language. All text is escaped in the SVG.
"""

from __future__ import annotations

import difflib
import html
import math
import os
import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import ModelError, ScenarioError
from ..loading.model import Model
from ..loading.scenario import parse_toml, read_text_file

VIEWS_FILE = "views.toml"
KINDS = ("stock", "flow", "aux", "cloud")
SIDES = ("below", "right", "above", "left")  # where a label may go around its shape
LANGS = ("en", "zh")
#: Chinese needs a CJK font: the list names common ones of Linux, Windows and macOS.
FONTS = {"en": "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif",
         "zh": "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"}
CELL_X, CELL_Y = 120.0, 70.0  # pixels per grid step at scale 1
FONT_PX, LINE_PX, WRAP_PX = 13.0, 16.0, 124.0
MAX_X, MAX_Y, MAX_VIEWS, MAX_ELEMENTS, MAX_LABEL = 20, 14, 20, 60, 40
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_LINK, _INK, _PIPE, _STOCK, _SHADOW = "#2a6fd6", "#1d1d1d", "#3a3a3a", "#eaf2fb", "#777777"
_CLOUD = ((-12, 3, 8), (-3, -4, 9), (8, -3, 8), (14, 4, 6), (1, 5, 8))  # circles (x, y, r)
Point = tuple[float, float]


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


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in SVG pixels at scale 1."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """Whether the boxes come closer than ``gap``."""
        return (self.x0 < other.x1 + gap and other.x0 < self.x1 + gap
                and self.y0 < other.y1 + gap and other.y0 < self.y1 + gap)

    def union(self, other: Box) -> Box:
        """The smallest box holding both."""
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))

    @property
    def centre(self) -> Point:
        """The middle point."""
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Placed:
    """Where an element is drawn in one language: ``box`` holds its ``shape`` (rectangle,
    valve, circle or cloud), stacked copies and ``label`` (no two boxes overlap); the
    label's ``lines`` start at baseline ``text_y``; ``sides`` are where a valve's pipes go."""

    element: Element
    shape: Box
    box: Box
    label: Box
    lines: tuple[str, ...]
    text_x: float
    text_y: float
    anchor: str
    sides: frozenset[str] = frozenset()


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

    from ..analysis.structure import model_structure
    from ..loading.names import simlin_ident

    nodes = model_structure(model)
    by_ident = {ident: name for name, ident in model.simlin_names().items()}
    tables: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
    try:
        sm = simlin.load(model.path)
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


# --- Layout ----------------------------------------------------------------------

def text_width(text: str, size: float = FONT_PX) -> float:
    """Estimated width of ``text`` in pixels: generous for the fonts of :data:`FONTS`."""
    w = 0.0
    for c in text:
        if unicodedata.east_asian_width(c) in ("W", "F"):
            w += 1.0
        else:
            w += 0.32 if c in "iljI.,:;|!'()[] " else 0.9 if c in "mwMW" else 0.7 if c.isupper() else 0.6
    return w * size


def wrap_label(text: str, lang: str) -> list[str]:
    """The label on one line, or on two of balanced width if wider than :data:`WRAP_PX`.

    English breaks between words, Chinese between characters: joining the lines
    (with a space in English) gives the label back.
    """
    words = text.split(" ") if lang == "en" else list(text)
    if text_width(text) <= WRAP_PX or len(words) < 2:
        return [text]
    sep = " " if lang == "en" else ""
    splits = [(sep.join(words[:k]), sep.join(words[k:])) for k in range(1, len(words))]
    first, second = min(splits, key=lambda pair: max(text_width(pair[0]), text_width(pair[1])))
    return [first, second]


def _sides(f: Element, ends: list[Element]) -> frozenset[str]:
    """The sides of a valve that its pipes leave from, toward its two ends."""
    return frozenset("left" if e.x < f.x else "right" if e.x > f.x else "above" if e.y < f.y else "below" for e in ends)


def layout(view: View, lang: str) -> dict[str, Placed]:
    """Where each element of ``view`` is drawn in ``lang`` (pixels at scale 1), by key."""
    out: dict[str, Placed] = {}
    for e in view.elements:
        cx, cy = e.x * CELL_X, e.y * CELL_Y
        lines = tuple(wrap_label(e.label(lang), lang)) if e.kind != "cloud" else ()
        lines += (f"[{', '.join(e.dims)}]",) if len(e.dims) > 1 else ()  # not only the usual Sector
        tw, th = max((text_width(s) for s in lines), default=0.0), LINE_PX * len(lines)
        stack = 8.0 if e.dims else 0.0
        tx, anchor, sides = cx, "middle", frozenset[str]()
        if e.kind == "stock":
            w, h = max(100.0, tw + 20), max(46.0, th + 14)
            shape = Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            box, ty = Box(shape.x0, shape.y0 - stack, shape.x1 + stack, shape.y1), cy - th / 2 + 11.5
            label = Box(cx - tw / 2, ty - 12, cx + tw / 2, ty - 12 + th)
        elif e.kind == "cloud":
            shape = box = label = Box(cx - 22, cy - 13, cx + 22, cy + 13)
            ty = cy
        else:
            r = 6.0 if e.kind == "aux" else 9.0
            shape = Box(cx - r, cy - r, cx + r, cy + r)
            if e.kind == "flow":
                sides = _sides(e, [view.element(e.source), view.element(e.target)])
            side = e.side or next(s for s in SIDES if s not in sides)
            ty = {"below": cy + r + 15, "above": cy - r - th + 10}.get(side, cy - th / 2 + 12)
            if side in ("right", "left"):
                anchor, tx = ("start", cx + r + 6) if side == "right" else ("end", cx - r - 6)
            x0 = tx - tw / 2 if anchor == "middle" else tx if anchor == "start" else tx - tw
            label = Box(x0, ty - 12, x0 + tw, ty - 12 + th)
            box = shape.union(label).union(Box(shape.x0, shape.y0 - stack / 2, shape.x1 + stack / 2, shape.y1))
        out[e.key] = Placed(e, shape, box, label, lines, tx, ty, anchor, sides)
    return out


def _pipe(placed: dict[str, Placed], f: Element) -> list[Point]:
    """A flow's pipe: from the edge of its source through the valve to the edge of its target."""
    v = placed[f.key].shape.centre

    def edge(key: str) -> Point:
        b = placed[key].shape
        cx, cy = b.centre
        if abs(cy - v[1]) < 0.01:
            return (b.x1 if v[0] > cx else b.x0), cy
        return cx, (b.y1 if v[1] > cy else b.y0)

    return [edge(f.source), v, edge(f.target)]


def _exit(b: Box, toward: Point, pad: float = 3.0) -> Point:
    """Where the ray from the centre of ``b`` toward a point leaves ``b`` (padded)."""
    (cx, cy), (px, py) = b.centre, toward
    dx, dy = px - cx, py - cy
    ts = [((b.x1 + pad - cx) if dx > 0 else (b.x0 - pad - cx)) / dx] if dx else []
    ts += [((b.y1 + pad - cy) if dy > 0 else (b.y0 - pad - cy)) / dy] if dy else []
    t = min(ts, default=0.0)
    return cx + dx * t, cy + dy * t


def _anchor(p: Placed, toward: Point) -> Point:
    """Where a link toward a point meets an element: the edge of its shape, or of shape and
    label where an auxiliary's label is in the way (a link meets a flow at its valve)."""
    if p.element.kind != "aux":
        return _exit(p.shape, toward)
    (ox, oy), lab, t0, t1 = p.shape.centre, p.label, 0.0, 1.0
    for o, d, lo, hi in ((ox, toward[0] - ox, lab.x0, lab.x1), (oy, toward[1] - oy, lab.y0, lab.y1)):
        if d == 0 and not lo <= o <= hi:
            return _exit(p.shape, toward)
        if d:  # clip the segment to the label's slab on this axis
            t0, t1 = max(t0, min((lo - o) / d, (hi - o) / d)), min(t1, max((lo - o) / d, (hi - o) / d))
    return _exit(p.box, toward, 6) if t0 <= t1 else _exit(p.shape, toward)


# --- SVG -------------------------------------------------------------------------

def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _arrow(tip: Point, frm: Point, length: float, half: float, fill: str) -> str:
    dx, dy = tip[0] - frm[0], tip[1] - frm[1]
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    bx, by = tip[0] - ux * length, tip[1] - uy * length
    pts = [tip, (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]
    return f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}" fill="{fill}"/>'


def view_svg(view: View, lang: str, scale: float = 1.0) -> str:
    """The view as SVG text in ``lang`` (``"en"`` or ``"zh"``), ``scale`` times its natural size.

    Stocks are rectangles, flows double-line pipes with a bow-tie valve and an
    arrowhead, clouds mark sources and sinks outside the view, auxiliaries are
    small circles with their name, information links thin curved blue arrows;
    arrayed variables are stacked. Labels are 13 px at scale 1; the viewBox fits
    the drawing.
    """
    if lang not in LANGS:
        raise ValueError(f"lang = {lang!r}; allowed: {', '.join(LANGS)}")
    if not math.isfinite(scale) or not 0.1 <= scale <= 10:
        raise ValueError(f"scale = {scale!r}; allowed: 0.1 to 10")
    placed = layout(view, lang)
    # Stocks and clouds first, so that pipes reach over the stacked copies of an arrayed stock.
    parts = [_element_svg(p) for p in placed.values() if p.element.kind in ("stock", "cloud")]
    area = placed[view.elements[0].key].box
    for p in placed.values():
        area = area.union(p.box)
        if p.element.kind == "flow":  # a dark wide line under a white narrow one: a double line
            pts = _pipe(placed, p.element)
            (ex, ey), (px, py) = pts[-1], pts[-2]
            n = math.hypot(ex - px, ey - py) or 1.0
            d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in [*pts[:-1], (ex - (ex - px) / n * 9, ey - (ey - py) / n * 9)])
            parts.append(f'<path d="{d}" fill="none" stroke="{_PIPE}" stroke-width="7"/><path d="{d}" '
                         f'fill="none" stroke="#ffffff" stroke-width="3.6"/>' + _arrow(pts[-1], pts[-2], 11, 8, _PIPE))
    for ln in view.links:
        a, b = placed[ln.source], placed[ln.target]
        (ax, ay), (bx, by) = a.shape.centre, b.shape.centre
        bend = ln.bend if ln.bend is not None else -0.15 if bx > ax else 0.15 if bx < ax else 0.0
        if bend:
            ctrl = ((ax + bx) / 2 - (by - ay) * bend, (ay + by) / 2 + (bx - ax) * bend)
            s, t = _anchor(a, ctrl), _anchor(b, ctrl)
        else:  # straight: aim at the other element, so that the arrow points the right way
            s, t = _anchor(a, (bx, by)), _anchor(b, (ax, ay))
            ctrl = ((s[0] + t[0]) / 2, (s[1] + t[1]) / 2)
        parts.append(f'<path d="M{s[0]:.1f},{s[1]:.1f} Q{ctrl[0]:.1f},{ctrl[1]:.1f} {t[0]:.1f},{t[1]:.1f}" '
                     f'fill="none" stroke="{_LINK}" stroke-width="1.3"/>' + _arrow(t, ctrl, 8, 3.5, _LINK))
        mid = ((s[0] + 2 * ctrl[0] + t[0]) / 4, (s[1] + 2 * ctrl[1] + t[1]) / 4)
        xs, ys = (s[0], t[0], mid[0]), (s[1], t[1], mid[1])
        area = area.union(Box(min(xs), min(ys), max(xs), max(ys)))
    parts += [_element_svg(p) for p in placed.values() if p.element.kind in ("flow", "aux")]
    title = view.title(lang)
    parts.append(f'<text x="{area.x0:.1f}" y="{area.y0 - 14:.1f}" font-size="17" font-weight="bold" '
                 f'fill="{_INK}">{_esc(title)}</text>')
    area = area.union(Box(area.x0, area.y0 - 34, area.x0 + text_width(title, 17), area.y0))
    arrayed = ", ".join(f"{d} ({n})" for d, n in sorted({(d, n) for e in view.elements for d, n in zip(e.dims, e.shape)}))
    if arrayed:
        note = (f"叠放的图形为数组变量：{arrayed} 的每个元素各有一个值" if lang == "zh"
                else f"Stacked shapes are arrayed variables: one value per element of {arrayed}")
        x, y = area.x0, area.y1 + 26
        parts.append("".join(f'<rect x="{x + k:.1f}" y="{y - 7 - k:.1f}" width="22" height="14" fill="{_STOCK}" '
                             f'stroke="{_PIPE}"/>' for k in (8, 4)) + f'<text x="{x + 38:.1f}" y="{y:.1f}" '
                     f'fill="{_INK}">{_esc(note)}</text>')
        area = area.union(Box(x, y - 16, x + 40 + text_width(note), y + 6))
    x0, y0, w, h = area.x0 - 14, area.y0 - 14, area.x1 - area.x0 + 28, area.y1 - area.y0 + 28
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.1f} {y0:.1f} {w:.1f} {h:.1f}" '
            f'width="{w * scale:.0f}" height="{h * scale:.0f}" font-family="{_esc(FONTS[lang])}" '
            f'font-size="{FONT_PX:g}" role="img" aria-label="{_esc(title)}" data-view="{_esc(view.id)}" '
            f'data-lang="{lang}"><title>{_esc(title)}</title><rect x="{x0:.1f}" y="{y0:.1f}" '
            f'width="{w:.1f}" height="{h:.1f}" fill="#ffffff"/>{"".join(parts)}</svg>')


def _element_svg(p: Placed) -> str:
    """One element's shape (stacked if arrayed) and label, with its full name as a tooltip."""
    e, s = p.element, p.shape
    (cx, cy), body = s.centre, ""
    if e.kind == "stock":
        for k, fill in (((8, "#d3e2f3"), (4, "#d3e2f3")) if e.dims else ()) + ((0, _STOCK),):
            body += (f'<rect x="{s.x0 + k:.1f}" y="{s.y0 - k:.1f}" width="{s.x1 - s.x0:.1f}" height="{s.y1 - s.y0:.1f}" '
                     f'fill="{fill}" stroke="#2b4a6f" stroke-width="{1.2 if k else 1.8}"/>')
    elif e.kind == "cloud":  # outlined circles, then the same filled and smaller to hide the inner arcs
        for grow, stroke in ((0.0, f'stroke="{_PIPE}" stroke-width="1.4"'), (-1.4, 'stroke="none"')):
            body += "".join(f'<circle cx="{cx + x:.1f}" cy="{cy + y:.1f}" r="{r + grow:.1f}" fill="#ffffff" {stroke}/>'
                            for x, y, r in _CLOUD)
    elif e.kind == "aux":
        for k, fill in (((4, "#dde6ee"),) if e.dims else ()) + ((0, "#ffffff"),):
            body += (f'<circle cx="{cx + k:.1f}" cy="{cy - k:.1f}" r="6" fill="{fill}" '
                     f'stroke="{_SHADOW if k else "#555555"}" stroke-width="1.3"/>')
    else:  # a bow-tie across the pipe
        a, b = (8, 7) if p.sides & {"left", "right"} else (7, 8)
        pts = [(-a, -b), (a, b), (a, -b), (-a, b)] if a > b else [(-a, -b), (a, -b), (-a, b), (a, b)]
        for k, fill in (((4, "#efe3c2"),) if e.dims else ()) + ((0, "#fff4d6"),):
            body += (f'<polygon points="{" ".join(f"{cx + k + x:.1f},{cy - k + y:.1f}" for x, y in pts)}" '
                     f'fill="{fill}" stroke="{_SHADOW if k else _INK}" stroke-width="1.3"/>')
    tip = (f"{e.en}[{', '.join(e.dims)}]" if e.dims else e.en) + (f" ({e.units})" if e.units else "")
    last = len(p.lines) - 1 if len(e.dims) > 1 else -1  # the ranges line of a 2-D variable is grey
    grey = ' fill="#666666"'
    text = "".join(f'<tspan x="{p.text_x:.1f}" y="{p.text_y + i * LINE_PX:.1f}"{grey if i == last else ""}>'
                   f"{_esc(line)}</tspan>" for i, line in enumerate(p.lines))
    label = (f'<text text-anchor="{p.anchor}" fill="{_INK}" stroke="#ffffff" stroke-width="3" '
             f'stroke-linejoin="round" paint-order="stroke">{text}</text>') if text else ""
    return (f'<g class="element {e.kind}" data-key="{_esc(e.key)}" data-arrayed="{str(bool(e.dims)).lower()}">'
            f"{f'<title>{_esc(tip)}</title>' if tip else ''}{body}{label}</g>")
