"""The narrow ``Store`` interface every backend implements, and the shapes it returns."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from dossier.model import Document, Record

__all__ = [
    "SORTS",
    "Change",
    "ChangeQuery",
    "DocumentSummary",
    "Facet",
    "FileStatus",
    "FileWrite",
    "Hit",
    "SearchPage",
    "SearchRequest",
    "SpanQuery",
    "Status",
    "Store",
    "StoredPassage",
    "StoredSpan",
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
    ingested_at: str | None = None

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
    sort: str = "relevance"  # or "date": oldest document first, undated last
    person: str | None = None  # entity ids: only documents that mention them
    place: str | None = None
    within: tuple[str, ...] | None = None  # document ids the library resolved the above to


SORTS = ("relevance", "date")


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SearchPage:
    """One page of hits, how many passages match in all, and the facets of the whole match."""

    request: SearchRequest
    hits: list[Hit]
    total: int
    facets: dict[str, list[Facet]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "offset": self.request.offset,
            "limit": self.request.limit,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [f.to_dict() for f in v] for k, v in self.facets.items()},
        }


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
class ChangeQuery:
    """Documents in the order they were stored (what OAI-PMH lists). ``since`` and ``until`` are
    inclusive; ``after`` is the ``(stored_at, id)`` of the last document already seen; ``field``
    and ``values`` keep documents whose record ``field`` is one of ``values``; ``ids`` keeps
    only those documents."""

    since: datetime | None = None
    until: datetime | None = None
    after: tuple[datetime, str] | None = None
    field: str | None = None
    values: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    limit: int = 100


@dataclass(frozen=True)
class Change:
    """A document's id, when it was stored (UTC, to the second) and its record."""

    id: str
    stored_at: datetime
    record: Record


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


@dataclass(frozen=True)
class SpanQuery:
    """Spans of one layer, without loading their documents. ``entities`` keeps mentions linked
    to those ids, ``documents`` the spans of those documents, ``ids`` those spans; ``dated``
    keeps time spans with an earliest date, ``since`` and ``before`` those whose earliest date
    is in ``[since, before)`` (text comparison of ISO prefixes). ``order`` is ``document``
    (source, document, start) or ``time`` (earliest, latest, source, start; undated last);
    ``text`` says whether to cut each span's text from its document."""

    layer: str
    entities: tuple[str, ...] | None = None
    documents: tuple[str, ...] | None = None
    ids: tuple[int, ...] | None = None
    dated: bool = False
    since: str | None = None
    before: str | None = None
    order: str = "document"
    text: bool = True
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True)
class StoredSpan:
    """A span with its document's id, source, title and date (``text`` is empty when the
    query did not ask for it)."""

    id: int
    document: str
    source: str
    title: str | None
    date: str | None
    start: int
    end: int
    value: dict[str, Any]
    text: str


@dataclass
class FileWrite:
    """One file to store: its documents, its original's bytes and the entity records its
    documents changed."""

    source: str
    sha256: str
    data: bytes
    docs: list[Document]
    records: list[dict[str, Any]] = field(default_factory=list)


class Store(Protocol):
    """What the rest of Dossier may ask of an archive, whatever the database behind it."""

    url: str

    def close(self) -> None: ...

    def stored_sha(self, sha256: str) -> bool: ...

    def stored_shas(self, shas: Collection[str]) -> set[str]:
        """Which of ``shas`` were ingested."""
        ...

    def save_files(self, files: Sequence[FileWrite]) -> None:
        """Store several files in one transaction: all of them, or none and a ``StoreError``
        naming the file that failed."""
        ...

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

    def reindex(
        self, kind: str | None = None, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Rebuild a search index from the stored passages; returns how many it holds."""
        ...

    def matching(self, request: SearchRequest) -> list[str]:
        """The document id of every passage ``request`` matches (for counts and facets)."""
        ...

    def facts(self, doc_ids: list[str]) -> dict[str, dict[str, str | None]]:
        """Facet fields (genre, language, source, year) of the given documents."""
        ...

    def recent(self, limit: int = 10) -> list[DocumentSummary]:
        """The documents stored last, newest first, with their storage time."""
        ...

    def linked_entities(self) -> int:
        """How many distinct entities the archive's mentions are linked to."""
        ...

    def mentioning(self, entity_ids: list[str]) -> set[str]:
        """Ids of the documents with a mention linked to any of ``entity_ids``."""
        ...

    def mention_values(self, doc_ids: list[str]) -> list[tuple[str, dict[str, Any]]]:
        """(document id, span value) of every linked mention in the given documents."""
        ...

    def status(self) -> Status: ...

    def integrity_check(self) -> list[str]: ...

    def changes(self, query: ChangeQuery) -> tuple[int, list[Change]]: ...

    def record_values(self, field: str) -> list[str]: ...

    def spans(self, query: SpanQuery) -> list[StoredSpan]:
        """The spans ``query`` asks for, in its order, paged by its limit and offset."""
        ...

    def mention_counts(
        self,
        merged: dict[str, str] | None = None,
        entities: list[str] | None = None,
        together_with: list[str] | None = None,
    ) -> list[tuple[str, int, int]]:
        """(entity id, mentions, distinct documents) of the linked mentions, each id first
        mapped through ``merged`` (id → the id it counts as); ``entities`` keeps the mentions
        linked to those ids, ``together_with`` those in documents that also mention one of
        those ids (both before the mapping)."""
        ...

    def mention_names(self, entities: list[str]) -> list[tuple[str, str, str, int]]:
        """(text as written, link method, link reason, count) of the mentions linked to any
        of ``entities``; a missing method reads ``None``, a missing reason ``""``."""
        ...

    def time_counts(
        self, width: int, since: str | None = None, before: str | None = None
    ) -> dict[str, int]:
        """How many dated time spans begin in each period: the first ``width`` characters
        of their earliest date (3 a decade, 4 a year, 7 a month), within ``[since, before)``."""
        ...
