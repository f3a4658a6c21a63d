"""XML for the XMILE reader: expat with each element's line, and no DTD or entities.

A model file may declare no document type and no entity, so nothing is fetched
from outside and nothing expands (:meth:`Located.parse` refuses them before
parsing); every element's line is kept for the reader's messages.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

from ..errors import ModelError

__all__ = ["Located", "child", "children", "local", "text"]

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class Located:
    """Parses XML with expat, remembering each element's line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[int, int] = {}

    def parse(self, raw: bytes) -> ET.Element:
        """The document's tree; refused before parsing if it declares a document type or entities."""
        if _DECLARATION.search(raw):
            raise ModelError(f"{self.path}: document type and entity declarations (<!DOCTYPE, <!ENTITY) are "
                             "not allowed in a model file")
        builder = ET.TreeBuilder()
        parser = expat.ParserCreate(namespace_separator="}")
        lines = self.lines

        def start(tag: str, attrs: dict[str, str]) -> None:
            if "}" in tag:
                tag = "{" + tag
            elem = builder.start(tag, {k.split("}", 1)[-1]: v for k, v in attrs.items()})
            lines[id(elem)] = parser.CurrentLineNumber

        def end(tag: str) -> None:
            builder.end("{" + tag if "}" in tag else tag)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = builder.data
        try:
            parser.Parse(raw, True)
        except expat.ExpatError as exc:
            raise ModelError(f"{self.path}: line {exc.lineno}: not well-formed XML: "
                             f"{expat.ErrorString(exc.code)}") from None
        return builder.close()

    def line(self, elem: ET.Element) -> int:
        return self.lines.get(id(elem), 0)


def local(tag: str) -> str:
    """A tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def children(elem: ET.Element, name: str) -> list[ET.Element]:
    """``elem``'s children called ``name``, whatever their namespace."""
    return [c for c in elem if local(c.tag) == name]


def child(elem: ET.Element, name: str) -> ET.Element | None:
    """``elem``'s first child called ``name``, or None."""
    found = children(elem, name)
    return found[0] if found else None


def text(elem: ET.Element | None) -> str:
    """All the text inside ``elem``, stripped (``""`` for None)."""
    return "" if elem is None else "".join(elem.itertext()).strip()
