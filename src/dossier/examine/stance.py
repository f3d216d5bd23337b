"""Stance of a passage towards a claim — ``supports``, ``contradicts`` or ``related`` — with
typed, human-readable reasons (``date_conflict 1954-10-13 ≠ 1954-10-12``, ``negation``,
``antonym``, ``quantity_conflict``, ``alias_match``, ``role_match``…)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dossier.enrich.claims.lexicon import Token, find_quantities, hedges_in, lexicon, tokenize
from dossier.enrich.claims.model import Claim
from dossier.enrich.entities.names import fold, fold_with_offsets
from dossier.examine.compare import (
    Event,
    Found,
    Sentence,
    compare_quantities,
    compare_times,
    comparison_conflict,
    different_event,
    event_times,
    negated_predicate,
    negation_conflicts,
    opposite_words,
    outside_dates,
)
from dossier.examine.frames import (
    ClaimFrame,
    FrameMatch,
    claim_frame,
    match_frame,
    own_subject,
)
from dossier.model import Document

__all__ = [
    "CONFLICTS",
    "Assessment",
    "ClaimView",
    "Reason",
    "assess",
    "claim_view",
]

_MEASURED = frozenset({"date_conflict", "season_conflict", "quantity_conflict"})
CONFLICTS = _MEASURED | {"negation", "antonym", "comparison_conflict", "negated_predicate"}
SUPPORT_AT = 0.6
SUPPORT_CONTENT = 0.6
CONTRADICT_AT = 0.45
CONFLICT_CONTENT = 0.34
MEASURED_CONTENT = 0.5
_ENTITY_WEIGHT = 1.5
_MATCHES = frozenset({"date_match", "quantity_match"})
_MATCH_BONUS = 0.2
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
_FIRST_PERSON_GENRES = frozenset({"memoir", "diary", "letter", "autobiography", "interview"})
_CONTINUES = frozenset(",;:–—-")
_CONTEXT_SENTENCES = 2
_OPPOSED = frozenset({"negation", "antonym"})


@dataclass(frozen=True)
class Reason:
    """One typed reason: ``{"type": "date_conflict", "text": "1954-10-13 ≠ 1954-10-12"}``;
    ``at`` is where the passage's side of a conflict stands (not part of the record)."""

    type: str
    text: str
    at: int | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, str]:
        return {"type": self.type, "text": self.text}


@dataclass(frozen=True)
class ClaimView:
    """A claim prepared for comparison: its content tokens and entity names with aliases."""

    claim: Claim
    tokens: list[Token]
    content: list[Token]
    entities: dict[str, list[str]]  # key (entity id or folded name) -> names to look for
    verbs: frozenset[str] = frozenset()  # concepts of the predicate and the event words
    frame: ClaimFrame | None = None  # the claim's event frame (event classes, dates, entities)


@dataclass
class Assessment:
    """How one passage bears on a claim."""

    stance: str
    reasons: list[Reason]
    alignment: float
    sentence: tuple[int, int]
    hedged: bool = False
    entities: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def claim_view(claim: Claim, aliases: dict[str, list[str]]) -> ClaimView:
    """Tokens of the claim outside time expressions; entity keys with their known names."""
    tokens = tokenize(claim.text, claim.start)
    covered = [(t.start, t.end) for t in claim.when] + [(q.start, q.end) for q in claim.how_many]
    named = [(e.start, e.end) for e in claim.entities]
    content = [
        t
        for t in tokens
        if not t.stop
        and t.number is None
        and t.text not in lexicon().negation
        and not any(a <= t.start < b for a, b in covered + named)
    ]
    entities: dict[str, list[str]] = {}
    for e in claim.entities:
        key = e.entity or fold(e.name)
        names = entities.setdefault(key, [e.name])
        names.extend(n for n in aliases.get(key, []) if n not in names)
    verbs = {t.concept for t in content if t.text == claim.predicate}
    verbs |= {t.concept for t in content if t.concept in lexicon().events}
    return ClaimView(claim, tokens, content, entities, frozenset(verbs), claim_frame(claim))


def _context_start(doc: Document, start: int) -> int:
    """Where the context of a passage begins: the passage itself, or — when it continues a
    sentence broken by a paragraph or page break (it opens in lower case, or the text before
    it ends in ``, ; :`` or a dash) — the last sentences before it."""
    before = doc.text[max(0, start - 400) : start].rstrip()
    opening = next((c for c in doc.text[start : start + 40] if c.isalpha()), "")
    if not before or not (opening.islower() or before[-1] in _CONTINUES):
        return start
    prior = sorted(s.start for s in doc.spans_of("sentence") if s.end <= start + 1)
    return prior[-_CONTEXT_SENTENCES] if len(prior) >= _CONTEXT_SENTENCES else start


def _sentences(doc: Document, start: int, end: int, joint: int | None = None) -> list[Sentence]:
    """The sentences of ``[start, end)``; the one broken at offset ``joint`` (a passage that
    continues the sentence of the one before) is made whole again."""
    spans = sorted((s.start, s.end) for s in doc.spans_of("sentence") if start <= s.start < end)
    spans = spans or [(start, end)]
    for n in range(1, len(spans)):
        if joint is not None and spans[n - 1][1] <= joint <= spans[n][0]:
            spans[n - 1 : n + 1] = [(spans[n - 1][0], spans[n][1])]
            break
    times = [t for t in doc.spans_of("time") if start <= t.start < end]
    out = []
    for a, b in spans:
        text = doc.text[a:b]
        skip = [
            (t.start - a, t.end - a) for t in times if a <= t.start < b and t.value.get("earliest")
        ]
        out.append(
            Sentence(
                a,
                b,
                text,
                tokenize(text, a),
                [t.value | {"_start": t.start} for t in times if a <= t.start < b],
                find_quantities(text, skip),
            )
        )
    return out


def _author_names(doc: Document) -> str:
    if (doc.record.genre or "").lower() not in _FIRST_PERSON_GENRES:
        return ""
    return fold(" ".join([doc.record.title or "", *doc.record.creators]))


def _occurrences(
    view: ClaimView, doc: Document, start: int, end: int
) -> tuple[dict[str, list[tuple[int, str]]], list[Reason]]:
    """Where each claim entity occurs in the passage (offset, name as written), and alias
    reasons when the passage names it differently."""
    found: dict[str, list[tuple[int, str]]] = {}
    mentions = [m for m in doc.spans_of("mention") if start <= m.start < end]
    text = doc.text[start:end]
    folded, where = fold_with_offsets(text)
    author = _author_names(doc)
    tokens = tokenize(text, start)
    persons = {e.entity or fold(e.name) for e in view.claim.entities if e.type == "person"}
    for key, names in view.entities.items():
        hits = [
            (m.start, doc.text[m.start : m.end]) for m in mentions if m.value.get("entity") == key
        ]
        for name in names:
            key_name = fold(name)
            for m in re.finditer(rf"(?<!\w){re.escape(key_name)}(?!\w)", folded):
                hits.append((start + where[m.start()], name))
        person = key.startswith("person:") or key in persons
        if not hits and person and author and any(fold(n) in author for n in names[:1]):
            hits = [(t.start, names[0]) for t in tokens if t.text in _FIRST_PERSON]
        if hits:
            found[key] = [(a, " ".join(n.split())) for a, n in hits]
    reasons: list[Reason] = []
    linked = {e.entity for e in view.claim.entities}
    for key, hits in found.items():
        written = view.entities[key][0]
        if key in linked and all(fold(written) not in fold(n) for _, n in hits):
            reasons.append(Reason("alias_match", f"{written} = {hits[0][1]}"))
    return found, reasons


def _entity_score(found: dict[str, list[tuple[int, str]]], lo: int, hi: int) -> float:
    """1 per claim entity near the sentence window ``[lo, hi)``, 0.5 elsewhere in the passage."""
    return sum(1.0 if any(lo <= a < hi for a, _ in hits) else 0.5 for hits in found.values())


def _coverage(view: ClaimView, sentences: list[Sentence], n: int) -> tuple[float, list[Token]]:
    """Share of the claim's content concepts found in sentence ``n`` (neighbours count half),
    with antonyms counted as found (they speak of the same thing)."""
    here = {t.concept for t in sentences[n].tokens}
    near: set[str] = set()
    for k in (n - 1, n + 1):
        if 0 <= k < len(sentences):
            near |= {t.concept for t in sentences[k].tokens}
    anto = lexicon().antonyms
    got = 0.0
    matched = []
    for tok in view.content:
        if tok.concept in here or any((tok.concept, c) in anto for c in here):
            got += 1.0
            matched.append(tok)
        elif tok.concept in near:
            got += 0.5
    return got / len(view.content) if view.content else 0.0, matched


@dataclass(frozen=True)
class _Fit:
    n: int
    content: float
    alignment: float
    matched: list[Token]


def _fits(
    view: ClaimView,
    sentences: list[Sentence],
    found: dict[str, list[tuple[int, str]]],
    first: int = 0,
) -> list[_Fit]:
    """How well each sentence from ``first`` on (the ones before are context) aligns."""
    total = len(view.content) + _ENTITY_WEIGHT * len(view.entities)
    out = []
    for n in range(first, len(sentences)):
        content, matched = _coverage(view, sentences, n)
        lo = sentences[max(0, n - 1)].start
        hi = sentences[min(len(sentences) - 1, n + 1)].end
        ent = _ENTITY_WEIGHT * _entity_score(found, lo, hi)
        alignment = (content * len(view.content) + ent) / total if total else 0.0
        out.append(_Fit(n, content, alignment, matched))
    return sorted(out, key=lambda f: (-f.alignment, f.n))


def _other_subject(
    view: ClaimView,
    doc: Document,
    sent: Sentence,
    window: tuple[int, int],
    found: dict[str, list[tuple[int, str]]],
) -> bool:
    """Whether the sentence speaks of someone else: none of the claim's subjects is near it,
    while another person or organisation is named in it."""
    who = {e.entity or fold(e.name) for e in view.claim.who}
    if not who:
        return False
    if _author_speaks(view, doc, sent):
        return True
    if any(window[0] <= a < window[1] for key in who for a, _ in found.get(key, [])):
        return False
    return any(
        m.value.get("type") == "person" and m.value.get("entity") not in who
        for m in doc.spans_of("mention")
        if sent.start <= m.start < sent.end
    )


def _author_speaks(view: ClaimView, doc: Document, sent: Sentence) -> bool:
    """Whether a first-person sentence of a memoir or letter (``We did not …``) has the author
    as its subject while the claim's subject is someone else."""
    author = _author_names(doc)
    first = next((t for t in sent.tokens if t.text.isalpha()), None)
    if not author or first is None or first.text not in _FIRST_PERSON:
        return False
    return not any(fold(e.name) in author for e in view.claim.who)


def _conflict_holds(reason: Reason, fit: _Fit, elsewhere: bool) -> bool:
    """Dates and quantities conflict only about the same thing (most content words shared);
    a negated or opposite word needs less, as it is itself one of the shared words, but only
    about the same subject at the same time (``elsewhere`` says it is not)."""
    if reason.type in _MEASURED:
        return fit.content >= MEASURED_CONTENT
    return fit.content >= CONFLICT_CONTENT and not elsewhere


def _event(view: ClaimView, found: dict[str, list[tuple[int, str]]]) -> Event:
    at = tuple(a for hits in found.values() for a, _ in hits)
    c = view.claim
    return Event(view.verbs, c.predicate or "", at, bool(view.entities), tuple(c.when))


def _apart(reason: Reason, why: str) -> Reason:
    """A conflict about another event: kept, saying why it does not count."""
    text = f"{reason.text} — another event ({why}); related, not a contradiction"
    return Reason(reason.type, text, reason.at)


def _framed(
    frame: FrameMatch | None, fits: list[_Fit], stance: str
) -> tuple[_Fit, str, list[Reason]] | None:
    """The frame's verdict when it has the given stance."""
    if frame is None or frame.stance != stance:
        return None
    fit = next(f for f in fits if f.n == frame.n)
    return fit, stance, [Reason(t, x, at) for t, x, at in frame.reasons]


def _judge(
    view: ClaimView,
    doc: Document,
    sentences: list[Sentence],
    fits: list[_Fit],
    found: dict[str, list[tuple[int, str]]],
    frame: FrameMatch | None = None,
) -> tuple[_Fit, str, list[Reason]]:
    """Conflicts about the claim's event in any of the best three sentences (dates and
    quantities only in the best), else a conflict in a sentence that speaks of the claim's
    event (``frame``), else support from the best sentence when it covers enough of the claim
    or from the event's sentence; a conflict about another event in the best sentence leaves it
    ``related``."""
    best = fits[0]
    best_reasons: list[Reason] = []
    apart: list[tuple[_Fit, Reason]] = []
    top = [f for f in fits[:3] if f.alignment >= CONTRADICT_AT]
    judged = [(f, _conflicts_and_matches(view, sentences[f.n], f.matched)) for f in top]
    matched = {
        r.type.split("_")[0] + "_conflict"
        for _, got in judged
        for r in got
        if r.type in _MATCHES or r.type == "date_consistent"
    }
    event = _event(view, found)
    for fit, got in judged:
        sent = sentences[fit.n]
        lo = sentences[max(0, fit.n - 1)].start
        hi = sentences[min(len(sentences) - 1, fit.n + 1)].end
        elsewhere = _other_subject(view, doc, sent, (lo, hi), found) or outside_dates(
            view.claim.when, sent
        )
        aligned = fit.alignment >= best.alignment - 1e-6
        conflicts = []
        for r in got:
            if (
                r.type in CONFLICTS
                and r.type not in matched
                and _conflict_holds(r, fit, elsewhere)
                and (aligned or r.type == "comparison_conflict")
            ):
                why = different_event(r.type, r.at, sentences, fit.n, event)
                if why is None and r.type in _OPPOSED and r.at is not None:
                    why = own_subject(doc, sent, r.at, set(view.entities))
                conflicts += [r] if why is None else []
                apart += [(fit, _apart(r, why))] if why else []
        if conflicts:
            return fit, "contradicts", conflicts
        if fit is best:
            best_reasons = [r for r in got if r.type not in CONFLICTS]
    framed = _framed(frame, fits, "contradicts")
    if framed is not None:
        return framed
    bonus = _MATCH_BONUS * sum(1 for r in best_reasons if r.type in _MATCHES)
    if any(f is best for f, _ in apart):
        return best, "related", best_reasons + [r for _, r in apart]
    unconfirmed = _unconfirmed_quantity(view, best_reasons)
    if unconfirmed is not None:
        return best, "related", [*best_reasons, unconfirmed]
    if best.alignment >= SUPPORT_AT and best.content + bonus >= SUPPORT_CONTENT:
        return best, "supports", best_reasons
    framed = _framed(frame, fits, "supports")
    if framed is not None and _unconfirmed_quantity(view, framed[2]) is None:
        return framed
    told = [Reason(t, x, at) for t, x, at in frame.reasons[:2]] if frame else []
    return best, "related", best_reasons + [r for _, r in apart] + told


def _unconfirmed_quantity(view: ClaimView, reasons: list[Reason]) -> Reason | None:
    """A passage that does not state the claim's number cannot support the number."""
    if not view.claim.how_many or any(r.type == "quantity_match" for r in reasons):
        return None
    said = ", ".join(q.text for q in view.claim.how_many)
    return Reason("quantity_unconfirmed", f"the passage does not state {said}")


def assess(view: ClaimView, doc: Document, start: int, end: int) -> Assessment:
    """The stance of ``doc.text[start:end]`` (a passage) towards the claim of ``view``: the
    best-aligned sentences are compared with the claim, conflicts first."""
    context = _context_start(doc, start)
    sentences = _sentences(doc, context, end, start if context < start else None)
    first = next((n for n, s in enumerate(sentences) if s.end > start), 0)
    found, reasons = _occurrences(view, doc, context, end)
    if found:
        names = dict.fromkeys(hits[0][1] for hits in found.values())
        reasons.append(Reason("entity_overlap", ", ".join(names)))
    fits = _fits(view, sentences, found, first)
    frame = match_frame(view.frame, sentences, found, first)
    chosen, stance, bearing = _judge(view, doc, sentences, fits, found, frame)
    sent = sentences[chosen.n]
    return Assessment(
        stance,
        reasons + bearing,
        round(chosen.alignment, 4),
        (sent.start, sent.end),
        hedged=bool(hedges_in(sent.text)),
        entities=len(found) / len(view.entities) if view.entities else 0.0,
    )


def _conflicts_and_matches(view: ClaimView, sent: Sentence, matched: list[Token]) -> list[Reason]:
    claim = view.claim
    found: list[Found] = []
    found += negation_conflicts(view.tokens, claim.text, claim.start, sent, matched)
    found += opposite_words(view.tokens, sent)
    found += compare_quantities(claim.how_many, sent.quantities, sent.start)
    concepts = {t.concept for t in view.content}
    found += compare_times(claim.when, event_times(sent, concepts))
    if claim.polarity == "positive":
        pred = next((t for t in view.content if t.text == claim.predicate), None)
        found += negated_predicate(pred, concepts, sent, matched)
    out = [Reason(t, x, at) for t, x, at in found]
    cmp = comparison_conflict(view.tokens, sent.tokens)
    if cmp:
        out.append(Reason("comparison_conflict", cmp))
    roles = lexicon().roles
    out += [Reason("role_match", t.text) for t in matched if t.concept in roles][:1]
    if matched and not any(r.type in CONFLICTS for r in out):
        shared = ", ".join(dict.fromkeys(t.text for t in matched[:6]))
        out.append(Reason("term_overlap", shared))
    return out
