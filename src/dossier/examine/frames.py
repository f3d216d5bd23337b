"""Event frames: what happened (an event class of ``events.yaml``), to which named entity, and
when — matched between a claim and one sentence of a passage.

A passage sentence speaks of the claim's event when it holds a word of the same event class
(or a kindred one: handing over a base and withdrawing from it) and names one of the claim's
salient entities (through its aliases). Only then are dates compared, each side's date being the
one nearest its own event word in the same clause, at the precision of the less precise side: a
claim dated to the day is *consistent* with a passage dated to the month, *confirmed* only by a
passage at least as precise, and *contradicted* by a disjoint interval. A negated event word on
one side only is a conflict too. Durations and counts are compared by their units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from dossier.data import load_data
from dossier.enrich.claims.lexicon import negated, tokenize
from dossier.enrich.claims.model import Claim, EntityRef, TimeRef
from dossier.enrich.entities.names import fold
from dossier.examine.compare import Found, Sentence, compare_quantities, event_times
from dossier.examine.conflicts import find_predicates
from dossier.model import Document

__all__ = [
    "ClaimFrame",
    "FrameMatch",
    "claim_classes",
    "claim_frame",
    "match_frame",
    "own_subject",
]

_SALIENT_TYPES = frozenset({"person", "place", "work", "event"})
_CONFLICTING = frozenset({"date_conflict", "negation", "quantity_conflict"})
_CONFIRMING = frozenset({"date_match", "quantity_match"})
_CLAUSE_BREAKS = ";:()—"
_ACTORS = frozenset({"person", "organisation"})
_SUBJECT_REACH = 2  # words before a word where its own subject may stand


@dataclass(frozen=True)
class FrameMatch:
    """The sentence ``n`` speaks of the claim's event; its stance and reasons."""

    n: int
    stance: str
    reasons: list[Found]


@cache
def _kin() -> dict[str, frozenset[str]]:
    """Event class -> the classes naming the same event (itself included)."""
    data = load_data("events")
    groups = data.get("kin") if isinstance(data, dict) else None
    out: dict[str, set[str]] = {}
    for group in groups or []:
        names = {str(g) for g in group}
        for name in names:
            out.setdefault(name, {name}).update(names)
    return {k: frozenset(v) for k, v in out.items()}


def _kindred(a: str, b: str) -> bool:
    return a == b or b in _kin().get(a, frozenset())


def claim_classes(claim: Claim) -> list[tuple[int, int, str, str]]:
    """The event words of the claim: ``(start, end, class, as written)``, document offsets."""
    return [(claim.start + a, claim.start + b, c, w) for a, b, c, w in find_predicates(claim.text)]


def _salient(entity: EntityRef) -> bool:
    """Entities that identify an event: people, places, works, events, and organisations with
    a name of more than one word (not a bare adjective such as ``Soviet``)."""
    return entity.type in _SALIENT_TYPES or (
        entity.type == "organisation" and len(entity.name.split()) > 1
    )


def _nearest(times: list[dict[str, Any]], at: int) -> dict[str, Any] | None:
    dated = [t for t in times if t.get("earliest") and t.get("latest") and "_start" in t]
    return min(dated, key=lambda t: abs(int(t["_start"]) - at), default=None)


def _clause_of(text: str, base: int, at: int) -> tuple[int, int]:
    """The stretch of ``text`` (starting at document offset ``base``) between hard clause
    breaks around offset ``at``."""
    rel = at - base
    lo = max((i + 1 for i, c in enumerate(text[:rel]) if c in _CLAUSE_BREAKS), default=0)
    hi = min((i for i, c in enumerate(text) if c in _CLAUSE_BREAKS and i >= rel), default=len(text))
    return base + lo, base + hi


def _claim_dated(claim: Claim) -> dict[str, TimeRef]:
    """Each event class of the claim with the claim date nearest its word (in its clause)."""
    times = [t for t in claim.when if t.earliest and t.latest]
    out: dict[str, TimeRef] = {}
    for a, b, canon, _ in claim_classes(claim):
        lo, hi = _clause_of(claim.text, claim.start, a)
        near = [t for t in times if lo <= t.start < hi]
        if near:
            out.setdefault(canon, min(near, key=lambda t: min(abs(t.start - b), abs(a - t.end))))
    return out


def _precision_rank(value: dict[str, Any] | TimeRef) -> int:
    lo = value.earliest if isinstance(value, TimeRef) else value.get("earliest")
    hi = value.latest if isinstance(value, TimeRef) else value.get("latest")
    if not lo or not hi:
        return 0
    return 3 if lo == hi else 2 if lo[:7] == hi[:7] else 1


@cache
def _max_gap() -> int:
    data = load_data("events")
    conf = (data.get("settings") if isinstance(data, dict) else None) or {}
    return int(conf.get("max_gap_days", 31))


def _gap(a: tuple[str, str], b: tuple[str, str]) -> int | None:
    """Days between two ``(earliest, latest)`` intervals, ``None`` when a date is unreadable."""
    try:
        a0, a1, b0, b1 = (date.fromisoformat(x[:10]) for x in (*a, *b))
    except ValueError:
        return None
    return max((b0 - a1).days, (a0 - b1).days)


def _compare_date(claimed: TimeRef, found: dict[str, Any]) -> Found | None:
    """``date_match`` (the passage is at least as precise and inside the claim's interval),
    ``date_consistent`` (overlapping, the passage less precise) or ``date_conflict`` (disjoint,
    but close enough to be one event: ``max_gap_days`` of ``events.yaml``); ``None`` when the
    dates lie so far apart that the passage speaks of another event of the same kind."""
    lo, hi = str(found["earliest"]), str(found["latest"])
    assert claimed.earliest and claimed.latest
    value, at = found.get("value"), found.get("_start")
    if hi < claimed.earliest or lo > claimed.latest:
        gap = _gap((claimed.earliest, claimed.latest), (lo, hi))
        if gap is None or gap > _max_gap():
            return None
        return "date_conflict", f"{claimed.value} ≠ {value}", at
    if claimed.earliest <= lo and hi <= claimed.latest:
        return "date_match", f"{claimed.value} ≈ {value}", None
    if _precision_rank(found) < _precision_rank(claimed):
        return (
            "date_consistent",
            f"{claimed.value} within {value} (the passage is less precise)",
            None,
        )
    return "date_match", f"{claimed.value} ≈ {value}", None


@dataclass(frozen=True)
class ClaimFrame:
    """What a claim says happened, prepared once per claim: its event words, the date of each
    event class, its concepts, the offsets of its negated words and its salient entity keys."""

    claim: Claim
    classes: tuple[tuple[int, int, str, str], ...]
    dated: dict[str, TimeRef]
    concepts: frozenset[str]
    negated: frozenset[int]
    keys: frozenset[str]


def claim_frame(claim: Claim) -> ClaimFrame | None:
    """The frame of ``claim``, or ``None`` when it has no event word or no salient entity."""
    classes = tuple(claim_classes(claim))
    keys = frozenset(e.entity or fold(e.name) for e in claim.entities if _salient(e))
    if not classes or not keys:
        return None
    tokens = tokenize(claim.text, claim.start)
    flags = negated(tokens, claim.text, claim.start)
    return ClaimFrame(
        claim,
        classes,
        _claim_dated(claim),
        frozenset(t.concept for t in tokens),
        frozenset(t.start for t, f in zip(tokens, flags, strict=True) if f),
        keys,
    )


@lru_cache(maxsize=8192)
def _predicates(text: str) -> tuple[tuple[int, int, str, str], ...]:
    return tuple(find_predicates(text))


def _entities_in(
    frame: ClaimFrame, found: dict[str, list[tuple[int, str]]], lo: int, hi: int
) -> list[str]:
    out = []
    for key, hits in found.items():
        if key in frame.keys:
            out += [name for at, name in hits if lo <= at < hi][:1]
    return out


def _negated_at(sent: Sentence, at: int) -> bool:
    flags = negated(sent.tokens, sent.text, sent.start)
    return any(f and t.start == at for t, f in zip(sent.tokens, flags, strict=True))


def _date_reason(
    frame: ClaimFrame, sent: Sentence, pairs: list[tuple[str, int]]
) -> Found | bool | None:
    """The date comparison of the first kindred pair ``(claim class, passage word offset)``
    dated on both sides; ``False`` when the dates say it is another event."""
    usable = event_times(sent, set(frame.concepts))
    for cls, at in pairs:
        claimed = frame.dated.get(cls)
        lo, hi = _clause_of(sent.text, sent.start, at)
        near = _nearest([t for t in usable if lo <= int(t.get("_start", -1)) < hi], at)
        if claimed is not None and near is not None:
            return _compare_date(claimed, near) or False
    return None


def _sentence_frame(
    frame: ClaimFrame, sent: Sentence, found: dict[str, list[tuple[int, str]]]
) -> list[Found] | None:
    """The reasons of one sentence about the claim's event, or ``None`` when it does not speak
    of it (no kindred event word, none of the claim's salient entities, or a date so far from
    the claim's that it is another event of the same kind)."""
    names = _entities_in(frame, found, sent.start, sent.end)
    if not names:
        return None
    preds = [(sent.start + a, sent.start + b, c, w) for a, b, c, w in _predicates(sent.text)]
    pairs = [(c, p) for c in frame.classes for p in preds if _kindred(c[2], p[2])]
    if not pairs:
        return None
    dated = _date_reason(frame, sent, [(c[2], p[0]) for c, p in pairs])
    if dated is False:
        return None
    (ca, _, ccls, cword), (pa, _, pcls, pword) = pairs[0]
    kinds = ccls if ccls == pcls else f"{ccls} ~ {pcls}"
    out: list[Found] = [("event_match", f"{cword} ~ {pword} ({kinds}), {', '.join(names)}", None)]
    if isinstance(dated, tuple):
        out.append(dated)
    if _negated_at(sent, pa) != (ca in frame.negated):
        out.append(("negation", f'"{cword}" vs "{pword}" (negated on one side)', pa))
    lo, hi = _clause_of(sent.text, sent.start, pa)
    quantities = [q for q in sent.quantities if lo <= sent.start + int(q["start"]) < hi]
    out += compare_quantities(frame.claim.how_many, quantities, sent.start)
    return out


def match_frame(
    frame: ClaimFrame | None,
    sentences: list[Sentence],
    found: dict[str, list[tuple[int, str]]],
    first: int = 0,
) -> FrameMatch | None:
    """The sentence (from ``first`` on) that speaks of the claim's event, with its stance:
    ``contradicts`` on a date, negation or quantity conflict, ``supports`` when a date or
    quantity is confirmed and nothing conflicts, else ``related``. Conflicting sentences win
    over confirming ones, and those over the rest."""
    if frame is None or not found:
        return None
    best: FrameMatch | None = None
    rank = {"contradicts": 2, "supports": 1, "related": 0}
    for n in range(first, len(sentences)):
        reasons = _sentence_frame(frame, sentences[n], found)
        if reasons is None:
            continue
        types = {r[0] for r in reasons}
        stance = (
            "contradicts"
            if types & _CONFLICTING
            else "supports"
            if types & _CONFIRMING
            else "related"
        )
        if best is None or rank[stance] > rank[best.stance]:
            best = FrameMatch(n, stance, reasons)
    return best


def own_subject(doc: Document, sent: Sentence, at: int, keys: set[str]) -> str | None:
    """Why the word at offset ``at`` is said of another actor: a person or organisation not
    among the claim's entity ``keys`` stands right before it (``American forces leave``)."""
    gap = [t for t in sent.tokens if t.start < at][-_SUBJECT_REACH:]
    lo = gap[0].start if gap else at
    for m in doc.spans_of("mention"):
        key = m.value.get("entity") or fold(doc.text[m.start : m.end])
        if lo <= m.start < at and m.value.get("type") in _ACTORS and key not in keys:
            return f"its own subject is {doc.text[m.start : m.end]}"
    return None
