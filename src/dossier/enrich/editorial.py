"""Editorial marks: ``[sic]`` with its correction, editor's notes, bracketed insertions and
expansions, uncertain and illegible readings, translator's glosses, page markers and telegram
notes. Vocabulary is data (``editorial.yaml``, ``english.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, ClassVar

from dossier.data import load_data
from dossier.enrich.sentences import common_words
from dossier.errors import ConfigError
from dossier.model import Document, Provenance, Span
from dossier.settings import Settings

__all__ = ["EditorialMark", "EditorialStage", "find_editorial"]

_MARK = re.compile(r"\[(?P<b>[^\[\]\n]{1,300})\](?!\()|\((?P<p>\?|[Ss]ic\b[^()\n]{0,200})\)|/\?/")
_SIC = re.compile(r"^(?:(?P<pre>.+?)[,;]\s*)?sic\b[!.]?\s*[,;:]?\s*(?P<rest>.*)$", re.I | re.S)
_ABBREVIATION = re.compile(r"(?:[A-Z]\.?){2,}(?:\([a-z]\))?$|[A-Z]{2,}[a-z]?(?:\([a-z]\))?$")
_GLOSS_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]")
_TRANSLITERATION = re.compile(
    r"zh|kh|shch|(?<![aeiou])ts(?=[aeiouy])|ya|yu|yo(?!u)|yi(?!ng)|iy|yy|ii$|yj|['’]|(?<![aeiou])x[iu]|q(?!u)"
)
_ENGLISH_SUFFIX = re.compile(r"(?:ing|tion|sion|ed|ly|ness|ment|ful|less|able|ible|ous)$")


@dataclass(frozen=True)
class EditorialMark:
    """An editorial mark ``[start, end)`` (brackets included) of one ``kind``."""

    start: int
    end: int
    kind: str
    text: str
    correction: str | None = None
    note: str | None = None

    def value(self) -> dict[str, Any]:
        """The span value: kind, text, and correction or note when there is one."""
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.correction is not None:
            out["correction"] = self.correction
        if self.note is not None:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class _Vocab:
    leads: tuple[str, ...]
    note_head: re.Pattern[str]
    illegible: re.Pattern[str]
    omission: re.Pattern[str]
    notes: re.Pattern[str]
    page: re.Pattern[str]


def _phrases(data: dict[str, Any], key: str) -> list[str]:
    words = data.get(key)
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ConfigError(f"editorial.yaml: expected a list of strings under {key!r}")
    return sorted(words, key=len, reverse=True)


def _either(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@cache
def _vocab() -> _Vocab:
    data = load_data("editorial")
    if not isinstance(data, dict):
        raise ConfigError("editorial.yaml: expected a mapping")
    return _Vocab(
        leads=tuple(w.lower() for w in _phrases(data, "correction_lead")),
        note_head=re.compile(rf"^(?:{_either(_phrases(data, 'note_heads'))})\s*[-—–:.,]\s*", re.I),
        illegible=re.compile(
            rf"^(?:(?:\w+|one|two|three|\d+)\s+(?:words?|lines?|letters?)\s+)?"
            rf"(?:{_either(_phrases(data, 'illegible'))})\b",
            re.I,
        ),
        omission=re.compile(rf"^(?:{_either(_phrases(data, 'omission'))})(?:\W|$)", re.I),
        notes=re.compile(rf"^(?:{_either(_phrases(data, 'notes'))})\b", re.I),
        page=re.compile(
            rf"^(?:{_either(_phrases(data, 'page'))})\s*(?P<n>[\dIVXLCivxlc]+[a-z]?)$", re.I
        ),
    )


def _correction(rest: str) -> tuple[str | None, str | None]:
    """Split what follows ``sic`` into a correction (short, or led by "in fact") or a note."""
    body, led = rest.strip(" .,;:"), False
    changed = True
    while changed:
        changed = False
        for lead in _vocab().leads:
            if body.lower().startswith(lead):
                body, led, changed = body[len(lead) :].strip(" .,;:—-–"), True, True
    if not body:
        return None, None
    if led or (len(body.split()) <= 3 and body[0].isupper()):
        return body, None
    return None, rest.strip()


def _previous_word(text: str, start: int) -> str:
    """The word right before ``start`` when one space separates them, else ``""``; a word glued
    to the bracket ("Com[munist]") is returned with ``"\0"`` appended."""
    if start and text[start - 1].isalpha():
        return "\0"
    if start < 2 or text[start - 1] != " " or text[start - 2].isspace():
        return ""
    m = re.search(r"(\S+) $", text[max(0, start - 60) : start])
    return m.group(1) if m else ""


def _is_gloss(inner: str, before: str) -> bool:
    """A transliterated original word (or two or three) after an English word: ``[rezhim]``."""
    if not before or not before[-1].isalpha() or _ABBREVIATION.match(before):
        return False
    words = inner.split()
    if not 1 <= len(words) <= 3 or not all(_GLOSS_WORD.fullmatch(w) for w in words):
        return False
    common = common_words()
    if any(w in common or _ENGLISH_SUFFIX.search(w) for w in words):
        return False
    return any(_TRANSLITERATION.search(w) for w in words)


def _kind_of(inner: str, before: str) -> tuple[str, str, str | None, str | None]:
    """``(kind, text, correction, note)`` of a bracket's content; ``before`` is the word right
    before the bracket, ending in ``"\0"`` when no space separates them."""
    vocab = _vocab()
    stripped = inner.strip()
    if before.endswith("\0"):
        return "expansion", stripped, None, None
    if stripped.isdigit() and before.isdigit():
        return "correction", stripped, stripped, None
    sic = _SIC.match(stripped)
    if sic:
        correction, note = _correction(sic.group("rest"))
        pre = sic.group("pre")
        return "sic", stripped, correction, pre.strip() if pre else note
    head = vocab.note_head.match(stripped)
    if head and len(stripped) > head.end():
        return "ed_note", stripped[head.end() :].strip(), None, None
    simple: list[tuple[str, Callable[[str], Any]]] = [
        ("uncertain", lambda s: s in ("?", "/?/")),
        ("illegible", vocab.illegible.match),
        ("omission", vocab.omission.match),
        ("page", vocab.page.match),
        ("note", vocab.notes.match),
        ("uncertain", lambda s: s.endswith("?")),
        ("gloss", lambda s: _is_gloss(s, before)),
    ]
    for kind, test in simple:
        if test(stripped):
            text = stripped.rstrip("?").strip() if kind == "uncertain" else stripped
            if kind == "page":
                text = vocab.page.match(stripped).group("n")  # type: ignore[union-attr]
            return kind, text or "?", None, None
    if _ABBREVIATION.match(before) and stripped[:1].isupper() and len(stripped.split()) >= 2:
        return "expansion", stripped, None, None
    return "insertion", stripped, None, None


def find_editorial(text: str) -> list[EditorialMark]:
    """Editorial marks in ``text``, sorted by offset. Markdown links ``[x](url)`` are skipped."""
    out: list[EditorialMark] = []
    for m in _MARK.finditer(text):
        inner = m.group("b") or m.group("p") or m.group()
        if not inner.strip():
            continue
        kind, body, correction, note = _kind_of(inner, _previous_word(text, m.start()))
        out.append(EditorialMark(m.start(), m.end(), kind, body, correction, note))
    return out


class EditorialStage:
    """``editorial@1``: an ``editorial`` span per mark, found passage by passage."""

    name: ClassVar[str] = "editorial"
    version: ClassVar[str] = "1"
    requires: ClassVar[frozenset[str]] = frozenset({"normalised"})
    adds: ClassVar[frozenset[str]] = frozenset({"editorial"})

    def __call__(self, doc: Document, settings: Settings) -> Document:
        provenance = Provenance(self.name, self.version, settings=settings.digest())
        new: list[Span] = []
        for passage in doc.passages:
            piece = doc.text[passage.start : passage.end]
            for mark in find_editorial(piece):
                a, b = passage.start + mark.start, passage.start + mark.end
                new.append(Span("editorial", a, b, mark.value(), provenance))
        return replace(doc, spans=doc.spans + new, layers=doc.layers | self.adds)
