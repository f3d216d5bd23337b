"""The clean stage: rebuild the text passage by passage, normalised, with an offset map."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from typing import ClassVar

from dossier.data import load_data
from dossier.errors import ConfigError
from dossier.model import Document, Passage, Provenance, Span, TextBuilder
from dossier.settings import Settings

__all__ = ["Change", "CleanStage", "normalise_passage"]

_TOKEN = re.compile(
    r"(?P<hyphen>(?<=[^\W\d_])-[ \t]*\r?\n\s*(?=[^\W\d_]))"
    r"|(?P<drop>[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff])"
    r"|(?P<space>\s+)"
    r"|(?P<word>[\w\u0300-\u036f]+)"
    r"|(?P<other>[^\w\s\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]+)"
)
# A run of tokens that normalisation leaves as they are, matched at once: whole ASCII words,
# whole marks (not a hyphen that ``hyphen`` joins) of ASCII and of the typographic marks below,
# and single spaces, each token ending where ``_TOKEN`` ends it. NFC leaves these marks as they
# are whatever surrounds them: none is part of a canonical decomposition.
_ASCII_MARKS = "".join(
    re.escape(c) for c in map(chr, range(128)) if not c.isalnum() and c != "_" and not c.isspace()
)
_TYPOGRAPHIC_MARKS = (
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"  # quotes
    "\u2010\u2012\u2013\u2014\u2015\u2026\u2022\u2020\u2021\u2032\u2033\u00a7\u00b6\u00b0\u21a9"
)
_VERBATIM = re.compile(
    r"(?:[A-Za-z0-9_]+(?![\w\u0300-\u036f])"
    r"|(?!(?<=[^\W\d_])-[ \t]*\r?\n\s*(?=[^\W\d_]))"
    rf"[{_ASCII_MARKS}{_TYPOGRAPHIC_MARKS}]+"
    r"(?![^\w\s\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff])"
    r"| (?!\s))+"
)
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


@dataclass(frozen=True)
class Change:
    """One recorded normalisation, in the coordinates of the text being built."""

    start: int
    end: int
    kind: str
    before: str
    after: str


@cache
def _homoglyphs() -> dict[str, dict[str, str]]:
    data = load_data("homoglyphs")
    if not isinstance(data, dict):
        raise ConfigError("homoglyphs.yaml: expected a mapping of script to letters")
    to_latin = {k: v for table in data.values() for k, v in table.items()}
    to_script: dict[str, dict[str, str]] = {"LATIN": to_latin}
    for script, table in data.items():
        to_script[script.upper()] = {v: k for k, v in table.items()}
    return to_script


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    head = name.split(" ", 1)[0]
    return head if head in _SCRIPTS else None


def repair_mixed_script(word: str) -> str:
    """Replace look-alike letters of the minority script with the majority script's letters."""
    if word.isascii():
        return word
    scripts = [s for s in map(_script, word) if s]
    if len(set(scripts)) < 2:
        return word
    majority = max(set(scripts), key=scripts.count)
    table = _homoglyphs().get(majority, {})
    return "".join(table.get(ch, ch) if _script(ch) != majority else ch for ch in word)


def _emit(builder: TextBuilder, changes: list[Change], piece: str, pos: int, kind: str) -> None:
    at = len(builder)
    builder.add(piece, pos, pos + len(piece))
    changes.append(Change(at, len(builder), kind, "", piece))


def normalise_passage(
    text: str, start: int, end: int, builder: TextBuilder, changes: list[Change]
) -> None:
    """Append the normalised form of ``text[start:end]`` to ``builder``. Runs of tokens that
    stay as they are (ASCII words, ASCII and common typographic marks, single spaces) are
    copied in one piece."""
    run = pos = start  # the original's [run, pos) is verbatim and not yet added
    while pos < end:
        same = _VERBATIM.match(text, pos, end)
        if same:
            pos = same.end()
            if pos == end:
                break
        m = _TOKEN.match(text, pos, end)
        assert m is not None  # every character starts a token
        kind, chunk = m.lastgroup, m.group()
        if _verbatim(kind, chunk):
            pos = m.end()
            continue
        if run < pos:
            builder.add(text[run:pos], run)
        _normalise_token(text, m, builder, changes)
        run = pos = m.end()
    if run < pos:
        builder.add(text[run:pos], run)


def _normalise_token(
    text: str, m: re.Match[str], builder: TextBuilder, changes: list[Change]
) -> None:
    """Append one token that normalisation changes (or may change) to ``builder``."""
    kind, chunk, pos = m.lastgroup, m.group(), m.start()
    if kind == "hyphen":
        after = text[m.end()] if m.end() < len(text) else ""
        joined = "" if after.islower() else "-"
        at = len(builder)
        builder.add(joined, pos, m.end())
        changes.append(Change(at, len(builder), "hyphenation", chunk, joined))
    elif kind == "drop":
        at = len(builder)
        builder.add("", pos, m.end())
        changes.append(Change(at, at, "removed", chunk, ""))
    elif kind == "space":
        if chunk == " ":
            builder.add(chunk, pos)
        else:
            builder.add(" ", pos, m.end())
    else:
        _word(builder, changes, chunk, pos, kind == "word")


def _verbatim(kind: str | None, chunk: str) -> bool:
    """Whether normalisation leaves this token as it is, without looking at it further (ASCII
    words and marks, single spaces)."""
    if kind == "space":
        return chunk == " "
    return kind in ("word", "other") and chunk.isascii()


def _word(builder: TextBuilder, changes: list[Change], chunk: str, pos: int, is_word: bool) -> None:
    fixed = unicodedata.normalize("NFC", chunk)
    kind = "unicode-nfc"
    if is_word:
        repaired = repair_mixed_script(fixed)
        if repaired != fixed:
            fixed, kind = repaired, "mixed-script"
    if fixed == chunk:
        builder.add(chunk, pos)
        return
    at = len(builder)
    if len(fixed) == len(chunk):
        builder.add(fixed, pos)
    else:
        builder.add(fixed, pos, pos + len(chunk))
    changes.append(Change(at, len(builder), kind, chunk, fixed))


class CleanStage:
    """``clean@1``: normalised text, passages remapped, a ``normalisation`` span per change."""

    name: ClassVar[str] = "clean"
    version: ClassVar[str] = "1"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    adds: ClassVar[frozenset[str]] = frozenset({"normalised", "normalisation"})

    def __call__(self, doc: Document, settings: Settings) -> Document:
        builder = TextBuilder()
        changes: list[Change] = []
        passages: list[Passage] = []
        for passage in doc.passages:
            if passages:
                builder.add("\n\n")
            begin = len(builder)
            normalise_passage(doc.text, passage.start, passage.end, builder, changes)
            passages.append(replace(passage, start=begin, end=len(builder)))
        text, local = builder.build()
        forward = local.inverse()
        provenance = Provenance(self.name, self.version, settings=settings.digest())
        spans = [
            replace(s, start=forward.to_original(s.start), end=forward.to_original(s.end, end=True))
            for s in doc.spans
        ]
        spans.extend(_change_spans(changes, provenance))
        return replace(
            doc,
            text=text,
            passages=passages,
            spans=spans,
            offsets=local.compose(doc.offsets),
            layers=doc.layers | self.adds,
        )


def _change_spans(changes: list[Change], provenance: Provenance) -> list[Span]:
    return [
        Span(
            "normalisation",
            c.start,
            c.end,
            {"kind": c.kind, "before": c.before, "after": c.after},
            provenance,
        )
        for c in changes
        if c.kind != "hyphenation" or c.after == ""
    ]
