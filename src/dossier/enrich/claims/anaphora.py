"""A light resolution of the pronouns that stand for a claim's subject or place.

``we`` opening a claim of a text that is not written in the first person (an article about a
country's troops) stands for the most salient actor of the sentences before it: the entity
most often the subject there, the latest on a tie. ``he``/``she`` stand for the last person
named before, ``they`` for the last organisation (a party, an army, a government), and
``there`` after a verb for the last place. Each resolution is kept with its reason; nothing is
resolved when no compatible antecedent stands in the window of sentences before the claim."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from dossier.enrich.claims.lexicon import Token, tokenize
from dossier.enrich.claims.model import Antecedent, EntityRef
from dossier.model import Document, Span

__all__ = ["WINDOW", "resolve"]

WINDOW = 3  # sentences before the claim in which an antecedent is looked for
_FIRST_PERSON_GENRES = frozenset({"memoir", "diary", "letter", "autobiography", "interview"})
_PERSON = frozenset({"he", "she"})
_GROUP = frozenset({"they"})
_PLURAL_FIRST = frozenset({"we"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "'s", "seems", "seemed", "exists"})
_ACTOR_TYPES = frozenset({"place", "organisation"})


def _ref(doc: Document, span: Span) -> EntityRef:
    name = " ".join(doc.text[span.start : span.end].split())
    return EntityRef(
        span.value.get("entity"), str(span.value.get("type", "")), name, span.start, span.end
    )


def _window(doc: Document, start: int) -> list[tuple[int, int]]:
    """The ``WINDOW`` sentences ending before offset ``start``, in text order."""
    before = sorted((s.start, s.end) for s in doc.spans_of("sentence") if s.end <= start)
    return before[-WINDOW:]


def _mentions(doc: Document, lo: int, hi: int) -> list[Span]:
    return sorted(
        (m for m in doc.spans_of("mention") if lo <= m.start and m.end <= hi),
        key=lambda m: m.start,
    )


def _subject(doc: Document, lo: int, hi: int) -> Span | None:
    """The mention that opens the sentence ``[lo, hi)`` before its first content word."""
    mentions = _mentions(doc, lo, hi)
    for tok in tokenize(doc.text[lo:hi], lo):
        if tok.stop or tok.number is not None:
            continue
        return next((m for m in mentions if m.start <= tok.start < m.end), None)
    return None


def _salient_actor(doc: Document, window: list[tuple[int, int]]) -> tuple[Span, str] | None:
    """The entity most often the subject of the window's sentences (a state or organisation)."""
    subjects = [s for a, b in window if (s := _subject(doc, a, b)) is not None]
    subjects = [s for s in subjects if s.value.get("type") in _ACTOR_TYPES]
    if not subjects:
        return None
    counts = Counter(str(s.value.get("entity") or doc.text[s.start : s.end]) for s in subjects)
    best = max(
        reversed(subjects),
        key=lambda s: counts[str(s.value.get("entity") or doc.text[s.start : s.end])],
    )
    n = counts[str(best.value.get("entity") or doc.text[best.start : best.end])]
    return best, f"the most frequent subject of the {len(window)} sentences before ({n}×)"


def _last(doc: Document, window: list[tuple[int, int]], types: frozenset[str]) -> Span | None:
    if not window:
        return None
    found = [m for m in _mentions(doc, window[0][0], window[-1][1]) if m.value.get("type") in types]
    return found[-1] if found else None


def _subject_pronoun(tokens: list[Token], pred_at: int) -> Token | None:
    """A pronoun standing as the subject: before the predicate, among the first words."""
    for tok in tokens[:3]:
        if tok.start >= pred_at:
            return None
        if tok.text in _PERSON | _GROUP | _PLURAL_FIRST:
            return tok
    return None


def _there(tokens: list[Token], pred_at: int) -> Token | None:
    """``there`` after the predicate and not opening ``there is/was …``."""
    for n, tok in enumerate(tokens):
        if tok.text == "there" and tok.start > pred_at:
            after = tokens[n + 1].text if n + 1 < len(tokens) else ""
            return None if after in _BE else tok
    return None


def _subject_antecedent(
    doc: Document, pronoun: Token, window: list[tuple[int, int]]
) -> Antecedent | None:
    found: tuple[Span, str] | None = None
    if pronoun.text in _PLURAL_FIRST:
        if (doc.record.genre or "").lower() in _FIRST_PERSON_GENRES:
            return None
        found = _salient_actor(doc, window)
    else:
        types = frozenset({"person"}) if pronoun.text in _PERSON else frozenset({"organisation"})
        last = _last(doc, window, types)
        kind = "person" if pronoun.text in _PERSON else "organisation"
        found = (last, f"the last {kind} named before") if last is not None else None
    if found is None:
        return None
    span, why = found
    text = f'"{pronoun.text}" = {_ref(doc, span).name}: {why}'
    return Antecedent(pronoun.text, pronoun.start, pronoun.end, _ref(doc, span), "who", text)


def resolve(
    doc: Document,
    start: int,
    tokens: list[Token],
    pred_at: int,
    has: Callable[[str], bool],
) -> list[Antecedent]:
    """Antecedents of the claim at ``start``: its pronoun subject when it names none
    (``has("who")`` is false), and ``there`` when it names no place (``has("where")``)."""
    window = _window(doc, start)
    if not window:
        return []
    out: list[Antecedent] = []
    pronoun = _subject_pronoun(tokens, pred_at)
    if pronoun is not None and not has("who"):
        found = _subject_antecedent(doc, pronoun, window)
        out += [found] if found is not None else []
    there = _there(tokens, pred_at)
    place = _last(doc, window, frozenset({"place"})) if there is not None else None
    if there is not None and place is not None and not has("where"):
        ref = _ref(doc, place)
        why = f'"there" = {ref.name}: the last place named before'
        out.append(Antecedent("there", there.start, there.end, ref, "where", why))
    return out
