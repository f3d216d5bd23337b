"""Find the checkable claims of an annotated document: sentences (and ``;`` clauses) that assert
something about people, places, organisations, times or quantities, with their slots."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import accumulate
from operator import attrgetter
from typing import Any

from dossier.enrich.claims.anaphora import may_resolve, resolve
from dossier.enrich.claims.index import SpanIndex
from dossier.enrich.claims.lexicon import (
    Lexicon,
    Word,
    Words,
    find_quantities,
    governed,
    hedges_in,
    lexicon,
    may_hedge,
    may_quantify,
    words_of,
)
from dossier.enrich.claims.model import Claim
from dossier.model import Document, Span

__all__ = ["MIN_WORTH", "claim_of", "claim_values", "extract_claims", "is_field"]

MIN_WORTH = 0.35
_SKIPPED_PASSAGES = frozenset({"heading", "editorial"})
_SKIPPED_EDITORIAL = frozenset({"note", "page"})
_CLAUSE = re.compile(r";\s+")
_SUBJECT_TYPES = frozenset({"person", "organisation"})
_STOP, _META, _CUE = attrgetter("stop"), attrgetter("meta"), attrgetter("cue")


def _entities(index: SpanIndex, start: int, end: int) -> list[dict[str, Any]]:
    """The mentions inside the claim, as ``EntityRef`` dicts."""
    text = index.doc.text
    spans = index.inside("mention", start, end)
    if not spans:
        return []
    return [
        {
            "entity": s.value.get("entity"),
            "type": str(s.value.get("type", "")),
            "name": " ".join(text[s.start : s.end].split()),
            "start": s.start,
            "end": s.end,
        }
        for s in spans
    ]


def _times(index: SpanIndex, start: int, end: int) -> list[dict[str, Any]]:
    """The dated time expressions inside the claim, as ``TimeRef`` dicts."""
    text = index.doc.text
    spans = index.inside_in_order("time", start, end)
    if not spans:
        return []
    return [
        {
            "value": str(s.value.get("value")),
            "earliest": s.value.get("earliest"),
            "latest": s.value.get("latest"),
            "text": text[s.start : s.end],
            "start": s.start,
            "end": s.end,
        }
        for s in spans
        if s.value.get("earliest")
    ]


def _quantities(text: str, base: int, dates: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """The quantities of the claim outside its times (``dates``), as ``Quantity`` dicts."""
    skip = [(a - base, b - base) for a, b in dates]
    return [
        {
            "value": q["value"],
            "unit": q["unit"],
            "text": q["text"],
            "start": q["start"] + base,
            "end": q["end"] + base,
            "high": q["high"],
        }
        for q in find_quantities(text, skip)
    ]


def _attribution(index: SpanIndex, start: int, end: int) -> dict[str, Any]:
    """The longest quotation (the first of the longest) that covers the claim, give or take two
    characters, or lies inside it; scare quotes aside. An ``Attribution`` dict."""
    best: Span | None = None
    for s in index.near("quote", start, end, 2):
        if s.value.get("kind") == "scare":
            continue
        covers = (s.start <= start + 2 and s.end >= end - 2) or (s.start >= start and s.end <= end)
        if covers and (best is None or s.end - s.start > best.end - best.start):
            best = s
    if best is None:
        return {"kind": "author", "speaker": None, "speaker_entity": None}
    kind = "quoted" if best.value.get("kind") == "direct" else "reported"
    speaker = best.value.get("speaker") or best.value.get("source")
    return {"kind": kind, "speaker": speaker, "speaker_entity": None}


def _covered(at: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``at`` lies in one of ``ranges`` (a loop: ``any`` over a generator costs more,
    and this is asked of most tokens)."""
    for a, b in ranges:
        if a <= at < b:
            break
    else:
        return False
    return True


def _opening_mention(
    words: list[Word],
    starts: list[int],
    entities: list[dict[str, Any]],
    covered: list[tuple[int, int]],
) -> dict[str, Any] | None:
    """A mention of any type (a state named as a place, too) before the first content word
    outside mentions and times: the subject of ``The Soviet Union welcomed …``."""
    for word, at in zip(words, starts, strict=True):
        if word.stop or word.number is not None:
            continue
        for e in entities:
            if e["start"] <= at < e["end"]:
                return e
        if not _covered(at, covered):
            return None
    return None


def _predicate(
    words: list[Word],
    starts: list[int],
    entities: list[dict[str, Any]],
    times: list[dict[str, Any]],
) -> int | None:
    """Index of the first content token after the first subject-like mention (or the first
    content token at all) that is not part of a mention or time expression."""
    covered = [(e["start"], e["end"]) for e in entities + times]
    subject = _opening_mention(words, starts, entities, covered)
    for e in entities if subject is None else ():
        if e["type"] in _SUBJECT_TYPES:
            subject = e
            break
    neg_cues = lexicon().negation
    after = subject["end"] if subject else -1
    for n, (word, at) in enumerate(zip(words, starts, strict=True)):
        if word.stop or word.number is not None or at < after or word.text in neg_cues:
            continue
        if _covered(at, covered):
            continue
        return n
    return None


def _worth(text: str, words: list[Word], slots: dict[str, Any], hedged: bool) -> float:
    """Check-worthiness in [0, 1]: named entities, dates and numbers make a sentence checkable;
    questions, very short or very long sentences, hedges and talk about the text itself less."""
    content = len(words) - sum(map(_STOP, words))
    score: float = 0.1
    score += min(0.3, 0.15 * len({e["entity"] or e["name"] for e in slots["entities"]}))
    score += 0.2 if slots["when"] else 0.0
    score += 0.15 if slots["how_many"] else 0.0
    score += 0.15 if slots["predicate"] else 0.0
    score += 0.1 if 5 <= len(words) <= 60 else -0.2
    score -= 0.15 if hedged else 0.0
    score -= 0.1 * sum(map(_META, words))
    if slots["attribution"]["kind"] != "author":
        score -= 0.05
    if text.rstrip().endswith("?") or content < 3:
        return 0.0
    return round(max(0.0, min(1.0, score)), 3)


def claim_of(doc: Document, start: int, end: int) -> Claim:
    """The claim made by ``doc.text[start:end]`` with every slot filled."""
    return Claim.from_dict(_slots(SpanIndex(doc), start, end))


def _roles(entities: list[dict[str, Any]], pred_at: int) -> tuple[list[Any], list[Any], list[Any]]:
    """Copies of the persons and organisations before the predicate (who) and after it (to
    whom), and of the places."""
    who: list[Any] = []
    to_whom: list[Any] = []
    where: list[Any] = []
    for e in entities:
        if e["type"] in _SUBJECT_TYPES:
            (who if e["start"] < pred_at else to_whom).append(e.copy())
        elif e["type"] == "place":
            where.append(e.copy())
    return who, to_whom, where


def _slots(index: SpanIndex, start: int, end: int) -> dict[str, Any]:
    """``claim_of(...).to_dict()``, made as plain dicts from the start (what the stage stores),
    with the document's spans already indexed. The tokens are kept as ``Words``: ``Token``
    objects cost more to make than all the rest."""
    doc = index.doc
    text = doc.text[start:end]
    found = words_of(text, start)
    words, starts, _ = found
    entities = _entities(index, start, end)
    times = _times(index, start, end)
    dates = [(t["start"], t["end"]) for t in times] if times else []
    pred = _predicate(words, starts, entities, times)
    pred_at = starts[pred] if pred is not None else end
    hedges = hedges_in(text) if may_hedge(text, words) else []
    cues = [w.text for w in words if w.cue] if any(map(_CUE, words)) else []
    who, to_whom, where = _roles(entities, pred_at)
    slots = {
        "text": text,
        "start": start,
        "end": end,
        "who": who,
        "predicate": words[pred].text if pred is not None else None,
        "predicate_lemmas": [w.lemma for w in words[pred : pred + 4] if not w.stop]
        if pred is not None
        else [],
        "to_whom": to_whom,
        "where": where,
        "entities": entities,
        "when": times,
        "how_many": _quantities(text, start, dates) if may_quantify(text, found, dates) else [],
        "polarity": "negative"
        if pred is not None and governed(found, text, start, pred, bool(cues))
        else "positive",
        "negations": cues,
        "modality": "hedged" if hedges else "asserted",
        "hedges": hedges,
        "attribution": _attribution(index, start, end),
        "checkworthiness": 0.0,
        "document": index.doc_id if doc.source != "<claim>" else None,
        "antecedents": [],
    }
    slots["checkworthiness"] = _worth(text, words, slots, bool(hedges))
    if may_resolve(words):
        _resolve_pronouns(index, slots, found, pred_at)
    return slots


def _resolve_pronouns(index: SpanIndex, slots: dict[str, Any], found: Words, pred_at: int) -> None:
    """Fill an empty ``who`` or ``where`` slot from a pronoun's antecedent (see ``anaphora``)."""
    lists = {"who": slots["who"], "where": slots["where"]}

    def has(slot: str) -> bool:
        return bool(lists[slot])

    antecedents = resolve(index.doc, slots["start"], found, pred_at, has, index)
    for a in antecedents:
        lists[a.slot].append(a.entity.__dict__.copy())
        slots["entities"].append(a.entity.__dict__.copy())
    slots["antecedents"] = [{**a.__dict__, "entity": a.entity.__dict__.copy()} for a in antecedents]


def _excluded(doc: Document) -> Callable[[int, int], bool]:
    """Whether ``[start, end]`` lies within a heading or an editor's note: the ranges sorted by
    start, so the widest reach of those starting at or before ``start`` settles it."""
    ranges = [(p.start, p.end) for p in doc.passages if p.kind in _SKIPPED_PASSAGES]
    ranges += [
        (s.start, s.end)
        for s in doc.spans_of("editorial")
        if s.value.get("kind") in _SKIPPED_EDITORIAL
    ]
    ranges.sort()
    starts = [a for a, _ in ranges]
    reach = list(accumulate((b for _, b in ranges), max))

    def within(start: int, end: int) -> bool:
        n = bisect_right(starts, start)
        return n > 0 and reach[n - 1] >= end

    return within


def _pieces(doc: Document) -> Iterator[tuple[int, int]]:
    """Sentences and ``;`` clauses outside headings and editor's notes."""
    excluded = _excluded(doc)
    lex = lexicon()
    for s in doc.spans_of("sentence"):
        if excluded(s.start, s.end):
            continue
        text = doc.text[s.start : s.end]
        if text.lower().startswith(lex.not_claims):
            continue
        if ";" not in text:
            if text.strip() and not is_field(text, lex):
                lead = len(text) - len(text.lstrip())
                yield s.start + lead, s.start + len(text.rstrip())
            continue
        pos = 0
        for m in [*_CLAUSE.finditer(text), None]:
            cut = m.start() if m else len(text)
            piece = text[pos:cut]
            lead = len(piece) - len(piece.lstrip())
            if piece.strip() and not is_field(piece, lex):
                yield s.start + pos + lead, s.start + pos + len(piece.rstrip())
            pos = m.end() if m else len(text)


_FIELD = re.compile(r"(?P<label>[^:]{1,60}):(?P<value>.*)")
_FIELD_WORDS = 8


def _title_like(words: list[str], lex: Lexicon) -> bool:
    return all(not w[:1].isalpha() or w[:1].isupper() or w in lex.title_words for w in words)


def is_field(text: str, lex: Lexicon) -> bool:
    """A catalogue entry (``Publication Date: October 14, 1954``, ``Release Decision: RIPPUB``,
    ``Subject: Significance of the Communiques``): a short label and a short value, both in
    capitalised words; what it says belongs to the record, not to the claims."""
    if ":" not in text:
        return False
    m = _FIELD.fullmatch(" ".join(text.split()))
    if m is None:
        return False
    label, value = (
        [w for w in m.group(part).split() if any(c.isalnum() for c in w)]
        for part in ("label", "value")
    )
    return (
        len(label) <= 6
        and len(value) <= _FIELD_WORDS
        and _title_like(label, lex)
        and _title_like(value, lex)
    )


def claim_values(doc: Document, min_worth: float = MIN_WORTH) -> list[dict[str, Any]]:
    """The check-worthy claims of an annotated document, in text order, as their dicts
    (``Claim.to_dict``), which the stage stores."""
    index = SpanIndex(doc)
    out = []
    for start, end in _pieces(doc):
        slots = _slots(index, start, end)
        if slots["checkworthiness"] >= min_worth:
            out.append(slots)
    return out


def extract_claims(doc: Document, min_worth: float = MIN_WORTH) -> list[Claim]:
    """The check-worthy claims of an annotated document, in text order."""
    return [Claim.from_dict(slots) for slots in claim_values(doc, min_worth)]
