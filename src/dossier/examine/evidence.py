"""Evidence retrieval: candidate passages for a claim from the archive's other documents,
found by full-text search (content words, their synonyms, entity names and aliases), joined by
the claim's nearest passages in meaning when the archive has vectors, and ranked by a measured
combination of full-text relevance, stance alignment, shared entities and time overlap."""

from __future__ import annotations

import weakref
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache

from dossier.enrich.claims.lexicon import lexicon
from dossier.enrich.claims.model import Claim
from dossier.enrich.entities import load_authority
from dossier.errors import QueryError
from dossier.examine.stance import Assessment, ClaimView, assess, claim_view
from dossier.model import Document
from dossier.search.query import MAX_TERMS
from dossier.store.base import Hit, SearchRequest, Store, StoredPassage
from dossier.vectors.lookup import with_neighbours

__all__ = ["Evidence", "RankWeights", "build_query", "find_evidence"]

POOL = 150
CACHED = 1024  # documents kept between checks


@dataclass(frozen=True)
class RankWeights:
    """Weights of the ranking; ``python -m dossier.evaluate.claims --ablation`` measures them."""

    fts: float = 0.2
    alignment: float = 0.5
    entities: float = 0.15
    time: float = 0.05
    stance: float = 0.25


@dataclass
class Evidence:
    """A passage of another document, its stance towards the claim and its rank score."""

    hit: Hit
    passage: StoredPassage
    assessment: Assessment
    score: float


@cache
def _aliases(entity: str) -> tuple[str, ...]:
    record = load_authority().get(entity)
    return tuple(record.names()) if record is not None else ()


def _synonyms(concept: str) -> list[str]:
    words = [w for w in lexicon().surface.get(concept, ()) if len(w) > 3 or " " in w]
    return words[:4]


def build_query(claim: Claim, view: ClaimView) -> str:
    """An ``OR`` query of the claim's entity names and aliases, content words (as prefixes of
    their lemmas) and synonyms, at most ``MAX_TERMS`` terms."""
    terms: list[str] = []
    for names in view.entities.values():
        terms.extend(f'"{n}"' for n in names[:4] if '"' not in n)
    for tok in view.content:
        stem = tok.lemma if len(tok.lemma) >= 4 else tok.text
        terms.append(f"{stem}*" if len(stem) >= 4 else stem)
    for tok in view.content:
        terms.extend(
            f'"{s}"' if " " in s else f"{s}*"
            for s in _synonyms(tok.concept)
            if not tok.text.startswith(s)
        )
    unique = list(dict.fromkeys(t for t in terms if t.strip('"*')))
    return " OR ".join(unique[:MAX_TERMS])


class _Cache:
    """The documents and passages read most recently during checks (ids are content hashes, so
    stable), at most ``CACHED`` of them so that memory does not grow with the archive."""

    def __init__(self) -> None:
        self.docs: OrderedDict[str, tuple[Document, dict[int, StoredPassage]]] = OrderedDict()


_CACHES: weakref.WeakKeyDictionary[object, _Cache] = weakref.WeakKeyDictionary()


def _cache(store: Store) -> _Cache:
    try:
        found = _CACHES.get(store)
        if found is None:
            found = _CACHES[store] = _Cache()
        return found
    except TypeError:  # a store that cannot be weakly referenced
        return _Cache()


def _load(store: Store, cache: _Cache, doc_id: str) -> tuple[Document, dict[int, StoredPassage]]:
    found = cache.docs.get(doc_id)
    if found is None:
        found = store.document(doc_id), {p.id: p for p in store.passages(doc_id)}
        cache.docs[doc_id] = found
        if len(cache.docs) > CACHED:
            cache.docs.popitem(last=False)
    else:
        cache.docs.move_to_end(doc_id)
    return found


def _time_overlap(claim: Claim, doc: Document, start: int, end: int) -> float:
    if not claim.when:
        return 0.0
    spans = [s.value for s in doc.spans_of("time") if start <= s.start < end]
    for t in claim.when:
        for v in spans:
            lo, hi = v.get("earliest"), v.get("latest")
            if lo and hi and t.earliest and t.latest and lo <= t.latest and hi >= t.earliest:
                return 1.0
    return 0.0


def find_evidence(
    store: Store,
    claim: Claim,
    *,
    limit: int = 10,
    weights: RankWeights | None = None,
) -> list[Evidence]:
    """Passages of other documents bearing on ``claim``, best first."""
    w = weights or RankWeights()
    view = claim_view(
        claim, {e: list(_aliases(e)) for e in {x.entity for x in claim.entities} if e}
    )
    try:
        hits = store.search(SearchRequest(build_query(claim, view), limit=POOL))
    except QueryError:
        hits = []
    hits = with_neighbours(store, claim.text, hits)  # unchanged when there are no vectors
    cache = _cache(store)
    top = max((h.score for h in hits), default=1.0) or 1.0
    out: list[Evidence] = []
    for hit in hits:
        if hit.document == claim.document or hit.kind in ("heading", "editorial"):
            continue
        doc, passages = _load(store, cache, hit.document)
        passage = passages.get(hit.passage)
        if passage is None:
            continue
        found = assess(view, doc, passage.start, passage.end)
        bearing = 1.0 if found.stance != "related" else 0.0
        score = (
            w.fts * max(hit.score, 0.0) / top
            + w.alignment * min(found.alignment, 1.0)
            + w.entities * found.entities
            + w.time * _time_overlap(claim, doc, passage.start, passage.end)
            + w.stance * bearing
        )
        out.append(Evidence(hit, passage, found, round(score, 4)))
    out.sort(key=lambda e: (-e.score, e.hit.passage))
    return out[:limit]
