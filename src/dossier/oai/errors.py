"""OAI-PMH protocol errors: a request the provider answers with an ``<error code=…>`` element
(HTTP 200, as the protocol asks) rather than with records."""

from __future__ import annotations

from dossier.errors import QueryError

__all__ = ["ERROR_CODES", "OaiError"]

ERROR_CODES = frozenset(
    {
        "badArgument",
        "badResumptionToken",
        "badVerb",
        "cannotDisseminateFormat",
        "idDoesNotExist",
        "noMetadataFormats",
        "noRecordsMatch",
        "noSetHierarchy",
    }
)


class OaiError(QueryError):
    """One OAI-PMH error condition: ``oai_code`` is the protocol's code, the message says why."""

    def __init__(self, oai_code: str, message: str) -> None:
        if oai_code not in ERROR_CODES:
            raise ValueError(f"not an OAI-PMH error code: {oai_code}")
        self.oai_code = oai_code
        super().__init__(message)
