"""OAI-PMH 2.0: the provider over an archive (``provider.respond``) and the harvester that reads
another provider's ``oai_dc`` records into an archive (``harvest.harvest``)."""

from __future__ import annotations

from dossier.oai.errors import OaiError
from dossier.oai.provider import respond

__all__ = ["OaiError", "respond"]
