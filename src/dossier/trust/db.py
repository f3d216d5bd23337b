"""What every trust module shares: the SQL store behind an archive, the clock, checked text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import CursorResult

from dossier.errors import ConfigError, StoreError
from dossier.store.base import Store
from dossier.store.sql import SQLStore

__all__ = ["checked", "inserted_id", "now", "sql_store"]

MAX_TEXT = 2000


def sql_store(store: Store) -> SQLStore:
    """The SQL store behind ``store``: tokens and the audit trail live in its database."""
    if not isinstance(store, SQLStore):
        raise StoreError(f"access control and audit need a SQL archive, not {type(store).__name__}")
    return store


def now() -> str:
    """The current UTC time as ISO 8601 to the second, as every table of the archive keeps it."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def checked(value: str, what: str, limit: int = MAX_TEXT) -> str:
    """``value`` stripped; refused when empty, too long or holding a NUL or other control."""
    value = value.strip()
    if not value:
        raise ConfigError(f"{what} must not be empty")
    if len(value) > limit:
        raise ConfigError(f"{what} is longer than {limit} characters")
    if any(ord(ch) < 32 and ch not in "\t\n" for ch in value):
        raise ConfigError(f"{what} holds control characters")
    return value


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just added."""
    key = result.inserted_primary_key
    if key is None:
        raise StoreError("the database gave no id for the new row")
    return int(key[0])
