"""Entity mentions, the authority file and linking (``entities@1``).

``EntityStage`` finds mentions of persons, places, organisations, events and works with
spaCy's small English model (optional), the authority file's aliases and name patterns, and
links each to an entity through a ``Linker`` that keeps the archive's entities across documents.
"""

from __future__ import annotations

from dossier.enrich.entities.authority import (
    Alias,
    AuthorityIndex,
    Entity,
    entity_id,
    fold,
    load_authority,
)
from dossier.enrich.entities.gazetteer import Gazetteer, default_gazetteer
from dossier.enrich.entities.link import Link, Linker, Merge
from dossier.enrich.entities.model import DEFAULT_MODEL, NerModel, load_ner, ner_status
from dossier.enrich.entities.rules import AliasMatcher, Mention, extract_mentions
from dossier.enrich.entities.stage import EntityStage

__all__ = [
    "DEFAULT_MODEL",
    "Alias",
    "AliasMatcher",
    "AuthorityIndex",
    "Entity",
    "EntityStage",
    "Gazetteer",
    "Link",
    "Linker",
    "Mention",
    "Merge",
    "NerModel",
    "default_gazetteer",
    "entity_id",
    "extract_mentions",
    "fold",
    "load_authority",
    "load_ner",
    "ner_status",
]
