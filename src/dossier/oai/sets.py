"""OAI sets from record fields (families in ``data/oai.yaml``): ``genre`` holds every document
with a genre, ``genre:telegram`` those whose genre is telegram. A value becomes a setSpec word
by folding it to ASCII, lower case, with runs of other characters made ``-``."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from dossier.model import Record
from dossier.oai.vocab import SetFamily, vocabulary
from dossier.store import Store

__all__ = ["SET_SPEC", "OaiSet", "catalogue", "set_word", "specs_of"]

SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(?::[A-Za-z0-9\-_.!~*'()]+)*$")
_OTHER = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class OaiSet:
    """One set: its spec and name, and the record field values that put a document in it."""

    spec: str
    name: str
    field: str
    values: tuple[str, ...]


def set_word(value: str) -> str:
    """``Wilson Center Digital Archive`` → ``wilson-center-digital-archive``; a value with no
    ASCII letter or digit gets a word from its hash."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    word = _OTHER.sub("-", folded).strip("-")
    return word or "h" + hashlib.sha256(value.encode()).hexdigest()[:10]


def _family_sets(family: SetFamily, values: list[str]) -> list[OaiSet]:
    by_word: dict[str, list[str]] = {}
    for value in values:
        by_word.setdefault(set_word(value), []).append(value)
    out = [OaiSet(family.spec, family.name, family.field, tuple(values))]
    for word, members in sorted(by_word.items()):
        name = f"{family.field.capitalize()}: {' / '.join(members)}"
        out.append(OaiSet(f"{family.spec}:{word}", name, family.field, tuple(members)))
    return out


def catalogue(store: Store) -> list[OaiSet]:
    """Every set that has documents, families first within each family."""
    out: list[OaiSet] = []
    for family in vocabulary().sets:
        values = store.record_values(family.field)
        if values:
            out.extend(_family_sets(family, values))
    return out


def specs_of(record: Record) -> list[str]:
    """The setSpecs of the most specific sets ``record`` belongs to."""
    out = []
    for family in vocabulary().sets:
        value = getattr(record, family.field)
        if isinstance(value, str) and value.strip():
            out.append(f"{family.spec}:{set_word(value)}")
    return out
