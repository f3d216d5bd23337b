"""The one exception tree of Dossier.

Every error the library raises on purpose is a ``DossierError``. Shells (CLI, web) turn them into
exit codes or HTTP statuses at the edge; nothing inside the library does.

    DossierError
    ├── ConfigError            bad settings file or environment value
    ├── ReadError              a file could not become a document (carries the source)
    │   ├── UnsupportedFormat  no reader claims the bytes
    │   ├── EmptyDocument      nothing readable: empty file, empty extraction
    │   ├── BinaryContent      bytes are not text (NUL bytes, control characters)
    │   ├── DecodingError      no text encoding fits the bytes
    │   ├── UnsafeInput        refused for safety: DTDs, entities, bombs, oversize
    │   └── CorruptFile        a format's own parser gave up (truncated PDF, broken zip)
    ├── PipelineError          stages in an impossible order or a contract broken
    ├── StoreError             the archive could not be opened or written
    ├── NotFound               no document, passage or entity with that id
    ├── FixityError            stored or bagged bytes no longer match their checksum
    ├── QueryError             a search query that cannot be run (message says why)
    └── HarvestError           an OAI-PMH provider could not be harvested (URL and why)
"""

from __future__ import annotations

__all__ = [
    "BinaryContent",
    "ConfigError",
    "CorruptFile",
    "DecodingError",
    "DossierError",
    "EmptyDocument",
    "FixityError",
    "HarvestError",
    "NotFound",
    "PipelineError",
    "QueryError",
    "ReadError",
    "StoreError",
    "UnsafeInput",
    "UnsupportedFormat",
]


class DossierError(Exception):
    """Root of every error Dossier raises on purpose."""

    code = "E000"


class ConfigError(DossierError):
    code = "E001"


class ReadError(DossierError):
    """A file could not be read; ``source`` names it and ``reason`` says why in one line."""

    code = "E100"

    def __init__(self, reason: str, source: str = "") -> None:
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {reason}" if source else reason)

    def with_source(self, source: str) -> ReadError:
        """The same error, naming ``source`` when it did not yet name a file."""
        if self.source:
            return self
        return type(self)(self.reason, source)


class UnsupportedFormat(ReadError):
    code = "E101"


class EmptyDocument(ReadError):
    code = "E102"


class BinaryContent(ReadError):
    code = "E103"


class DecodingError(ReadError):
    code = "E104"


class UnsafeInput(ReadError):
    code = "E105"


class CorruptFile(ReadError):
    code = "E106"


class PipelineError(DossierError):
    code = "E200"


class StoreError(DossierError):
    code = "E300"


class NotFound(DossierError):
    code = "E301"


class FixityError(DossierError):
    """Bytes that no longer match the checksum recorded for them (a stored original, a bag)."""

    code = "E302"


class QueryError(DossierError):
    code = "E400"


class HarvestError(DossierError):
    """An OAI-PMH provider could not be harvested: unreachable, or not speaking OAI-PMH."""

    code = "E500"
