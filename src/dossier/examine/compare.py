"""Comparisons between a claim and one sentence of a passage: negation, antonyms, quantities,
dates and seasons, and reversed comparatives. Each returns ``(type, text)`` reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dossier.enrich.claims.lexicon import Token, lexicon, negated
from dossier.enrich.claims.model import Quantity, TimeRef

__all__ = [
    "Sentence",
    "compare_quantities",
    "compare_times",
    "comparison_conflict",
    "event_times",
    "negated_predicate",
    "negation_conflicts",
    "opposite_words",
]

_NOMINAL_CUES = frozenset({"no", "none", "nobody", "nothing", "without", "absence", "lacking"})
_ATTACH = frozenset({"of", "dated"})
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 2)}
_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}


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
) -> list[tuple[str, str]]:
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
                return [("negation", f'"{mine}" vs "{theirs}"')]
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
) -> list[tuple[str, str]]:
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
            return [("negated_predicate", f'"{predicate.text}" vs "{theirs}"')]
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


def opposite_words(claim_tokens: list[Token], sent: Sentence) -> list[str]:
    """Antonym pairs between claim and sentence (``acquitted ≠ sentenced``); function-word
    pairs (with/without, before/after) count only when the word after them is shared."""
    pairs = lexicon().antonyms
    present = {t.concept for t in sent.tokens}
    out: list[str] = []
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
            out.append(f"{tok.text} ≠ {other.text}")
    return list(dict.fromkeys(out))[:2]


def _fmt(value: float) -> str:
    return f"{value:g}" if value < 1e6 else f"{value / 1e6:g} million"


def _qtext(q: Quantity | dict[str, Any]) -> str:
    return str(q.text if isinstance(q, Quantity) else q["text"])


def compare_quantities(
    claimed: list[Quantity], found: list[dict[str, Any]]
) -> list[tuple[str, str]]:
    """Same unit, overlapping values: ``quantity_match``; same unit, disjoint:
    ``quantity_conflict`` (``25 years ≠ 30 years``). Bare counts are not compared."""
    out: list[tuple[str, str]] = []
    for q in claimed:
        if q.unit == "count":
            continue
        same = [f for f in found if f["unit"] == q.unit]
        lo, hi = q.value, q.high if q.high is not None else q.value
        hits = [f for f in same if f["value"] <= hi and (f["high"] or f["value"]) >= lo]
        if hits:
            out.append(("quantity_match", f"{q.text} = {_qtext(hits[0])}"))
        elif same:
            out.append(("quantity_conflict", f"{q.text} ≠ {_qtext(same[0])}"))
    return out


def _season_conflict(t: TimeRef, found: list[dict[str, Any]]) -> str | None:
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
            return f"{_SEASON_NAMES[code]} ≠ {value}"
    return None


def compare_times(claimed: list[TimeRef], found: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Claim dates against the sentence's dates: overlapping intervals match; when none of the
    sentence's dates overlaps a claim date, the closest pair is a ``date_conflict``."""
    dated = [f for f in found if f.get("earliest") and f.get("latest")]
    out: list[tuple[str, str]] = []
    for t in claimed:
        if not (t.earliest and t.latest) or not dated:
            continue
        season = _season_conflict(t, dated)
        if season:
            out.append(("season_conflict", season))
            continue
        hits = [f for f in dated if f["earliest"] <= t.latest and f["latest"] >= t.earliest]
        if hits:
            out.append(("date_match", f"{t.value} ≈ {hits[0]['value']}"))
        else:
            out.append(("date_conflict", f"{t.value} ≠ {dated[0]['value']}"))
    return out


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
