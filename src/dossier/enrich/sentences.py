"""Sentence splitting by a single regex scan: abbreviations, initials, numbered paragraphs,
ellipses, brackets and closing quotation marks are handled by rules whose vocabulary is data
(``abbreviations.yaml``, ``english.yaml``). No model, no tokenizer."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import ClassVar

from dossier.data import load_data
from dossier.errors import ConfigError
from dossier.model import Document, Provenance, Span
from dossier.settings import Settings

__all__ = ["SentenceStage", "common_words", "split_sentences", "word_list"]

_OPENERS = "“‘«„\"'(["
_CLOSERS = "”’»\"')]"
# A run of terminal punctuation not preceded by another terminal, a space or an opening mark,
# then closing marks, then white space or the end of the text. What precedes the run is checked
# past its first character, so that the regex engine skips to terminals instead of trying
# every place.
_CANDIDATE = re.compile(
    r"(?P<term>[.!?…](?<![.!?…\s“‘«„(\[].)[.!?…]*)(?P<close>[”’»\"')\]]*)(?=\s|$)"
)
_HARD_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_BRACKETS = re.compile(r"\[[^\[\]\n]{0,300}\]|\([^()\n]{0,300}\)")
_NUMBER_LABEL = re.compile(r"^\(?(?:\d{1,6}|[IVXLC]{1,6}|[a-z])\)?$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_AM_PM = re.compile(r"\b[ap]\.\s*$")
_NUMBER = re.compile(r"\d|[IVXLC]+$")
_WORD_AFTER = re.compile(r"[“‘«„\"'(\[]*([^\W\d_][\w’'-]*|\d+)")


@dataclass(frozen=True)
class _Abbreviations:
    never: frozenset[str]
    numeric: frozenset[str]
    ambiguous: frozenset[str]


@cache
def word_list(name: str, key: str) -> frozenset[str]:
    """The list of strings under ``key`` in ``data/<name>.yaml``, lower-cased."""
    data = load_data(name)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ConfigError(f"{name}.yaml: expected a list under {key!r}")
    if not all(isinstance(w, str) for w in data[key]):
        raise ConfigError(f"{name}.yaml: {key!r} must hold strings (quote yes, no, on, off)")
    return frozenset(str(w).lower() for w in data[key])


@cache
def _abbreviations() -> _Abbreviations:
    return _Abbreviations(
        word_list("abbreviations", "never"),
        word_list("abbreviations", "numeric"),
        word_list("abbreviations", "ambiguous"),
    )


@cache
def common_words() -> frozenset[str]:
    """Common English words (lower case) from ``english.yaml``."""
    return word_list("english", "words")


def _inside(starts: list[int], spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and pos < spans[i][1] - 1


def _is_boundary(text: str, m: re.Match[str], sent_start: int, end: int) -> bool:
    """Whether the candidate ``m`` ends a sentence."""
    nxt = m.end()
    while nxt < end and text[nxt].isspace():
        nxt += 1
    if nxt >= end:
        return True
    follow = text[nxt]
    if follow.islower():
        return False
    if follow in "[(" and nxt + 1 < end and text[nxt + 1].islower():
        return False
    before = text[max(m.start() - 2, 0) : m.start()]
    if before[-1:] in "\"'" and (len(before) < 2 or before[0].isspace()):
        return False
    term = m.group("term")
    if term != "." or m.group("close"):
        return True
    word = _word_before(text, sent_start, m.start())
    if not word:
        return True
    token_start = m.start() - len(word)
    token = word.lstrip(_OPENERS)
    if token_start == sent_start and _NUMBER_LABEL.match(token):
        return False
    return not _abbreviation_holds(text, token, token_start, (nxt, end))


def _word_before(text: str, start: int, end: int) -> str:
    """The run of non-space characters of ``text[start:end]`` that ends at ``end`` (which
    follows a non-space character), or ``""``."""
    words = text[start:end].rsplit(None, 1)
    return words[-1] if words else ""


def _abbreviation_holds(text: str, token: str, at: int, after: tuple[int, int]) -> bool:
    """Whether ``token.`` is an abbreviation that the period does not end a sentence after; the
    next word is read from ``text[after[0]:after[1]]`` when that depends on it."""
    lower = token.lower()
    abbr = _abbreviations()
    if len(token) == 1 and token.isalpha():
        # "a. m." in telegram datelines reads like "a.m."
        if lower == "m" and _AM_PM.search(text[max(0, at - 4) : at]):
            return _next_word(text, *after).lower() not in common_words()
        return True
    if lower in abbr.never:
        return True
    if lower in abbr.numeric:
        return bool(_NUMBER.match(_next_word(text, *after)))
    if lower in abbr.ambiguous or _DOTTED.match(token):
        return _next_word(text, *after).lower() not in common_words()
    return False


def _next_word(text: str, start: int, end: int) -> str:
    """The word (or number) at ``start``, after any opening marks, or ``""``."""
    after = _WORD_AFTER.match(text, start, end)
    return after.group(1) if after else ""


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` as ``(start, end)`` offsets into ``text``, trimmed of
    white space. A blank line always ends a sentence (it separates paragraphs)."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    block = start
    for brk in [*_HARD_BREAK.finditer(text, start, end), None]:
        block_end = brk.start() if brk else end
        out.extend(_split_block(text, block, block_end))
        if brk is None:
            break
        block = brk.end()
    return out


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    brackets = _brackets(text, start, end)
    starts = [a for a, _ in brackets]
    out: list[tuple[int, int]] = []
    sent = _skip_space(text, start, end)
    for m in _CANDIDATE.finditer(text, start, end):
        if m.start() < sent or (starts and _inside(starts, brackets, m.start())):
            continue
        if _is_boundary(text, m, sent, end):
            out.append((sent, m.end()))
            sent = _skip_space(text, m.end(), end)
    tail_end = end
    while tail_end > sent and text[tail_end - 1].isspace():
        tail_end -= 1
    if tail_end > sent:
        out.append((sent, tail_end))
    return out


def _brackets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Short bracketed asides of ``text[start:end]``, as ``(start, end)``."""
    if text.find("[", start, end) < 0 and text.find("(", start, end) < 0:
        return []
    return [(m.start(), m.end()) for m in _BRACKETS.finditer(text, start, end)]


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


class SentenceStage:
    """``sentences@1``: a ``sentence`` span per sentence, never across a passage boundary."""

    name: ClassVar[str] = "sentences"
    version: ClassVar[str] = "1"
    requires: ClassVar[frozenset[str]] = frozenset({"normalised"})
    adds: ClassVar[frozenset[str]] = frozenset({"sentence"})

    def __call__(self, doc: Document, settings: Settings) -> Document:
        provenance = Provenance(self.name, self.version, settings=settings.digest())
        new: list[Span] = []
        for index, passage in enumerate(doc.passages):
            for a, b in split_sentences(doc.text, passage.start, passage.end):
                new.append(Span("sentence", a, b, {"passage": index}, provenance))
        return replace(doc, spans=doc.spans + new, layers=doc.layers | self.adds)
