"""Entities across the archive: their records, mentions in context and co-occurrences."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dossier.enrich.entities import AuthorityIndex, Entity
from dossier.enrich.entities.authority import fold
from dossier.errors import NotFound
from dossier.examine.layers import LayerEntry, entries_of
from dossier.store import Store
from dossier.store.base import SpanQuery

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


def _merged(store: Store) -> dict[str, str]:
    """Every merged entity id → the id its mentions count as now."""
    redirect = active_merges(store)
    return {ident: _follow(ident, redirect) for ident in redirect}


def _members(idents: list[str], merged: dict[str, str]) -> list[str]:
    """The linked ids whose mentions count as one of ``idents``."""
    wanted = set(idents)
    own = [i for i in idents if i not in merged]
    return sorted({*own, *(i for i, target in merged.items() if target in wanted)})


def _mentions(store: Store, merged: dict[str, str], idents: list[str]) -> dict[str, int]:
    """How many mentions count as each of ``idents`` (those with none are left out)."""
    rows = store.mention_counts(merged, entities=_members(idents, merged))
    return {ident: n for ident, n, _ in rows if ident in idents}


def entity_summaries(
    store: Store,
    authority: AuthorityIndex,
    kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[EntitySummary]:
    """Every entity with at least one mention, most mentioned first (then by name and id);
    ``limit`` and ``offset`` page through them."""
    records = _records(store, authority)
    out = []
    for ident, n, documents in store.mention_counts(_merged(store)):
        entity = records.get(ident)
        etype = entity.type if entity else ident.split(":", 1)[0]
        if kind and etype != kind:
            continue
        out.append(EntitySummary(ident, etype, entity.name if entity else ident, n, documents))
    out.sort(key=lambda e: (-e.mentions, e.name, e.id))
    return out[offset : None if limit is None else offset + limit]


def _resolve(
    ref: str,
    records: dict[str, Entity],
    authority: AuthorityIndex,
    mentions: Callable[[list[str]], dict[str, int]],
) -> str:
    """An entity id from an id, a name, an alias or a surname (the most mentioned wins)."""
    if ref in records or mentions([ref]):
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
    counts = mentions(sorted(hits))
    return max(sorted(hits), key=lambda i: counts.get(i, 0))


def _in_context(store: Store, ident: str, members: list[str], limit: int) -> list[LayerEntry]:
    """The first ``limit`` mentions counting as ``ident``, in document order, in context."""
    query = SpanQuery("mention", entities=tuple(members), limit=limit)
    entries = entries_of(store, store.spans(query))
    for entry in entries:
        entry.value["entity"] = ident
    return entries


def entity_profile(
    store: Store, authority: AuthorityIndex, ref: str, limit: int = 50
) -> EntityProfile:
    """One entity: record, the names it is mentioned by, mentions in context, co-occurrences.
    Names and reasons come most frequent first, then alphabetically."""
    records = _records(store, authority)
    merged = _merged(store)
    ident = _resolve(ref, records, authority, lambda ids: _mentions(store, merged, ids))
    entity = records.get(ident)
    profile = EntityProfile(entity.to_dict() if entity else {"id": ident})
    members = _members([ident], merged)
    profile.mentions = _in_context(store, ident, members, limit) if members else []
    why = sorted(store.mention_names(members) if members else [], key=lambda r: (-r[3], r[:3]))
    profile.reasons = why
    names: Counter[str] = Counter()
    for name, _, _, n in why:
        names[name] += n
    profile.names = dict(sorted(names.items(), key=lambda kv: (-kv[1], kv[0])))
    profile.merges = [
        r
        for r in store.entity_records()
        if r.get("kind") == "merge" and ident in (r["source"], r["target"])
    ]
    together = store.mention_counts(merged, together_with=members) if members else []
    profile.cooccurring = sorted(
        (
            (i, records[i].name if i in records else i, documents)
            for i, _, documents in together
            if i != ident
        ),
        key=lambda t: (-t[2], t[1], t[0]),
    )[:20]
    return profile
