"""Linking mentions to entities across an archive, with scores, methods, reasons and reversible
merges. ``Linker`` keeps the archive's discovered entities; its state round-trips through
``to_records``/``from_records`` as plain dicts."""

from __future__ import annotations

import difflib
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from dossier.enrich.entities.authority import (
    AuthorityIndex,
    Entity,
    entity_id,
    fold,
    split_person_name,
)
from dossier.enrich.entities.gazetteer import Gazetteer
from dossier.enrich.entities.rules import Mention
from dossier.errors import NotFound

__all__ = ["Link", "Linker", "Merge", "given_compatible"]

RECENT = 10_000  # documents whose links the linker can undo


@dataclass(frozen=True)
class Link:
    """One mention of one document linked to one entity."""

    doc: str
    start: int
    end: int
    name: str
    type: str
    entity: str
    score: float
    method: str
    reason: str
    title: str | None = None


@dataclass
class Merge:
    """``source`` was merged into ``target``; undone merges stay on record."""

    id: str
    source: str
    target: str
    reason: str
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    undone: bool = False


def _token_ok(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return True
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return fa == fb or difflib.SequenceMatcher(None, fa, fb).ratio() >= 0.75


def given_compatible(given: Sequence[str], entity: Entity) -> bool:
    """Whether a mention's given names (or initials) can belong to ``entity``: the first must
    match the entity's first given name; later ones its later names or patronymic."""
    known = [*entity.given, *([entity.patronymic] if entity.patronymic else [])]
    if not given or not known:
        return True
    if not _token_ok(given[0], known[0]):
        return False
    rest = known[1:]
    return all(not rest or any(_token_ok(g, k) for k in rest) for g in given[1:])


def _display(name: str) -> str:
    words = name.split()
    return " ".join(words[1:]) if words and words[0].lower() == "the" and len(words) > 1 else name


class Linker:
    """Links mentions to authority records, gazetteer places or new entities, document by
    document, and keeps what it discovered so that later documents link to the same ids."""

    def __init__(self, authority: AuthorityIndex, gazetteer: Gazetteer | None = None) -> None:
        self.authority = authority
        self.gazetteer = gazetteer
        self.found: dict[str, Entity] = {}
        self.merges: list[Merge] = []
        # For the last RECENT documents, the entity ids each linked (to undo its counts when
        # it is linked again); the links themselves live in the mention spans, and an older
        # document linked again adds to the counts, so memory stays flat however many are read.
        self._by_doc: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._counts: Counter[str] = Counter()
        self._surnames: dict[str, list[str]] = {}
        self._geonames = {
            e.ids["geonames"]: e.id for e in authority.entities.values() if "geonames" in e.ids
        }
        for entity in authority.entities.values():
            self._register_surname(entity)

    # ------------------------------------------------------------------ entities and merges

    def entity(self, ident: str) -> Entity:
        """The entity ``ident`` resolves to (following merges)."""
        target = self.resolve(ident)
        found = self.authority.get(target) or self.found.get(target)
        if found is None:
            raise NotFound(f"no entity {ident}")
        return found

    def resolve(self, ident: str) -> str:
        """Follow merges from ``ident`` to the entity that now stands for it."""
        redirect = {m.source: m.target for m in self.merges if not m.undone}
        seen = {ident}
        while ident in redirect and redirect[ident] not in seen:
            ident = redirect[ident]
            seen.add(ident)
        return ident

    def merge(self, source: str, target: str, reason: str) -> Merge:
        """Record that ``source`` is the same entity as ``target``."""
        record = Merge(f"merge-{len(self.merges) + 1}", source, target, reason)
        self.merges.append(record)
        return record

    def unmerge(self, merge_id: str) -> Merge:
        """Undo a merge (the record stays, marked undone)."""
        for record in self.merges:
            if record.id == merge_id and not record.undone:
                record.undone = True
                return record
        raise NotFound(f"no active merge {merge_id}")

    def _register_surname(self, entity: Entity) -> None:
        if entity.type == "person" and entity.surname:
            ids = self._surnames.setdefault(fold(entity.surname), [])
            if entity.id not in ids:
                ids.append(entity.id)

    def _add(self, entity: Entity) -> Entity:
        if entity.id in self.found or entity.id in self.authority:
            return self.entity(entity.id)
        self.found[entity.id] = entity
        self._register_surname(entity)
        return entity

    # ------------------------------------------------------------------ linking

    def link_document(self, doc: str, mentions: Sequence[Mention]) -> list[Link]:
        """Link the mentions of one document (re-linking a document replaces its links)."""
        self._counts.subtract(self._by_doc.pop(doc, ()))
        full: dict[str, list[tuple[int, str]]] = {}
        out: dict[int, Link] = {}
        bare = [i for i, m in enumerate(mentions) if self._is_bare(m)]
        for i, m in enumerate(mentions):
            if i not in bare:
                out[i] = self._link_full(doc, m)
                entity = self.entity(out[i].entity)
                if entity.type == "person" and entity.surname:
                    for surname in {fold(entity.surname), fold(m.name.split()[-1])}:
                        full.setdefault(surname, []).append((m.start, out[i].entity))
        for i in bare:
            out[i] = self._link_bare(doc, mentions[i], full)
        links = [out[i] for i in range(len(mentions))]
        self._by_doc[doc] = tuple(link.entity for link in links)
        self._counts.update(self._by_doc[doc])
        if len(self._by_doc) > RECENT:
            self._by_doc.popitem(last=False)
        return links

    def _is_bare(self, m: Mention) -> bool:
        if m.type != "person" or len(m.name.split()) != 1:
            return False
        return all(r.kind == "surname" for r in self.authority.lookup(m.name))

    def _make(
        self, doc: str, m: Mention, ident: str, score: float, method: str, reason: str
    ) -> Link:
        resolved = self.resolve(ident)
        if resolved != ident:
            reason += f"; {ident} was merged into {resolved}"
        return Link(
            doc,
            m.start,
            m.end,
            m.name,
            self.entity(resolved).type,
            resolved,
            score,
            method,
            reason,
            m.title,
        )

    def _link_full(self, doc: str, m: Mention) -> Link:
        refs = [r for r in self.authority.lookup(m.name) if r.kind != "surname"]
        if m.type == "person":
            given, _ = split_person_name(m.name)
            refs = [
                r
                for r in refs
                if given_compatible(given, self.authority.entities[r.entity]) or r.kind == "alias"
            ] or refs
        if refs:
            entity = self.authority.entities[refs[0].entity]
            why = f"{m.name!r} is a name of {entity.name} in the authority file"
            return self._make(doc, m, entity.id, 0.95, "authority-alias", why)
        if m.type == "person":
            return self._link_person(doc, m)
        name = _display(m.name)
        if m.type == "place" and self.gazetteer is not None:
            place = self.gazetteer.lookup(name)
            if place is not None:
                known = self._geonames.get(place.ids["geonames"])
                ident = known or self._add(place).id
                why = f"{name!r} is GeoNames {place.ids['geonames']} ({place.name})"
                return self._make(doc, m, ident, 0.75, "gazetteer", why)
        return self._new(doc, m, Entity(entity_id(m.type, name), m.type, name, source="new"))

    def _link_person(self, doc: str, m: Mention) -> Link:
        given, surname = split_person_name(m.name)
        ids = [self.resolve(i) for i in self._surnames.get(fold(surname), [])]
        fits = [
            i
            for i in dict.fromkeys(ids)
            if self.entity(i).given and given_compatible(given, self.entity(i))
        ]
        if fits:
            best = max(fits, key=lambda i: self._counts[i])
            entity = self.entity(best)
            method = "authority-name" if entity.source == "authority" else "same-name"
            score = (0.85 if method == "authority-name" else 0.8) if len(fits) == 1 else 0.6
            why = f"given names and surname of {m.name!r} fit {entity.name}"
            if len(fits) > 1:
                why += f" (also possible: {', '.join(i for i in fits if i != best)})"
            return self._make(doc, m, best, score, method, why)
        display = " ".join([*(g for g in given if len(fold(g)) > 1), surname]) or m.name
        new = Entity(
            entity_id("person", display),
            "person",
            m.name,
            surname=surname,
            given=list(given),
            source="new",
        )
        link = self._new(doc, m, new)
        self._absorb_surname_only(surname, link.entity)
        return link

    def _new(self, doc: str, m: Mention, entity: Entity) -> Link:
        if entity.id in self.found or entity.id in self.authority:
            why = f"the same name {entity.name!r} was seen before"
            return self._make(doc, m, entity.id, 0.8, "same-name", why)
        self._add(entity)
        return self._make(doc, m, entity.id, 0.5, "new", f"no record for {m.name!r}: new entity")

    def _absorb_surname_only(self, surname: str, full_id: str) -> None:
        """Merge a surname-only entity into the one full name that now carries its surname."""
        ids = {self.resolve(i) for i in self._surnames.get(fold(surname), [])}
        full = [i for i in ids if self.entity(i).given]
        alone = [i for i in ids if not self.entity(i).given and self.entity(i).source == "new"]
        if full == [full_id]:
            for ident in alone:
                self.merge(
                    ident,
                    full_id,
                    f"{full_id} is the only full name with surname {surname!r} in the archive",
                )

    def _link_bare(self, doc: str, m: Mention, full: dict[str, list[tuple[int, str]]]) -> Link:
        here = full.get(fold(m.name), [])
        before = [(s, e) for s, e in here if s < m.start]
        if here:
            _, ident = max(before) if before else min(here)
            where = "preceding" if before else "following"
            why = f"nearest {where} full mention of {m.name!r} in this document is {ident}"
            return self._make(doc, m, ident, 0.9 if before else 0.8, "same-document-fullname", why)
        ids = [self.resolve(i) for i in self._surnames.get(fold(m.name), [])]
        ids = [i for i in dict.fromkeys(ids) if self.entity(i).bare_surname]
        if len(ids) == 1:
            why = f"{m.name!r} is the surname of only {self.entity(ids[0]).name}"
            return self._make(doc, m, ids[0], 0.75, "surname", why)
        if ids:
            best = max(ids, key=lambda i: (self._counts[i], -ids.index(i)))
            why = f"{m.name!r} may be any of {', '.join(ids)}; chose the most often linked"
            return self._make(doc, m, best, 0.4, "surname-ambiguous", why)
        entity = Entity(entity_id("person", m.name), "person", m.name, surname=m.name, source="new")
        return self._new(doc, m, entity)

    # ------------------------------------------------------------------ explanations and state

    def explain(self, link: Link) -> str:
        """Why a mention was linked where it was, merges since included."""
        text = f"{link.name!r} -> {link.entity} by {link.method} ({link.score:.2f}): {link.reason}"
        now = self.resolve(link.entity)
        if now != link.entity:
            chain = [m for m in self.merges if not m.undone and m.source == link.entity]
            text += f"; since merged into {now}" + "".join(f" ({m.reason})" for m in chain)
        return text

    def to_records(self) -> list[dict[str, Any]]:
        """Discovered entities and merges as plain dicts (``kind`` says which); the links are
        in the documents' mention spans."""
        out: list[dict[str, Any]] = [{"kind": "entity", **e.to_dict()} for e in self.found.values()]
        out.extend({"kind": "merge", **asdict(m)} for m in self.merges)
        return out

    @classmethod
    def from_records(
        cls,
        records: Iterable[dict[str, Any]],
        authority: AuthorityIndex,
        gazetteer: Gazetteer | None = None,
    ) -> Linker:
        """A linker restored from ``to_records`` output."""
        linker = cls(authority, gazetteer)
        for record in records:
            data = {k: v for k, v in record.items() if k != "kind"}
            if record.get("kind") == "entity":
                linker._add(Entity.from_dict(data))
            elif record.get("kind") == "merge":
                linker.merges.append(Merge(**data))
        return linker
