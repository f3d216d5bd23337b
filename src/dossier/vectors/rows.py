"""What the vectors need from the store: where their folder is, the passages in id order a
batch at a time, and the passages (with their document's record) that a search found."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, bindparam, make_url, text

from dossier.errors import ConfigError, StoreError
from dossier.settings import Settings
from dossier.store.base import Store

__all__ = [
    "PassageRow",
    "count_passages",
    "engine_of",
    "needed_folder",
    "passage_batches",
    "passages_by_id",
    "vectors_folder",
]

_PAGE = """
SELECT id, text FROM passages WHERE id > :after ORDER BY id LIMIT :size
"""
_FOUND = """
SELECT p.id, p.document_id, p.kind, p.page, p.text, d.source, d.title, d.date
FROM passages p JOIN documents d ON d.id = p.document_id
WHERE p.id IN :ids
"""


@dataclass(frozen=True)
class PassageRow:
    id: int
    document_id: str
    kind: str
    page: str | None
    text: str
    source: str
    title: str | None
    date: str | None


def engine_of(store: Store) -> Engine:
    """The SQL engine behind ``store`` (vectors are kept for SQL archives)."""
    engine = getattr(store, "engine", None)
    if not isinstance(engine, Engine):
        raise StoreError(f"semantic vectors need a SQL archive, not {type(store).__name__}")
    return engine


def vectors_folder(engine: Engine, settings: Settings) -> Path | None:
    """``Settings.vectors_path``, or ``<archive file>.vectors`` beside a SQLite archive; ``None``
    for a server database without the setting."""
    if settings.vectors_path:
        return Path(settings.vectors_path)
    url = make_url(str(engine.url))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(f"{url.database}.vectors")
    return None


def needed_folder(engine: Engine, settings: Settings) -> Path:
    """``vectors_folder``, or a ``ConfigError`` saying which setting is missing."""
    folder = vectors_folder(engine, settings)
    if folder is None:
        raise ConfigError("semantic vectors of a server database need vectors_path (a folder)")
    return folder


def passage_batches(engine: Engine, size: int) -> Iterator[list[tuple[int, str]]]:
    """Every passage's ``(id, text)`` in id order, ``size`` at a time, each page read in its own
    short transaction (so that a long embedding run holds no lock or snapshot open)."""
    after = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(text(_PAGE), {"after": after, "size": size}).all()
        if not rows:
            return
        yield [(int(r[0]), str(r[1])) for r in rows]
        after = int(rows[-1][0])


def count_passages(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM passages")).scalar_one())


def passages_by_id(engine: Engine, ids: Iterable[int]) -> dict[int, PassageRow]:
    """The passages among ``ids`` that the store still has, with their document's record."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = text(_FOUND).bindparams(bindparam("ids", expanding=True))
    with engine.connect() as conn:
        rows = conn.execute(query, {"ids": wanted}).all()
    return {int(r.id): PassageRow(int(r.id), *r[1:]) for r in rows}
