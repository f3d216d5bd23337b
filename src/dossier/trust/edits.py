"""Edits by people, each written in one transaction together with its audit entry: record
fields, deletions (and their restoration) and entity merges."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dossier.errors import ConfigError, FixityError, NotFound
from dossier.model import Document, Record
from dossier.store import schema as t
from dossier.store.dates import interval, valid_prefix
from dossier.store.sql import SQLStore
from dossier.trust import audit
from dossier.trust.audit import AuditEntry
from dossier.trust.db import checked
from dossier.trust.serial import document_from_data, document_to_data

__all__ = [
    "EDITABLE",
    "delete_document",
    "edit_record",
    "normalise_changes",
    "reapply",
    "restore_document",
    "save_merge",
]

EDITABLE = tuple(f.name for f in fields(Record) if f.name != "extra")
LIST_FIELDS = ("creators", "recipients")
KINDS = ("primary", "secondary")
MAX_VALUE = 20_000


def _check_date(value: str) -> None:
    if not valid_prefix(value):
        raise ConfigError(f"date {value!r} is not an ISO date prefix (1954, 1954-10 or 1954-10-13)")


def _check_kind(value: str) -> None:
    if value not in KINDS:
        raise ConfigError(f"kind {value!r} is not one of {', '.join(KINDS)}")


_CHECKS = {"date": _check_date, "kind": _check_kind}


def _value(name: str, value: Any) -> Any:
    if name in LIST_FIELDS:
        items = value.split(";") if isinstance(value, str) else list(value or [])
        return [checked(str(v), name, MAX_VALUE) for v in items if str(v).strip()]
    if value is None or not str(value).strip():
        return None
    text = checked(str(value), name, MAX_VALUE)
    check = _CHECKS.get(name)
    if check is not None:
        check(text)
    return text


def normalise_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Field changes checked and in stored form (lists for creators and recipients, None for
    an emptied field); unknown fields and malformed values are refused."""
    if not changes:
        raise ConfigError("no field to change")
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ConfigError(f"unknown record field(s) {', '.join(unknown)} (editable: {EDITABLE})")
    return {name: _value(name, value) for name, value in changes.items()}


def _columns(record: Record) -> dict[str, Any]:
    """The document row's columns that are derived from its record."""
    earliest, latest = interval(record.date)
    return {
        "record": record.to_dict(),
        "title": record.title,
        "date": record.date,
        "date_earliest": earliest,
        "date_latest": latest,
        "genre": record.genre,
        "kind": record.kind,
        "language": record.language,
    }


def _record_of(conn: Connection, doc_id: str) -> Record:
    row = conn.execute(select(t.documents.c.record).where(t.documents.c.id == doc_id)).first()
    if row is None:
        raise NotFound(f"no document {doc_id!r}")
    return Record.from_dict(dict(row.record))


def edit_record(
    store: SQLStore,
    ref: str,
    changes: dict[str, Any],
    actor: str,
    reason: str,
    *,
    expect: dict[str, Any] | None = None,
    undoes: int | None = None,
) -> int:
    """Change record fields of one document; the audit entry's id. With ``expect``, refuse
    unless the fields still hold those values (an undo must not overwrite a later edit)."""
    doc_id = store.resolve(ref)
    # an undo puts back values the archive held before, as they were, unchecked
    wanted = dict(changes) if undoes is not None else normalise_changes(changes)
    reason = checked(reason, "reason")
    with store.engine.begin() as conn:
        record = _record_of(conn, doc_id)
        before = {k: getattr(record, k) for k in wanted}
        if expect is not None and before != expect:
            raise ConfigError(f"{doc_id}: the record was edited again since; undo that first")
        if before == wanted:
            raise ConfigError(f"{doc_id}: the record already has these values")
        for name, value in wanted.items():
            setattr(record, name, value)
        conn.execute(
            t.documents.update().where(t.documents.c.id == doc_id).values(**_columns(record))
        )
        entry = audit.write(conn, actor, "edit", ("document", doc_id), before, wanted, reason)
        if undoes is not None:
            audit.mark_undone(conn, undoes, entry)
    return entry


def delete_document(store: SQLStore, ref: str, actor: str, reason: str) -> int:
    """Take a document out of the archive (search, views, exports); its original stays, and the
    whole document goes into the audit entry so that ``undo`` can put it back."""
    doc = store.document(ref)
    reason = checked(reason, "reason")
    before = {"document": document_to_data(doc), "original": doc.sha256}
    with store.engine.begin() as conn:
        if _record_of(conn, doc.id).to_dict() != doc.record.to_dict():
            raise ConfigError(f"{doc.id}: the record changed while deleting; try again")
        store.delete_documents(conn, [doc.id])
        return audit.write(conn, actor, "delete", ("document", doc.id), before, None, reason)


def restore_document(store: SQLStore, entry: AuditEntry, actor: str) -> int:
    """Put back a deleted document exactly as it was; the new audit entry's id."""
    doc = document_from_data((entry.before or {})["document"])
    with store.engine.begin() as conn:
        if conn.execute(select(t.documents.c.id).where(t.documents.c.id == doc.id)).first():
            raise ConfigError(f"{doc.id} is in the archive again (ingested anew); nothing to undo")
        kept = select(t.originals.c.sha256).where(t.originals.c.sha256 == doc.sha256)
        if conn.execute(kept).first() is None:
            raise FixityError(f"{doc.id}: its original {doc.sha256} is gone; cannot restore")
        store.insert(conn, [doc], [])
        after = {"id": doc.id, "source": doc.source}
        new = audit.write(
            conn, actor, "restore", ("document", doc.id), None, after, f"undo of #{entry.id}"
        )
        audit.mark_undone(conn, entry.id, new)
    return new


def save_merge(store: SQLStore, record: dict[str, Any], actor: str, reason: str | None) -> int:
    """Store a merge record (made or undone) with its audit entry; an unmerge marks the entry
    of the merge it reverts."""
    after = {k: v for k, v in record.items() if k != "kind"}
    action = "unmerge" if record.get("undone") else "merge"
    with store.engine.begin() as conn:
        made = audit.open_merge_entry(conn, str(record["id"])) if action == "unmerge" else None
        store.insert(conn, [], [record])
        target = ("entity", str(record["source"]))
        new = audit.write(conn, actor, action, target, None, after, reason)
        if made is not None:
            audit.mark_undone(conn, made, new)
    return new


def reapply(store: SQLStore, docs: list[Document]) -> list[Document]:
    """Documents read again from their originals, with the audited work of people kept: record
    edits applied again in order, deleted documents left out."""
    wanted = {d.id for d in docs}
    standing = [
        e
        for e in audit.entries(store.engine, ("edit", "delete"))
        if e.target_id in wanted and e.undone_by is None
    ]
    deleted = {e.target_id for e in standing if e.action == "delete"}
    kept = [d for d in docs if d.id not in deleted]
    by_id = {d.id: d for d in kept}
    for entry in standing:
        record = by_id[entry.target_id].record if entry.target_id in by_id else None
        for name, value in (entry.after or {}).items() if record is not None else ():
            setattr(record, name, value)
    return kept
