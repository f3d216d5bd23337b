"""The OAI-PMH vocabulary of ``data/oai.yaml``, validated on load: the Dublin Core mapping both
ways and the set families."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from dossier.data import load_data
from dossier.errors import ConfigError
from dossier.model import Record

__all__ = ["DC_ELEMENTS", "OaiVocabulary", "SetFamily", "vocabulary"]

DC_ELEMENTS = (
    "title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
    "format", "identifier", "source", "language", "relation", "coverage", "rights",
)  # fmt: skip

_RECORD_FIELDS = frozenset(f.name for f in fields(Record)) - {"extra"}


@dataclass(frozen=True)
class SetFamily:
    """A family of sets: ``spec`` holds every document with a ``field``; ``spec:word`` those whose
    ``field`` value makes ``word``."""

    spec: str
    field: str
    name: str


@dataclass(frozen=True)
class OaiVocabulary:
    export: tuple[tuple[str, str], ...]
    dcmi_type: str
    imports: dict[str, str]
    dcmi_types: frozenset[str]
    sets: tuple[SetFamily, ...]


def _fail(what: str) -> ConfigError:
    return ConfigError(f"oai.yaml: {what}")


def _export(raw: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list):
        raise _fail("'export' must be a list of [record field, dc element] pairs")
    out = []
    for pair in raw:
        if not (isinstance(pair, list) and len(pair) == 2):
            raise _fail(f"export entry {pair!r} is not a pair")
        name, element = map(str, pair)
        if name not in _RECORD_FIELDS or element not in DC_ELEMENTS:
            raise _fail(f"export entry {pair!r}: unknown record field or dc element")
        out.append((name, element))
    return tuple(out)


def _imports(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise _fail("'import' must map dc elements to record fields")
    for element, name in raw.items():
        if element not in DC_ELEMENTS or name not in _RECORD_FIELDS:
            raise _fail(f"import entry {element}: {name}: unknown dc element or record field")
    return {str(k): str(v) for k, v in raw.items()}


def _sets(raw: Any) -> tuple[SetFamily, ...]:
    if not isinstance(raw, list):
        raise _fail("'sets' must be a list")
    out = []
    for item in raw:
        if not isinstance(item, dict) or set(item) != {"spec", "field", "name"}:
            raise _fail(f"set family {item!r} needs exactly spec, field and name")
        family = SetFamily(str(item["spec"]), str(item["field"]), str(item["name"]))
        if family.field not in _RECORD_FIELDS or not family.spec.isalnum():
            raise _fail(f"set family {family.spec!r}: bad spec or unknown field {family.field!r}")
        out.append(family)
    return tuple(out)


@cache
def vocabulary() -> OaiVocabulary:
    data = load_data("oai")
    if not isinstance(data, dict):
        raise _fail("expected a mapping")
    return OaiVocabulary(
        export=_export(data.get("export")),
        dcmi_type=str(data.get("dcmi_type", "Text")),
        imports=_imports(data.get("import")),
        dcmi_types=frozenset(map(str, data.get("dcmi_types") or [])),
        sets=_sets(data.get("sets")),
    )
