"""Find the checkable claims of an annotated document: sentences (and ``;`` clauses) that assert
something about people, places, organisations, times or quantities, with their slots."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dossier.enrich.claims.anaphora import resolve
from dossier.enrich.claims.lexicon import (
    Lexicon,
    Token,
    find_quantities,
    hedges_in,
    lexicon,
    negated,
    tokenize,
)
from dossier.enrich.claims.model import Attribution, Claim, EntityRef, Quantity, TimeRef
from dossier.model import Document, Span

__all__ = ["MIN_WORTH", "claim_of", "extract_claims", "is_field"]

MIN_WORTH = 0.35
_SKIPPED_PASSAGES = frozenset({"heading", "editorial"})
_SKIPPED_EDITORIAL = frozenset({"note", "page"})
_CLAUSE = re.compile(r";\s+")
_SUBJECT_TYPES = frozenset({"person", "organisation"})


def _inside(span: Span, start: int, end: int) -> bool:
    return span.start >= start and span.end <= end


def _entities(doc: Document, start: int, end: int) -> list[EntityRef]:
    out: list[EntityRef] = []
    for s in doc.spans_of("mention"):
        if _inside(s, start, end):
            name = " ".join(doc.text[s.start : s.end].split())
            out.append(
                EntityRef(s.value.get("entity"), str(s.value.get("type", "")), name, s.start, s.end)
            )
    return sorted(out, key=lambda e: e.start)


def _times(doc: Document, start: int, end: int) -> list[TimeRef]:
    return [
        TimeRef(
            str(s.value.get("value")),
            s.value.get("earliest"),
            s.value.get("latest"),
            doc.text[s.start : s.end],
            s.start,
            s.end,
        )
        for s in doc.spans_of("time")
        if _inside(s, start, end) and s.value.get("earliest")
    ]


def _quantities(text: str, base: int, times: list[TimeRef]) -> list[Quantity]:
    skip = [(t.start - base, t.end - base) for t in times]
    return [
        Quantity(q["value"], q["unit"], q["text"], q["start"] + base, q["end"] + base, q["high"])
        for q in find_quantities(text, skip)
    ]


def _attribution(doc: Document, start: int, end: int) -> Attribution:
    best: Span | None = None
    for s in doc.spans_of("quote"):
        if s.value.get("kind") == "scare":
            continue
        covers = (s.start <= start + 2 and s.end >= end - 2) or _inside(s, start, end)
        if covers and (best is None or s.end - s.start > best.end - best.start):
            best = s
    if best is None:
        return Attribution("author")
    kind = "quoted" if best.value.get("kind") == "direct" else "reported"
    speaker = best.value.get("speaker") or best.value.get("source")
    return Attribution(kind, speaker)


def _opening_mention(
    tokens: list[Token], entities: list[EntityRef], covered: list[tuple[int, int]]
) -> EntityRef | None:
    """A mention of any type (a state named as a place, too) before the first content word
    outside mentions and times: the subject of ``The Soviet Union welcomed …``."""
    for tok in tokens:
        if tok.stop or tok.number is not None:
            continue
        inside = next((e for e in entities if e.start <= tok.start < e.end), None)
        if inside is not None:
            return inside
        if not any(a <= tok.start < b for a, b in covered):
            return None
    return None


def _predicate(tokens: list[Token], entities: list[EntityRef], times: list[TimeRef]) -> int | None:
    """Index of the first content token after the first subject-like mention (or the first
    content token at all) that is not part of a mention or time expression."""
    covered = [(e.start, e.end) for e in entities] + [(t.start, t.end) for t in times]
    subject = _opening_mention(tokens, entities, covered) or next(
        (e for e in entities if e.type in _SUBJECT_TYPES), None
    )
    neg_cues = lexicon().negation
    after = subject.end if subject else -1
    for n, tok in enumerate(tokens):
        if tok.stop or tok.number is not None or tok.start < after or tok.text in neg_cues:
            continue
        if any(a <= tok.start < b for a, b in covered):
            continue
        return n
    return None


def _worth(text: str, tokens: list[Token], claim: Claim, kind: str, hedged: bool) -> float:
    """Check-worthiness in [0, 1]: named entities, dates and numbers make a sentence checkable;
    questions, very short or very long sentences, hedges and talk about the text itself less."""
    lex = lexicon()
    content = [t for t in tokens if not t.stop]
    score = 0.1
    score += min(0.3, 0.15 * len({e.entity or e.name for e in claim.entities}))
    score += 0.2 if claim.when else 0.0
    score += 0.15 if claim.how_many else 0.0
    score += 0.15 if claim.predicate else 0.0
    score += 0.1 if 5 <= len(tokens) <= 60 else -0.2
    score -= 0.15 if hedged else 0.0
    score -= 0.1 * sum(1 for t in content if t.text in lex.meta_words)
    if kind != "author":
        score -= 0.05
    if text.rstrip().endswith("?") or len(content) < 3:
        return 0.0
    return round(max(0.0, min(1.0, score)), 3)


def claim_of(doc: Document, start: int, end: int) -> Claim:
    """The claim made by ``doc.text[start:end]`` with every slot filled."""
    text = doc.text[start:end]
    tokens = tokenize(text, start)
    entities = _entities(doc, start, end)
    times = _times(doc, start, end)
    pred = _predicate(tokens, entities, times)
    pred_at = tokens[pred].start if pred is not None else end
    neg = negated(tokens, doc.text[start:end], start)
    cues = [t.text for t in tokens if t.text in lexicon().negation or t.text.endswith("n't")]
    hedges = hedges_in(text)
    claim = Claim(
        text=text,
        start=start,
        end=end,
        who=[e for e in entities if e.start < pred_at and e.type in _SUBJECT_TYPES],
        predicate=tokens[pred].text if pred is not None else None,
        predicate_lemmas=[t.lemma for t in tokens[pred : pred + 4] if not t.stop]
        if pred is not None
        else [],
        to_whom=[e for e in entities if e.start >= pred_at and e.type in _SUBJECT_TYPES],
        where=[e for e in entities if e.type == "place"],
        entities=entities,
        when=times,
        how_many=_quantities(text, start, times),
        polarity="negative" if pred is not None and neg[pred] else "positive",
        negations=cues,
        modality="hedged" if hedges else "asserted",
        hedges=hedges,
        attribution=_attribution(doc, start, end),
        document=doc.id if doc.source != "<claim>" else None,
    )
    kind = claim.attribution.kind
    claim.checkworthiness = _worth(text, tokens, claim, kind, bool(hedges))
    _resolve_pronouns(doc, claim, tokens, pred_at)
    return claim


def _resolve_pronouns(doc: Document, claim: Claim, tokens: list[Token], pred_at: int) -> None:
    """Fill an empty ``who`` or ``where`` slot from a pronoun's antecedent (see ``anaphora``)."""
    slots = {"who": claim.who, "where": claim.where}
    found = resolve(doc, claim.start, tokens, pred_at, lambda slot: bool(slots[slot]))
    for a in found:
        slots[a.slot].append(a.entity)
        claim.entities.append(a.entity)
    claim.antecedents = found


def _excluded(doc: Document) -> list[tuple[int, int]]:
    out = [(p.start, p.end) for p in doc.passages if p.kind in _SKIPPED_PASSAGES]
    out += [
        (s.start, s.end)
        for s in doc.spans_of("editorial")
        if s.value.get("kind") in _SKIPPED_EDITORIAL
    ]
    return out


def _pieces(doc: Document) -> Iterator[tuple[int, int]]:
    """Sentences and ``;`` clauses outside headings and editor's notes."""
    excluded = _excluded(doc)
    lex = lexicon()
    for s in doc.spans_of("sentence"):
        if any(a <= s.start and s.end <= b for a, b in excluded):
            continue
        text = doc.text[s.start : s.end]
        low = text.lower()
        if any(low.startswith(cue) for cue in lex.not_claims):
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


def extract_claims(doc: Document, min_worth: float = MIN_WORTH) -> list[Claim]:
    """The check-worthy claims of an annotated document, in text order."""
    out = []
    for start, end in _pieces(doc):
        claim = claim_of(doc, start, end)
        if claim.checkworthiness >= min_worth:
            out.append(claim)
    return out
