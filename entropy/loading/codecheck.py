"""A second, independent check of PySD's generated Python before it is used.

:mod:`entropy.mdl` keeps unsafe text out of PySD's translator. Should anything
slip through anyway (a PySD change, a path not thought of), this module reads
every generated file with :mod:`ast` and refuses it unless it looks like what
PySD emits for an ordinary model:

- imports only from an allowlist (``pathlib.Path``, ``numpy as np``,
  ``xarray as xr``, ``scipy.stats``, ``pysd.Component`` and PySD's runtime
  modules ``functions``, ``statefuls``, ``lookups``, ``data``, ``allocation``;
  never ``external``, ``model`` or ``utils``, which read files, load macros or
  ``exec`` modules), and only at the top of the module;
- no dangerous builtin (``__import__``, ``eval``, ``exec``, ``open``,
  ``getattr``, ...), no dunder name but PySD's own ``__data`` and
  ``__pysd_version__``, no dunder or frame attribute, no class;
- ``numpy``, ``xarray`` and ``scipy.stats`` used only through the functions
  PySD's builder writes;
- ``Path`` and ``__file__`` only in PySD's ``_root = Path(__file__).parent``.

The allowlists were made from PySD 3.14's builder
(``pysd/builders/python``) and its output for every shipped and test model.
"""

from __future__ import annotations

import ast
from pathlib import Path

from ..errors import ModelError

_PYSD_MODULES = {
    "pysd.py_backend.functions", "pysd.py_backend.statefuls", "pysd.py_backend.lookups",
    "pysd.py_backend.data", "pysd.py_backend.allocation",
}
_FROM_IMPORTS = {"pathlib": {"Path"}, "pysd": {"Component"}, "scipy": {"stats"}}
_IMPORTS = {("numpy", "np"), ("xarray", "xr")}
_DENIED_NAMES = {
    "__import__", "eval", "exec", "compile", "open", "getattr", "setattr", "delattr",
    "hasattr", "globals", "locals", "vars", "dir", "input", "breakpoint", "help", "type",
    "object", "super", "memoryview", "exit", "quit", "classmethod", "staticmethod",
    "property", "print", "id", "callable", "__builtins__", "__loader__", "__spec__",
    "__name__", "__dict__", "__class__", "importlib", "os", "sys", "subprocess",
}
_ALLOWED_DUNDER_NAMES = {"__data", "__pysd_version__"}
_DENIED_ATTRS = {"f_globals", "f_locals", "f_back", "f_builtins", "f_code", "gi_frame",
                 "gi_code", "cr_frame", "ag_frame", "tb_frame", "tb_next", "mro", "func_globals"}
_MODULE_ATTRS = {
    "np": {"array", "nan", "inf", "arange", "maximum", "minimum", "log", "prod", "interp",
           "tile", "tanh", "tan", "sum", "sqrt", "sinh", "sin", "power", "pi", "ndarray",
           "moveaxis", "min", "max", "logical_or", "logical_not", "logical_and", "isnan",
           "full", "exp", "empty", "cosh", "cos", "arctan", "arcsin", "arccos", "all", "abs",
           "random", "linalg", "float64", "where", "squeeze"},
    "xr": {"DataArray", "zeros_like", "ones_like"},
    "stats": {"truncnorm", "truncexpon"},
}
_SUBMODULE_ATTRS = {("np", "random"): {"uniform"}, ("np", "linalg"): {"inv"},
                    ("stats", "truncnorm"): {"rvs"}, ("stats", "truncexpon"): {"rvs"}}
_DENIED_NODES = (ast.ClassDef, ast.AsyncFunctionDef, ast.Await, ast.Yield, ast.YieldFrom,
                 ast.Global, ast.Nonlocal, ast.AsyncWith, ast.AsyncFor)


def _root_assignment(node: ast.stmt) -> bool:
    """``_root = Path(__file__).parent``, exactly."""
    return ast.dump(node) == ast.dump(ast.parse("_root = Path(__file__).parent").body[0])


def check_generated(py_file: Path, mdl: Path) -> None:
    """Raise ModelError unless ``py_file`` uses only what PySD emits for a plain model.

    Parameters
    ----------
    py_file : Path
        A file PySD wrote.
    mdl : Path
        The model it was translated from (named in the message).
    """
    try:
        tree = ast.parse(py_file.read_text(encoding="utf-8"), filename=str(py_file))
    except (SyntaxError, ValueError, OSError) as exc:
        raise ModelError(f"{mdl}: PySD's translation cannot be read as Python ({exc}); not used") from None

    def refuse(node: ast.AST, what: str) -> ModelError:
        line = getattr(node, "lineno", "?")
        return ModelError(
            f"{mdl}: PySD's translation ({py_file.name}, line {line}) {what}, which a plain model "
            "never needs; the translation is not used. Allowed: arithmetic, PySD's own functions, "
            "numpy and xarray"
        )

    allowed_ids: set[int] = set()  # nodes inside the one permitted _root assignment
    for stmt in tree.body:
        if _root_assignment(stmt):
            allowed_ids.update(id(n) for n in ast.walk(stmt))
        elif isinstance(stmt, ast.ImportFrom):
            names = {a.name for a in stmt.names}
            ok = stmt.level == 0 and stmt.module is not None and all(a.asname is None for a in stmt.names)
            module = stmt.module or ""
            if not ok or not (module in _PYSD_MODULES or names <= _FROM_IMPORTS.get(module, set())):
                raise refuse(stmt, f"imports from {module or '.'!r}")
            if "*" in names or any(n.startswith("_") for n in names):
                raise refuse(stmt, f"imports {sorted(names)} from {module!r}")
            allowed_ids.add(id(stmt))
        elif isinstance(stmt, ast.Import):
            if not all((a.name, a.asname) in _IMPORTS for a in stmt.names):
                raise refuse(stmt, f"imports {', '.join(a.name for a in stmt.names)!r}")
            allowed_ids.add(id(stmt))
    for node in ast.walk(tree):
        if id(node) in allowed_ids:
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            raise refuse(node, "imports inside a function")
        if isinstance(node, _DENIED_NODES):
            raise refuse(node, f"uses {type(node).__name__}")
        if isinstance(node, ast.Name):
            name = node.id
            if name in ("Path", "__file__"):
                raise refuse(node, f"uses {name} outside '_root = Path(__file__).parent'")
            if name in _DENIED_NAMES or (name.startswith("__") and name not in _ALLOWED_DUNDER_NAMES):
                raise refuse(node, f"uses the name {name!r}")
        elif isinstance(node, ast.Attribute):
            attr = node.attr
            if attr.startswith("__") or attr in _DENIED_ATTRS:
                raise refuse(node, f"accesses the attribute {attr!r}")
            base = node.value
            if isinstance(base, ast.Name) and base.id in _MODULE_ATTRS and attr not in _MODULE_ATTRS[base.id]:
                raise refuse(node, f"uses {base.id}.{attr}")
            if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
                key = (base.value.id, base.attr)
                if key in _SUBMODULE_ATTRS and attr not in _SUBMODULE_ATTRS[key]:
                    raise refuse(node, f"uses {key[0]}.{key[1]}.{attr}")
        elif isinstance(node, ast.FunctionDef) and node.name.startswith("__"):
            raise refuse(node, f"defines {node.name!r}")
