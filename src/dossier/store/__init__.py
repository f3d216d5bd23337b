"""The archive's storage behind one narrow ``Store`` interface."""

from __future__ import annotations

from collections.abc import Callable

from dossier.errors import StoreError
from dossier.settings import Settings
from dossier.store.base import Store

__all__ = ["BACKENDS", "Store", "open_store", "url_of"]


def _sqlite(url: str, settings: Settings) -> Store:
    from dossier.store.sql import SQLStore

    return SQLStore(url, settings)


def _postgresql(url: str, settings: Settings) -> Store:
    from dossier.store.sql import SQLStore

    scheme, rest = url.split("://", 1)
    driver = "postgresql+psycopg" if scheme == "postgresql" else scheme
    return SQLStore(f"{driver}://{rest}", settings)


BACKENDS: dict[str, Callable[[str, Settings], Store]] = {
    "sqlite": _sqlite,
    "postgresql": _postgresql,
}


def url_of(db: str) -> str:
    """A database URL from a ``--db`` value: a URL as it is (``postgresql://user@host/db``),
    anything else a SQLite file path."""
    return db if "://" in db else f"sqlite:///{db}"


def open_store(settings: Settings) -> Store:
    url = url_of(settings.db)
    scheme = url.split(":", 1)[0].split("+", 1)[0]
    backend = BACKENDS.get(scheme)
    if backend is None:
        known = ", ".join(sorted(BACKENDS))
        raise StoreError(f"no archive backend for {scheme!r} (known: {known})")
    return backend(url, settings)
