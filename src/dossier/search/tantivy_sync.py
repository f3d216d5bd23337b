"""What keeps a separate search index in step with the store, which stays the source of truth.

- ``Journal``: before a write's transaction, the ids of the documents it will change are noted
  in a small file of this process inside the index directory; they are forgotten once the index
  has committed them. After a crash between the store's commit and the index's, the next opening
  finds the note and indexes those documents again from the store. This also covers passage ids
  that SQLite hands out again after the newest rows were deleted (``replace_documents``).
- ``IdStats``: the count, smallest, largest and sum of passage ids, cheap to compute on both
  sides. When they differ, the index compares the full id sets and adds what the store has
  beyond it and removes what the store no longer has (rows written or deleted by other means).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

__all__ = ["IdStats", "Journal", "count_passages", "passage_rows", "store_ids", "store_stats"]

CHUNK = 500

_ROWS = """
SELECT p.id, p.document_id, p.text, d.source, d.genre, d.language, d.date_earliest,
       d.date_latest
FROM passages p JOIN documents d ON d.id = p.document_id
"""


@dataclass(frozen=True)
class IdStats:
    count: int
    smallest: int
    largest: int
    total: int


def store_stats(conn: Connection) -> IdStats:
    row = conn.execute(text("SELECT COUNT(id), MIN(id), MAX(id), SUM(id) FROM passages")).one()
    return IdStats(int(row[0]), int(row[1] or 0), int(row[2] or 0), int(row[3] or 0))


def store_ids(conn: Connection) -> set[int]:
    return {int(row[0]) for row in conn.execute(text("SELECT id FROM passages"))}


def count_passages(conn: Connection) -> int:
    return int(conn.execute(text("SELECT COUNT(*) FROM passages")).scalar_one())


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for at in range(0, len(values), CHUNK):
        yield values[at : at + CHUNK]


def passage_rows(
    conn: Connection,
    *,
    documents: Iterable[str] | None = None,
    ids: Iterable[int] | None = None,
) -> Iterator[Any]:
    """The rows to index: every passage, or those of some documents, or some passage ids."""
    if documents is None and ids is None:
        yield from conn.execution_options(stream_results=True, yield_per=2000).execute(
            text(_ROWS + " ORDER BY p.id")
        )
        return
    column, values = ("p.document_id", documents) if ids is None else ("p.id", ids)
    query = text(_ROWS + f" WHERE {column} IN :values").bindparams(
        bindparam("values", expanding=True)
    )
    for chunk in _chunks(sorted(set(values or ()))):
        yield from conn.execute(query, {"values": chunk})


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Journal:
    """Document ids noted before a write, one file per process: ``pending-<pid>.txt``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.own = folder / f"pending-{os.getpid()}.txt"
        self.unindexed: set[str] = set()

    def note(self, doc_ids: Iterable[str]) -> None:
        fresh = set(doc_ids) - self.unindexed
        if not fresh:
            return
        self.unindexed |= fresh
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.own.open("a", encoding="utf-8") as fh:
            fh.write("".join(f"{doc}\n" for doc in sorted(fresh)))

    def indexed(self, doc_ids: Iterable[str]) -> None:
        self.unindexed -= set(doc_ids)

    def committed(self) -> None:
        """The index has committed everything but ``unindexed``: rewrite this process's note."""
        if not self.unindexed:
            with contextlib.suppress(FileNotFoundError):
                self.own.unlink()
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        spare = self.own.with_suffix(".tmp")
        spare.write_text("".join(f"{doc}\n" for doc in sorted(self.unindexed)), encoding="utf-8")
        spare.replace(self.own)

    def left_over(self) -> tuple[list[Path], set[str]]:
        """Notes of processes that are gone (or of this one), and the documents they name."""
        files, docs = [], set()
        for path in sorted(self.folder.glob("pending-*.txt")):
            pid = path.stem.removeprefix("pending-")
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue
            files.append(path)
            docs |= {line for line in path.read_text(encoding="utf-8").split() if line}
        return files, docs

    def forget(self, files: list[Path]) -> None:
        for path in files:
            if path != self.own:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
