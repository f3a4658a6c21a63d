"""An XMILE (Stella) model reader that never generates or runs code.

XMILE (``.xmile``, ``.stmx``, ``.xml``: the OASIS standard that Stella and
Simlin write) is read here with the same rule as a Vensim ``.mdl`` file
(:mod:`entropy.loading.mdl`): the package checks every part itself and builds
everything downstream from checked pieces only.

- The XML may hold no document type or entity declaration (no external file,
  no entity expansion), and only one model: modules (sub-models), arrays and
  macros are refused with a message, as are names holding anything but
  letters, digits, spaces and a Vensim name's punctuation.
- Every equation is tokenised and parsed (:mod:`entropy.loading.xmile_expr`):
  numbers, names of the model's variables, operators, ``IF THEN ELSE``,
  ``AND OR NOT MOD`` and an allowlist of XMILE functions; string literals and
  anything else are refused with the file, the line, the variable and what is
  allowed.
- The engines never see the file: each gets a copy rebuilt from the parsed
  equations (:func:`~entropy.loading.xmile_copy.clean_xmile`), without documentation, units, views or any
  vendor extension, so none of that text can reach PySD's code generator
  (:mod:`entropy.loading.xmile_copy`).

The metadata (names, units, ranges, kinds, constants' values, control values)
comes from :mod:`entropy.loading.xmile_meta`, in the same form as a ``.mdl`` model's.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path


from ..errors import ModelError
from .names import python_identifiers
from .xmile_expr import BUILTINS, Arrays, Expr, canonical, parse_equation
from .xmile_xml import Located, child, children, local, text

__all__ = ["XMILE_SUFFIXES", "Dimension", "Graph", "XVar", "XmileDoc", "read_xmile"]

#: File suffixes read as XMILE (lower case).
XMILE_SUFFIXES = (".xmile", ".stmx", ".xml")
_KINDS = ("stock", "flow", "aux", "gf")
_IDENT = re.compile(r"[^\W\d][\w ]*")
#: Largest number of points in one graphical function.
MAX_GF_POINTS = 100_000


@dataclass(frozen=True)
class Graph:
    """A graphical function (lookup): ``xs`` ascending, ``ys`` the values, ``kind`` its interpolation."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    kind: str = "continuous"


@dataclass(frozen=True)
class XVar:
    """One checked variable of an XMILE model.

    Attributes
    ----------
    tag : str
        ``stock``, ``flow``, ``aux`` or ``gf``.
    name : str
        Key for matching names: lower case, words joined by ``_`` (``ore_reserve``).
    real_name : str
        The name as the file writes it, underscores shown as spaces.
    eqn : Expr or None
        The parsed equation (a stock's initial value); None for a bare ``gf``.
    inflows, outflows : tuple of str
        A stock's flows, canonical names.
    graph : Graph or None
        The variable's graphical function, if it has one.
    non_negative : bool
        Whether the file asks the stock or flow to stay at or above zero (read;
        :func:`read_xmile` writes it into the flows' equations and clears it).
    units, doc : str
        The ``<units>`` and ``<doc>`` fields (metadata only).
    minimum, maximum : float or None
        The ``<range>`` (or ``<scale>``) given, if any.
    line : int
        Line of the variable's element in the file.
    dims : tuple of str
        Keys of the dimensions an arrayed variable spans (``()`` for a scalar).
    elements : tuple
        An arrayed variable's own equation per element, ``((element keys), Expr)``,
        where it has no equation for all elements at once.
    """

    tag: str
    name: str
    real_name: str
    eqn: Expr | None
    inflows: tuple[str, ...] = ()
    outflows: tuple[str, ...] = ()
    graph: Graph | None = None
    non_negative: bool = False
    units: str = ""
    doc: str = ""
    minimum: float | None = None
    maximum: float | None = None
    line: int = 0
    dims: tuple[str, ...] = ()
    elements: tuple[tuple[tuple[str, ...], Expr], ...] = ()


@dataclass(frozen=True)
class Dimension:
    """A dimension (subscript range): its key, its name and its elements (key, name).

    Names are as written, with ``_`` read as a space (XMILE treats them alike);
    keys are lower case with ``_`` for spaces, as equations' names are matched.
    """

    key: str
    name: str
    elements: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class XmileDoc:
    """A checked XMILE model: its simulation specs and its variables, in file order."""

    start: float
    stop: float
    dt: float
    save_interval: float
    time_units: str
    method: str
    variables: tuple[XVar, ...]
    dimensions: tuple[Dimension, ...] = ()

    @property
    def idents(self) -> dict[str, str]:
        """The names the engines get: each variable's key mapped to PySD's Python name for it,
        ``d:DIM`` to a dimension's name and ``e:DIM:ELEMENT`` to an element's, as written."""
        out = dict(zip([v.name for v in self.variables],
                       python_identifiers([v.real_name for v in self.variables])))
        for d in self.dimensions:  # in equations, a name's spaces are written _
            out[f"d:{d.key}"] = d.name.replace(" ", "_")
            out.update({f"e:{d.key}:{k}": n.replace(" ", "_") for k, n in d.elements})
        return out


class _Reader:
    """Reads one XMILE file's tree into an :class:`XmileDoc`, checking as it goes."""

    def __init__(self, path: Path, located: Located) -> None:
        self.path, self.loc = path, located

    def fail(self, elem: ET.Element | None, message: str) -> ModelError:
        where = f"line {self.loc.line(elem)}: " if elem is not None and self.loc.line(elem) else ""
        return ModelError(f"{self.path}: {where}{message}")

    def number(self, elem: ET.Element, text: str, what: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise self.fail(elem, f"{what} {text[:40]!r} is not a number") from None
        if not math.isfinite(value):
            raise self.fail(elem, f"{what} must be a finite number, not {text[:40]!r}")
        return value

    def specs(self, root: ET.Element) -> tuple[float, float, float, float, str, str]:
        specs = child(root, "sim_specs")
        if specs is None:
            raise self.fail(root, "no <sim_specs>: the model must give start, stop and dt")
        values = {}
        for key in ("start", "stop", "dt"):
            node = child(specs, key)
            if node is None:
                raise self.fail(specs, f"<sim_specs> has no <{key}>; it must give start, stop and dt")
            values[key] = self.number(node, text(node), f"<{key}>")
        dt_node = child(specs, "dt")
        assert dt_node is not None
        if dt_node.get("reciprocal", "").lower() == "true":
            if values["dt"] == 0:
                raise self.fail(dt_node, "<dt reciprocal='true'> must not be 0")
            values["dt"] = 1.0 / values["dt"]
        save = values["dt"]
        for key in ("save_interval", "savestep"):
            if specs.get(key):
                save = self.number(specs, str(specs.get(key)), f"sim_specs {key}")
        units = specs.get("time_units", "")
        if units and not re.fullmatch(r"[\w ]{1,40}", units):
            raise self.fail(specs, f"time_units {units[:40]!r}: allowed letters, digits, spaces and _")
        method = specs.get("method", "euler").strip().lower()
        return values["start"], values["stop"], values["dt"], save, units, method

    def graph(self, node: ET.Element, owner: str) -> Graph:
        ys_node = child(node, "ypts")
        if ys_node is None:
            raise self.fail(node, f"variable {owner!r}: graphical function without <ypts>")
        ys = self.points(ys_node, owner)
        scale, xs_node = child(node, "xscale"), child(node, "xpts")
        if xs_node is not None:  # explicit points win over the scale (Simlin writes both)
            xs = self.points(xs_node, owner)
        elif scale is not None:
            lo = self.number(scale, scale.get("min", ""), f"variable {owner!r}: xscale min")
            hi = self.number(scale, scale.get("max", ""), f"variable {owner!r}: xscale max")
            xs = tuple(lo + (hi - lo) * i / max(len(ys) - 1, 1) for i in range(len(ys)))
        else:
            raise self.fail(node, f"variable {owner!r}: graphical function needs <xpts> or <xscale>")
        if len(xs) != len(ys) or not ys:
            raise self.fail(node, f"variable {owner!r}: graphical function has {len(xs)} x and "
                                  f"{len(ys)} y points; they must be as many, at least one")
        if any(b <= a for a, b in zip(xs, xs[1:])):
            raise self.fail(node, f"variable {owner!r}: graphical function's x points must increase")
        kind = node.get("type", "continuous").strip().lower()
        if kind not in ("continuous", "extrapolate", "discrete"):
            raise self.fail(node, f"variable {owner!r}: graphical function type {kind[:20]!r}; "
                                  "allowed: continuous, extrapolate, discrete")
        return Graph(xs, ys, kind)

    def points(self, node: ET.Element, owner: str) -> tuple[float, ...]:
        sep = node.get("sep", ",") or ","
        parts = [p for p in text(node).split(sep) if p.strip()]
        if len(parts) > MAX_GF_POINTS:
            raise self.fail(node, f"variable {owner!r}: {len(parts):,} points; allowed at most {MAX_GF_POINTS:,}")
        return tuple(self.number(node, p.strip(), f"variable {owner!r}: point") for p in parts)

    def variable(self, node: ET.Element, known: set[str], graphs: set[str],
                 behaviour: frozenset[str], arrays: Arrays) -> XVar:
        tag = local(node.tag)
        raw_name = node.get("name", "")
        real, name = canonical(self.path, self.loc.line(node), raw_name)
        dims = arrays.dims_of.get(name, ())
        own = Arrays(arrays.dims_of, arrays.elements, dims)
        eqn_node = child(node, "eqn")
        gf_node = node if tag == "gf" else child(node, "gf")
        eqn = None
        per_element = self.element_equations(node, real, dims, known, graphs, arrays)
        if dims and gf_node is not None:
            raise self.fail(node, f"variable {real!r}: an arrayed graphical function is not supported")
        if per_element:
            pass
        elif eqn_node is not None and text(eqn_node):
            eqn = parse_equation(self.path, self.loc.line(eqn_node), real, text(eqn_node), known, graphs, own)
        elif gf_node is None:
            raise self.fail(node, f"variable {real!r} has no equation (<eqn>)")
        elif tag == "stock":
            raise self.fail(node, f"stock {real!r} has no initial value (<eqn>)")
        flows: dict[str, tuple[str, ...]] = {"inflow": (), "outflow": ()}
        if tag == "stock":
            for key in flows:
                flows[key] = tuple(canonical(self.path, self.loc.line(f), text(f))[1]
                                   for f in children(node, key))
                for f in flows[key]:
                    if f not in known:
                        raise self.fail(node, f"stock {real!r}: {key} {f!r} is not a variable of the model")
                    if arrays.dims_of.get(f, ()) != dims:
                        raise self.fail(node, f"stock {real!r}: {key} {f!r} spans other dimensions than the "
                                              "stock; dimension mappings are not supported")
        lo = hi = None
        limits = child(node, "range")
        limits = child(node, "scale") if limits is None else limits
        if limits is not None:
            lo = self.number(limits, limits.get("min", ""), f"variable {real!r}: range min") \
                if limits.get("min") not in (None, "") else None
            hi = self.number(limits, limits.get("max", ""), f"variable {real!r}: range max") \
                if limits.get("max") not in (None, "") else None
        flag = child(node, "non_negative")
        # PySD's rule: the model's <behavior> sets the default, a variable's own flag wins.
        non_negative = (flag is not None and "false" not in text(flag).lower()) or (
            flag is None and tag in behaviour)
        return XVar(
            tag=tag, name=name, real_name=real, eqn=eqn,
            inflows=flows["inflow"], outflows=flows["outflow"],
            graph=self.graph(gf_node, real) if gf_node is not None else None,
            non_negative=non_negative, units=" ".join(text(child(node, "units")).split()),
            doc=text(child(node, "doc")), minimum=lo, maximum=hi, line=self.loc.line(node),
            dims=dims, elements=per_element,
        )

    def element_equations(self, node: ET.Element, real: str, dims: tuple[str, ...], known: set[str],
                          graphs: set[str], arrays: Arrays) -> tuple[tuple[tuple[str, ...], Expr], ...]:
        """An arrayed variable's ``<element subscript="a, b">`` equations: every element's, or none."""
        found = children(node, "element")
        if not found:
            return ()
        if not dims:
            raise self.fail(node, f"variable {real!r} has <element> equations but no <dimensions>")
        out: dict[tuple[str, ...], Expr] = {}
        for elem in found:
            keys = tuple(p.strip().lower().replace(" ", "_") for p in elem.get("subscript", "").split(","))
            if len(keys) != len(dims) or any(k not in arrays.elements[d] for k, d in zip(keys, dims)):
                raise self.fail(elem, f"variable {real!r}: element {elem.get('subscript', '')[:60]!r} is not "
                                      f"one of {' x '.join(dims)}")
            equation = text(child(elem, "eqn"))
            if not equation or child(elem, "gf") is not None:
                raise self.fail(elem, f"variable {real!r}: element {elem.get('subscript')!r} needs an "
                                      "<eqn> (graphical functions per element are not supported)")
            out[keys] = parse_equation(self.path, self.loc.line(elem), f"{real}[{', '.join(keys)}]", equation,
                                       known, graphs, Arrays(arrays.dims_of, arrays.elements, None))
        every = 1
        for d in dims:
            every *= len(arrays.elements[d])
        if len(out) != every:
            raise self.fail(node, f"variable {real!r}: {len(out)} of its {every} elements have an "
                                  "equation; give every element one, or one <eqn> for all")
        return tuple(out.items())

    def dimensions(self, root: ET.Element) -> tuple[Dimension, ...]:
        """The model's ``<dimensions>``: named elements, or ``size`` elements named 1..n."""
        holder = child(root, "dimensions")
        out: list[Dimension] = []
        for dim in [] if holder is None else children(holder, "dim"):
            name = " ".join(dim.get("name", "").replace("_", " ").split())
            if not _IDENT.fullmatch(name):
                raise self.fail(dim, f"dimension {name[:60]!r}: allowed names are letters, digits, spaces "
                                     "and _, starting with a letter")
            # A mapping (isee:maps_to) is left out: no equation may use one (subscripts name
            # their own position's dimension, a stock's flows span its dimensions).
            names = [" ".join(e.get("name", "").replace("_", " ").split()) for e in children(dim, "elem")]
            if not names:
                size = dim.get("size", "")
                if not size.isdigit() or not 0 < int(size) <= MAX_GF_POINTS:
                    raise self.fail(dim, f"dimension {name!r} needs <elem> names or a size from 1 to "
                                         f"{MAX_GF_POINTS:,}, not {size[:20]!r}")
                names = [str(i) for i in range(1, int(size) + 1)]
            for e in names:
                if not (_IDENT.fullmatch(e) or e.isdigit()):
                    raise self.fail(dim, f"dimension {name!r}: element {e[:60]!r}: allowed names are "
                                         "letters, digits, spaces and _, starting with a letter, or a number")
            keys = [e.lower().replace(" ", "_") for e in names]
            if len(set(keys)) != len(keys):
                raise self.fail(dim, f"dimension {name!r} names an element twice")
            out.append(Dimension(name.lower().replace(" ", "_"), name, tuple(zip(keys, names))))
        if len({d.key for d in out}) != len(out):
            raise self.fail(holder, "a dimension is defined twice")
        return tuple(out)


def _behaviour(root: ET.Element) -> frozenset[str]:
    """The kinds (``stock``, ``flow``) that the model's ``<behavior>`` makes non-negative."""
    found: set[str] = set()
    behavior = child(root, "behavior")
    if behavior is None:
        return frozenset()
    if child(behavior, "non_negative") is not None:
        found |= {"stock", "flow"}
    for kind in ("stock", "flow"):
        node = child(behavior, kind)
        if node is not None and child(node, "non_negative") is not None:
            found.add(kind)
    return frozenset(found)


def read_xmile(path: Path, raw: bytes) -> XmileDoc:
    """Read and check an XMILE model from its bytes.

    Raises
    ------
    ModelError
        Naming the file, the line, the variable and what is allowed, for
        anything that is not plain XMILE this package can prove harmless.
    """
    loc = Located(path)
    root = loc.parse(raw)
    reader = _Reader(path, loc)
    if local(root.tag) != "xmile":
        raise reader.fail(root, f"the root element is <{local(root.tag)[:40]}>, not <xmile>: not an XMILE model")
    models = children(root, "model")
    if len(models) != 1 or models[0].get("name"):
        raise reader.fail(root, f"the file holds {len(models)} models; allowed: one main model "
                                "(modules and sub-models are not supported)")
    if children(root, "macro"):
        raise reader.fail(children(root, "macro")[0], "macros are not allowed")
    dimensions = reader.dimensions(root)
    by_key = {d.key: d for d in dimensions}
    start, stop, dt, save, units, method = reader.specs(root)
    holder = child(models[0], "variables")
    nodes = [] if holder is None else list(holder)
    for node in nodes:
        if local(node.tag) == "module":
            raise reader.fail(node, "modules (sub-models) are not supported")
    nodes = [n for n in nodes if local(n.tag) in _KINDS]
    names: dict[str, ET.Element] = {}
    graphs: set[str] = set()
    dims_of: dict[str, tuple[str, ...]] = {}
    for node in nodes:
        real, name = canonical(path, loc.line(node), node.get("name", ""))
        if name in names or name in BUILTINS:
            what = "is defined twice" if name in names else "is the name of an XMILE built-in"
            raise reader.fail(node, f"variable {real!r} {what}")
        names[name] = node
        if local(node.tag) == "gf" or (child(node, "gf") is not None and child(node, "eqn") is None):
            graphs.add(name)
        holder_dims = child(node, "dimensions")
        if holder_dims is not None and len(holder_dims):
            keys = tuple(str(d.get("name", "")).lower() for d in children(holder_dims, "dim"))
            missing = [k for k in keys if k not in by_key]
            if missing or len(set(keys)) != len(keys):
                raise reader.fail(node, f"variable {real!r}: dimensions {', '.join(keys)[:80]!r}: each must "
                                        f"be one of the model's <dimensions> ({', '.join(by_key) or 'none'}), once")
            dims_of[name] = keys
    if not names:
        raise reader.fail(root, "no variables found; is this an XMILE model?")
    known = set(names)
    behaviour = _behaviour(root)
    arrays = Arrays(dims_of, {d.key: tuple(k for k, _ in d.elements) for d in dimensions}, ())
    variables = tuple(reader.variable(node, known, graphs, behaviour, arrays) for node in nodes)
    return XmileDoc(start, stop, dt, save, units, method, _limit_flows(path, variables), dimensions)


def _limit_flows(path: Path, variables: tuple[XVar, ...]) -> tuple[XVar, ...]:
    """Non-negative flows and stocks written into the equations, the same for both engines.

    XMILE's ``non_negative`` flow never runs backwards: ``MAX(0, flow)``. A
    non-negative stock's outflows, in the file's order, take at most what the
    stock holds plus its inflows this step: ``MAX(0, MIN(outflow, stock / DT +
    inflows - earlier outflows))``, so the stock stays at or above zero and mass
    is kept. (Simlin ignores the flag, and PySD clamps the stock without limiting
    its outflow, which loses mass: so neither engine is left to interpret it.)
    """
    dims = {v.name: v.dims for v in variables}

    def ref(name: str) -> Expr:
        return Expr("ref", name, subs=tuple(f"d:{d}" for d in dims.get(name, ())))

    def total(names: tuple[str, ...]) -> Expr:
        out = Expr("num", value=0.0)
        for n in names:
            out = Expr("op", "+", args=(out, ref(n)))
        return out

    eqns = {v.name: v.eqn for v in variables}
    for v in variables:
        outflow_of = [st for st in variables if st.tag == "stock" and st.non_negative and v.name in st.outflows]
        if (v.non_negative or outflow_of) and (v.elements or any(st.dims != v.dims for st in outflow_of)):
            raise ModelError(f"{path}: line {v.line}: {v.real_name!r}: a non-negative arrayed stock or flow "
                             "needs one equation for all elements, and the same dimensions as its stock")
        if v.tag == "flow" and v.non_negative and v.eqn is not None:
            eqns[v.name] = Expr("call", "max", args=(Expr("num", value=0.0), v.eqn))
    for stock in variables:
        if stock.tag != "stock" or not stock.non_negative:
            continue
        for i, out in enumerate(stock.outflows):
            own = eqns[out]
            if own is None:
                continue
            room = Expr("op", "-", args=(
                Expr("op", "+", args=(Expr("op", "/", args=(ref(stock.name), ref("dt"))), total(stock.inflows))),
                total(stock.outflows[:i])))
            eqns[out] = Expr("call", "max", args=(
                Expr("num", value=0.0), Expr("call", "min", args=(own, room))))
    return tuple(replace(v, eqn=eqns[v.name], non_negative=False) if v.tag != "gf" else v for v in variables)
