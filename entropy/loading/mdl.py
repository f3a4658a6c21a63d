"""A Vensim ``.mdl`` reader that never generates or runs code.

PySD turns model text into Python, so text that reaches its translator can
become code (a documentation field once broke out of a docstring). This module
reads a model file itself: it splits the file into equations, tokenises every
equation, and rejects anything it cannot prove harmless, with a message that
names the file, the line, the variable and what is allowed:

- names, subscript ranges and subscript elements may hold only letters,
  digits, spaces and a few punctuation marks (:data:`NAME_RULE`), never quotes,
  backslashes or control characters;
- equations may hold only numbers, names, operators, brackets, commas and
  Vensim's logical keywords; string literals (the file arguments of
  ``GET XLS`` and friends), external-data functions, macros and file
  references are rejected.

Everything downstream (metadata, and the cleaned copy that PySD translates, see
:func:`safe_text`) is built from these checked tokens only, never from the raw
text, so documentation, units, comments and the sketch cannot reach generated
code at all.
"""

from __future__ import annotations

import codecs
from abc import ABC, abstractmethod
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from ..errors import ModelError

SKETCH_MARK = "\\\\\\---///"
#: Punctuation allowed in names besides letters, digits and spaces.
NAME_PUNCT = frozenset("_$-.,&%/()+#@!?*")
NAME_RULE = "letters, digits, spaces and _ $ - . , & % / ( ) + # @ ! ? *"
#: Vensim keywords an equation may use.
KEYWORDS = frozenset({"AND", "OR", "NOT", "NA", "EXCEPT", "INTERPOLATE", "RAW", "HOLD BACKWARD",
                      "LOOK FORWARD", "THE CONDITION", "TEST INPUT"})
DATA_KEYWORDS = frozenset({"INTERPOLATE", "RAW", "HOLD BACKWARD", "LOOK FORWARD"})
EQUATION_RULE = ("numbers, variable names, + - * / ^ = < > <= >= <>, brackets, commas and "
                 ":AND: :OR: :NOT: :NA:")

_TOKEN = re.compile(
    r"""(?P<ws>(?:\s|\\\s)+)
    | (?P<comment>\{[^}]*\})
    | (?P<qname>"(?:\\"|[^"])*")
    | (?P<str>'[^']*')
    | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?![\w'$]|\s+[^\W\d])
    | (?P<name>[^\W][\w'$\s]*)
    | (?P<kw>:[A-Za-z][A-Za-z ]*:)
    | (?P<op><->|->|<>|<=|>=|:=|==|[-+*/^=<>()\[\],;!:])
    """,
    re.VERBOSE,
)
_SPACE = re.compile(r"\s+")
_ELEMENT_FIELD = re.compile(r'(?:"(?:\\"|[^"])*"|[^"~|])*')
_DOC_FIELD = re.compile(r"[^~|]*")


@dataclass(frozen=True)
class Token:
    """One checked piece of an equation: ``kind`` is num, name, kw or op."""

    kind: str
    text: str
    line: int


@dataclass
class Entry:
    """One equation block of the file (``lhs = rhs ~ units ~ doc |``).

    ``op`` is ``"="`` (ordinary), ``"=="`` (unchangeable), ``":="`` (data),
    ``"lookup"``, ``"subscript"`` (a range), ``"copy"`` (``A <-> B``) or
    ``"check"`` (a reality check, which runs never and is dropped).
    """

    line: int
    name: str
    op: str
    subs: tuple[str, ...] = ()
    excepts: tuple[tuple[str, ...], ...] = ()
    keyword: str = ""
    rhs: list[Token] = field(default_factory=list)
    members: tuple[str, ...] = ()
    mapping: tuple[str, ...] = ()
    units: str = ""
    limits: tuple[float | None, ...] | None = None
    doc: str = ""


def clean_spaces(text: str) -> str:
    """Collapse every run of white space to one space, as PySD does."""
    return _SPACE.sub(" ", text).strip()


def check_name(path: Path, line: int, name: str, what: str = "name") -> str:
    """Return ``name`` (quotes kept, spaces collapsed) if it is safe, else raise.

    A quoted name (``"a/b"``) keeps its quotes, as in PySD's real names; the
    text between them must follow :data:`NAME_RULE` like any other name.
    """
    name = clean_spaces(name)
    inner = name[1:-1] if len(name) >= 2 and name[0] == name[-1] == '"' else name
    bad = [c for c in inner if not (c.isalnum() or c == " " or c in NAME_PUNCT)]
    if bad or not inner.strip():
        shown = repr(bad[0]) if bad else "nothing"
        raise ModelError(
            f"{path}: line {line}: the {what} {name[:60]!r} contains {shown}; "
            f"names may hold only {NAME_RULE}"
        )
    return name


def tokenize(path: Path, text: str, line: int) -> list[Token]:
    """Split equation text into checked tokens (comments dropped)."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ModelError(
                f"{path}: line {line}: unexpected character {text[pos]!r} in an equation; "
                f"equations may hold only {EQUATION_RULE}"
            )
        kind = m.lastgroup or ""
        value = m.group()
        if kind == "str":
            raise ModelError(
                f"{path}: line {line}: text in quotes ({value[:40]!r}) is not allowed: "
                "string arguments name files (GET XLS, GET DIRECT, ...) and models here "
                "may not read external files"
            )
        if kind in ("name", "qname"):
            tokens.append(Token("name", check_name(path, line, value), line))
        elif kind == "kw":
            word = clean_spaces(value[1:-1]).upper()
            if word not in KEYWORDS:
                what = "macros are" if word in ("MACRO", "END OF MACRO") else f":{word}: is"
                raise ModelError(
                    f"{path}: line {line}: {what} not allowed; allowed keywords: "
                    + " ".join(f":{k}:" for k in sorted(KEYWORDS))
                )
            tokens.append(Token("kw", f":{word}:", line))
        elif kind in ("num", "op"):
            tokens.append(Token(kind, value, line))
        line += value.count("\n")
        pos = m.end()
    return tokens


def read_text(path: Path, raw: bytes | None = None) -> str:
    """The file's text (``raw``, else read): decoded as its ``{encoding}`` header says."""
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ModelError(f"{path}: cannot read the model file: {exc.strerror}") from exc
    header = re.match(rb"\s*\{([^}\n]*)\}", raw)
    encoding = "utf-8"
    if header:
        try:
            encoding = codecs.lookup(header.group(1).decode("ascii", "replace").strip()).name
        except LookupError:
            encoding = "utf-8"
    text = raw.decode(encoding, errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def split_entries(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """Split the equations part into ``(line, fields)``, one per ``|``."""
    cut = text.find(SKETCH_MARK)
    if cut >= 0:
        text = text[:cut]
    header = re.match(r"\s*\{[^}\n]*\}", text)
    pos = header.end() if header else 0
    # A backslash ending a line continues it (Vensim wraps long lines so).
    text = re.sub(r"\\\n\t", " \n", text)
    entries: list[tuple[int, list[str]]] = []
    fields: list[str] = []
    line = 1 + text.count("\n", 0, pos)
    start = line
    while True:
        pattern = _DOC_FIELD if len(fields) == 2 else _ELEMENT_FIELD
        m = pattern.match(text, pos)
        assert m is not None  # both patterns match the empty string
        chunk = m.group()
        pos = m.end()
        if pos >= len(text):
            if chunk.strip() or fields:
                raise ModelError(
                    f"{path}: line {start}: equation not closed; every equation ends "
                    "'name = equation ~ units ~ documentation |'"
                )
            return entries
        if text[pos] == '"':
            raise ModelError(f"{path}: line {line + chunk.count(chr(10))}: quoted name not closed")
        fields.append(chunk)
        line += chunk.count("\n")
        pos += 1
        if text[pos - 1] == "|":
            entries.append((start, fields))
            fields = []
            start = line


def parse_units(path: Path, line: int, name: str, units: str) -> tuple[str, tuple[float | None, ...] | None]:
    """Split ``"Mt [0,10,0.5]"`` into units and range, as PySD does (``?`` is open)."""
    units = clean_spaces(units)
    if not units.endswith("]") or "[" not in units:
        return units, None
    text, lims = units.rsplit("[", 1)
    try:
        limits = tuple(None if x.strip() == "?" else float(x) for x in lims[:-1].split(","))
    except ValueError:
        raise ModelError(
            f"{path}: line {line}: variable {name!r}: range {'[' + lims!r} is not numbers; "
            "write [min,max] or [min,max,step], ? for no bound"
        ) from None
    return text.strip(), limits


class TokenCursor(ABC):
    """A position in one equation's checked tokens; subclasses word the errors."""

    toks: list[Token]
    i: int

    @abstractmethod
    def error(self, message: str) -> ModelError:
        """The error to raise at the current position."""

    def peek(self, offset: int = 0) -> Token | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def at(self, *texts: str) -> bool:
        t = self.peek()
        return t is not None and t.kind in ("op", "kw") and t.text in texts

    def take(self) -> Token:
        t = self.peek()
        if t is None:
            raise self.error("the equation ends too early")
        self.i += 1
        return t


class _Reader(TokenCursor):
    """Walks one equation's tokens (a tiny cursor with error messages)."""

    def __init__(self, path: Path, tokens: list[Token], line: int) -> None:
        self.path, self.toks, self.i, self.line = path, tokens, 0, line

    def error(self, message: str) -> ModelError:
        t = self.peek() or (self.toks[-1] if self.toks else None)
        return ModelError(f"{self.path}: line {t.line if t else self.line}: {message}")

    def expect(self, text: str) -> Token:
        if not self.at(text):
            t = self.peek()
            self.fail(f"expected {text!r} but found {t.text if t else 'the end'!r}")
        return self.take()

    def name(self, what: str = "name") -> str:
        t = self.take()
        if t.kind != "name":
            self.fail(f"expected a {what} but found {t.text!r}")
        return t.text

    def fail(self, message: str) -> NoReturn:
        raise self.error(message)

    def subscript_list(self) -> tuple[str, ...]:
        self.expect("[")
        subs = [self.name("subscript")]
        while self.at(","):
            self.take()
            subs.append(self.name("subscript"))
        self.expect("]")
        return tuple(subs)


def parse_entry(path: Path, line: int, fields: list[str]) -> Entry | None:
    """One equation block as an :class:`Entry` (``None`` for a group header)."""
    if len(fields) == 2:  # a group header: "****** .Control ******~ text |"
        return None
    if len(fields) not in (3, 4):
        raise ModelError(
            f"{path}: line {line}: expected 'name = equation ~ units ~ documentation |', "
            f"found {len(fields) - 1} '~'"
        )
    r = _Reader(path, tokenize(path, fields[0], line), line)
    name = r.name("variable name")
    entry = Entry(line=line, name=name, op="=", doc=clean_spaces(fields[2]))
    entry.units, entry.limits = parse_units(path, line, name, fields[1])
    if r.at("["):
        entry.subs = r.subscript_list()
        if r.at(":EXCEPT:"):
            r.take()
            groups = [r.subscript_list()]
            while r.at(","):
                r.take()
                groups.append(r.subscript_list())
            entry.excepts = tuple(groups)
    if r.at(":THE CONDITION:", ":TEST INPUT:"):
        entry.op = "check"
        return entry
    if r.at(":") and not entry.subs:
        r.take()
        _subscript_definition(r, entry)
        return entry
    if r.at("<->"):
        r.take()
        entry.op, entry.members = "copy", (r.name("subscript range"),)
    elif r.at("("):
        entry.op = "lookup"
    elif r.at("=", "=="):
        entry.op = r.take().text
    elif r.at(":=", *(f":{k}:" for k in DATA_KEYWORDS)):
        if not r.at(":="):
            entry.keyword = r.take().text
        entry.op = ":="
        if r.at(":="):
            r.take()
        elif r.peek() is not None:
            r.fail("expected ':=' after the data keyword")
    else:
        t = r.peek()
        r.fail(f"variable {name!r}: expected '=', ':=', '(' or ':' after the name, "
               f"found {t.text if t else 'nothing'!r}")
    entry.rhs = r.toks[r.i:]
    if entry.op == "copy" and entry.rhs:
        r.fail(f"subscript range {name!r}: unexpected {entry.rhs[0].text!r} after the copied range")
    if entry.op in ("=", "==") and not entry.rhs:
        raise ModelError(f"{path}: line {line}: variable {name!r} has no equation")
    return entry


def _subscript_definition(r: _Reader, entry: Entry) -> None:
    """``Region: north, south -> Other`` or ``Age: (a1-a5)``."""
    entry.op = "subscript"
    members: list[str] = []
    while True:
        if r.at("("):
            r.take()
            first = r.name("subscript element")
            r.expect("-")
            last = r.name("subscript element")
            r.expect(")")
            members += _numbered_range(r, first, last)
        else:
            after = r.peek(1)
            if after is not None and after.text == "(":
                r.fail(f"subscript range {entry.name!r}: elements read from files are not allowed; "
                       "list the elements")
            members.append(r.name("subscript element"))
        if not r.at(","):
            break
        r.take()
    if r.at("->"):
        r.take()
        mapping = [r.name("subscript range")]
        while r.at(","):
            r.take()
            mapping.append(r.name("subscript range"))
        entry.mapping = tuple(mapping)
    extra = r.peek()
    if extra is not None:
        r.fail(f"subscript range {entry.name!r}: unexpected {extra.text!r}; "
               "write 'Name: element, element, ...' or 'Name: (a1-a9)'")
    entry.members = tuple(members)


def _numbered_range(r: _Reader, first: str, last: str) -> list[str]:
    """Expand ``(a1-a5)`` to ``a1, a2, ..., a5`` as Vensim does."""
    m1 = re.fullmatch(r"(.*\D)(\d+)", first)
    m2 = re.fullmatch(r"(.*\D)(\d+)", last)
    if not (m1 and m2) or m1.group(1) != m2.group(1) or int(m1.group(2)) >= int(m2.group(2)):
        r.fail(f"numbered subscript range ({first}-{last}): write it as (a1-a9): one prefix, "
               "the first number below the last")
    assert m1 is not None and m2 is not None
    count = int(m2.group(2)) - int(m1.group(2))
    if count > 100_000:
        r.fail(f"numbered subscript range ({first}-{last}) has more than 100000 elements")
    return [f"{m1.group(1)}{i}" for i in range(int(m1.group(2)), int(m2.group(2)) + 1)]


def read_entries(path: Path, raw: bytes | None = None) -> list[Entry]:
    """Every equation of a ``.mdl`` file (its bytes ``raw``, else read), checked.

    Group headers are left out. Raises ModelError on anything unsafe or unreadable.
    """
    text = read_text(path, raw)
    out = []
    for line, fields in split_entries(path, text):
        entry = parse_entry(path, line, fields)
        if entry is not None:
            out.append(entry)
    if not out:
        raise ModelError(f"{path}: no equations found; is this a Vensim model?")
    return out


def _lhs(entry: Entry) -> str:
    text = entry.name
    if entry.subs:
        text += "[" + ",".join(entry.subs) + "]"
    for group in entry.excepts:
        text += (" :EXCEPT: " if group is entry.excepts[0] else ",") + "[" + ",".join(group) + "]"
    return text


def join_tokens(tokens: list[Token]) -> str:
    """Tokens as equation text: spaces only between words (PySD's lookup ranges
    need ``)-(`` written tight)."""
    out: list[str] = []
    prev = ""
    for t in tokens:
        if out and prev != "op" and t.kind != "op":
            out.append(" ")
        out.append(t.text)
        prev = t.kind
    return "".join(out)


def safe_text(entries: list[Entry]) -> str:
    """A model file rebuilt from checked tokens only, for PySD to translate.

    Units, ranges, documentation, comments, group headers, reality checks and
    the sketch are left out: the metadata comes from this module, and nothing
    but names, numbers, operators and keywords reaches PySD's code generator.
    """
    blocks = ["{UTF-8}"]
    for e in entries:
        rhs = join_tokens(e.rhs)
        if e.op == "check":
            continue
        if e.op == "subscript":
            body = f"{e.name}: " + ", ".join(e.members)
            if e.mapping:
                body += " -> " + ", ".join(e.mapping)
        elif e.op == "copy":
            body = f"{e.name} <-> {e.members[0]}"
        elif e.op == "lookup":
            body = f"{_lhs(e)}{rhs}"
        elif e.op == ":=":
            body = f"{_lhs(e)} {e.keyword} := {rhs}" if rhs else f"{_lhs(e)} {e.keyword}"
        else:
            body = f"{_lhs(e)} {e.op} {rhs}"
        blocks.append(f"{body}\n\t~\t\n\t~\t\n\t|\n")
    return "\n".join(blocks)

