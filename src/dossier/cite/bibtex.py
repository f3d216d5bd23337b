"""BibTeX out and in.

Archival documents are ``@unpublished``, articles ``@article`` (with ``entrysubtype`` newspaper or
magazine), web pages and other documents ``@misc`` (see ``data/cite.yaml``). Values are one line
each, in braces; the LaTeX specials ``& % $ # _`` get a backslash and ``{ } ~ ^ \\`` become
``\\textbraceleft{}``, ``\\textbraceright{}``, ``\\textasciitilde{}``, ``\\textasciicircum{}`` and
``\\textbackslash{}``, so every brace in a value is balanced; other characters stay UTF-8. The
title is wrapped in a second pair of braces to keep its capitals. Organisations are braced as
one name. Keys are ``<first name><year><first title word>_<id>``, stable for one document; the
document id is also written as ``ids``. ``url`` is written verbatim (items only hold URLs
without spaces, braces or backslashes).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from dossier.cite.csljson import normalise_item
from dossier.cite.dates import csl_date, date_iso
from dossier.cite.names import clean_text, parse_name, sorted_name
from dossier.cite.vocab import vocab
from dossier.errors import ReadError

__all__ = ["bibtex_entry", "bibtex_key", "dumps_bibtex", "escape_latex", "loads_bibtex"]

TEXT_FIELDS = (
    ("genre", "type"),
    ("publisher", "publisher"),
    ("publisher-place", "address"),
    ("archive", "archive"),
    ("archive_location", "archive_location"),
    ("archive-place", "archive_place"),
    ("language", "language"),
    ("source", "source"),
    ("abstract", "abstract"),
    ("note", "note"),
)
NAME_FIELDS = (("author", "author"), ("recipient", "recipient"), ("translator", "translator"))
_CONTAINER = {"article": "journal"}

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{ch: "\\" + ch for ch in "&%$#_"},
}
_UNESCAPE = re.compile(
    r"\\(textbackslash|textbraceleft|textbraceright|textasciitilde|textasciicircum)\{\}"
    r"|\\([&%$#_{}])"
)
_WORDS = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
}


def escape_latex(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def unescape_latex(text: str) -> str:
    return _UNESCAPE.sub(lambda m: _WORDS[m.group(1)] if m.group(1) else m.group(2), text)


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return [w.lower() for w in re.findall(r"[A-Za-z0-9]+", folded)]


def bibtex_key(item: dict[str, Any]) -> str:
    """``mikoyan1958anastas_ecbf789a``: first author, year, first title word, id prefix."""
    names = item.get("author") or [{}]
    first = names[0].get("family") or names[0].get("literal") or ""
    year = (date_iso(item.get("issued")) or "")[:4]
    title = _ascii_words(item.get("title", ""))[:1]
    words = ["".join(_ascii_words(first)), year if year.isdigit() else "", *title]
    ident = re.sub(r"[^A-Za-z0-9]", "", str(item.get("id", "")))[1:9]
    return "".join(words) + (f"_{ident}" if ident else "") or "item"


def _names(names: list[dict[str, str]]) -> str:
    out = []
    for name in names:
        text = escape_latex(sorted_name(name))
        out.append("{" + text + "}" if "literal" in name else text)
    return " and ".join(out)


def _date_fields(item: dict[str, Any]) -> list[tuple[str, str]]:
    issued, accessed = item.get("issued"), item.get("accessed")
    out: list[tuple[str, str]] = []
    if issued and "date-parts" in issued:
        iso = date_iso(issued) or ""
        out += [("year", iso[:4]), ("date", iso)]
    elif issued:
        out.append(("year", escape_latex(date_iso(issued) or "")))
    if accessed:
        out.append(("urldate", escape_latex(date_iso(accessed) or "")))
    return out


def bibtex_entry(item: dict[str, Any]) -> str:
    """One ``@type{key, ...}`` entry, fields in a fixed order, ending with a newline."""
    info = vocab().types[str(item.get("type", "document"))]
    fields: list[tuple[str, str]] = []
    if info.subtype:
        fields.append(("entrysubtype", info.subtype))
    if item.get("id"):
        fields.append(("ids", escape_latex(str(item["id"]))))
    if item.get("title"):
        fields.append(("title", "{" + escape_latex(item["title"]) + "}"))
    fields += [(bib, _names(item[csl])) for csl, bib in NAME_FIELDS if item.get(csl)]
    fields += _date_fields(item)
    if item.get("container-title"):
        fields.append(
            (_CONTAINER.get(info.bibtex, "booktitle"), escape_latex(item["container-title"]))
        )
    fields += [(bib, escape_latex(item[csl])) for csl, bib in TEXT_FIELDS if item.get(csl)]
    if item.get("URL"):
        fields.append(("url", item["URL"]))
    body = "".join(f",\n  {name} = {{{value}}}" for name, value in fields)
    return f"@{info.bibtex}{{{bibtex_key(item)}{body}\n}}\n"


def dumps_bibtex(items: list[dict[str, Any]]) -> str:
    return "\n".join(bibtex_entry(item) for item in items)


class _Scanner:
    """Reads ``@type{key, name = value, ...}`` entries; ``@comment``, ``@preamble`` and
    ``@string`` are skipped (no macro expansion)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, why: str) -> ReadError:
        line = self.text.count("\n", 0, self.pos) + 1
        return ReadError(f"BibTeX line {line}: {why}")

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def word(self) -> str:
        m = re.compile(r"[^\s{}(),=#\"]+").match(self.text, self.pos)
        if not m:
            raise self.fail("expected a name")
        self.pos = m.end()
        return m.group(0)

    def group(self, close: str) -> str:
        """The text up to the matching ``close`` (braces nest; ``pos`` is past the opener)."""
        depth, start = 0, self.pos
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            self.pos += 1
            if ch == close and depth == 0:
                return self.text[start : self.pos - 1]
            depth += {"{": 1, "}": -1}.get(ch, 0)
        raise self.fail("unbalanced braces")

    def value(self) -> str:
        parts: list[str] = []
        while True:
            self.skip_space()
            ch = self.text[self.pos : self.pos + 1]
            if ch in ("{", '"'):
                self.pos += 1
                parts.append(self.group("}" if ch == "{" else '"'))
            else:
                parts.append(self.word())
            self.skip_space()
            if self.text[self.pos : self.pos + 1] != "#":
                return "".join(parts)
            self.pos += 1

    def fields(self, close: str) -> dict[str, str]:
        out: dict[str, str] = {}
        while True:
            self.skip_space()
            if self.text[self.pos : self.pos + 1] in (close, ""):
                self.pos += 1
                return out
            name = self.word().lower()
            self.skip_space()
            if self.text[self.pos : self.pos + 1] != "=":
                raise self.fail(f"expected '=' after {name}")
            self.pos += 1
            out[name] = self.value()
            self.skip_space()
            if self.text[self.pos : self.pos + 1] == ",":
                self.pos += 1

    def entries(self) -> list[tuple[str, str, dict[str, str]]]:
        out = []
        while (at := self.text.find("@", self.pos)) >= 0:
            self.pos = at + 1
            kind = self.word().lower()
            self.skip_space()
            opener = self.text[self.pos : self.pos + 1]
            if opener not in ("{", "("):
                continue
            self.pos += 1
            close = "}" if opener == "{" else ")"
            if kind in ("comment", "preamble", "string"):
                self.group(close)
                continue
            self.skip_space()
            key = self.word()
            self.skip_space()
            if self.text[self.pos : self.pos + 1] == ",":
                self.pos += 1
            out.append((kind, key, self.fields(close)))
        return out


def _unwrap(raw: str) -> str:
    """``{Title}`` → ``Title`` when one brace group holds the whole value."""
    raw = raw.strip()
    if raw.startswith("{") and raw.endswith("}"):
        scanner = _Scanner(raw)
        scanner.pos = 1
        if scanner.group("}") == raw[1:-1] and scanner.pos == len(raw):
            return raw[1:-1]
    return raw


def _split_and(raw: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(raw):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0 and raw.startswith(" and ", i):
            parts.append(raw[start:i])
            start = i + 5
    return [*parts, raw[start:]]


def _parse_names(raw: str) -> list[dict[str, str]]:
    out = []
    for part in _split_and(" ".join(raw.split())):
        inner = _unwrap(part)
        if inner != part.strip():
            text = clean_text(unescape_latex(inner))
            name = {"literal": text} if text else None
        else:
            name = parse_name(unescape_latex(part))
        if name:
            out.append(name)
    return out


def _item(kind: str, key: str, fields: dict[str, str]) -> dict[str, Any]:
    def text(name: str) -> str:
        return clean_text(unescape_latex(_unwrap(fields.get(name, ""))))

    subtype = text("entrysubtype") or None
    item: dict[str, Any] = {
        "id": text("ids").split(",")[0].strip() or key,
        "type": vocab().type_of_bibtex(kind, subtype) or "document",
        "title": text("title"),
        "issued": csl_date(text("date") or text("year")),
        "accessed": csl_date(text("urldate")),
        "container-title": text("journal") or text("journaltitle") or text("booktitle"),
        "URL": clean_text(_unwrap(fields.get("url", ""))),
    }
    item.update({csl: _parse_names(fields.get(bib, "")) for csl, bib in NAME_FIELDS})
    item.update({csl: text(bib) for csl, bib in TEXT_FIELDS})
    return normalise_item(item)


def loads_bibtex(text: str) -> list[dict[str, Any]]:
    """CSL items from BibTeX text; ``ReadError`` (with the line) when it cannot be parsed."""
    return [_item(kind, key, fields) for kind, key, fields in _Scanner(text).entries()]
