"""Variable names: Vensim's names and their snake_case identifiers.

The package names every model variable by the snake_case form of its Vensim name
(``Virgin Reserve`` -> ``virgin_reserve``), the form PySD uses for Python
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
        The name as written in the ``.mdl`` file, e.g. ``"Virgin Reserve"``.

    Returns
    -------
    str
        E.g. ``"virgin_reserve"``.
    """
    name = unicodedata.normalize("NFC", real_name).strip().strip('"')
    return _SPACES.sub("_", name).lower()
