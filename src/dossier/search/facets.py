"""A page of search results with its total and its facets (genre, language, source, year,
people, places), counted in matching passages, over any search index."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from dossier.store.base import Facet, SearchPage, SearchRequest, Store

__all__ = ["FIELDS", "narrow", "search_page"]

FIELDS = ("genre", "language", "source", "year")
ENTITY_FACETS = {"person": "person", "place": "place"}  # facet name → mention type
TOP = 12


def _aliases(target: str, redirect: dict[str, str], follow: Callable[[str], str]) -> list[str]:
    """``target`` and every entity id merged into it."""
    return [target, *(s for s in redirect if follow(s) == target)]


def narrow(
    store: Store, request: SearchRequest, redirect: dict[str, str], follow: Callable[[str], str]
) -> SearchRequest:
    """``request`` with its person and place filters turned into the documents that mention
    them (through merges)."""
    within: set[str] | None = None if request.within is None else set(request.within)
    for wanted in (request.person, request.place):
        if wanted:
            docs = store.mentioning(_aliases(follow(wanted), redirect, follow))
            within = docs if within is None else within & docs
    return request if within is None else replace(request, within=tuple(sorted(within)))


def _counted(counts: Counter[str], labels: Callable[[str], str], by_value: bool) -> list[Facet]:
    items = sorted(counts.items()) if by_value else counts.most_common(TOP)
    return [Facet(value, labels(value), n) for value, n in items]


def search_page(
    store: Store,
    request: SearchRequest,
    follow: Callable[[str], str],
    label: Callable[[str], str],
) -> SearchPage:
    """Hits for ``request`` (already narrowed), the number of matching passages, and facets."""
    docs = store.matching(request)
    per_doc = Counter(docs)
    facts = store.facts(list(per_doc))
    facets: dict[str, list[Facet]] = {}
    for name in FIELDS:
        counts: Counter[str] = Counter()
        for doc, n in per_doc.items():
            value = facts.get(doc, {}).get(name)
            if value:
                counts[value] += n
        facets[name] = _counted(counts, str, by_value=name == "year")
    facets.update(_entity_facets(store.mention_values(list(per_doc)), per_doc, follow, label))
    return SearchPage(request, store.search(request), len(docs), facets)


def _entity_facets(
    mentions: Iterable[tuple[str, dict[str, object]]],
    per_doc: Counter[str],
    follow: Callable[[str], str],
    label: Callable[[str], str],
) -> dict[str, list[Facet]]:
    docs_of: dict[str, dict[str, set[str]]] = {name: defaultdict(set) for name in ENTITY_FACETS}
    for doc, value in mentions:
        for name, kind in ENTITY_FACETS.items():
            if value.get("type") == kind:
                docs_of[name][follow(str(value["entity"]))].add(doc)
    out = {}
    for name, entities in docs_of.items():
        counts = Counter({e: sum(per_doc[d] for d in ds) for e, ds in entities.items()})
        out[name] = _counted(counts, label, by_value=False)
    return out
