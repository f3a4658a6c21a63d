"""A model's structure: its variables, their kinds, equations and links.

Read from the model file by Simlin, for display (the front end's Structure
page) and documentation. Nothing here runs a simulation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ModelError
from ..loading.model import Model
from ..loading.names import simlin_ident

#: Kinds of variable, as the diagram distinguishes them.
KINDS = ("stock", "flow", "lever", "constant", "auxiliary")


@dataclass(frozen=True)
class Node:
    """One variable of the model.

    Attributes
    ----------
    name : str
        snake_case name (as in a run's Dataset).
    real_name : str
        The name in the ``.mdl`` file.
    kind : str
        One of :data:`KINDS`. A lever is a constant a policy sets (see
        :func:`is_lever`).
    units : str
    equation : str
        The equation (Simlin's rendering; a stock shows its initial value and
        flows).
    documentation : str
    inputs : tuple of str
        snake_case names the equation uses.
    outputs : tuple of str
        snake_case names whose equations use this variable.
    """

    name: str
    real_name: str
    kind: str
    units: str
    equation: str
    documentation: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


def is_lever(name: str, documentation: str) -> bool:
    """Whether a constant is a policy lever, by the shipped model's conventions.

    A lever's name ends in ``_policy`` (the 3R, decomposer, by-product and
    renewable levers), it sets the policy's timing or threshold constraint
    (``policy_*``, ``threshold_*``), or its documentation calls it a lever
    before the first colon (e.g. "Growth lever: ..."). Loop knockout switches
    are for analysis, not policy: they are constants.
    """
    label = documentation.split(":", 1)[0] if ":" in documentation else ""
    return (
        name.endswith("_policy")
        or name.startswith(("policy_", "threshold_"))
        or "lever" in label.lower()
    )


def model_structure(model: Model) -> dict[str, Node]:
    """Every variable of ``model`` with its kind, equation and links.

    Raises
    ------
    ModelError
        If Simlin cannot read the model.
    """
    import simlin

    from ..engines.simlin_engine import readable_file

    try:
        sm = simlin.load(readable_file(model))
    except simlin.SimlinError as exc:
        raise ModelError(f"{model.path}: Simlin cannot read this model: {exc}") from exc
    by_ident = {ident: name for name, ident in model.simlin_names().items()}
    inputs: dict[str, tuple[str, ...]] = {}
    for ident, name in by_ident.items():
        try:
            links = sm.get_incoming_links(ident)
        except simlin.SimlinError:
            links = []
        var = sm.get_variable(ident)
        if isinstance(var, simlin.Stock):  # a stock's flows are its inputs too
            links = [*links, *(simlin_ident(f) for f in (*var.inflows, *var.outflows))]
        inputs[name] = tuple(sorted({by_ident[i] for i in links if i in by_ident}))
    outputs: dict[str, list[str]] = {name: [] for name in by_ident.values()}
    for name, ins in inputs.items():
        for i in ins:
            outputs[i].append(name)
    nodes: dict[str, Node] = {}
    for name, info in model.variables.items():
        if info.kind in ("control",):
            continue
        var = sm.get_variable(model.simlin_names()[name])
        if isinstance(var, simlin.Stock):
            kind = "stock"
            flow_text = " + ".join(var.inflows) + "".join(f" - {o}" for o in var.outflows)
            equation = f"INTEG({flow_text.strip() or '0'}, {var.initial_equation})"
        else:
            equation = str(getattr(var, "equation", "") or "")
            if isinstance(var, simlin.Flow):
                kind = "flow"
            elif info.kind == "constant":
                kind = "lever" if is_lever(name, info.comment) else "constant"
            else:
                kind = "auxiliary"
        nodes[name] = Node(
            name=name,
            real_name=info.real_name,
            kind=kind,
            units=info.units,
            equation=equation,
            documentation=info.comment,
            inputs=inputs.get(name, ()),
            outputs=tuple(sorted(outputs.get(name, []))),
        )
    return nodes


def diagram_svg(model: Model) -> str:
    """The model's stock-and-flow diagram as SVG text (its sketch, drawn by Simlin)."""
    import simlin

    from ..engines.simlin_engine import readable_file

    try:
        project = simlin.load(readable_file(model)).project
        if project is None:
            raise ModelError(f"{model.path}: Simlin loaded no project")
        if not project.render_svg_string("main").strip():
            project.auto_layout()
        return project.render_svg_string("main")
    except simlin.SimlinError as exc:
        raise ModelError(f"{model.path}: Simlin cannot draw this model: {exc}") from exc


def neighbourhood_dot(nodes: dict[str, Node], centre: str, labels: dict[str, str] | None = None) -> str:
    """Graphviz DOT of a variable with its direct inputs and outputs, shaped by kind.

    Stocks are boxes, flows diamonds, levers filled ellipses, constants plain
    text, auxiliaries ellipses; the centre is bold.
    """
    shape = {
        "stock": 'shape=box style="filled" fillcolor="#dbe9f6"',
        "flow": 'shape=diamond style="filled" fillcolor="#fde2c8"',
        "lever": 'shape=ellipse style="filled" fillcolor="#d5f0d0"',
        "constant": "shape=plaintext",
        "auxiliary": "shape=ellipse",
    }
    labels = labels or {}
    node = nodes[centre]
    members = [*node.inputs, centre, *node.outputs]
    lines = ["digraph G {", "rankdir=LR;", 'node [fontname="Helvetica" fontsize=11];']
    for name in dict.fromkeys(members):
        n = nodes.get(name)
        if n is None:
            continue
        label = labels.get(name, n.real_name).replace('"', "'")
        bold = " penwidth=2.5" if name == centre else ""
        lines.append(f'"{name}" [label="{label}" {shape[n.kind]}{bold}];')
    lines += [f'"{i}" -> "{centre}";' for i in node.inputs if i in nodes]
    lines += [f'"{centre}" -> "{o}";' for o in node.outputs if o in nodes]
    lines.append("}")
    return "\n".join(lines)
