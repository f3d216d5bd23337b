"""The narrow ``Store`` interface every backend implements, and the shapes it returns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from dossier.model import Document

__all__ = [
    "DocumentSummary",
    "FileStatus",
    "Hit",
    "SearchRequest",
    "Status",
    "Store",
    "StoredPassage",
]


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    source: str
    title: str | None
    date: str | None
    genre: str | None
    kind: str | None
    language: str | None
    reader: str
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class StoredPassage:
    id: int
    document_id: str
    seq: int
    kind: str
    start: int
    end: int
    page: str | None
    label: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SearchRequest:
    """A full-text query with optional filters; dates are ISO prefixes (``1954``, ``1954-10``)."""

    query: str
    limit: int = 10
    offset: int = 0
    date_from: str | None = None
    date_to: str | None = None
    genre: str | None = None
    language: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Hit:
    passage: int
    document: str
    source: str
    title: str | None
    date: str | None
    kind: str
    page: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]]
    text: str

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["highlights"] = [list(h) for h in self.highlights]
        return out


@dataclass(frozen=True)
class FileStatus:
    source: str
    sha256: str
    status: str
    reason: str | None
    code: str | None
    documents: int
    attempts: int
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Status:
    documents: int
    passages: int
    spans: int
    originals: int
    original_bytes: int
    files_ok: int
    files_failed: int
    failures: list[FileStatus] = field(default_factory=list)
    by_genre: dict[str, int] = field(default_factory=dict)
    by_reader: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["failures"] = [f.to_dict() for f in self.failures]
        return out


class Store(Protocol):
    """What the rest of Dossier may ask of an archive, whatever the database behind it."""

    url: str

    def close(self) -> None: ...

    def stored_sha(self, sha256: str) -> bool: ...

    def save_file(
        self,
        source: str,
        sha256: str,
        data: bytes,
        docs: list[Document],
        records: list[dict[str, Any]] | None = None,
    ) -> None: ...

    def entity_records(self) -> list[dict[str, Any]]: ...

    def save_records(self, records: list[dict[str, Any]]) -> None: ...

    def replace_documents(self, sha256: str, docs: list[Document]) -> None: ...

    def pipelines(self) -> dict[str, tuple[str, str]]: ...

    def record_file(
        self,
        source: str,
        sha256: str,
        status: str,
        reason: str | None = None,
        code: str | None = None,
    ) -> None: ...

    def documents(self, limit: int = 100, offset: int = 0) -> list[DocumentSummary]: ...

    def document(self, doc_id: str) -> Document: ...

    def passages(self, doc_id: str) -> list[StoredPassage]: ...

    def iter_documents(self) -> Iterator[Document]: ...

    def original(self, sha256: str) -> bytes: ...

    def search(self, request: SearchRequest) -> list[Hit]: ...

    def status(self) -> Status: ...

    def integrity_check(self) -> list[str]: ...
