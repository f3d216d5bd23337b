"""Comparisons between a claim and one sentence of a passage: negation, antonyms, quantities,
dates and seasons, and reversed comparatives. Each returns ``(type, text, at)`` reasons, ``at``
being the offset in the document where the passage's side of a conflict stands (or ``None``);
``different_event`` then says whether that conflict is about the claim's event at all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dossier.enrich.claims.lexicon import Token, lexicon, negated
from dossier.enrich.claims.model import Quantity, TimeRef

__all__ = [
    "Event",
    "Found",
    "Sentence",
    "compare_quantities",
    "compare_times",
    "comparison_conflict",
    "different_event",
    "event_times",
    "negated_predicate",
    "negation_conflicts",
    "opposite_words",
    "outside_dates",
]

_NOMINAL_CUES = frozenset({"no", "none", "nobody", "nothing", "without", "absence", "lacking"})
_ATTACH = frozenset({"of", "dated"})
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 2)}
_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
_MEASURED = frozenset({"date_conflict", "season_conflict", "quantity_conflict"})
_HARD_BREAK = re.compile(
    r"[;:()—]|\s–\s|,\s+(?=(?:and|but|or|so|yet|whereas|although|though|while|because)\b)"
    r"|\b(?=(?:but|whereas|although)\b)",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r",\s+(?:who|whom|whose|which|where)\b[^,;:()—]*,?", re.IGNORECASE)

_NO_ENTITY = "its clause names none of the claim's entities"

Found = tuple[str, str, int | None]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage with its tokens, time values and quantities."""

    start: int
    end: int
    text: str
    tokens: list[Token]
    times: list[dict[str, Any]]
    quantities: list[dict[str, Any]]


def _phrase(tokens: list[Token], n: int, flags: list[bool], text: str, base: int) -> str:
    """The words from the governing negation cue (or one word before) to token ``n``."""
    lex = lexicon()
    first = max(0, n - 1)
    if flags[n]:
        for k in range(n - 1, max(-1, n - lex.negation_scope - 2), -1):
            if tokens[k].text in lex.negation or tokens[k].text.endswith("n't"):
                first = k
                break
        first = max(0, first - 1)
    return " ".join(text[tokens[first].start - base : tokens[n].end - base].split())


def negation_conflicts(
    claim_tokens: list[Token], claim_text: str, base: int, sent: Sentence, matched: list[Token]
) -> list[Found]:
    """A shared content word negated on one side only: ``was arrested`` vs ``were not
    arrested``."""
    c_flags = negated(claim_tokens, claim_text, base)
    s_flags = negated(sent.tokens, sent.text, sent.start)
    index = {t.start: n for n, t in enumerate(claim_tokens)}
    for tok in matched:
        n = index.get(tok.start)
        if n is None:
            continue
        for k, other in enumerate(sent.tokens):
            if other.concept == tok.concept and s_flags[k] != c_flags[n]:
                mine = _phrase(claim_tokens, n, c_flags, claim_text, base)
                theirs = _phrase(sent.tokens, k, s_flags, sent.text, sent.start)
                return [("negation", f'"{mine}" vs "{theirs}"', other.start)]
    return []


def _clause(tokens: list[Token], text: str, base: int, n: int) -> list[Token]:
    """The tokens of the clause around token ``n``: up to a ``, ; :`` or a ``but``."""
    lo, hi = n, n
    while lo > 0 and not _breaks(tokens, text, base, lo):
        lo -= 1
    while hi + 1 < len(tokens) and not _breaks(tokens, text, base, hi + 1):
        hi += 1
    return tokens[lo : hi + 1]


def _breaks(tokens: list[Token], text: str, base: int, n: int) -> bool:
    """Whether a clause starts at token ``n`` (punctuation or a contrastive word before it)."""
    gap = text[tokens[n - 1].end - base : tokens[n].start - base]
    return any(c in gap for c in ",;:()—") or tokens[n].text in ("but", "whereas", "although")


def negated_predicate(
    predicate: Token | None, concepts: set[str], sent: Sentence, matched: list[Token]
) -> list[Found]:
    """The claim's (positive) predicate is absent from the sentence, which instead negates a
    verb of its own in a clause holding the claim's other words: ``welcomed the troops`` vs
    ``the troops could not be sent``. Nominal negation (``no``, ``without``) does not count."""
    if predicate is None or predicate.concept in {t.concept for t in sent.tokens}:
        return []
    lex = lexicon()
    flags = negated(sent.tokens, sent.text, sent.start)
    shared = {t.concept for t in matched} - {predicate.concept}
    for k, tok in enumerate(sent.tokens):
        if not flags[k] or tok.concept in concepts:
            continue
        cue = next(
            (
                c
                for c in reversed(sent.tokens[max(0, k - lex.negation_scope - 1) : k])
                if c.text in lex.negation or c.text.endswith("n't")
            ),
            None,
        )
        if cue is None or cue.text in _NOMINAL_CUES:
            continue
        clause = _clause(sent.tokens, sent.text, sent.start, k)
        if any(t.concept in shared for t in clause):
            theirs = _phrase(sent.tokens, k, flags, sent.text, sent.start)
            return [("negated_predicate", f'"{predicate.text}" vs "{theirs}"', tok.start)]
    return []


def event_times(sent: Sentence, concepts: set[str]) -> list[dict[str, Any]]:
    """The sentence's dates that may date the claim's event: not those naming another act or
    paper (``the memo of May 5, 1947``, ``the note dated …``), that is, a date right after
    ``of``/``dated`` whose noun is neither a word of the claim nor a time word."""
    lex = lexicon()
    out = []
    for value in sent.times:
        at = value.get("_start")
        before = [t for t in sent.tokens if at is not None and t.end <= at][-2:]
        if len(before) == 2 and before[1].text in _ATTACH:
            noun = before[0]
            if (
                not noun.stop
                and noun.concept not in concepts
                and noun.lemma not in lex.time_nouns
                and noun.text not in lex.time_nouns
            ):
                continue
        out.append(value)
    return out


def _next_content(tokens: list[Token], n: int) -> str | None:
    for tok in tokens[n + 1 : n + 4]:
        if not tok.stop:
            return tok.concept
    return None


def opposite_words(claim_tokens: list[Token], sent: Sentence) -> list[Found]:
    """Antonym pairs between claim and sentence (``acquitted ≠ sentenced``); function-word
    pairs (with/without, before/after) count only when the word after them is shared."""
    pairs = lexicon().antonyms
    present = {t.concept for t in sent.tokens}
    out: dict[str, int] = {}
    for n, tok in enumerate(claim_tokens):
        if tok.concept in present:
            continue
        for k, other in enumerate(sent.tokens):
            if (tok.concept, other.concept) not in pairs:
                continue
            if (tok.stop or other.stop) and (
                _next_content(claim_tokens, n) != _next_content(sent.tokens, k)
                or _next_content(claim_tokens, n) is None
            ):
                continue
            out.setdefault(f"{tok.text} ≠ {other.text}", other.start)
    return [("antonym", text, at) for text, at in list(out.items())[:2]]


def _fmt(value: float) -> str:
    return f"{value:g}" if value < 1e6 else f"{value / 1e6:g} million"


def _qtext(q: Quantity | dict[str, Any]) -> str:
    return str(q.text if isinstance(q, Quantity) else q["text"])


def compare_quantities(
    claimed: list[Quantity], found: list[dict[str, Any]], base: int = 0
) -> list[Found]:
    """Same unit, overlapping values: ``quantity_match``; same unit, disjoint:
    ``quantity_conflict`` (``25 years ≠ 30 years``). Bare counts are not compared. ``found``
    offsets are relative to ``base``."""
    out: list[Found] = []
    for q in claimed:
        if q.unit == "count":
            continue
        same = [f for f in found if f["unit"] == q.unit]
        lo, hi = q.value, q.high if q.high is not None else q.value
        hits = [f for f in same if f["value"] <= hi and (f["high"] or f["value"]) >= lo]
        if hits:
            out.append(("quantity_match", f"{q.text} = {_qtext(hits[0])}", None))
        elif same:
            at = base + int(same[0]["start"])
            out.append(("quantity_conflict", f"{q.text} ≠ {_qtext(same[0])}", at))
    return out


def _season_conflict(t: TimeRef, found: list[dict[str, Any]]) -> tuple[str, int | None] | None:
    code = t.value.rsplit("-", 1)[-1] if "-" in t.value else ""
    if code not in _SEASONS:
        return None
    lo, hi = _SEASONS[code]
    for f in found:
        value = str(f.get("value") or "")
        if f.get("precision") not in ("day", "month") or value[:4] != t.value[:4]:
            continue
        month = int(value[5:7])
        inside = lo <= month <= hi if lo <= hi else month >= lo or month <= hi
        if not inside:
            return f"{_SEASON_NAMES[code]} ≠ {value}", f.get("_start")
    return None


def compare_times(claimed: list[TimeRef], found: list[dict[str, Any]]) -> list[Found]:
    """Claim dates against the sentence's dates: a date inside the claim's interval matches, a
    wider one that holds it is only consistent (``1954-10-13`` within ``1954-10``); when none of the
    sentence's dates overlaps a claim date, each of them is a ``date_conflict`` (each stands
    where it stands, so that the one said of the claim's event can be told from the others)."""
    dated = [f for f in found if f.get("earliest") and f.get("latest")]
    out: list[Found] = []
    for t in claimed:
        if not (t.earliest and t.latest) or not dated:
            continue
        season = _season_conflict(t, dated)
        if season:
            out.append(("season_conflict", *season))
            continue
        hits = [f for f in dated if f["earliest"] <= t.latest and f["latest"] >= t.earliest]
        inside = [f for f in hits if t.earliest <= f["earliest"] and f["latest"] <= t.latest]
        if inside:
            out.append(("date_match", f"{t.value} ≈ {inside[0]['value']}", None))
        elif hits:
            why = f"{t.value} within {hits[0]['value']} (the passage is less precise)"
            out.append(("date_consistent", why, None))
        else:
            values: dict[str, int | None] = {}
            for f in dated:
                values.setdefault(str(f["value"]), f.get("_start"))
            out += [("date_conflict", f"{t.value} ≠ {v}", at) for v, at in values.items()]
    return out


def outside_dates(claimed: list[TimeRef], sent: Sentence) -> bool:
    """Whether the sentence is dated, and every date of it lies outside the claim's dates."""
    when = [t for t in claimed if t.earliest and t.latest]
    dated = [f for f in sent.times if f.get("earliest") and f.get("latest")]
    return bool(when and dated) and not any(
        f["earliest"] <= t.latest and f["latest"] >= t.earliest for t in when for f in dated
    )


def _comparative(tokens: list[Token]) -> tuple[int, int, set[str], set[str]] | None:
    """``X ... more/stronger ... than Y``: (direction, index, X concepts, Y concepts)."""
    lex = lexicon()
    for n, tok in enumerate(tokens):
        if tok.text != "than" or n == 0:
            continue
        for k in range(n - 1, max(-1, n - 6), -1):
            word = tokens[k].text
            if word in lex.up or word in lex.down:
                direction = 1 if word in lex.up else -1
                before = {t.concept for t in tokens[max(0, k - 8) : k] if not t.stop}
                after = {t.concept for t in tokens[n + 1 : n + 5] if not t.stop}
                return direction, k, before, after
    return None


def comparison_conflict(claim_tokens: list[Token], sent_tokens: list[Token]) -> str | None:
    """The same two sides compared the other way round (or in the opposite direction)."""
    a, b = _comparative(claim_tokens), _comparative(sent_tokens)
    if a is None or b is None:
        return None
    da, _, xa, ya = a
    db, _, xb, yb = b
    same = bool(xa & xb) and bool(ya & yb)
    crossed = bool(xa & yb) and bool(ya & xb)
    if (crossed and not same and da == db) or (same and not crossed and da != db):
        x = claim_tokens[a[1]].text
        y = sent_tokens[b[1]].text
        return f"claim: {' '.join(sorted(xa & (yb | xb)))} {x} than …; passage: reversed ({y})"
    return None


@dataclass(frozen=True)
class Event:
    """What ties a passage to the claim's event: the concepts of the claim's predicate and event
    words (a synonym group is one concept), the predicate as written, where the claim's entities
    occur in the passage (document offsets) and the claim's dates."""

    verbs: frozenset[str]
    predicate: str
    entity_at: tuple[int, ...] = ()
    needs_entity: bool = False
    when: tuple[TimeRef, ...] = ()


def _clause_spans(sent: Sentence, at: int) -> list[tuple[int, int]]:
    """The clause holding offset ``at``, as document ranges: the stretch between hard breaks
    (``; : ( ) —``, a comma before a conjunction, ``but``) less the relative clauses inserted in
    it (``, who …,``), or that relative clause itself when ``at`` lies inside one."""
    text, rel = sent.text, at - sent.start
    cuts = [0, *(m.start() for m in _HARD_BREAK.finditer(text)), len(text)]
    lo = max(c for c in cuts if c <= rel)
    hi = min((c for c in cuts if c > rel), default=len(text))
    spans, pos = [], lo
    for m in _RELATIVE.finditer(text, lo, hi):
        if m.start() <= rel < m.end():
            return [(sent.start + m.start(), sent.start + m.end())]
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, hi))
    return [(sent.start + a, sent.start + b) for a, b in spans if a < b]


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in spans)


def _names_entity(event: Event, spans: list[tuple[int, int]]) -> bool:
    return not event.needs_entity or any(_inside(a, spans) for a in event.entity_at)


def _speaks_of(tokens: list[Token], event: Event, opposite: bool = False) -> bool:
    """Whether a token is the claim's predicate or event word, a synonym, or (``opposite``)
    one of their antonyms."""
    pairs = lexicon().antonyms
    return any(
        t.concept in event.verbs or (opposite and any((v, t.concept) in pairs for v in event.verbs))
        for t in tokens
    )


def _dated_alike(sent: Sentence, spans: list[tuple[int, int]], event: Event) -> bool:
    """Whether a date of the clause overlaps one of the claim's dates."""
    return any(
        _inside(int(f.get("_start", -1)), spans)
        and f.get("earliest")
        and f.get("latest")
        and f["earliest"] <= t.latest
        and f["latest"] >= t.earliest
        for f in sent.times
        for t in event.when
        if t.earliest and t.latest
    )


def different_event(
    kind: str, at: int | None, sentences: list[Sentence], n: int, event: Event
) -> str | None:
    """Why a conflict of type ``kind`` standing at offset ``at`` of sentence ``n`` concerns
    another event than the claim's, or ``None`` when it concerns the same one. A date or number
    must stand in a clause that speaks of the claim's predicate (or a synonym) and names one of
    its entities; a negated or opposite predicate must be in a clause naming one of them; a
    negated or opposite attribute (``no glass``) needs the predicate and an entity in the
    sentences around it; a negated verb that is not the claim's needs an entity and the claim's
    date in its clause."""
    sent = sentences[n]
    if at is None or not sent.start <= at < sent.end:
        return None
    spans = _clause_spans(sent, at)
    clause = [t for t in sent.tokens if _inside(t.start, spans)]
    verb = f'"{event.predicate}"' if event.predicate else "the claim's predicate"
    if kind in _MEASURED or kind == "negated_predicate":
        if kind in _MEASURED and not _speaks_of(clause, event):
            return f"its clause does not speak of {verb} or a synonym"
        if kind == "negated_predicate" and not _dated_alike(sent, spans, event):
            return "its clause does not give the claim's date"
        return None if _names_entity(event, spans) else _NO_ENTITY
    anchor = [t for t in sent.tokens if t.start == at]
    if _speaks_of(anchor, event, kind == "antonym"):
        return None if _names_entity(event, spans) else _NO_ENTITY
    window = sentences[max(0, n - 1) : n + 2]
    near = [(window[0].start, window[-1].end)]
    if _speaks_of([t for s in window for t in s.tokens], event) and _names_entity(event, near):
        return None
    return f"the sentences around it do not speak of {verb} with one of the claim's entities"
