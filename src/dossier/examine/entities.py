"""Entities across the archive: their records, mentions in context and co-occurrences."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from dossier.enrich.entities import AuthorityIndex, Entity
from dossier.enrich.entities.authority import fold
from dossier.errors import NotFound
from dossier.examine.layers import LayerEntry, layer_entries
from dossier.store import Store

__all__ = [
    "EntityProfile",
    "EntitySummary",
    "active_merges",
    "entity_names",
    "entity_profile",
    "entity_summaries",
    "follow",
]


@dataclass(frozen=True)
class EntitySummary:
    id: str
    type: str
    name: str
    mentions: int
    documents: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class EntityProfile:
    record: dict[str, Any]
    mentions: list[LayerEntry] = field(default_factory=list)
    reasons: list[tuple[str, str, str, int]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)
    cooccurring: list[tuple[str, str, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "names": self.names,
            "mentions": [m.to_dict() for m in self.mentions],
            "why": [
                {"name": n, "method": k, "reason": r, "mentions": c} for n, k, r, c in self.reasons
            ],
            "merges": self.merges,
            "cooccurring": [{"id": i, "name": n, "documents": c} for i, n, c in self.cooccurring],
        }


def _records(store: Store, authority: AuthorityIndex) -> dict[str, Entity]:
    found = {
        r["id"]: Entity.from_dict({k: v for k, v in r.items() if k != "kind"})
        for r in store.entity_records()
        if r.get("kind") == "entity"
    }
    return {**authority.entities, **found}


def entity_names(store: Store, authority: AuthorityIndex) -> dict[str, str]:
    """Entity id → preferred name, for every entity the archive or the authority knows."""
    return {ident: e.name for ident, e in _records(store, authority).items()}


def follow(ident: str, redirect: dict[str, str]) -> str:
    """Where ``ident`` ends after following the merges in ``redirect``."""
    return _follow(ident, redirect)


def active_merges(store: Store) -> dict[str, str]:
    """Entity id → the id it was merged into, for merges not undone."""
    merges = [r for r in store.entity_records() if r.get("kind") == "merge"]
    return {r["source"]: r["target"] for r in merges if not r.get("undone")}


def _follow(ident: str, redirect: dict[str, str]) -> str:
    seen = {ident}
    while ident in redirect and redirect[ident] not in seen:
        ident = redirect[ident]
        seen.add(ident)
    return ident


def _linked(store: Store) -> list[LayerEntry]:
    """Linked mentions, their entity ids resolved through the active merges."""
    redirect = active_merges(store)
    out = []
    for m in layer_entries(store, "mention"):
        if m.value.get("entity"):
            m.value["entity"] = _follow(m.value["entity"], redirect)
            out.append(m)
    return out


def entity_summaries(
    store: Store, authority: AuthorityIndex, kind: str | None = None
) -> list[EntitySummary]:
    """Every entity with at least one mention, most mentioned first."""
    records = _records(store, authority)
    counts: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    for m in _linked(store):
        counts[m.value["entity"]] += 1
        docs[m.value["entity"]].add(m.document)
    out = []
    for ident, n in counts.items():
        entity = records.get(ident)
        etype = entity.type if entity else ident.split(":", 1)[0]
        if kind and etype != kind:
            continue
        out.append(
            EntitySummary(ident, etype, entity.name if entity else ident, n, len(docs[ident]))
        )
    return sorted(out, key=lambda e: (-e.mentions, e.name))


def _resolve(
    ref: str, records: dict[str, Entity], counts: Counter[str], authority: AuthorityIndex
) -> str:
    """An entity id from an id, a name, an alias or a surname (the most mentioned wins)."""
    if ref in records or ref in counts:
        return ref
    key = fold(ref)
    hits = {r.entity for r in authority.lookup(ref)}
    hits |= {
        e.id
        for e in records.values()
        if fold(e.name) == key
        or any(fold(a.name) == key for a in e.aliases)
        or (e.type == "person" and fold(e.name).split()[-1:] == [key])
    }
    if not hits:
        raise NotFound(f"no entity named {ref!r}")
    return max(sorted(hits), key=lambda i: counts[i])


def entity_profile(
    store: Store, authority: AuthorityIndex, ref: str, limit: int = 50
) -> EntityProfile:
    """One entity: record, the names it is mentioned by, mentions in context, co-occurrences."""
    records = _records(store, authority)
    linked = _linked(store)
    ident = _resolve(ref, records, Counter(m.value["entity"] for m in linked), authority)
    entity = records.get(ident)
    profile = EntityProfile(entity.to_dict() if entity else {"id": ident})
    mine = [m for m in linked if m.value["entity"] == ident]
    profile.mentions = mine[:limit]
    profile.names = dict(Counter(m.text for m in mine).most_common())
    why = Counter(
        (m.text, str(m.value.get("method")), str(m.value.get("reason", ""))) for m in mine
    )
    profile.reasons = [(n, k, r, c) for (n, k, r), c in why.most_common()]
    profile.merges = [
        r
        for r in store.entity_records()
        if r.get("kind") == "merge" and ident in (r["source"], r["target"])
    ]
    with_me = {m.document for m in mine}
    together: dict[str, set[str]] = defaultdict(set)
    for m in linked:
        if m.document in with_me and m.value["entity"] != ident:
            together[m.value["entity"]].add(m.document)
    profile.cooccurring = sorted(
        ((i, records[i].name if i in records else i, len(d)) for i, d in together.items()),
        key=lambda t: (-t[2], t[1]),
    )[:20]
    return profile
