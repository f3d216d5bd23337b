"""Documents in the order they were stored, for OAI-PMH: filtered by storage time and by a record
field, paged by key (``(ingested_at, id)``) so that documents stored meanwhile never shift a page.

``ingested_at`` is kept as ``YYYY-MM-DDThh:mm:ss+00:00``; the same text for every row, so text
comparison is time comparison on both engines."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from dossier.errors import QueryError
from dossier.model import Record
from dossier.store import schema as t
from dossier.store.base import Change, ChangeQuery

__all__ = ["changes", "record_values"]

_SINGLE_FIELDS = frozenset(
    f.name for f in fields(Record) if f.name not in {"creators", "recipients", "extra"}
)


def stamp(moment: datetime) -> str:
    """``moment`` as stored in ``documents.ingested_at``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _record_field(name: str) -> Any:
    if name not in _SINGLE_FIELDS:
        raise QueryError(f"cannot select documents by record field {name!r}")
    return t.documents.c.record[name].as_string()


def _conditions(query: ChangeQuery) -> list[Any]:
    d = t.documents.c
    out: list[Any] = []
    if query.since is not None:
        out.append(d.ingested_at >= stamp(query.since))
    if query.until is not None:
        out.append(d.ingested_at <= stamp(query.until))
    if query.field is not None:
        out.append(_record_field(query.field).in_(query.values))
    if query.ids:
        out.append(d.id.in_(query.ids))
    return out


def changes(engine: Engine, query: ChangeQuery) -> tuple[int, list[Change]]:
    """How many documents match ``query`` (ignoring ``after``), and the next ``limit`` of them
    after ``after`` in storage order."""
    d = t.documents.c
    where = _conditions(query)
    page = list(where)
    if query.after is not None:
        at, doc_id = stamp(query.after[0]), query.after[1]
        page.append(or_(d.ingested_at > at, and_(d.ingested_at == at, d.id > doc_id)))
    total_q = select(func.count()).select_from(t.documents).where(*where)
    rows_q = (
        select(d.id, d.ingested_at, d.record)
        .where(*page)
        .order_by(d.ingested_at, d.id)
        .limit(query.limit)
    )
    with engine.connect() as conn:
        total = int(conn.execute(total_q).scalar_one())
        rows = conn.execute(rows_q).all()
    return total, [
        Change(row.id, datetime.fromisoformat(row.ingested_at), Record.from_dict(row.record))
        for row in rows
    ]


def record_values(engine: Engine, name: str) -> list[str]:
    """The distinct non-empty values of the record field ``name``, sorted."""
    column = _record_field(name)
    query = select(column).where(column.is_not(None)).distinct()
    with engine.connect() as conn:
        found = {str(row[0]) for row in conn.execute(query)}
    return sorted(v for v in found if v.strip())
