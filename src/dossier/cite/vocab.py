"""The citation vocabulary of ``data/cite.yaml``, validated once on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from dossier.data import load_data
from dossier.errors import ConfigError

__all__ = ["CiteVocab", "TypeInfo", "vocab"]


@dataclass(frozen=True)
class TypeInfo:
    """How one CSL item type is written in BibTeX, RIS and schema.org."""

    csl: str
    bibtex: str
    subtype: str | None
    ris: str
    schema: str
    archival: bool


@dataclass(frozen=True)
class CiteVocab:
    genres: dict[str, str]
    default_type: dict[str, str]
    article_containers: dict[str, str]
    types: dict[str, TypeInfo]
    languages: dict[str, str]
    location_parts: list[tuple[str, str | None]]
    corporate_words: frozenset[str]
    particles: frozenset[str]

    def type_of_bibtex(self, entry: str, subtype: str | None) -> str | None:
        return next(
            (t.csl for t in self.types.values() if (t.bibtex, t.subtype) == (entry, subtype)),
            None,
        )

    def type_of_ris(self, ris: str) -> str | None:
        return next((t.csl for t in self.types.values() if t.ris == ris), None)


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"cite.yaml: {key!r} must be a mapping")
    return value


def _types(raw: dict[str, Any]) -> dict[str, TypeInfo]:
    out: dict[str, TypeInfo] = {}
    for csl, spec in raw.items():
        try:
            out[csl] = TypeInfo(
                csl=csl,
                bibtex=str(spec["bibtex"]),
                subtype=spec.get("subtype"),
                ris=str(spec["ris"]),
                schema=str(spec["schema"]),
                archival=bool(spec.get("archival", False)),
            )
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"cite.yaml: type {csl!r} lacks {exc}") from exc
    pairs = {(t.bibtex, t.subtype) for t in out.values()}
    if len(pairs) != len(out) or len({t.ris for t in out.values()}) != len(out):
        raise ConfigError("cite.yaml: BibTeX and RIS types must be one per CSL type")
    return out


@cache
def vocab() -> CiteVocab:
    data = load_data("cite")
    if not isinstance(data, dict):
        raise ConfigError("cite.yaml: expected a mapping")
    types = _types(_mapping(data, "types"))
    genres = {str(k): str(v) for k, v in _mapping(data, "genres").items()}
    containers = {str(k): str(v) for k, v in _mapping(data, "article_containers").items()}
    defaults = {str(k): str(v) for k, v in _mapping(data, "default_type").items()}
    unknown = {*genres.values(), *containers.values(), *defaults.values()} - set(types)
    if unknown:
        raise ConfigError(f"cite.yaml: CSL types without a mapping: {sorted(unknown)}")
    return CiteVocab(
        genres=genres,
        default_type=defaults,
        article_containers=containers,
        types=types,
        languages={str(k).lower(): str(v) for k, v in _mapping(data, "languages").items()},
        location_parts=[(str(k), None if v is None else str(v)) for k, v in data["location_parts"]],
        corporate_words=frozenset(str(w).lower() for w in data["corporate_words"]),
        particles=frozenset(str(w) for w in data["particles"]),
    )
