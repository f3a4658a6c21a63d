"""Hand-laid-out model views (`sd_models/*/views.toml`, `entropy.output.views`): every
name, flow and link is the model's, the SVG is well-formed, legible and uncluttered,
and a broken views file is refused with a message naming the file, the view and the key."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest
import simlin

import entropy
from entropy.errors import ModelError
from entropy.loading.model import Model
from entropy.loading.names import simlin_ident
from entropy.output.views import LANGS, View, layout, load_views, view_svg, wrap_label

from .conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
MODELS = {
    "cluster": ("material", "waste", "energy", "economy"),
    "liaoning": ("material", "waste", "energy", "economy", "exchange", "regional-sink"),
}
CASES = [(m, v) for m, views in MODELS.items() for v in views]


@lru_cache(maxsize=None)
def model(name: str) -> Model:
    return entropy.load_model(ROOT / "sd_models" / name / f"{name}.mdl")


@lru_cache(maxsize=None)
def views(name: str) -> dict[str, View]:
    return {v.id: v for v in load_views(model(name))}


@lru_cache(maxsize=None)
def stock_flows(name: str) -> dict[str, tuple[set[str], set[str]]]:
    """Each stock's (inflows, outflows), snake_case, read by Simlin independently of the module."""
    m = model(name)
    by_ident = {ident: key for key, ident in m.simlin_names().items()}
    sm = simlin.load(m.path)
    out: dict[str, tuple[set[str], set[str]]] = {}
    for key in m.stocks:
        var = sm.get_variable(m.simlin_names()[key])
        assert isinstance(var, simlin.Stock)
        ins, outs = ({by_ident.get(simlin_ident(f), f) for f in fs} for fs in (var.inflows, var.outflows))
        out[key] = (ins, outs)
    return out


@lru_cache(maxsize=None)
def structure(name: str) -> dict[str, entropy.Node]:
    return entropy.model_structure(model(name))


def _norm(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text).strip().lower()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_views_load_with_10_to_25_elements(name: str) -> None:
    got = views(name)
    assert tuple(got) == MODELS[name]
    for v in got.values():
        assert 10 <= len(v.elements) <= 25, (v.id, len(v.elements))
        assert v.title_en and v.title_zh and v.model == name
        assert {e.kind for e in v.elements} >= {"stock", "flow", "aux", "cloud"}


@pytest.mark.parametrize("name, vid", CASES)
def test_every_named_variable_exists(name: str, vid: str) -> None:
    m = model(name)
    for e in views(name)[vid].elements:
        if e.kind == "cloud":
            assert e.key not in m.variables and not e.en
            continue
        info = m.variables[e.key]
        assert e.en == info.real_name and e.zh.strip()
        assert e.dims == info.dims
        assert (e.kind == "stock") == (info.kind == "stock")


@pytest.mark.parametrize("name, vid", CASES)
def test_each_flow_drains_and_fills_the_stocks_it_connects(name: str, vid: str) -> None:
    flows = stock_flows(name)
    view = views(name)[vid]
    shown = {e.key for e in view.elements if e.kind == "stock"}
    for e in view.elements:
        if e.kind == "aux":  # a model flow drawn as an aux: none of its stocks is in the view
            assert not any(e.key in ins | outs for s, (ins, outs) in flows.items() if s in shown), e.key
        if e.kind != "flow":
            continue
        src, dst = view.element(e.source), view.element(e.target)
        assert {src.kind, dst.kind} <= {"stock", "cloud"}
        assert e.key in {f for ins, outs in flows.values() for f in ins | outs}, e.key
        if src.kind == "stock":
            assert e.key in flows[src.key][1], (e.key, "is not an outflow of", src.key)
        else:
            assert not any(e.key in flows[s][1] for s in shown), (e.key, "drains a stock the view shows")
        if dst.kind == "stock":
            assert e.key in flows[dst.key][0], (e.key, "is not an inflow of", dst.key)
        else:
            assert not any(e.key in flows[s][0] for s in shown), (e.key, "fills a stock the view shows")


@pytest.mark.parametrize("name, vid", CASES)
def test_links_are_dependencies_in_the_equations(name: str, vid: str) -> None:
    nodes = structure(name)
    view = views(name)[vid]
    assert view.links
    for ln in view.links:
        target = nodes[ln.target]
        assert target.kind != "stock"
        assert ln.source in target.inputs, (ln.source, "->", ln.target)
        # ... and the source's name is written in the target's equation.
        assert _norm(nodes[ln.source].real_name) in _norm(target.equation), (ln.source, target.equation)


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name, vid", CASES)
def test_svg_is_xml_with_every_label(name: str, vid: str, lang: str) -> None:
    view = views(name)[vid]
    root = _parse(view_svg(view, lang))
    groups = {g.get("data-key"): g for g in root.iter(f"{SVG}g") if g.get("data-key")}
    assert set(groups) == {e.key for e in view.elements}
    sep = " " if lang == "en" else ""
    for e in view.elements:
        lines = [t.text or "" for t in groups[e.key].iter(f"{SVG}tspan")]
        if e.kind == "cloud":
            assert not lines
            continue
        if len(e.dims) > 1:  # a two-dimensional variable names its ranges on a last line
            assert lines.pop() == f"[{', '.join(e.dims)}]"
        assert lines == wrap_label(e.label(lang), lang) and 1 <= len(lines) <= 2
        assert sep.join(lines) == e.label(lang)
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == view.title(lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name, vid", CASES)
def test_no_two_elements_overlap(name: str, vid: str, lang: str) -> None:
    view = views(name)[vid]
    placed = layout(view, lang)
    for a, b in itertools.combinations(placed.values(), 2):
        assert not a.box.overlaps(b.box), (a.element.key, b.element.key)
    x0, y0, w, h = (float(v) for v in _parse(view_svg(view, lang)).get("viewBox", "").split())
    for p in placed.values():  # the viewBox holds everything, with little to spare
        assert x0 <= p.box.x0 and p.box.x1 <= x0 + w and y0 <= p.box.y0 and p.box.y1 <= y0 + h
    # Fitted: no empty band at the sides (above and below are the title, the legend and curved links).
    assert min(p.box.x0 for p in placed.values()) - x0 < 40 and x0 + w - max(p.box.x1 for p in placed.values()) < 40


@pytest.mark.parametrize("name", sorted(MODELS))
def test_labels_are_legible_and_arrays_marked(name: str) -> None:
    for view in views(name).values():
        root = _parse(view_svg(view, "zh"))
        assert "WenQuanYi Micro Hei" in root.get("font-family", "") and "Noto Sans CJK SC" in root.get("font-family", "")
        sizes = [float(el.get("font-size", "")) for el in root.iter() if el.get("font-size")]
        assert min(sizes) >= 12
        for g in root.iter(f"{SVG}g"):
            if not g.get("data-key"):
                continue
            e = view.element(g.get("data-key", ""))
            assert g.get("data-arrayed") == str(bool(e.dims)).lower()
            shapes = [c for c in g if c.tag in (f"{SVG}rect", f"{SVG}circle", f"{SVG}polygon")]
            if e.kind != "cloud":  # an arrayed variable is a stack of its shape
                assert len(shapes) == ((3 if e.kind == "stock" else 2) if e.dims else 1), e.key
        arrayed = any(e.dims for e in view.elements)
        assert arrayed == (name == "liaoning")
        assert ("Stacked shapes" in view_svg(view, "en")) == arrayed


def test_scale_sets_the_size_not_the_layout() -> None:
    view = views("cluster")["material"]
    one, two = _parse(view_svg(view, "en")), _parse(view_svg(view, "en", scale=2))
    assert one.get("viewBox") == two.get("viewBox")
    assert float(two.get("width", "")) == pytest.approx(2 * float(one.get("width", "")), abs=1)
    with pytest.raises(ValueError):
        view_svg(view, "fr")
    with pytest.raises(ValueError):
        view_svg(view, "en", scale=float("nan"))


MINI = """
[[view]]
id = "mini"
title = { en = "Mini", zh = "小" }
element = [
  { name = "Ore Reserve", kind = "stock", x = 0, y = 0, zh = "矿石储量" },
  { name = "Ore Mining", kind = "flow", from = "Ore Reserve", to = "out", x = 1.5, y = 0, zh = "采矿" },
  { id = "out", kind = "cloud", x = 3, y = 0 },
  { name = "Metal Per Tonne Ore", kind = "aux", x = 1.5, y = 1.5, zh = "每吨矿石金属量" },
]
link = [ { from = "Metal Per Tonne Ore", to = "Ore Mining" } ]
"""


def test_text_from_the_file_is_escaped(tmp_path: Path) -> None:
    f = tmp_path / "views.toml"
    f.write_text(MINI.replace('"采矿"', '"<script>alert(1)</script> & \\"采矿\\""')
                 .replace('zh = "小"', 'zh = "</svg><b>"'), encoding="utf-8")
    (view,) = load_views(model("cluster"), f)
    svg = view_svg(view, "zh")
    assert "<script" not in svg and "</svg><b>" not in svg
    root = _parse(svg)
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}tspan"))
    assert '<script>alert(1)</script> & "采矿"'.replace(" ", "") in texts.replace(" ", "")
    assert root.find(f"{SVG}title") is not None and root.findtext(f"{SVG}title") == "</svg><b>"


BROKEN = {
    "unknown variable": (('"Ore Reserve", kind = "stock"', '"Ore Reserv", kind = "stock"'), ["key 'name'", "Ore Reserv", "did you mean 'Ore Reserve'"]),
    "kind not in the list": (('kind = "aux", x = 1.5', 'kind = "valve", x = 1.5'), ["key 'kind'", "'valve'"]),
    "stock drawn as an aux": (('kind = "stock"', 'kind = "aux"'), ["key 'kind'", "model stock"]),
    "aux drawn as a flow": (('kind = "aux", x = 1.5, y = 1.5', 'kind = "flow", x = 1.5, y = 1.5'), ["key 'kind'", "model aux"]),
    "same position": (('x = 1.5, y = 1.5', 'x = 0, y = 0'), ["'x', 'y'", "overlaps 'Ore Reserve'"]),
    "boxes overlap": (('x = 1.5, y = 1.5', 'x = 1.5, y = 0.25'), ["'x', 'y'", "overlaps"]),
    "flow to a stock it does not fill": (
        ('to = "out", x = 1.5, y = 0, zh = "采矿" },\n  { id = "out", kind = "cloud", x = 3, y = 0 }',
         'to = "Land Stockpile", x = 1.5, y = 0, zh = "采矿" },\n  { name = "Land Stockpile", kind = "stock", x = 3, y = 0, zh = "土地" }'),
        ["key 'to' = 'Land Stockpile'", "does not fill", "it fills no stock"]),
    "flow from a cloud with its stock shown": (('from = "Ore Reserve", to = "out"', 'from = "out", to = "Ore Reserve"'), ["key 'from'", "Ore Reserve"]),
    "valve out of line": (('to = "out", x = 1.5, y = 0', 'to = "out", x = 1.5, y = 0.75'), ["key 'from'", "not in line"]),
    "link that is not a dependency": (('{ from = "Metal Per Tonne Ore", to = "Ore Mining" }', '{ from = "Ore Mining", to = "Metal Per Tonne Ore" }'), ["link #1", "key 'from'", "not a dependency"]),
    "link into a stock": (('to = "Ore Mining" }', 'to = "Ore Reserve" }'), ["link #1", "key 'to'", "only through its flows"]),
    "unknown key": (('x = 3, y = 0 }', 'x = 3, y = 0, colour = "red" }'), ["unknown key 'colour'"]),
    "unknown key in a view": (('link = [', 'colour = 1\nlink = ['), ["unknown key 'colour'"]),
    "unused cloud": (('  { id = "out"', '  { id = "spare", kind = "cloud", x = 4, y = 2 },\n  { id = "out"'), ["'spare'", "ends exactly one flow"]),
    "position off the grid": (('x = 3, y = 0 }', 'x = 3.1, y = 0 }'), ["key 'x'", "steps of 0.25"]),
    "label on a pipe": (('to = "out", x = 1.5, y = 0, zh', 'to = "out", x = 1.5, y = 0, label = "right", zh'), ["key 'label' = 'right'", "pipe"]),
    "bad bend": (('to = "Ore Mining" }', 'to = "Ore Mining", bend = 3 }'), ["key 'bend'"]),
    "label with a control character": (('zh = "采矿"', 'zh = "采\\u001b矿"'), ["key 'zh'"]),
}


def test_the_mini_file_is_valid(tmp_path: Path) -> None:
    f = tmp_path / "views.toml"
    f.write_text(MINI, encoding="utf-8")
    (view,) = load_views(model("cluster"), f)
    assert [e.key for e in view.elements] == ["ore_reserve", "ore_mining", "out", "metal_per_tonne_ore"]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_views_file_names_file_view_and_key(tmp_path: Path, case: str) -> None:
    (old, new), expected = BROKEN[case]
    assert old in MINI
    f = tmp_path / "views.toml"
    f.write_text(MINI.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_views(model("cluster"), f)
    message = str(info.value)
    assert message.startswith(f"{f}: ") and "view 'mini'" in message
    for part in expected:
        assert part in message, (part, message)


def test_not_toml_or_missing(tmp_path: Path) -> None:
    f = tmp_path / "views.toml"
    f.write_text("[[view]\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"views\.toml: not valid TOML"):
        load_views(model("cluster"), f)
    with pytest.raises(ModelError, match="cannot read"):
        load_views(model("cluster"), tmp_path / "absent.toml")
