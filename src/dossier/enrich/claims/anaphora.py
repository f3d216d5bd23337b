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
from operator import attrgetter

from dossier.enrich.claims.index import SpanIndex
from dossier.enrich.claims.lexicon import Token, Word, Words, words_of
from dossier.enrich.claims.model import Antecedent, EntityRef
from dossier.model import Document, Span

__all__ = ["WINDOW", "may_resolve", "resolve"]

WINDOW = 3  # sentences before the claim in which an antecedent is looked for
_FIRST_PERSON_GENRES = frozenset({"memoir", "diary", "letter", "autobiography", "interview"})
_PERSON = frozenset({"he", "she"})
_GROUP = frozenset({"they"})
_PLURAL_FIRST = frozenset({"we"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "'s", "seems", "seemed", "exists"})
_ACTOR_TYPES = frozenset({"place", "organisation"})
_PRONOUNS = _PERSON | _GROUP | _PLURAL_FIRST
_RESOLVABLE = _PRONOUNS | {"there"}
_TEXT = attrgetter("text")
_Piece = tuple[str, int, int]  # a token's text, start and end


def _ref(doc: Document, span: Span) -> EntityRef:
    name = " ".join(doc.text[span.start : span.end].split())
    return EntityRef(
        span.value.get("entity"), str(span.value.get("type", "")), name, span.start, span.end
    )


def _window(index: SpanIndex, start: int) -> list[tuple[int, int]]:
    """The ``WINDOW`` sentences ending before offset ``start``, in text order."""
    return index.sentences_before(start, WINDOW)


def _mentions(index: SpanIndex, lo: int, hi: int) -> list[Span]:
    return index.inside("mention", lo, hi)


def _subject(index: SpanIndex, lo: int, hi: int) -> Span | None:
    """The mention that opens the sentence ``[lo, hi)`` before its first content word (kept
    in ``index.memo``: the claims that follow look at the same sentences)."""
    key = ("subject", lo, hi)
    if key not in index.memo:
        index.memo[key] = _first_mention(index, lo, hi)
    found: Span | None = index.memo[key]
    return found


def _first_mention(index: SpanIndex, lo: int, hi: int) -> Span | None:
    mentions = _mentions(index, lo, hi)
    found = words_of(index.doc.text[lo:hi], lo)
    for word, at in zip(found.words, found.starts, strict=True):
        if word.stop or word.number is not None:
            continue
        return next((m for m in mentions if m.start <= at < m.end), None)
    return None


def _salient_actor(index: SpanIndex, window: list[tuple[int, int]]) -> tuple[Span, str] | None:
    """The entity most often the subject of the window's sentences (a state or organisation)."""
    doc = index.doc
    subjects = [s for a, b in window if (s := _subject(index, a, b)) is not None]
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


def _last(index: SpanIndex, window: list[tuple[int, int]], types: frozenset[str]) -> Span | None:
    if not window:
        return None
    found = [
        m for m in _mentions(index, window[0][0], window[-1][1]) if m.value.get("type") in types
    ]
    return found[-1] if found else None


def _subject_pronoun(tokens: list[_Piece], pred_at: int) -> _Piece | None:
    """A pronoun standing as the subject: before the predicate, among the first words."""
    for tok in tokens[:3]:
        if tok[1] >= pred_at:
            return None
        if tok[0] in _PRONOUNS:
            return tok
    return None


def _there(tokens: list[_Piece], pred_at: int) -> _Piece | None:
    """``there`` after the predicate and not opening ``there is/was …``."""
    for n, tok in enumerate(tokens):
        if tok[0] == "there" and tok[1] > pred_at:
            after = tokens[n + 1][0] if n + 1 < len(tokens) else ""
            return None if after in _BE else tok
    return None


def _subject_antecedent(
    index: SpanIndex, pronoun: _Piece, window: list[tuple[int, int]]
) -> Antecedent | None:
    doc = index.doc
    said, at, end = pronoun
    found: tuple[Span, str] | None = None
    if said in _PLURAL_FIRST:
        if (doc.record.genre or "").lower() in _FIRST_PERSON_GENRES:
            return None
        found = _salient_actor(index, window)
    else:
        types = frozenset({"person"}) if said in _PERSON else frozenset({"organisation"})
        last = _last(index, window, types)
        kind = "person" if said in _PERSON else "organisation"
        found = (last, f"the last {kind} named before") if last is not None else None
    if found is None:
        return None
    span, why = found
    text = f'"{said}" = {_ref(doc, span).name}: {why}'
    return Antecedent(said, at, end, _ref(doc, span), "who", text)


def may_resolve(words: list[Word]) -> bool:
    """Whether ``resolve`` can find anything for a claim of these words: it needs a pronoun
    among the first three or a ``there``."""
    if _RESOLVABLE.isdisjoint(map(_TEXT, words)):
        return False
    texts = [w.text for w in words]
    return "there" in texts or any(t in _PRONOUNS for t in texts[:3])


def resolve(
    doc: Document,
    start: int,
    tokens: list[Token] | Words,
    pred_at: int,
    has: Callable[[str], bool],
    index: SpanIndex | None = None,
) -> list[Antecedent]:
    """Antecedents of the claim at ``start``: its pronoun subject when it names none
    (``has("who")`` is false), and ``there`` when it names no place (``has("where")``).
    ``index`` is ``doc``'s spans indexed (see ``SpanIndex``), built here when not given."""
    if isinstance(tokens, Words):
        texts = [w.text for w in tokens.words]
        pieces = list(zip(texts, tokens.starts, tokens.ends, strict=True))
    else:
        pieces = [(t.text, t.start, t.end) for t in tokens]
    pronoun = _subject_pronoun(pieces, pred_at)
    there = _there(pieces, pred_at)
    if (pronoun is None or has("who")) and (there is None or has("where")):
        return []  # nothing to resolve, or nothing to fill
    index = index or SpanIndex(doc)
    window = _window(index, start)
    if not window:
        return []
    out: list[Antecedent] = []
    if pronoun is not None and not has("who"):
        found = _subject_antecedent(index, pronoun, window)
        out += [found] if found is not None else []
    place = _last(index, window, frozenset({"place"})) if there is not None else None
    if there is not None and place is not None and not has("where"):
        ref = _ref(doc, place)
        why = f'"there" = {ref.name}: the last place named before'
        out.append(Antecedent("there", there[1], there[2], ref, "where", why))
    return out
