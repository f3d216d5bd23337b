"""Full-text search on a tantivy index beside the archive (``Settings.search_index = "tantivy"``),
for archives too large for FTS5 or tsvector to answer quickly.

The store is the source of truth: a file's passages are committed to the store first, then
added to the index (whose commits are grouped, at most ``COMMIT_EVERY`` seconds apart, and made
before any search). The index catches up with the store when it is first used, after a crash or
after writes by other means (see ``tantivy_sync``), and can be rebuilt at any time.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import tantivy
from sqlalchemy import Engine, bindparam, make_url, text
from sqlalchemy.engine import Connection
from tantivy import FieldType, Occur, Query

from dossier.errors import ConfigError, StoreError
from dossier.search.query import parse_query
from dossier.search.snippets import Token, make_snippet
from dossier.search.tantivy_query import (
    SCHEMA_VERSION,
    Needle,
    build_schema,
    day_number,
    full_query,
    needles,
    register_analyzers,
    sort_key,
    text_analyzer,
)
from dossier.search.tantivy_sync import (
    IdStats,
    Journal,
    count_passages,
    passage_rows,
    store_ids,
    store_stats,
)
from dossier.settings import Settings
from dossier.store.base import Hit, SearchRequest

__all__ = ["COMMIT_EVERY", "TantivyIndex", "index_path"]

COMMIT_EVERY = 1.0
META = "dossier-index.json"
HEAP = 64_000_000
BUCKETS = 60_000  # below tantivy's limit of 65,000 buckets in one aggregation
Progress = Callable[[int, int], None]

_HITS = """
SELECT p.id AS passage, p.document_id AS document, d.source, d.title, d.date, p.kind, p.page,
       p.text
FROM passages p JOIN documents d ON d.id = p.document_id
WHERE p.id IN :ids
"""


def _id_stats(searcher: tantivy.Searcher, query: Query) -> IdStats:
    """Count, smallest, largest and sum of the passage ids ``query`` matches."""
    s = searcher.aggregate(query, {"s": {"stats": {"field": "id"}}})["s"]
    if not s["count"]:
        return IdStats(0, 0, 0, 0)
    return IdStats(int(s["count"]), int(s["min"]), int(s["max"]), int(s["sum"]))


def index_path(engine: Engine, settings: Settings) -> Path:
    """``Settings.index_path``, or ``<archive file>.tantivy`` beside a SQLite archive."""
    if settings.index_path:
        return Path(settings.index_path)
    url = make_url(str(engine.url))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(f"{url.database}.tantivy")
    raise ConfigError("search_index = 'tantivy' needs index_path for a server database")


class TantivyIndex:
    """Passages in a tantivy index, found by the same queries and filters as the SQL indexes."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.path = index_path(engine, settings)
        self.schema = build_schema()
        self.analyzer = text_analyzer()
        self.journal = Journal(self.path / "pending")
        self._index: tantivy.Index | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._dirty = False
        self._last_commit = 0.0
        self._lock = threading.RLock()

    # -- opening and catching up -------------------------------------------------------------

    def _opened(self, changing: Iterable[str] = ()) -> tantivy.Index:
        """The index, opened and caught up with the store on first use (``changing``: documents
        just written, indexed before the comparison)."""
        with self._lock:
            if self._index is None:
                self._index = self._open()
                self._catch_up(set(changing))
            return self._index

    def _ready(self) -> tantivy.Index:
        """The index with every change made so far committed, for reading."""
        with self._lock:
            index = self._opened()
            if self.journal.unindexed:  # noted by writes in a caller's transaction
                with self.engine.connect() as conn:
                    self._refresh(conn, set(self.journal.unindexed))
            if self._dirty:
                self._commit()
            return index

    def _open(self) -> tantivy.Index:
        meta = self.path / META
        if not meta.exists() and self._contents():
            raise ConfigError(f"{self.path}: not a Dossier search index; choose another index_path")
        try:
            version = json.loads(meta.read_text()).get("version") if meta.exists() else None
            if version == SCHEMA_VERSION and tantivy.Index.exists(str(self.path)):
                index = tantivy.Index.open(str(self.path))
                register_analyzers(index)
                return index
        except (ValueError, OSError):  # unreadable: it is only derived data, build it again
            pass
        return self._create()

    def _contents(self) -> list[Path]:
        """What the index folder holds besides the journal."""
        if not self.path.is_dir():
            return []
        return [p for p in self.path.iterdir() if p != self.journal.folder]

    def _create(self) -> tantivy.Index:
        for path in self._contents():
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        self.path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(self.schema, path=str(self.path))
        register_analyzers(index)
        (self.path / META).write_text(json.dumps({"version": SCHEMA_VERSION}))
        return index

    def _catch_up(self, changing: set[str]) -> None:
        """Index again what a crash left noted, then mend any difference in passage ids."""
        files, docs = self.journal.left_over()
        with self.engine.connect() as conn:
            if (docs or changing) and self._refresh(conn, docs | changing):
                self._commit()
            if self._index_stats() != store_stats(conn) and self._repair(conn):
                self._commit()
        if not docs or self._writer is not None:  # else another process writes: next time
            self.journal.forget(files)

    def _index_stats(self) -> IdStats:
        assert self._index is not None
        return _id_stats(self._index.searcher(), Query.all_query())

    def _indexed_ids(self) -> list[int]:
        assert self._index is not None
        searcher = self._index.searcher()
        if searcher.num_docs == 0:
            return []
        result = searcher.search(Query.all_query(), searcher.num_docs, count=False)
        values = searcher.fast_field_values("id", [address for _, address in result.hits])
        return [int(v) for v in values if v is not None]

    def _repair(self, conn: Connection, progress: Progress | None = None) -> bool:
        writer = self._writer_or_none()
        if writer is None:
            return False
        indexed = Counter(self._indexed_ids())
        stored = store_ids(conn)
        doubled = {i for i, n in indexed.items() if n > 1}
        for stale in (indexed.keys() - stored) | doubled:
            writer.delete_documents_by_term("id", stale)
        missing = stored.difference(indexed) | (doubled & stored)
        rows = passage_rows(conn) if not indexed else passage_rows(conn, ids=missing)
        self._add(writer, rows, len(missing), progress)
        return True

    # -- writing -------------------------------------------------------------------------------

    def _writer_or_none(self) -> tantivy.IndexWriter | None:
        assert self._index is not None
        if self._writer is None:
            try:
                self._writer = self._index.writer(heap_size=HEAP, num_threads=1)
            except ValueError:  # another process holds the index's lock
                return None
        return self._writer

    def _add(
        self,
        writer: tantivy.IndexWriter,
        rows: Iterable[Any],
        total: int,
        progress: Progress | None = None,
    ) -> int:
        done = 0
        for row in rows:
            writer.add_document(self._document(row))
            done += 1
            if progress is not None and (done % 1000 == 0 or done == total):
                progress(done, total)
        self._dirty = True
        return done

    def _document(self, row: Any) -> tantivy.Document:
        doc = tantivy.Document(id=row.id, document=row.document_id, text=row.text)
        doc.add_text("source", row.source)
        for name in ("genre", "language"):
            if getattr(row, name):
                doc.add_text(name, getattr(row, name))
        for name, value in (("earliest", row.date_earliest), ("latest", row.date_latest)):
            day = day_number(value)
            if day is not None:
                doc.add_integer(name, day)
        doc.add_integer("when", sort_key(row.date_earliest, row.date_latest))
        return doc

    def _refresh(self, conn: Connection, docs: Iterable[str]) -> bool:
        """Replace what the index holds for these documents with what the store holds."""
        writer = self._writer_or_none()
        if writer is None:
            return False
        docs = list(docs)
        for doc in docs:
            writer.delete_documents_by_term("document", doc)
        rows = list(passage_rows(conn, documents=docs))
        for row in rows:  # ids SQLite gave out again may still name older passages
            writer.delete_documents_by_term("id", row.id)
        self._add(writer, rows, len(rows))
        self.journal.indexed(docs)
        return True

    def _commit(self) -> None:
        if self._writer is not None and self._dirty:
            self._writer.commit()
            assert self._index is not None
            self._index.reload()
            self.journal.committed()
        self._dirty = False
        self._last_commit = time.monotonic()

    def will_change(self, doc_ids: list[str]) -> None:
        """Called before the store's transaction: note the documents it will write."""
        self.journal.note(doc_ids)

    def changed(self, doc_ids: list[str]) -> None:
        """Called after the store's commit: index the documents as the store now has them."""
        with self._lock:
            if self._index is None:
                self._opened(doc_ids)
                return
            with self.engine.connect() as conn:
                self._refresh(conn, doc_ids)
            if time.monotonic() - self._last_commit >= COMMIT_EVERY:
                self._commit()

    def rebuild(self, progress: Progress | None = None) -> int:
        """Empty the index and index every stored passage again."""
        with self._lock:
            if self._index is None:
                self._index = self._open()
            writer = self._writer_or_none()
            if writer is None:
                raise StoreError(f"{self.path}: another process is writing the index; try later")
            self._commit()  # tantivy's delete-all spares documents added but not committed
            writer.delete_all_documents()
            with self.engine.connect() as conn:
                total = count_passages(conn)
                done = self._add(writer, passage_rows(conn), total, progress)
            self._commit()
            self.journal.forget(self.journal.left_over()[0])
            return done

    def close(self) -> None:
        with self._lock:
            self._commit()
            if self._writer is not None:
                self._writer.wait_merging_threads()
                self._writer = None

    # -- reading -------------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> list[Hit]:
        terms = needles(parse_query(request.query), self.analyzer)
        if request.limit <= 0:
            return []
        searcher = self._ready().searcher()
        query = full_query(self.schema, request, terms)
        if request.sort == "date":
            result = searcher.search(
                query,
                request.limit,
                offset=request.offset,
                order_by_field="when",
                order=tantivy.Order.Asc,
            )
            scores = [0.0] * len(result.hits)
        else:
            result = searcher.search(query, request.limit, offset=request.offset)
            scores = [float(score) for score, _ in result.hits]
        ids = searcher.fast_field_values("id", [address for _, address in result.hits])
        rows = self._rows([int(i) for i in ids if i is not None])
        return [
            self._hit(rows[int(i)], score, terms)
            for i, score in zip(ids, scores, strict=True)
            if i is not None and int(i) in rows
        ]

    def _rows(self, ids: list[int]) -> dict[int, Any]:
        if not ids:
            return {}
        query = text(_HITS).bindparams(bindparam("ids", expanding=True))
        with self.engine.connect() as conn:
            return {row.passage: row for row in conn.execute(query, {"ids": ids})}

    def _hit(self, row: Any, score: float, terms: list[Needle]) -> Hit:
        tokens = [
            Token(t.text, t.char_offset_from, t.char_offset_to)
            for t in self.analyzer.pre_tokenize(row.text).tokens
        ]
        wanted = [(n.tokens, n.prefix) for n in terms]
        snippet, ranges = make_snippet(row.text, tokens, wanted, self.settings.snippet_tokens)
        return Hit(
            passage=row.passage,
            document=row.document,
            source=row.source,
            title=row.title,
            date=row.date,
            kind=row.kind,
            page=row.page,
            score=round(score, 4),
            snippet=snippet,
            highlights=ranges,
            text=row.text,
        )

    def matching(self, request: SearchRequest) -> list[str]:
        """The document of every matching passage (one entry per passage)."""
        terms = needles(parse_query(request.query), self.analyzer)
        searcher = self._ready().searcher()
        query = full_query(self.schema, request, terms)
        found = _id_stats(searcher, query)
        counts: Counter[str] = Counter()
        # tantivy refuses more than BUCKETS buckets at once: count by slices of passage ids,
        # each holding at most BUCKETS passages and so at most BUCKETS documents
        for low in range(found.smallest, found.largest + 1, BUCKETS):
            part = query
            if found.count > BUCKETS:
                ids = Query.range_query(
                    self.schema, "id", FieldType.Integer, low, low + BUCKETS - 1
                )
                part = Query.boolean_query([(Occur.Must, query), (Occur.Must, ids)])
            agg = searcher.aggregate(part, {"d": {"terms": {"field": "document", "size": BUCKETS}}})
            counts.update({b["key"]: int(b["doc_count"]) for b in agg["d"]["buckets"]})
            if found.count <= BUCKETS:
                break
        return list(counts.elements())

    def check(self, conn: Connection) -> list[str]:
        self._ready()
        indexed, stored = self._index_stats(), store_stats(conn)
        if indexed == stored:
            return []
        return [
            f"search index {self.path}: {indexed.count} passage(s) indexed, "
            f"{stored.count} stored; run `dossier reindex`"
        ]
