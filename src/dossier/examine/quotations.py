"""Quotation tracing: the same quotation in several documents, its earliest source, and the
copies that altered or truncated it or that nothing in the archive attests.

Direct ``quote`` spans are normalised (case, accents, punctuation, ellipses and editorial
brackets dropped) into words. Two are one quotation when their words are equal, one is a
contiguous part of the other (truncated), or difflib / token-set similarity is high (altered);
long quotations are also found in other documents' unquoted text. The earliest source is the
occurrence in the earliest dated document; undated documents come after dated ones and among
themselves are ordered by the latest event date they mention (a document is written no earlier
than the last event it describes). Thresholds are data (``quotations.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cache
from itertools import combinations
from typing import Any

from dossier.data import load_data
from dossier.enrich.entities.names import fold, fold_with_offsets
from dossier.errors import ConfigError
from dossier.examine.conflicts import connected
from dossier.examine.layers import sentence_of
from dossier.model import Document
from dossier.read.genre import genre_kind, genres
from dossier.store import Store

__all__ = ["QuoteFlag", "QuoteOccurrence", "QuoteTrace", "normalise_quote", "trace_quotations"]

_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_MARKS = "“”‘’«»„‟\"' \n\t"


@dataclass(frozen=True)
class _Conf:
    min_words: int
    min_truncated: int
    altered_ratio: float
    altered_jaccard: float
    near_cover: float
    plain_min: int
    stopwords: frozenset[str]


@cache
def _conf() -> _Conf:
    data = load_data("quotations")
    if not isinstance(data, dict):
        raise ConfigError("quotations.yaml: expected a mapping of thresholds")
    try:
        return _Conf(
            min_words=int(data["min_words"]),
            min_truncated=int(data["min_words_truncated"]),
            altered_ratio=float(data["altered_ratio"]),
            altered_jaccard=float(data["altered_jaccard"]),
            near_cover=float(data["near_cover"]),
            plain_min=int(data["plain_text_min_words"]),
            stopwords=frozenset(str(w) for w in data.get("source_stopwords", [])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"quotations.yaml: {exc}") from exc


def normalise_quote(text: str) -> list[str]:
    """The words of a quotation: no marks, case, accents, ellipses or editorial brackets."""
    return fold(_BRACKETS.sub(" ", text)).split()


@dataclass(frozen=True)
class QuoteOccurrence:
    """One occurrence of a quotation; ``relation`` is how it compares with the earliest."""

    document: str
    source: str
    title: str | None
    date: str | None
    kind: str | None
    start: int
    end: int
    text: str
    speaker: str | None
    attributed_to: str | None
    sentence: str
    quoted: bool = True
    relation: str = "earliest"
    similarity: float = 1.0
    words: tuple[str, ...] = field(default=(), repr=False, compare=False)
    written: str | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        del out["words"], out["written"]
        return out


@dataclass(frozen=True)
class QuoteFlag:
    """``altered``, ``truncated`` or ``unattested``, for one document, with the reason."""

    kind: str
    document: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class QuoteTrace:
    """A quotation across the archive: its occurrences (earliest first) and flags."""

    text: str
    earliest: str
    earliest_by: str
    occurrences: tuple[QuoteOccurrence, ...]
    flags: tuple[QuoteFlag, ...]

    @property
    def documents(self) -> int:
        return len({o.document for o in self.occurrences})

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "earliest": self.earliest,
            "earliest_by": self.earliest_by,
            "documents": self.documents,
            "occurrences": [o.to_dict() for o in self.occurrences],
            "flags": [f.to_dict() for f in self.flags],
        }


def _written(doc: Document) -> str | None:
    """The latest event date ``doc`` mentions: its writing is not earlier."""
    days = [str(s.value["earliest"]) for s in doc.spans_of("time") if s.value.get("earliest")]
    return max(days) if days else None


def _occurrences(doc: Document) -> list[QuoteOccurrence]:
    base = replace(_base(doc), written=_written(doc))
    out = []
    for span in doc.spans_of("quote"):
        text = doc.text[span.start : span.end].strip(_MARKS)
        words = normalise_quote(text)
        if span.value.get("kind") != "direct" or len(words) < _conf().min_words:
            continue
        occ = replace(base, start=span.start, end=span.end, words=tuple(words))
        out.append(
            replace(
                occ,
                text=" ".join(text.split()),
                speaker=span.value.get("speaker"),
                attributed_to=span.value.get("source"),
                sentence=" ".join(sentence_of(doc, span).split()),
            )
        )
    return out


def _base(doc: Document) -> QuoteOccurrence:
    """An occurrence in ``doc`` with the document's fields filled in."""
    r = doc.record
    kind = r.kind or genre_kind(r.genre)
    return QuoteOccurrence(doc.id, doc.source, r.title, r.date, kind, 0, 0, "", None, None, "")


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def relation(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, float] | None:
    """How ``b`` compares with ``a``: identical, truncated, extended (``b`` holds ``a``),
    altered, or None when they are different quotations; with a similarity in [0, 1]."""
    conf = _conf()
    if a == b:
        return "identical", 1.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    sm = SequenceMatcher(None, a, b, autojunk=False)
    cover = sum(m.size for m in sm.get_matching_blocks()) / len(short)
    cut = "truncated" if len(b) < len(a) else "extended"
    if len(short) >= conf.min_truncated and _contains(long, short):
        return cut, round(cover, 3)
    ratio = sm.ratio()
    jaccard = len(set(a) & set(b)) / len(set(a) | set(b))
    if ratio >= conf.altered_ratio or jaccard >= conf.altered_jaccard:
        return "altered", round(ratio, 3)
    if len(short) >= conf.min_truncated and cover >= conf.near_cover:
        return f"altered+{cut}", round(cover, 3)
    return None


def _candidates(items: list[QuoteOccurrence]) -> set[tuple[int, int]]:
    """Pairs of occurrences in different documents sharing a word trigram (or, for short
    quotations, a word pair)."""
    index: dict[tuple[str, ...], list[int]] = {}
    for i, occ in enumerate(items):
        n = 3 if len(occ.words) >= 3 else len(occ.words)
        for gram in {occ.words[k : k + n] for k in range(len(occ.words) - n + 1)}:
            index.setdefault(gram, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        for i, j in combinations(members, 2):
            if items[i].document != items[j].document:
                pairs.add((i, j))
    return pairs


@dataclass(frozen=True)
class _Words:
    """A document's folded words with their character offsets in ``doc.text``."""

    doc: Document
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


def _words_of(doc: Document) -> _Words:
    folded, where = fold_with_offsets(_BRACKETS.sub(lambda m: " " * len(m.group()), doc.text))
    found = [
        (m.group(), where[m.start()], where[m.end() - 1] + 1) for m in re.finditer(r"\S+", folded)
    ]
    return _Words(doc, tuple(w for w, _, _ in found), tuple((a, b) for _, a, b in found))


def _plain(occ: QuoteOccurrence, texts: list[_Words], index: dict[Any, list[Any]]) -> list[Any]:
    """Where ``occ``'s words stand, unquoted, in other documents."""
    n = 4
    grams = [occ.words[k : k + n] for k in range(len(occ.words) - n + 1)]
    votes: dict[tuple[int, int], int] = {}
    for k, gram in enumerate(grams):
        for d, p in index.get(gram, ()):
            if texts[d].doc.id != occ.document:
                votes[(d, p - k)] = votes.get((d, p - k), 0) + 1
    out = []
    for (d, at), count in votes.items():
        if count * 2 < len(grams):
            continue
        tw = texts[d]
        lo, hi = max(at, 0), min(at + len(occ.words), len(tw.words))
        found = relation(occ.words, tw.words[lo:hi])
        quoted = any(
            q.start <= tw.spans[lo][0] < q.end
            for q in tw.doc.spans_of("quote")
            if q.value.get("kind") == "direct"
        )
        if found and not quoted:
            out.append((tw.doc, tw.spans[lo][0], tw.spans[hi - 1][1], tw.words[lo:hi]))
    return out


def _plain_occurrences(items: list[QuoteOccurrence], docs: list[Document]) -> list[Any]:
    """Unquoted occurrences of long quotations: (quote index, occurrence) pairs."""
    long = [i for i, o in enumerate(items) if len(o.words) >= _conf().plain_min]
    if not long:
        return []
    texts = [_words_of(d) for d in docs]
    index: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for d, tw in enumerate(texts):
        for p in range(len(tw.words) - 3):
            index.setdefault(tw.words[p : p + 4], []).append((d, p))
    out = []
    for i in long:
        for doc, a, b, words in _plain(items[i], texts, index):
            text = " ".join(doc.text[a:b].split())
            sentences = [x for x in doc.spans_of("sentence") if x.start <= a < x.end]
            sentence = doc.text[sentences[0].start : sentences[0].end] if sentences else text
            where = replace(_base(doc), start=a, end=b, text=text, written=_written(doc))
            occ = replace(where, sentence=" ".join(sentence.split()), quoted=False, words=words)
            out.append((i, occ))
    return out


def _order(occ: QuoteOccurrence) -> tuple[int, str, str, int]:
    if occ.date:
        return 0, occ.date, occ.source, occ.start
    return 1, occ.written or "9999", occ.source, occ.start


def _earliest_by(first: QuoteOccurrence, others: list[QuoteOccurrence]) -> str:
    if first.date:
        undated = sum(1 for o in others if not o.date)
        tail = f"; {undated} undated occurrence(s) placed after it" if undated else ""
        return f"document date {first.date}{tail}"
    if first.written:
        return f"no document dated; latest event date it mentions {first.written}"
    return "no dates: archive order"


def _diff(a: tuple[str, ...], b: tuple[str, ...], limit: int = 3) -> str:
    changes = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            changes.append(f"'{' '.join(a[i1:i2])}' → '{' '.join(b[j1:j2])}'")
    more = f" (+{len(changes) - limit} more)" if len(changes) > limit else ""
    return ", ".join(changes[:limit]) + more


def _flags(first: QuoteOccurrence, occ: QuoteOccurrence) -> list[QuoteFlag]:
    out = []
    where = f"the earliest ({first.source})"
    if "altered" in occ.relation:
        reason = f"wording differs from {where}: {_diff(first.words, occ.words)}"
        out.append(QuoteFlag("altered", occ.document, reason))
    if "truncated" in occ.relation:
        reason = f"{len(occ.words)} of the {len(first.words)} words of {where}"
        out.append(QuoteFlag("truncated", occ.document, reason))
    if "extended" in occ.relation:
        reason = f"{len(first.words)} of the {len(occ.words)} words found in {occ.source}"
        out.append(QuoteFlag("truncated", first.document, reason))
    return out


def _trace(group: list[QuoteOccurrence]) -> QuoteTrace:
    ordered = sorted(group, key=_order)
    first = ordered[0]
    occurrences = [first]
    flags: list[QuoteFlag] = []
    for occ in ordered[1:]:
        found = relation(first.words, occ.words)
        rel, sim = found or (
            "related",
            round(SequenceMatcher(None, first.words, occ.words).ratio(), 3),
        )
        occ = replace(occ, relation=rel, similarity=sim)
        occurrences.append(occ)
        flags.extend(_flags(first, occ))
    return QuoteTrace(
        text=first.text,
        earliest=first.document,
        earliest_by=_earliest_by(first, ordered[1:]),
        occurrences=tuple(occurrences),
        flags=tuple(flags),
    )


def _genres_named(phrase: str) -> set[str]:
    folded = f" {fold(phrase)} "
    return {
        info.name
        for info in genres().values()
        for p in (info.name, *info.phrases)
        if f" {fold(p)} " in folded or f" {fold(p)}s " in folded
    }


def _holds(occ: QuoteOccurrence, doc: Document) -> bool:
    """Whether ``doc`` is the source ``occ`` is attributed to: an author's surname among the
    source's words (or the speaker's, for "his telegram"), and its genre if one is named."""
    assert occ.attributed_to is not None
    words = set(fold(occ.attributed_to).split()) - _conf().stopwords
    if occ.speaker:
        words |= set(fold(occ.speaker).split()[-1:])
    authors = {fold(c).split()[-1] for c in doc.record.creators if fold(c)}
    title = set(fold(doc.record.title or "").split()) - _conf().stopwords
    if not (authors & words or (len(title) >= 2 and title <= words)):
        return False
    named = _genres_named(occ.attributed_to)
    return not named or doc.record.genre in named


def _unattested(trace: QuoteTrace, docs: list[Document]) -> list[QuoteFlag]:
    """Flags for quotations no other document of the archive attests."""
    if trace.documents > 1:
        return []
    occ = trace.occurrences[0]
    if occ.attributed_to:
        held = [d for d in docs if d.id != occ.document and _holds(occ, d)]
        if not held:
            reason = f"attributed to {occ.attributed_to!r}, which the archive does not hold"
        else:
            reason = f"attributed to {occ.attributed_to!r}; {held[0].source} is held but lacks it"
        return [QuoteFlag("unattested", occ.document, reason)]
    if occ.kind == "secondary":
        reason = "found only in this secondary document; no other source in the archive has it"
        return [QuoteFlag("unattested", occ.document, reason)]
    return []


def trace_quotations(store: Store) -> list[QuoteTrace]:
    """Quotations found in several documents, and unattested ones; most documents first."""
    docs = list(store.iter_documents())
    items = [o for d in docs for o in _occurrences(d)]
    links = {(i, j) for i, j in _candidates(items) if relation(items[i].words, items[j].words)}
    for i, occ in _plain_occurrences(items, docs):
        links.add((i, len(items)))
        items.append(occ)
    out = []
    for group in connected(len(items), links):
        unique = list({(items[i].document, items[i].start): items[i] for i in group}.values())
        trace = _trace(unique)
        flags = _unattested(trace, docs)
        if trace.documents > 1 or flags:
            out.append(replace(trace, flags=trace.flags + tuple(flags)))
    return sorted(out, key=lambda t: (-t.documents, -len(t.flags), t.occurrences[0].source))
