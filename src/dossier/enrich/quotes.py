"""Quotations: direct (straight and curly marks, nested, across paragraphs), scare quotes, and
reported speech ("X said that ...", "according to ..."), each with its cue, speaker and the
source it is attributed to. Cue verbs and source nouns are data (``cues.yaml``)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, ClassVar

from dossier.data import load_data
from dossier.enrich.sentences import common_words, split_sentences
from dossier.enrich.speakers import (
    CONTEXT_CHARS,
    name_pattern,
    names_in,
    resolve_pronoun,
)
from dossier.errors import ConfigError
from dossier.model import Document, Provenance, Span
from dossier.settings import Settings

__all__ = ["Quote", "QuoteStage", "find_quotes"]

_MARKS = re.compile(r"[“”‘’«»„‟\"']")
_CLOSES = {"“": "”", "‟": "”", "‘": "’", "«": "»", "„": "“”", '"': '"', "'": "'"}
_LEFT_CONTEXT = "([{—–-/“‘«„‟"
_RIGHT_CONTEXT = ",.;:!?)]}—–-…”’»"
_PARAGRAPH = re.compile(
    r"\n[ \t\r\f\v]*\n\s*|[ \t]*\n(?=[ \t]*[“„«])|(?<=[.!?:”\"’»])[ \t]*\n(?=[ \t]*[\"‘])"
)


@dataclass(frozen=True)
class Quote:
    """A quotation: ``[start, end)`` covers the marks of a direct quote, or the reported clause."""

    start: int
    end: int
    kind: str
    level: int = 1
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    source: str | None = None
    confidence: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)

    def value(self) -> dict[str, Any]:
        """The span value: kind, level, cue, speaker (text and offsets), source."""
        return {
            "kind": self.kind,
            "level": self.level,
            "cue": self.cue,
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "source": self.source,
            **({"cue_start": self.cue_start, "cue_end": self.cue_end} if self.cue else {}),
            **self.extra,
        }


@dataclass(frozen=True)
class _Vocab:
    speech: re.Pattern[str]
    reported: re.Pattern[str]
    according: re.Pattern[str]
    as_source: re.Pattern[str]
    sources: Sequence[re.Pattern[str]]
    pronouns: frozenset[str]
    resolvable: frozenset[str]


def _alternation(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


@cache
def _vocab() -> _Vocab:
    data = load_data("cues")
    keys = ("speech", "reported", "according", "source_nouns", "source_verbs", "quote_words")
    if not isinstance(data, dict) or not all(isinstance(data.get(k), list) for k in keys):
        raise ConfigError(f"cues.yaml: expected lists under {', '.join(keys)}")
    v = {k: _alternation([str(w) for w in data[k]]) for k in keys}
    pron = r"\b(?:he|she|they|He|She|They|I|we|We)\b"
    det = r"(?:[Tt]he|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)"
    who = rf"(?:{name_pattern().pattern}|{pron}|{det}\s+(?:[a-z]+\s+)?[a-z]+)"
    rest = r"(?:[^,:;“”\"«»()\[\].]|\.(?=\s*[A-Z][a-z])|,\s*\d{4})+"
    return _Vocab(
        speech=re.compile(rf"\b(?:{v['speech']})\b"),
        reported=re.compile(
            rf"(?P<who>{who})(?:\s+[a-z]+ly)?\s+(?P<cue>{v['reported']})"
            rf"(?:\s+[^\s.!?;:“”\"]+){{0,6}}?\s*,?\s+that\b"
        ),
        according=re.compile(rf"\b(?P<cue>{v['according']})\s+(?P<src>{rest})", re.IGNORECASE),
        as_source=re.compile(
            rf"\b[Aa]s\s+(?P<src>(?:the\s+)?(?:(?:{v['source_nouns']})\s+)?{name_pattern().pattern})"
            rf"\s+(?P<cue>{v['source_verbs']})\b"
        ),
        sources=(
            re.compile(rf"\b(?:{v['quote_words']})\s+(?:taken\s+)?from\s+(?P<src>{rest})"),
            re.compile(
                rf"\b(?:[Ff]rom|[Ii]n)\s+(?P<src>(?:the|a|an|his|her|their)\s+(?:[a-z]+\s+)?"
                rf"(?:{v['source_nouns']})\b{rest}?)(?=\s*[,:;]|\s*$)"
            ),
        ),
        pronouns=frozenset(str(p).lower() for p in data.get("pronouns", [])),
        resolvable=frozenset(str(p).lower() for p in data.get("resolvable", [])),
    )


def _cue_of(m: re.Match[str], group: str | int = "cue") -> dict[str, Any]:
    return {"cue": m.group(group), "cue_start": m.start(group), "cue_end": m.end(group)}


def _speaker_at(text: str, a: int, b: int) -> dict[str, Any]:
    return {"speaker": text[a:b], "speaker_start": a, "speaker_end": b}


@dataclass
class _Open:
    char: str
    pos: int


def _role(text: str, i: int, ch: str, stack: list[_Open], lo: int, hi: int) -> str | None:
    """``open``, ``close`` or None (an apostrophe or a stray mark) for the mark at ``i``."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    left = prev.isspace() or prev in _LEFT_CONTEXT
    right = (nxt.isspace() or nxt in _RIGHT_CONTEXT) and text[i + 1 : i + 4] not in ("...", "…")
    open_chars = {o.char for o in stack}
    if ch in "”»":
        return "close" if any(ch in _CLOSES[c] for c in open_chars) else None
    if ch == "“":
        return "close" if stack and stack[-1].char == "„" else "open"
    if ch in "«„‟":
        return "open"
    if ch == "‘":
        return "open" if left and not nxt.isspace() and not nxt.isdigit() else None
    if ch == "’":
        closing = "‘" in open_chars and not (prev.isalpha() and nxt.isalpha())
        return "close" if closing else None
    if ch == "'" and ((prev.isalnum() and nxt.isalpha()) or nxt.isdigit()):
        return None
    if left and not right:
        return "open"
    if right and not left:
        return "close" if ch in open_chars else None
    if left and right:
        return "close" if ch in open_chars else None
    return None


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    level: int
    closed: bool


def _scan_direct(text: str, paragraphs: list[tuple[int, int]]) -> list[_Raw]:
    """Pair quotation marks paragraph by paragraph, carrying open quotes into a next paragraph
    that opens with a quote mark (the typographic convention for long quotations)."""
    out: list[_Raw] = []
    stack: list[_Open] = []
    skip = -1
    for n, (lo, hi) in enumerate(paragraphs):
        for m in _MARKS.finditer(text, lo, hi):
            i, ch = m.start(), m.group()
            if i == skip:
                continue
            role = _role(text, i, ch, stack, lo, hi)
            if role == "open":
                stack.append(_Open(ch, i))
            elif role == "close":
                j = max(k for k, o in enumerate(stack) if ch in _CLOSES[o.char])
                out.extend(_Raw(o.pos, hi, k + 1, False) for k, o in enumerate(stack) if k > j)
                out.append(_Raw(stack[j].pos, i + 1, j + 1, True))
                del stack[j:]
        if stack:
            following = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else -1
            if following >= 0 and text[following : following + 1] == stack[0].char:
                skip = following
                continue
            out.extend(_Raw(o.pos, hi, k + 1, False) for k, o in enumerate(stack))
            stack = []
    return sorted(out, key=lambda r: (r.start, -r.end))


def _who(text: str, a: int, b: int, floor: int) -> dict[str, Any]:
    """Speaker fields for the words ``text[a:b]``; a pronoun is resolved when it can be."""
    words = text[a:b]
    if words.lower() in _vocab().resolvable:
        found = resolve_pronoun(text, a, floor)
        if found:
            return _speaker_at(text, *found) | {"pronoun": words}
    return _speaker_at(text, a, b)


def _source(text: str, lo: int, hi: int) -> tuple[str | None, tuple[int, int] | None]:
    """The attributed source phrase in ``text[lo:hi]`` and a person named in it (of/by/from)."""
    vocab = _vocab()
    for pattern in (*vocab.sources, vocab.according, vocab.as_source):
        matches = list(pattern.finditer(text, lo, hi))
        if matches:
            found = matches[-1]
            s, e = found.span("src")
            src = re.sub(r"\s+that$", "", text[s:e].strip(" ,"))
            person = re.search(rf"\b(?:of|by|from)\s+(?:the\s+)?({name_pattern().pattern})", src)
            at = (s + person.start(1), s + person.end(1)) if person else None
            return src, at
    return None, None


def _context(text: str, start: int, floor: int) -> int:
    """Where the sentence holding offset ``start`` begins (not before ``floor``)."""
    lo = max(floor, start - CONTEXT_CHARS)
    sentences = split_sentences(text, lo, start)
    return sentences[-1][0] if sentences else start


def _cue_before(text: str, lo: int, hi: int, floor: int) -> dict[str, Any]:
    """Cue and speaker in the words before a quote: "X said:", "said X,", "X:"."""
    out: dict[str, Any] = {}
    cues = list(_vocab().speech.finditer(text, lo, hi))
    if cues:
        cue = cues[-1]
        out.update(_cue_of(cue, 0))
        after = name_pattern().match(text, cue.end() + 1, hi)
        glued = after and text[cue.end() : cue.end() + 1] == " "
        if after and glued and not text[after.end() : hi].strip(" :,"):
            return out | _who(text, after.start(), after.end(), floor)
        hi = cue.start()
    pron = list(re.finditer(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)\b", text[lo:hi]))
    names = names_in(text, lo, hi)
    spans = [(lo + p.start(), lo + p.end()) for p in pron] + names
    if spans:
        a, b = max(spans)
        out.update(_who(text, a, b, floor))
    return out


@cache
def _after() -> re.Pattern[str]:
    """A cue and speaker right after a quote's closing mark, either way round."""
    speech = _vocab().speech.pattern
    who = rf"(?:{name_pattern().pattern}|he|she|they|I|we)"
    return re.compile(
        rf"\s*,?\s*(?:(?P<w1>{who})\s+(?:[a-z]+ly\s+)?(?P<c1>{speech})|(?P<c2>{speech})\s+"
        rf"(?P<w2>{name_pattern().pattern}|the\s+[a-z]+))(?!\s*:)"
    )


def _cue_after(text: str, end: int, hi: int, floor: int) -> dict[str, Any]:
    """Cue and speaker right after a quote: "…,” he said" / "…!” said Stalin"."""
    m = _after().match(text, end, hi)
    if m is None:
        return {}
    c = "c1" if m.group("c1") else "c2"
    w = "w1" if m.group("w1") else "w2"
    return _cue_of(m, c) | _who(text, m.start(w), m.end(w), floor)


def _attribute(text: str, raw: _Raw, floor: int, hi: int, prev: tuple[int, int] | None) -> Quote:
    lo = _context(text, raw.start, floor)
    tail = text[lo : raw.start].rstrip()
    if not tail and prev is not None and text[prev[0] : prev[1]].rstrip().endswith(":"):
        lo, tail = _context(text, prev[1], prev[0]), text[prev[0] : prev[1]].rstrip()
        floor, before_end = prev[0], prev[1]
    else:
        before_end = raw.start
    fields: dict[str, Any] = {}
    inner = text[raw.start + 1 : raw.end - 1 if raw.closed else raw.end].strip()
    if tail.endswith(":"):
        fields = _cue_before(text, lo, before_end, floor)
    if "speaker" not in fields and raw.closed:
        fields = _cue_after(text, raw.end, hi, floor) or fields
    if not fields and tail.endswith(","):
        found = _cue_before(text, lo, before_end, floor)
        fields = found if "cue" in found else {}
    if not fields and inner[:1].islower():
        glued = [n for n in names_in(text, lo, raw.start) if not text[n[1] : raw.start].strip()]
        if glued:
            fields = _speaker_at(text, *glued[0])
    source, person = _source(text, lo, before_end)
    if source and "cue" not in fields and person:
        fields |= _speaker_at(text, *person)
    kind = "direct"
    words = re.findall(r"[\w’'-]+", inner)
    if not fields and not source and 0 < len(words) <= 2 and inner[-1:] not in "?!":
        kind = "scare"
    extra = {"pronoun": fields.pop("pronoun")} if "pronoun" in fields else {}
    if not raw.closed:
        extra["closed"] = False
    confidence = 1.0 if raw.closed else 0.5
    return Quote(
        raw.start,
        raw.end,
        kind,
        raw.level,
        source=source,
        confidence=confidence,
        extra=extra,
        **fields,
    )


def _reported(text: str, lo: int, hi: int, floor: int) -> list[Quote]:
    """Reported speech in the sentence ``text[lo:hi]``."""
    vocab = _vocab()
    out: list[Quote] = []
    end = hi - 1 if text[hi - 1 : hi] in ".!?" else hi
    said = vocab.reported.finditer(text, lo, hi) if text.find("that", lo, hi) >= 0 else ()
    for m in said:  # the pattern ends in "that": a sentence without it is not scanned
        who = m.group("who")
        if " " not in who and who.lower() in common_words() and who.lower() not in vocab.pronouns:
            continue
        fields = _who(text, m.start("who"), m.end("who"), floor)
        extra = {"pronoun": fields.pop("pronoun")} if "pronoun" in fields else {}
        cue = _cue_of(m)
        start = m.end() + len(text[m.end() : end]) - len(text[m.end() : end].lstrip())
        if start < end:
            out.append(Quote(start, end, "reported", extra=extra, **cue, **fields))
    for pattern in (vocab.according, vocab.as_source):
        for m in pattern.finditer(text, lo, hi):
            out.append(_attributed(text, m, lo, end))
    return [q for q in out if q.end - q.start > 2]


def _attributed(text: str, m: re.Match[str], lo: int, end: int) -> Quote:
    """ "According to X, ..." / "as X wrote, ...": the clause attributed to X."""
    src_s, src_e = m.span("src")
    source = text[src_s:src_e].strip(" ,")
    if text[lo : m.start()].strip(" ,") in ("", "But", "And", "Yet"):
        comma = text.find(",", src_e, end)
        a, b = (comma + 1 if comma >= 0 else src_e), end
    else:
        a, b = lo, m.start()
    a += len(text[a:b]) - len(text[a:b].lstrip())
    b -= len(text[a:b]) - len(text[a:b].rstrip(" ,;"))
    person = re.search(rf"(?:^|\b(?:of|by|from)\s+(?:the\s+)?)({name_pattern().pattern})", source)
    fields: dict[str, Any] = {}
    if person and person.group(1).lower() not in common_words():
        fields = _speaker_at(text, src_s + person.start(1), src_s + person.end(1))
    return Quote(a, b, "reported", source=source, **_cue_of(m), **fields)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*_PARAGRAPH.finditer(text), None]:
        end = m.start() if m else len(text)
        if text[pos:end].strip():
            out.append((pos, end))
        if m is None:
            break
        pos = m.end()
    return out


def find_quotes(text: str, paragraphs: Sequence[tuple[int, int]] | None = None) -> list[Quote]:
    """Direct, scare and reported quotations in ``text``; ``paragraphs`` (offsets into ``text``)
    default to blocks separated by blank lines. Sorted by start offset."""
    pars = list(paragraphs) if paragraphs is not None else _paragraphs(text)
    raws = _scan_direct(text, pars)
    starts = [a for a, _ in pars]
    out: list[Quote] = []
    enclosing: dict[int, _Raw] = {}
    for raw in raws:
        n = bisect.bisect_right(starts, raw.start) - 1
        enclosing[raw.level] = raw
        parent = enclosing.get(raw.level - 1)
        floor = parent.start + 1 if parent and raw.level > 1 else pars[n][0]
        prev = pars[n - 1] if n and raw.start == pars[n][0] else None
        out.append(_attribute(text, raw, floor, pars[n][1], prev))
    for lo, hi in pars:
        for a, b in split_sentences(text, lo, hi):
            for q in _reported(text, a, b, lo):
                level = 1 + sum(1 for r in raws if r.start < q.start and q.end <= r.end)
                out.append(replace(q, level=level))
    return sorted(out, key=lambda q: (q.start, -q.end))


class QuoteStage:
    """``quotes@1``: a ``quote`` span per quotation; paragraphs are the document's passages."""

    name: ClassVar[str] = "quotes"
    version: ClassVar[str] = "1"
    requires: ClassVar[frozenset[str]] = frozenset({"normalised"})
    adds: ClassVar[frozenset[str]] = frozenset({"quote"})

    def __call__(self, doc: Document, settings: Settings) -> Document:
        provenance = Provenance(self.name, self.version, settings=settings.digest())
        pars = sorted((p.start, p.end) for p in doc.passages if p.end > p.start)
        new = [
            Span("quote", q.start, q.end, q.value(), provenance, q.confidence)
            for q in find_quotes(doc.text, pars)
        ]
        return replace(doc, spans=doc.spans + new, layers=doc.layers | self.adds)
