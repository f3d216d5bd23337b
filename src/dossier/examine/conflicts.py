"""Date conflicts: two sources dating one event differently.

An *event mention* is a sentence holding an event predicate (``events.yaml``: "signed",
"communiqué", "withdrawal", …, lemmatised crudely and mapped to a canonical predicate), linked
entity mentions, and the dated time expression nearest to the predicate. Two mentions are one
event when they share the predicate, enough entities (overlap coefficient) and their intervals
lie close together; the event is a conflict when mentions from different documents give
disjoint intervals. Nested intervals (``1954`` and ``1954-10-12``) agree; a document's own
date line is not an event; a year the tagger only inferred does not count against one given.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import combinations
from typing import Any

from dossier.data import load_data
from dossier.errors import ConfigError
from dossier.examine.entities import active_merges
from dossier.model import Document, Span
from dossier.store import Store
from dossier.store.base import SpanQuery

__all__ = [
    "DateConflict",
    "EventMention",
    "connected",
    "date_conflicts",
    "event_mentions",
    "find_predicates",
    "is_record_line",
]

_WORD = re.compile(r"[^\W\d_]+")
_SUFFIXES = (
    ("", ""),
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ed", ""),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
)
_LABEL = re.compile(r"^\W*(?P<label>[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,3})\s*:")


@dataclass(frozen=True)
class _Vocab:
    phrases: dict[tuple[str, ...], str]
    known: frozenset[str]
    max_gap_days: int
    min_overlap: float
    labels: frozenset[str]


def _strip(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _vocab() -> _Vocab:
    data = load_data("events")
    if not isinstance(data, dict) or not isinstance(data.get("predicates"), dict):
        raise ConfigError("events.yaml: expected 'predicates' mapping canonical names to words")
    conf = data.get("settings") or {}
    phrases: dict[tuple[str, ...], str] = {}
    for name, words in data["predicates"].items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ConfigError(f"events.yaml: predicate {name!r} needs a list of words")
        for w in [str(name), *words]:
            phrases[tuple(_strip(p) for p in w.split())] = str(name)
    return _Vocab(
        phrases=phrases,
        known=frozenset(w for p in phrases for w in p),
        max_gap_days=int(conf.get("max_gap_days", 31)),
        min_overlap=float(conf.get("min_entity_overlap", 0.5)),
        labels=frozenset(_strip(str(w)) for w in conf.get("record_labels", [])),
    )


def _lemma(word: str, known: frozenset[str]) -> str:
    """A crude lemma: the word itself or the first suffix-stripped form that is known."""
    w = _strip(word)
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            cand = w[: len(w) - len(suffix)] + repl
            if cand in known:
                return cand
    return w


def find_predicates(text: str) -> list[tuple[int, int, str, str]]:
    """Event predicates in ``text``: ``(start, end, canonical, as written)``, longest first."""
    vocab = _vocab()
    words = [(m.start(), m.end(), _lemma(m.group(), vocab.known)) for m in _WORD.finditer(text)]
    out: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(words):
        for n in (2, 1):
            key = tuple(w[2] for w in words[i : i + n])
            if len(key) == n and key in vocab.phrases:
                a, b = words[i][0], words[i + n - 1][1]
                out.append((a, b, vocab.phrases[key], text[a:b]))
                i += n - 1
                break
        i += 1
    return out


@dataclass(frozen=True)
class EventMention:
    """One dated event in one sentence of one document."""

    document: str
    source: str
    title: str | None
    date: str | None
    predicate: str
    word: str
    entities: tuple[str, ...]
    names: tuple[str, ...]
    start: int
    end: int
    text: str
    value: str
    earliest: str
    latest: str
    flags: tuple[str, ...]
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["entities"], out["names"], out["flags"] = (
            list(self.entities),
            list(self.names),
            list(self.flags),
        )
        return out


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def is_record_line(doc: Document, span: Span, sentence: tuple[int, int]) -> bool:
    """A heading, a labelled record line ("Publication Date: …") or a bare date line."""
    if any(p.kind == "heading" and p.start <= span.start < p.end for p in doc.passages):
        return True
    line_start = doc.text.rfind("\n", 0, span.start) + 1
    label = _LABEL.match(doc.text, line_start, span.start)
    if label and set(_strip(label.group("label")).split()) & _vocab().labels:
        return True
    rest = doc.text[sentence[0] : span.start] + doc.text[span.end : sentence[1]]
    return len(_WORD.findall(rest)) < 4


def _usable(span: Span) -> bool:
    v = span.value
    if not v.get("earliest") or "duration" in (v.get("flags") or []):
        return False
    a, b = _day(str(v["earliest"])), _day(str(v.get("latest") or v["earliest"]))
    return a is not None and b is not None and a <= b


def _linked(doc: Document, redirect: dict[str, str]) -> list[tuple[int, str, str]]:
    out = []
    for m in doc.spans_of("mention"):
        ident = m.value.get("entity")
        if ident:
            seen = {ident}
            while ident in redirect and redirect[ident] not in seen:
                ident = redirect[ident]
                seen.add(ident)
            out.append((m.start, str(ident), doc.text[m.start : m.end]))
    return sorted(out)


def _mention(
    doc: Document,
    pred: tuple[int, int, str, str],
    time: Span,
    ents: list[tuple[int, str, str]],
    sentence: str,
) -> EventMention:
    v = time.value
    names: dict[str, str] = {}
    for _, ident, name in ents:
        names.setdefault(ident, name)
    return EventMention(
        document=doc.id,
        source=doc.source,
        title=doc.record.title,
        date=doc.record.date,
        predicate=pred[2],
        word=pred[3],
        entities=tuple(names),
        names=tuple(names.values()),
        start=time.start,
        end=time.end,
        text=doc.text[time.start : time.end],
        value=str(v.get("value")),
        earliest=str(v["earliest"]),
        latest=str(v.get("latest") or v["earliest"]),
        flags=tuple(v.get("flags") or ()),
        sentence=sentence,
    )


def event_mentions(doc: Document, redirect: dict[str, str] | None = None) -> list[EventMention]:
    """The dated event mentions of one document (``redirect``: entity merges to follow)."""
    linked = _linked(doc, redirect or {})
    starts = [m[0] for m in linked]
    times = sorted((s for s in doc.spans_of("time") if _usable(s)), key=lambda s: s.start)
    out: list[EventMention] = []
    for sent in sorted(doc.spans_of("sentence"), key=lambda s: s.start):
        inside = [t for t in times if sent.start <= t.start and t.end <= sent.end]
        bounds = (sent.start, sent.end)
        inside = [t for t in inside if not is_record_line(doc, t, bounds)]
        ents = linked[bisect.bisect_left(starts, sent.start) : bisect.bisect_left(starts, sent.end)]
        if not inside or not ents:
            continue
        text = doc.text[sent.start : sent.end]
        seen: set[tuple[str, int]] = set()
        for a, b, canon, word in find_predicates(text):
            pa, pb = sent.start + a, sent.start + b
            if any(t.start <= pa < t.end for t in inside):
                continue
            near = min(inside, key=lambda t: max(t.start - pb, pa - t.end, 0))
            if (canon, near.start) in seen:
                continue
            seen.add((canon, near.start))
            out.append(_mention(doc, (pa, pb, canon, word), near, ents, " ".join(text.split())))
    return out


@dataclass(frozen=True)
class DateConflict:
    """One event (predicate and the entities its mentions share) dated differently by sources."""

    predicate: str
    entities: tuple[str, ...]
    names: tuple[str, ...]
    values: tuple[EventMention, ...]
    reason: str

    @property
    def key(self) -> str:
        return f"{self.predicate}: {', '.join(self.names)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "predicate": self.predicate,
            "entities": list(self.entities),
            "names": list(self.names),
            "reason": self.reason,
            "values": [v.to_dict() for v in self.values],
        }


def _gap(a: EventMention, b: EventMention) -> int:
    """Days between the two intervals (0 or less when they overlap)."""
    a0, a1, b0, b1 = (_day(x) for x in (a.earliest, a.latest, b.earliest, b.latest))
    assert a0 and a1 and b0 and b1
    return max((b0 - a1).days, (a0 - b1).days)


def _same_event(a: EventMention, b: EventMention, vocab: _Vocab) -> bool:
    if a.predicate != b.predicate:
        return False
    shared = len(set(a.entities) & set(b.entities))
    smaller = min(len(a.entities), len(b.entities))
    return shared > 0 and shared / smaller >= vocab.min_overlap and _gap(a, b) <= vocab.max_gap_days


def _disagree(a: EventMention, b: EventMention) -> bool:
    """Different documents, disjoint intervals, and not only an inferred year apart."""
    if a.document == b.document or _gap(a, b) <= 0:
        return False
    inferred = "inferred_year" in a.flags or "inferred_year" in b.flags
    return not (inferred and a.value[4:] == b.value[4:])


def connected(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The connected components of the graph on ``range(n)`` with ``edges`` (union-find)."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in edges:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _components(items: list[EventMention], vocab: _Vocab) -> list[list[EventMention]]:
    pairs = combinations(range(len(items)), 2)
    edges = [(i, j) for i, j in pairs if _same_event(items[i], items[j], vocab)]
    groups = [[items[i] for i in g] for g in connected(len(items), edges)]
    return [g for g in groups if len({m.document for m in g}) > 1]


def _entities_of(group: list[EventMention], document: str) -> set[str]:
    return {e for m in group if m.document == document for e in m.entities}


def _conflict(group: list[EventMention]) -> DateConflict | None:
    pairs = [(a, b) for a, b in combinations(group, 2) if _disagree(a, b)]
    if not pairs:
        return None
    unique = {(m.document, m.sentence, m.value): m for m in reversed(group)}
    values = sorted(unique.values(), key=lambda m: (m.earliest, m.latest, m.source, m.start))
    counts = Counter(e for d in {m.document for m in group} for e in _entities_of(group, d))
    shared = sorted((e for e, n in counts.items() if n > 1), key=lambda e: (-counts[e], e))
    names = {e: n for m in group for e, n in zip(m.entities, m.names, strict=True)}
    reasons = sorted({" ≠ ".join(sorted((a.value, b.value))) for a, b in pairs})
    return DateConflict(
        predicate=group[0].predicate,
        entities=tuple(shared),
        names=tuple(names[e] for e in shared),
        values=tuple(values),
        reason="; ".join(f"date_conflict {r}" for r in reasons),
    )


def _shifted(iso: str, days: int) -> str:
    day = _day(iso)
    try:
        return iso if day is None else (day + timedelta(days=days)).isoformat()
    except OverflowError:
        return iso


def _near(store: Store, since: str, until: str) -> Iterator[Document]:
    """The documents with a time span beginning between ``since`` and ``until``."""
    before = _shifted(until, 1)
    found = store.spans(SpanQuery("time", dated=True, since=since, before=before, text=False))
    for _, doc_id in sorted({(s.source, s.document) for s in found}):
        yield store.document(doc_id)


def _touches(conflict: DateConflict, window: tuple[str, str]) -> bool:
    return any(v.earliest <= window[1] and v.latest >= window[0] for v in conflict.values)


def date_conflicts(store: Store, window: tuple[str, str] | None = None) -> list[DateConflict]:
    """Events that documents of the archive date differently, most sources first. With a
    ``window`` (earliest and latest ISO date), only the conflicts with a date inside it, found
    among the time expressions beginning within two event gaps (``max_gap_days``) of it:
    what a page of the timeline shows, without reading the whole archive."""
    redirect = active_merges(store)
    vocab = _vocab()
    if window is None:
        docs, since, until = store.iter_documents(), "", "\uffff"
    else:
        since = _shifted(window[0], -2 * vocab.max_gap_days)
        until = _shifted(window[1], 2 * vocab.max_gap_days)
        docs = _near(store, since, until)
    by_predicate: dict[str, list[EventMention]] = {}
    for doc in docs:
        for m in event_mentions(doc, redirect):
            if since <= m.earliest <= until:
                by_predicate.setdefault(m.predicate, []).append(m)
    out = []
    for items in by_predicate.values():
        for group in _components(items, vocab):
            found = _conflict(group)
            if found is not None and (window is None or _touches(found, window)):
                out.append(found)
    return sorted(out, key=lambda c: (-len({v.document for v in c.values}), c.values[0].earliest))
