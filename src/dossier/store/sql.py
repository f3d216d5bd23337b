"""The SQL implementation of ``Store`` (SQLAlchemy Core). A file's documents, passages, spans
and original are stored whole or not at all, one file or a batch of files per transaction."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Engine, Table, create_engine, event, func, make_url, select, text
from sqlalchemy.engine import Connection, Dialect, Row
from sqlalchemy.exc import SQLAlchemyError

from dossier.errors import NotFound, StoreError
from dossier.model import Document, OffsetMap, Passage, Provenance, Record, Span
from dossier.settings import Settings
from dossier.store import codec, lookups
from dossier.store import schema as t
from dossier.store.base import (
    Change,
    ChangeQuery,
    DocumentSummary,
    FileStatus,
    FileWrite,
    Hit,
    SearchRequest,
    SpanQuery,
    Status,
    StoredPassage,
    StoredSpan,
)
from dossier.store.changes import changes, record_values
from dossier.store.dates import interval
from dossier.store.dialects import TrackedIndex, dialect_of, search_index
from dossier.store.migrate import upgrade

__all__ = ["SQLStore"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# PostgreSQL text cannot hold NUL; both engines store U+FFFD instead (same length, so offsets
# hold), with a normalisation span on the document text for each one.
NUL, NUL_MARK = "\x00", "\ufffd"


def _scrub(value: Any) -> Any:
    """``value`` with every NUL in its strings replaced by U+FFFD, however deeply nested."""
    if isinstance(value, str):
        return value.replace(NUL, NUL_MARK)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    return value


def _same(value: Any) -> Any:
    return value


class SQLStore:
    """An archive in one SQL database; what differs between engines is in ``dialects``."""

    def __init__(self, url: str, settings: Settings) -> None:
        self.url = url
        self.settings = settings
        try:
            self.engine: Engine = create_engine(
                url, json_serializer=codec.dumps, json_deserializer=codec.loads
            )
            self.dialect = dialect_of(self.engine)
            if self.dialect.on_connect is not None:
                event.listen(self.engine, "connect", self.dialect.on_connect)
            with self.engine.begin() as conn:
                upgrade(conn)
        except SQLAlchemyError as exc:
            shown = make_url(url).render_as_string(hide_password=True)
            raise StoreError(
                f"cannot open archive {shown}: {exc.__class__.__name__}: {exc}"
            ) from exc
        self.index = search_index(self.engine, settings)

    def close(self) -> None:
        if isinstance(self.index, TrackedIndex):
            self.index.close()
        self.engine.dispose()

    def _will_change(self, doc_ids: list[str]) -> None:
        """Before a write's transaction: an index outside the database notes the documents."""
        if isinstance(self.index, TrackedIndex):
            self.index.will_change(doc_ids)

    def _changed(self, doc_ids: list[str]) -> None:
        """After the commit: such an index takes the documents from the store."""
        if isinstance(self.index, TrackedIndex):
            self.index.changed(doc_ids)

    def reindex(
        self, kind: str | None = None, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Rebuild a search index (``Settings.search_index`` by default) from the passages."""
        from dossier.search.rebuild import rebuild

        return rebuild(self.engine, self.settings, self.index, kind, progress)

    # -- writing ---------------------------------------------------------------------------

    def stored_sha(self, sha256: str) -> bool:
        """Whether these bytes were ingested (their original is kept with their documents, in
        one transaction, and stays when a document is deleted: a deletion is not undone by
        ingesting the same file again, only by ``undo``)."""
        return bool(self.stored_shas([sha256]))

    def stored_shas(self, shas: Collection[str]) -> set[str]:
        with self.engine.connect() as conn:
            return _known_originals(conn, shas)

    def save_file(
        self,
        source: str,
        sha256: str,
        data: bytes,
        docs: list[Document],
        records: list[dict[str, Any]] | None = None,
    ) -> None:
        self.save_files([FileWrite(source, sha256, data, docs, records or [])])

    def save_files(self, files: Sequence[FileWrite]) -> None:
        ids = [doc.id for file in files for doc in file.docs]
        self._will_change(ids)
        source = ""
        try:
            with self.engine.begin() as conn:
                known = _known_originals(conn, [file.sha256 for file in files])
                for file in files:
                    source = file.source
                    if file.sha256 not in known:
                        known.add(file.sha256)
                        row = {"sha256": file.sha256, "size": len(file.data), "data": file.data}
                        _bulk(conn, t.originals, [row])
                    for doc in file.docs:
                        self._insert_document(conn, doc)
                    self._upsert_records(conn, file.records)
                _upsert_files(
                    conn,
                    [_file_row(file.source, file.sha256, "ok", len(file.docs)) for file in files],
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"{source}: could not store: {exc.__class__.__name__}") from exc
        self._changed(ids)

    def _upsert_records(self, conn: Connection, records: list[dict[str, Any]]) -> None:
        if records:
            keys = [_scrub(str(record["id"])) for record in records]
            conn.execute(t.entity_records.delete().where(t.entity_records.c.key.in_(keys)))
            rows = [
                {"key": key, "kind": record["kind"], "data": _scrub(record)}
                for key, record in dict(zip(keys, records, strict=True)).items()
            ]
            _bulk(conn, t.entity_records, rows)

    def save_records(self, records: list[dict[str, Any]]) -> None:
        """Store entity or merge records on their own (a reviewer's merge, say)."""
        with self.engine.begin() as conn:
            self._upsert_records(conn, records)

    def entity_records(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.entity_records.c.data).order_by(t.entity_records.c.key)
            ).all()
        return [dict(row.data) for row in rows]

    def replace_documents(self, sha256: str, docs: list[Document]) -> None:
        """Swap the documents read from one original for new ones, in one transaction."""
        with self.engine.connect() as conn:
            old = conn.execute(select(t.documents.c.id).where(t.documents.c.sha256 == sha256))
            ids = sorted({row.id for row in old} | {doc.id for doc in docs})
        self._will_change(ids)
        try:
            with self.engine.begin() as conn:
                conn.execute(t.documents.delete().where(t.documents.c.sha256 == sha256))
                for doc in docs:
                    self._insert_document(conn, doc)
        except SQLAlchemyError as exc:
            raise StoreError(f"{sha256[:12]}: could not replace: {exc.__class__.__name__}") from exc
        self._changed(ids)

    def insert(self, conn: Connection, docs: list[Document], records: list[dict[str, Any]]) -> None:
        """Add documents and entity records inside the caller's transaction (the trust layer
        writes them together with an audit entry: undoing a deletion, importing a bag)."""
        self._will_change([doc.id for doc in docs])  # indexed before the next search
        for doc in docs:
            self._insert_document(conn, doc)
        self._upsert_records(conn, records)

    def delete_documents(self, conn: Connection, doc_ids: list[str]) -> None:
        """Remove documents (their passages and spans go with them) in the caller's
        transaction; their originals stay."""
        self._will_change(doc_ids)  # dropped from an outside index before the next search
        conn.execute(t.documents.delete().where(t.documents.c.id.in_(doc_ids)))

    def pipelines(self) -> dict[str, tuple[str, str]]:
        """For each stored original: (its first document's source, the stages it went through)."""
        d = t.documents.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(d.sha256, d.source, d.pipeline).order_by(d.source)).all()
        return {row.sha256: (row.source, row.pipeline) for row in rows}

    def _insert_document(self, conn: Connection, doc: Document) -> None:
        # Passages and spans quote the text, so they can hold a NUL only when the text does;
        # the row's own strings (record, boilerplate) come from the reader and are always
        # scrubbed. The offset map holds only numbers.
        row = _document_row(doc)
        offsets = row.pop("offsets")
        _bulk(conn, t.documents, [{**_scrub(row), "offsets": offsets}])
        scrub = _scrub if NUL in doc.text else _same
        _bulk(conn, t.passages, scrub(_passage_rows(doc)))
        _bulk(conn, t.spans, scrub(_span_rows(doc) + _nul_spans(doc)))

    def record_file(
        self,
        source: str,
        sha256: str,
        status: str,
        reason: str | None = None,
        code: str | None = None,
    ) -> None:
        with self.engine.begin() as conn:
            _upsert_files(conn, [_file_row(source, sha256, status, 0, reason, code)])

    # -- reading ---------------------------------------------------------------------------

    def documents(self, limit: int = 100, offset: int = 0) -> list[DocumentSummary]:
        d = t.documents.c
        query = (
            select(d.id, d.source, d.title, d.date, d.genre, d.kind, d.language, d.reader, d.sha256)
            .order_by(d.source, d.id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            return [DocumentSummary(**row._mapping) for row in conn.execute(query)]

    def resolve(self, ref: str) -> str:
        """A document id from an id, a unique id prefix, or a source path."""
        d = t.documents.c
        with self.engine.connect() as conn:
            for query in (
                select(d.id).where(d.id == ref),
                select(d.id).where(d.source == ref),
                select(d.id).where(d.id.startswith(ref, autoescape=True)).limit(2),
            ):
                rows = conn.execute(query).all()
                if len(rows) == 1:
                    return str(rows[0].id)
        raise NotFound(f"no document {ref!r}")

    def document(self, doc_id: str) -> Document:
        doc_id = self.resolve(doc_id)
        with self.engine.connect() as conn:
            row = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).one()
            passages = conn.execute(
                select(t.passages)
                .where(t.passages.c.document_id == doc_id)
                .order_by(t.passages.c.seq)
            ).all()
            spans = conn.execute(
                select(t.spans)
                .where(t.spans.c.document_id == doc_id)
                .order_by(t.spans.c.start, t.spans.c.id)
            ).all()
        return _document_from_rows(row, passages, spans)

    def passages(self, doc_id: str) -> list[StoredPassage]:
        doc_id = self.resolve(doc_id)
        p = t.passages.c
        query = (
            select(p.id, p.document_id, p.seq, p.kind, p.start, p.end, p.page, p.label, p.text)
            .where(p.document_id == doc_id)
            .order_by(p.seq)
        )
        with self.engine.connect() as conn:
            return [StoredPassage(**row._mapping) for row in conn.execute(query)]

    def iter_documents(self) -> Iterator[Document]:
        with self.engine.connect() as conn:
            ids = [
                r.id
                for r in conn.execute(
                    select(t.documents.c.id).order_by(t.documents.c.source, t.documents.c.id)
                )
            ]
        for doc_id in ids:
            yield self.document(doc_id)

    def original(self, sha256: str) -> bytes:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(t.originals.c.data).where(t.originals.c.sha256 == sha256)
            ).first()
        if row is None:
            raise NotFound(f"no original with sha256 {sha256}")
        return bytes(row.data)

    def search(self, request: SearchRequest) -> list[Hit]:
        return self.index.search(request)

    def matching(self, request: SearchRequest) -> list[str]:
        return self.index.matching(request)

    def facts(self, doc_ids: list[str]) -> dict[str, dict[str, str | None]]:
        d = t.documents.c
        out: dict[str, dict[str, str | None]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(doc_ids):
                query = select(d.id, d.genre, d.language, d.source, d.date_earliest)
                for row in conn.execute(query.where(d.id.in_(chunk))):
                    year = row.date_earliest[:4] if row.date_earliest else None
                    folder = row.source.split("/", 1)[0] if "/" in row.source else row.source
                    out[row.id] = {
                        "genre": row.genre,
                        "language": row.language,
                        "source": folder,
                        "year": year,
                    }
        return out

    def recent(self, limit: int = 10) -> list[DocumentSummary]:
        d = t.documents.c
        query = (
            select(d.id, d.source, d.title, d.date, d.genre, d.kind, d.language, d.reader,
                   d.sha256, d.ingested_at)
            .order_by(d.ingested_at.desc(), d.id.desc())
            .limit(limit)
        )  # fmt: skip
        with self.engine.connect() as conn:
            return [DocumentSummary(**row._mapping) for row in conn.execute(query)]

    def linked_entities(self) -> int:
        s = t.spans.c
        linked = s.value["entity"].as_string()
        query = select(func.count(func.distinct(linked))).where(s.layer == "mention")
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def mentioning(self, entity_ids: list[str]) -> set[str]:
        s = t.spans.c
        linked = s.value["entity"].as_string()
        query = select(s.document_id).where(s.layer == "mention", linked.in_(entity_ids))
        with self.engine.connect() as conn:
            return {row[0] for row in conn.execute(query.distinct())}

    def mention_values(self, doc_ids: list[str]) -> list[tuple[str, dict[str, Any]]]:
        s = t.spans.c
        out: list[tuple[str, dict[str, Any]]] = []
        with self.engine.connect() as conn:
            for chunk in _chunks(doc_ids):
                query = select(s.document_id, s.value).where(
                    s.layer == "mention", s.document_id.in_(chunk)
                )
                out += [(row[0], row[1]) for row in conn.execute(query) if row[1].get("entity")]
        return out

    def status(self) -> Status:
        with self.engine.connect() as conn:

            def count(table: Any) -> int:
                return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

            size = conn.execute(select(func.coalesce(func.sum(t.originals.c.size), 0))).scalar_one()
            failed = conn.execute(
                select(t.files).where(t.files.c.status == "failed").order_by(t.files.c.source)
            ).all()
            ok = conn.execute(
                select(func.count()).select_from(t.files).where(t.files.c.status != "failed")
            ).scalar_one()
            return Status(
                documents=count(t.documents),
                passages=count(t.passages),
                spans=count(t.spans),
                originals=count(t.originals),
                original_bytes=int(size),
                files_ok=int(ok),
                files_failed=len(failed),
                failures=[FileStatus(**row._mapping) for row in failed],
                by_genre=_grouped(conn, t.documents.c.genre),
                by_reader=_grouped(conn, t.documents.c.reader),
            )

    def integrity_check(self) -> list[str]:
        """Problems found by the database's own check and by Dossier's invariants."""
        problems: list[str] = []
        with self.engine.connect() as conn:
            problems += self.dialect.check(conn)
            orphans = conn.execute(
                text(
                    "SELECT COUNT(*) FROM documents d LEFT JOIN files f ON f.sha256 = d.sha256 "
                    "AND f.status = 'ok' WHERE f.source IS NULL"
                )
            ).scalar_one()
            if orphans:
                problems.append(f"{orphans} document(s) without a completed file record")
            problems += self.index.check(conn)
        return problems

    def changes(self, query: ChangeQuery) -> tuple[int, list[Change]]:
        """Documents in storage order, for OAI-PMH (see ``store.changes``)."""
        return changes(self.engine, query)

    def record_values(self, field: str) -> list[str]:
        return record_values(self.engine, field)

    def spans(self, query: SpanQuery) -> list[StoredSpan]:
        return lookups.spans(self.engine, query)

    def mention_counts(
        self,
        merged: dict[str, str] | None = None,
        entities: list[str] | None = None,
        together_with: list[str] | None = None,
    ) -> list[tuple[str, int, int]]:
        return lookups.mention_counts(self.engine, merged, entities, together_with)

    def mention_names(self, entities: list[str]) -> list[tuple[str, str, str, int]]:
        return lookups.mention_names(self.engine, entities)

    def time_counts(
        self, width: int, since: str | None = None, before: str | None = None
    ) -> dict[str, int]:
        return lookups.time_counts(self.engine, width, since, before)


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@cache
def _insert_sql(dialect: Dialect, table: Table) -> tuple[str, tuple[str, ...], frozenset[str]]:
    """``INSERT`` of ``table``'s columns but its generated key, with the driver's placeholders:
    the statement, its columns, and which of them hold JSON."""
    columns = tuple(c.name for c in table.columns if c is not table.autoincrement_column)
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(mark for _ in columns)})"
    )
    return sql, columns, frozenset(c.name for c in table.columns if isinstance(c.type, JSON))


def _bulk(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` in one ``executemany`` of the driver's own, with JSON encoded as
    SQLAlchemy would: its per-row parameter handling was most of the cost of a write."""
    if not rows:
        return
    sql, columns, json_columns = _insert_sql(conn.dialect, table)
    encoded: dict[int, str] = {}  # a value shared by many rows (a provenance) is encoded once

    def encode(value: Any) -> str:
        found = encoded.get(id(value))
        if found is None:
            found = encoded[id(value)] = codec.dumps(value)
        return found

    conn.exec_driver_sql(
        sql,
        [tuple(encode(r[c]) if c in json_columns else r[c] for c in columns) for r in rows],
    )


def _known_originals(conn: Connection, shas: Collection[str]) -> set[str]:
    sha = t.originals.c.sha256
    return {
        row.sha256
        for part in _chunks(sorted(set(shas)))
        for row in conn.execute(select(sha).where(sha.in_(part)))
    }


def _file_row(
    source: str,
    sha256: str,
    status: str,
    count: int,
    reason: str | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    row = {
        "source": source,
        "sha256": sha256,
        "status": status,
        "reason": reason,
        "code": code,
        "documents": count,
        "attempts": 1,
        "updated_at": _now(),
    }
    return dict(_scrub(row))


@cache
def _upsert_sql(dialect: Dialect) -> tuple[str, tuple[str, ...]]:
    """``INSERT`` of a ``files`` row that, for a source seen before, replaces the row and counts
    one more attempt (the same statement in SQLite and PostgreSQL)."""
    sql, columns, _ = _insert_sql(dialect, t.files)
    quote = dialect.identifier_preparer.quote
    kept = ", ".join(
        f"{quote(c)} = excluded.{quote(c)}" for c in columns if c not in ("source", "attempts")
    )
    attempts = quote("attempts")
    return (
        f"{sql} ON CONFLICT ({quote('source')}) DO UPDATE SET {kept}, "
        f"{attempts} = {quote('files')}.{attempts} + 1"
    ), columns


def _upsert_files(conn: Connection, rows: list[dict[str, Any]]) -> None:
    sql, columns = _upsert_sql(conn.dialect)
    conn.exec_driver_sql(sql, [tuple(row[c] for c in columns) for row in rows])


def _document_row(doc: Document) -> dict[str, Any]:
    earliest, latest = interval(doc.record.date)
    r = doc.record
    return {
        "id": doc.id, "sha256": doc.sha256, "source": doc.source, "fragment": doc.fragment,
        "title": r.title, "date": r.date, "date_earliest": earliest, "date_latest": latest,
        "genre": r.genre, "kind": r.kind, "language": r.language, "record": r.to_dict(),
        "text": doc.text, "offsets": doc.offsets.to_list(), "reader": doc.reader,
        "encoding": doc.encoding, "media_type": doc.media_type, "layers": sorted(doc.layers),
        "boilerplate": doc.boilerplate, "pipeline": " ".join(doc.stages), "ingested_at": _now(),
    }  # fmt: skip


def _passage_rows(doc: Document) -> list[dict[str, Any]]:
    doc_id = doc.id
    return [
        {"document_id": doc_id, "seq": i, "kind": p.kind, "start": p.start, "end": p.end,
         "page": p.page, "label": p.label, "text": doc.text[p.start : p.end]}
        for i, p in enumerate(doc.passages)
    ]  # fmt: skip


def _span_rows(doc: Document) -> list[dict[str, Any]]:
    doc_id, made = doc.id, {p: p.to_dict() for p in {s.provenance for s in doc.spans}}
    return [
        {"document_id": doc_id, "layer": s.layer, "start": s.start, "end": s.end,
         "value": s.value, "confidence": s.confidence, "provenance": made[s.provenance]}
        for s in doc.spans
    ]  # fmt: skip


def _nul_spans(doc: Document) -> list[dict[str, Any]]:
    if NUL not in doc.text:
        return []
    provenance = Provenance("store", "1").to_dict()
    return [
        {"document_id": doc.id, "layer": "normalisation", "start": i, "end": i + 1,
         "value": {"kind": "nul", "before": "U+0000", "after": NUL_MARK},
         "confidence": 1.0, "provenance": provenance}
        for i, ch in enumerate(doc.text) if ch == NUL
    ]  # fmt: skip


def _grouped(conn: Connection, column: Any) -> dict[str, int]:
    rows = conn.execute(select(column, func.count()).group_by(column)).all()
    return {str(key or "unknown"): int(n) for key, n in rows}


def _document_from_rows(
    row: Row[Any], passages: Sequence[Row[Any]], spans: Sequence[Row[Any]]
) -> Document:
    return Document(
        source=row.source,
        sha256=row.sha256,
        text=row.text,
        record=Record.from_dict(row.record),
        passages=[Passage(p.kind, p.start, p.end, p.page, p.label) for p in passages],
        offsets=OffsetMap.from_list(row.offsets),
        reader=row.reader,
        encoding=row.encoding,
        fragment=row.fragment,
        media_type=row.media_type,
        spans=[
            Span(s.layer, s.start, s.end, s.value, Provenance(**s.provenance), s.confidence)
            for s in spans
        ],
        layers=set(row.layers),
        boilerplate=list(row.boilerplate),
        stages=row.pipeline.split(),
    )
