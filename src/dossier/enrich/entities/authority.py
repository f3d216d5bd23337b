"""Authority records: entities with aliases (language, script, validity), external ids and notes.

The project's own records live in ``dossier/data/authority.yaml``; users add theirs from YAML or
CSV files with ``load_authority``. Every record is validated on load; a bad one raises
``ConfigError`` naming the file and the record.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dossier.data import load_data
from dossier.enrich.entities.names import (
    entity_id,
    fold,
    fold_with_offsets,
    script_of,
    slug,
    split_person_name,
)
from dossier.errors import ConfigError

__all__ = [
    "Alias",
    "AliasRef",
    "AuthorityIndex",
    "Entity",
    "Vocabulary",
    "entity_id",
    "fold",
    "fold_with_offsets",
    "load_authority",
    "slug",
    "split_person_name",
    "vocabulary",
]

_ID = re.compile(r"^(?P<type>[a-z]+):[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Alias:
    """Another name of an entity, in a language and script, valid ``valid_from``-``valid_to``."""

    name: str
    lang: str = "en"
    script: str = "Latn"
    valid_from: int | None = None
    valid_to: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "lang": self.lang, "script": self.script}
        if self.valid_from is not None:
            out["from"] = self.valid_from
        if self.valid_to is not None:
            out["to"] = self.valid_to
        return out


@dataclass
class Entity:
    """An authority record (or an entity the linker discovered, ``source="new"``)."""

    id: str
    type: str
    name: str
    aliases: list[Alias] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    coordinates: tuple[float, float] | None = None
    note: str | None = None
    surname: str | None = None
    given: list[str] = field(default_factory=list)
    patronymic: str | None = None
    bare_surname: bool = True
    source: str = "authority"

    def names(self) -> list[str]:
        return [self.name, *(a.name for a in self.aliases)]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name}
        if self.aliases:
            out["aliases"] = [a.to_dict() for a in self.aliases]
        for key in ("ids", "note", "surname", "given", "patronymic"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.coordinates is not None:
            out["coordinates"] = list(self.coordinates)
        if not self.bare_surname:
            out["bare_surname"] = False
        out["source"] = self.source
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return _entity(data, data.get("source", "authority"))


@dataclass(frozen=True)
class AliasRef:
    """One entry of the alias index: which entity, through which name, of what kind."""

    entity: str
    name: str
    kind: str  # "name" (preferred), "alias" or "surname"
    acronym: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """Entity types, NER label map, titles and non-names, from ``authority.yaml``."""

    types: frozenset[str]
    labels: dict[str, str]
    titles: tuple[str, ...]
    not_names: frozenset[str]


@cache
def vocabulary() -> Vocabulary:
    data = load_data("authority")
    if not isinstance(data, dict):
        raise ConfigError("authority.yaml: expected a mapping")
    try:
        return Vocabulary(
            types=frozenset(data["types"]),
            labels=dict(data["labels"]),
            titles=tuple(sorted(data["titles"], key=len, reverse=True)),
            not_names=frozenset(data["not_names"]),
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"authority.yaml: bad vocabulary section: {exc}") from exc


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class AuthorityIndex:
    """Entities by id and an index from folded names to the entities that bear them."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self.entities: dict[str, Entity] = {}
        self.keys: dict[str, list[AliasRef]] = {}
        for entity in entities:
            self.add(entity)

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def add(self, entity: Entity) -> None:
        """Add (or replace) an entity and index its names."""
        if entity.id in self.entities:
            for refs in self.keys.values():
                refs[:] = [r for r in refs if r.entity != entity.id]
        self.entities[entity.id] = entity
        self._index(entity.name, AliasRef(entity.id, entity.name, "name"))
        for alias in entity.aliases:
            ref = AliasRef(entity.id, alias.name, "alias", _is_acronym(alias.name))
            self._index(alias.name, ref)
        if entity.type == "person" and entity.surname and entity.bare_surname:
            self._index(entity.surname, AliasRef(entity.id, entity.surname, "surname"))

    def _index(self, name: str, ref: AliasRef) -> None:
        key = fold(name)
        if not key:
            return
        refs = self.keys.setdefault(key, [])
        if not any(r.entity == ref.entity and r.kind == ref.kind for r in refs):
            refs.append(ref)

    def lookup(self, name: str) -> list[AliasRef]:
        """Index entries whose name folds like ``name`` (full names before surnames)."""
        refs = self.keys.get(fold(name), [])
        return sorted(refs, key=lambda r: r.kind == "surname")

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def persons_with_surname(self, surname: str) -> list[Entity]:
        key = fold(surname)
        return [
            self.entities[r.entity]
            for r in self.keys.get(key, [])
            if r.kind == "surname" or (r.kind == "name" and self._surname_key(r.entity) == key)
        ]

    def _surname_key(self, entity_id: str) -> str:
        entity = self.entities[entity_id]
        return fold(entity.surname or "")


# ----------------------------------------------------------------------------- loading


def _year(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a year (an integer), not {value!r}")
    return value


def _alias(raw: Any) -> Alias:
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        raise ValueError(f"alias {raw!r} needs a non-empty name")
    unknown = set(raw) - {"name", "lang", "script", "from", "to"}
    if unknown:
        raise ValueError(f"alias {raw['name']!r} has unknown keys {sorted(unknown)}")
    start, end = _year(raw.get("from"), "from"), _year(raw.get("to"), "to")
    if start is not None and end is not None and start > end:
        raise ValueError(f"alias {raw['name']!r} is valid from {start} after to {end}")
    name = str(raw["name"])
    return Alias(
        name, str(raw.get("lang", "en")), str(raw.get("script") or script_of(name)), start, end
    )


def _coordinates(raw: Any) -> tuple[float, float] | None:
    if raw is None:
        return None
    try:
        lat, lon = (float(v) for v in raw)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"coordinates must be [lat, lon], not {raw!r}") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordinates {raw!r} out of range")
    return lat, lon


_KEYS = frozenset(
    {
        "id",
        "type",
        "name",
        "aliases",
        "ids",
        "coordinates",
        "note",
        "surname",
        "given",
        "patronymic",
        "order",
        "bare_surname",
        "source",
    }
)


def _entity(raw: Any, source: str) -> Entity:
    if not isinstance(raw, dict):
        raise ValueError("a record must be a mapping")
    unknown = set(raw) - _KEYS
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    ident, kind, name = raw.get("id"), raw.get("type"), raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("name is missing")
    if kind not in vocabulary().types:
        raise ValueError(f"type {kind!r} is not one of {sorted(vocabulary().types)}")
    ident = ident or entity_id(str(kind), name)
    match = _ID.match(str(ident))
    if not match or match["type"] != kind:
        raise ValueError(f"id {ident!r} must look like '{kind}:some-name'")
    ids = raw.get("ids") or {}
    if not isinstance(ids, dict):
        raise ValueError("ids must be a mapping such as {wikidata: Q148}")
    entity = Entity(
        id=str(ident),
        type=str(kind),
        name=name.strip(),
        aliases=[_alias(a) for a in raw.get("aliases") or []],
        ids={str(k): str(v) for k, v in ids.items()},
        coordinates=_coordinates(raw.get("coordinates")),
        note=raw.get("note"),
        patronymic=raw.get("patronymic"),
        bare_surname=bool(raw.get("bare_surname", True)),
        source=source,
    )
    if kind == "person":
        given, surname = split_person_name(name, eastern=raw.get("order") == "eastern")
        entity.surname = raw.get("surname") or surname
        entity.given = [str(g) for g in raw.get("given") or given]
    return entity


def _records_of_file(path: Path) -> list[Any]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read authority file: {exc}") from exc
    if path.suffix.lower() == ".csv":
        return [_csv_row(row) for row in csv.DictReader(text.splitlines())]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("entities")
    if not isinstance(data, list):
        raise ConfigError(f"{path}: expected a list of entities (or a mapping with 'entities')")
    return data


def _csv_row(row: dict[str, str]) -> dict[str, Any]:
    """CSV columns: id, type, name, aliases (``;``-separated), wikidata, geonames, lat, lon,
    note, surname. Empty cells are left out."""
    out: dict[str, Any] = {k: v.strip() for k, v in row.items() if k and v and v.strip()}
    if "aliases" in out:
        out["aliases"] = [a.strip() for a in out["aliases"].split(";") if a.strip()]
    ids = {k: out.pop(k) for k in ("wikidata", "geonames") if k in out}
    if ids:
        out["ids"] = ids
    if "lat" in out or "lon" in out:
        out["coordinates"] = [out.pop("lat", None), out.pop("lon", None)]
    return out


def _load_records(records: Sequence[Any], origin: str) -> list[Entity]:
    seen: set[str] = set()
    out: list[Entity] = []
    for n, raw in enumerate(records, 1):
        label = raw.get("id") or raw.get("name") if isinstance(raw, dict) else None
        try:
            entity = _entity(raw, "authority")
        except ValueError as exc:
            raise ConfigError(f"{origin}: record {n} ({label or '?'}): {exc}") from exc
        if entity.id in seen:
            raise ConfigError(f"{origin}: record {n} ({entity.id}): duplicate id")
        seen.add(entity.id)
        out.append(entity)
    return out


@cache
def _builtin() -> tuple[Entity, ...]:
    data = load_data("authority")
    records = data.get("entities") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise ConfigError("authority.yaml: expected a list under 'entities'")
    return tuple(_load_records(records, "authority.yaml"))


def load_authority(paths: Iterable[Path | str] = (), *, builtin: bool = True) -> AuthorityIndex:
    """The project's records (unless ``builtin=False``) plus those of ``paths`` (YAML or CSV);
    a later record with the same id replaces an earlier one."""
    index = AuthorityIndex()
    if builtin:
        for entity in _builtin():
            index.add(entity)
    for path in map(Path, paths):
        for entity in _load_records(_records_of_file(path), str(path)):
            index.add(entity)
    return index
