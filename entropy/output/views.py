"""Hand-laid-out stock-and-flow views of a model, drawn as SVG in Vensim/Stella style.

:func:`~entropy.loading.views_file.load_views` reads and validates a model's
``views.toml`` (the file format is described in :mod:`entropy.loading.views_file`,
whose names this module re-exports); here each :class:`View` is laid out on its grid
in English or Chinese (:func:`layout`) and drawn (:func:`view_svg`): stocks as
rectangles, flows as pipes with a valve, auxiliaries as small circles, clouds at the
ends of flows leaving the view, information links as curved arrows. All text is
escaped in the SVG.
"""

from __future__ import annotations

import html
import math
import unicodedata
from dataclasses import dataclass

from ..loading.views_file import (KINDS, LANGS, MAX_ELEMENTS, MAX_LABEL, MAX_VIEWS, MAX_X, MAX_Y, SIDES, VIEWS_FILE,
                                  Element, Link, View, _sides, load_views)

__all__ = ["CELL_X", "CELL_Y", "FONTS", "FONT_PX", "KINDS", "LANGS", "LINE_PX", "MAX_ELEMENTS", "MAX_LABEL", "MAX_VIEWS",
           "MAX_X", "MAX_Y", "SIDES", "VIEWS_FILE", "WRAP_PX", "Box", "Element", "Link", "Placed", "Point", "View",
           "layout", "load_views", "text_width", "view_svg", "wrap_label"]

#: Chinese needs a CJK font: the list names common ones of Linux, Windows and macOS.
FONTS = {"en": "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif",
         "zh": "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"}
CELL_X, CELL_Y = 120.0, 70.0  # pixels per grid step at scale 1
FONT_PX, LINE_PX, WRAP_PX = 13.0, 16.0, 124.0
_LINK, _INK, _PIPE, _STOCK, _SHADOW = "#2a6fd6", "#1d1d1d", "#3a3a3a", "#eaf2fb", "#777777"
_CLOUD = ((-12, 3, 8), (-3, -4, 9), (8, -3, 8), (14, 4, 6), (1, 5, 8))  # circles (x, y, r)
Point = tuple[float, float]


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
