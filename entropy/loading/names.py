"""Variable names: Vensim's names and their snake_case identifiers.

The package names every model variable by the snake_case form of its Vensim name
(``Ore Reserve`` -> ``ore_reserve``), the form PySD uses for Python
identifiers. Simlin canonicalises names the same way for ordinary names; the
engines map their own names onto these.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s_]+")


def simlin_ident(real_name: str) -> str:
    """Return the identifier Simlin gives a Vensim variable name.

    Simlin lower-cases a name and joins its words with underscores.

    Parameters
    ----------
    real_name : str
        The name as written in the ``.mdl`` file, e.g. ``"Ore Reserve"``.

    Returns
    -------
    str
        E.g. ``"ore_reserve"``.
    """
    name = unicodedata.normalize("NFC", real_name).strip().strip('"')
    return _SPACES.sub("_", name).lower()


#: Words PySD 3.14 will not use as a variable's Python name (Python keywords,
#: builtins and the names its generated module imports), restricted to the
#: lower-case identifiers its naming can produce. A name that would collide
#: gets ``_1``, ``_2``, ... appended, as PySD does. ``tests/test_model_file.py``
#: checks this list against the installed PySD.
PYSD_RESERVED = frozenset(
    """
    abs active_initial aiter all allocate_available allocate_by_priority and anext any as
    ascii assert async await bin bool break breakpoint bytearray bytes callable chr class
    classmethod compile complex compute_shape constant_cache continue copyright credits
    dataclass datetime deepcopy def del delattr detect_encoding dict dir divmod elif else
    enumerate erfc eval except exec exit filter finally float for format from frozenset
    get_current_computer_time get_key_and_value_by_insensitive_key_or_value
    get_return_elements get_time_value getattr global globals hasattr hash help hex id if
    if_then_else import importlib in incomplete input inspect int integer invert_matrix is
    isinstance issubclass iter itertools json lambda least_squares len license list
    load_model_data load_modules load_outputs load_workbook locals map max memoryview min
    modulo next nonlocal not not_implemented_function np object oct open or ord os p pass
    pd pow print print_objects_format prod progressbar property pulse quantum quit raise
    ramp random range re rearrange repr return reversed round set setattr slice sorted
    staticmethod step str sum super try tuple type utils vars vector_rank vector_reorder
    vector_select vector_sort_order vmax vmin warn warnings while with wraps xidz xr
    xrsplit yield zidz zip
    """.split()
)


def python_identifiers(real_names: list[str]) -> list[str]:
    """Return the Python name PySD gives each variable, in the model's order.

    PySD lower-cases a name, joins its words with ``_``, drops accents and any
    character that is not a letter, digit or ``_``, prefixes ``nvs_`` where
    the result does not start with a letter, and appends ``_1``, ``_2``, ...
    where the result is taken (by an earlier variable or a reserved word). The
    order matters: the earlier variable keeps the plain name.

    Parameters
    ----------
    real_names : list of str
        Variable names as written in the ``.mdl`` file, in the file's order.

    Returns
    -------
    list of str
        snake_case identifiers, e.g. ``["ore_reserve", ...]``.
    """
    used = set(PYSD_RESERVED)
    out: list[str] = []
    for real in real_names:
        s = re.sub(r"[\s\t\n_]+", "_", real.lower())
        s = unicodedata.normalize("NFD", s).encode("ascii", "ignore").decode("utf-8")
        s = re.sub(r"[^0-9a-zA-Z_]", "", s)
        if re.match(r"^[0-9]", s) or not s:
            s = "nvs_" + s
        elif s.startswith("_"):
            s = "nvs" + s
        s = re.sub(r"_+", "_", s)
        ident, i = s, 1
        while ident in used:
            ident = f"{s}_{i}"
            i += 1
        used.add(ident)
        out.append(ident)
    return out
