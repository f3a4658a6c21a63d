"""The copy of a checked XMILE model that an engine reads, never the file itself.

Built from :func:`entropy.loading.xmile.read_xmile`'s parse only: names are
PySD's identifiers, equations are re-rendered from their parse trees
(:func:`entropy.loading.xmile_expr.render`), and units, documentation, ranges,
views and vendor extensions are left out, so none of the file's text can reach
PySD's code generator.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .xmile import Graph, XmileDoc
from .xmile_expr import render

__all__ = ["CLEAN_VERSION", "clean_xmile"]

#: Version of :func:`clean_xmile`'s output: part of the engines' cache keys, so a
#: copy made by an older version of this module is never reused.
CLEAN_VERSION = 7
_NS = "http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"
_ISEE = "http://iseesystems.com/XMILE"
ET.register_namespace("isee", _ISEE)


def _graph(parent: ET.Element, graph: Graph) -> None:
    ET.SubElement(parent, "xpts").text = ",".join(repr(x) for x in graph.xs)
    ET.SubElement(parent, "ypts").text = ",".join(repr(y) for y in graph.ys)


def clean_xmile(doc: XmileDoc, engine: str) -> str:
    """The model rebuilt from checked pieces only, for ``engine`` (``pysd`` or ``simlin``) to read.

    Each engine gets the built-ins, array sums and graphical-function calls it
    reads (see :func:`entropy.loading.xmile_expr.render`), every operation bracketed.
    """
    root = ET.Element("xmile", {"version": "1.0", "xmlns": _NS})
    header = ET.SubElement(root, "header")
    ET.SubElement(header, "vendor").text = "entropy-sim"
    ET.SubElement(header, "product", {"version": "1.0"}).text = "entropy-sim"
    # Simlin reads the save interval from isee's attribute (as it writes it); PySD saves every dt.
    specs = ET.SubElement(root, "sim_specs", {"method": "euler", f"{{{_ISEE}}}save_interval": repr(doc.save_interval)})
    for key, value in (("start", doc.start), ("stop", doc.stop), ("dt", doc.dt)):
        ET.SubElement(specs, key).text = repr(value)
    idents = doc.idents
    dim_names = {d.key: d.name for d in doc.dimensions}
    elem_names = {(d.key, k): n for d in doc.dimensions for k, n in d.elements}
    if doc.dimensions:
        holder = ET.SubElement(root, "dimensions")
        for d in doc.dimensions:
            dim = ET.SubElement(holder, "dim", {"name": d.name})
            for _, name in d.elements:
                ET.SubElement(dim, "elem", {"name": name})
    holder = ET.SubElement(ET.SubElement(root, "model"), "variables")
    for v in doc.variables:
        bare = v.eqn is None and not v.elements  # a graphical function on its own
        # PySD reads such a table as <gf name>, Simlin as an <aux> holding a <gf>.
        tag = ("gf" if engine == "pysd" else "aux") if bare else v.tag
        elem = ET.SubElement(holder, tag, {"name": idents[v.name]})
        if v.dims:
            spans = ET.SubElement(elem, "dimensions")
            for key in v.dims:
                ET.SubElement(spans, "dim", {"name": dim_names[key]})
        if v.eqn is not None:
            ET.SubElement(elem, "eqn").text = render(v.eqn, engine, idents)
        for keys, eqn in v.elements:
            # The element's names as the <dimensions> give them; PySD splits on "," alone.
            names = ",".join(elem_names[(d, k)] for d, k in zip(v.dims, keys))
            ET.SubElement(ET.SubElement(elem, "element", {"subscript": names}), "eqn").text = \
                render(eqn, engine, idents)
        if v.graph is not None:
            if tag == "gf":
                elem.set("type", v.graph.kind)
                _graph(elem, v.graph)
            else:
                _graph(ET.SubElement(elem, "gf", {"type": v.graph.kind}), v.graph)
        for f in v.inflows:
            ET.SubElement(elem, "inflow").text = idents[f]
        for f in v.outflows:
            ET.SubElement(elem, "outflow").text = idents[f]
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
