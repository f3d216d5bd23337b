"""What differs between the SQL engines behind ``SQLStore``, by SQLAlchemy dialect name: the
connection set-up, the full-text index, and the database's own consistency check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from dossier.errors import ConfigError, StoreError
from dossier.settings import Settings
from dossier.store.base import Hit, SearchRequest

__all__ = [
    "DIALECTS",
    "INDEXES",
    "Dialect",
    "SearchIndex",
    "TrackedIndex",
    "dialect_of",
    "search_index",
]


class SearchIndex(Protocol):
    def search(self, request: SearchRequest) -> list[Hit]: ...

    def matching(self, request: SearchRequest) -> list[str]: ...

    def check(self, conn: Connection) -> list[str]: ...


@runtime_checkable
class TrackedIndex(Protocol):
    """An index outside the database, told about each write around the store's commit."""

    def will_change(self, doc_ids: list[str]) -> None: ...

    def changed(self, doc_ids: list[str]) -> None: ...

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Dialect:
    index: Callable[[Engine, Settings], SearchIndex]
    check: Callable[[Connection], list[str]]
    on_connect: Callable[[Any, Any], None] | None = None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_check(conn: Connection) -> list[str]:
    result = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
    return [r for r in result if r != "ok"]


def _postgresql_check(conn: Connection) -> list[str]:
    """PostgreSQL checks its pages itself; what can go wrong visibly is an index left invalid
    (an interrupted ``CREATE INDEX CONCURRENTLY``, say)."""
    rows = conn.execute(
        text("SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid")
    ).all()
    return [f"index {row[0]} is invalid" for row in rows]


def _fts5(engine: Engine, settings: Settings) -> SearchIndex:
    from dossier.search.fts5 import Fts5Index

    return Fts5Index(engine, settings)


def _tsvector(engine: Engine, settings: Settings) -> SearchIndex:
    from dossier.search.tsvector import TsvectorIndex

    return TsvectorIndex(engine, settings)


DIALECTS: dict[str, Dialect] = {
    "sqlite": Dialect(index=_fts5, check=_sqlite_check, on_connect=_sqlite_pragmas),
    "postgresql": Dialect(index=_tsvector, check=_postgresql_check),
}


def dialect_of(engine: Engine) -> Dialect:
    dialect = DIALECTS.get(engine.dialect.name)
    if dialect is None:
        raise StoreError(f"no support for SQL dialect {engine.dialect.name!r}")
    return dialect


def _tantivy(engine: Engine, settings: Settings) -> SearchIndex:
    from dossier.search.tantivy_index import TantivyIndex

    return TantivyIndex(engine, settings)


INDEXES: dict[str, Callable[[Engine, Settings], SearchIndex]] = {"tantivy": _tantivy}


def search_index(engine: Engine, settings: Settings, kind: str | None = None) -> SearchIndex:
    """The index ``kind`` names (``Settings.search_index`` by default): ``native`` is the
    engine's own (FTS5 or tsvector), anything else one of ``INDEXES``."""
    kind = kind or settings.search_index
    if kind == "native":
        return dialect_of(engine).index(engine, settings)
    factory = INDEXES.get(kind)
    if factory is None:
        known = ", ".join(["native", *INDEXES])
        raise ConfigError(f"unknown search_index {kind!r} (known: {known})")
    return factory(engine, settings)
