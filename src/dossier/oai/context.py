"""What every verb of the provider works with: the store, the settings, the base URL and the
repository identifier that makes OAI identifiers (``oai:<repository>:<document id>``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossier.oai.errors import OaiError
from dossier.settings import Settings
from dossier.store import Store
from dossier.store.base import Change, ChangeQuery

__all__ = ["FORMATS", "Context", "MetadataFormat", "metadata_format"]

# A repositoryIdentifier of the oai-identifier scheme: a domain name.
DOMAIN = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str


FORMATS = {
    "oai_dc": MetadataFormat(
        "oai_dc",
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        "http://www.openarchives.org/OAI/2.0/oai_dc/",
    )
}


@dataclass(frozen=True)
class Context:
    store: Store
    settings: Settings
    base_url: str
    repository_id: str

    @property
    def describable(self) -> bool:
        """Whether identifiers follow the oai-identifier scheme (a domain as repository id)."""
        return bool(DOMAIN.match(self.repository_id))

    def identifier(self, doc_id: str) -> str:
        return f"oai:{self.repository_id}:{doc_id}"

    def lookup(self, identifier: str) -> Change:
        """The stored document ``identifier`` names; ``idDoesNotExist`` otherwise."""
        prefix = f"oai:{self.repository_id}:"
        doc_id = identifier.removeprefix(prefix) if identifier.startswith(prefix) else ""
        found = self.store.changes(ChangeQuery(ids=(doc_id,), limit=1))[1] if doc_id else []
        if not found:
            raise OaiError("idDoesNotExist", f"no item {identifier!r} in this repository")
        return found[0]

    def earliest(self) -> Change | None:
        changes = self.store.changes(ChangeQuery(limit=1))[1]
        return changes[0] if changes else None


def metadata_format(prefix: str) -> MetadataFormat:
    found = FORMATS.get(prefix)
    if found is None:
        known = ", ".join(FORMATS)
        raise OaiError("cannotDisseminateFormat", f"no metadata format {prefix!r} (known: {known})")
    return found
