"""Span lookups that read the spans asked for, never whole documents: mentions of some entities,
time spans in time order, mention counts per entity, time spans per period.

The JSON fields they filter, group and order by are written out literally, exactly as the
partial indexes of migration 0006 write them (``json_extract(value, '$.entity')`` on SQLite,
``value ->> 'entity'`` on PostgreSQL), and so is the layer: a bound path or layer would not
match the indexes, and every lookup would read the whole spans table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, String, and_, func, literal, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from dossier.errors import QueryError
from dossier.store import schema as t
from dossier.store.base import SpanQuery, StoredSpan

__all__ = ["field", "mention_counts", "mention_names", "spans", "time_counts"]

UNDATED = "9999"  # where spans without an earliest date sort, as the timeline always did


def field(engine: Engine, column: Any, key: str) -> ColumnElement[str]:
    """The text of the top-level ``key`` of JSON ``column``, as the indexes write it."""
    if engine.dialect.name == "sqlite":
        return func.json_extract(column, literal_column(f"'$.{key}'"), type_=String)
    return column.op("->>", return_type=String)(literal_column(f"'{key}'"))  # type: ignore[no-any-return]


def _layer(column: Any, layer: str) -> ColumnElement[bool]:
    return column == literal(layer, literal_execute=True)  # type: ignore[no-any-return]


def _bytewise(engine: Engine, column: Any) -> Any:
    """``column`` compared code point by code point, as Python compares strings."""
    return column.collate("C") if engine.dialect.name == "postgresql" else column


def _linked(engine: Engine, spans: Any) -> tuple[ColumnElement[str], list[ColumnElement[bool]]]:
    entity = field(engine, spans.c.value, "entity")
    return entity, [_layer(spans.c.layer, "mention"), entity.is_not(None), entity != ""]


def _conditions(engine: Engine, query: SpanQuery) -> list[Any]:
    s = t.spans.c
    out: list[Any] = [_layer(s.layer, query.layer)]
    if query.entities is not None:
        out.append(field(engine, s.value, "entity").in_(query.entities))
    if query.documents is not None:
        out.append(s.document_id.in_(query.documents))
    if query.ids is not None:
        out.append(s.id.in_(query.ids))
    earliest = field(engine, s.value, "earliest")
    if query.dated:
        out.append(earliest.is_not(None))
    if query.since is not None:
        out.append(earliest >= query.since)
    if query.before is not None:
        out.append(earliest < query.before)
    return out


def _order(engine: Engine, query: SpanQuery) -> list[Any]:
    s, d = t.spans.c, t.documents.c
    if query.order == "document":
        return [d.source, s.document_id, s.start, s.id]
    if query.order != "time":
        raise QueryError(f"unknown span order {query.order!r} (known: document, time)")
    earliest = field(engine, s.value, "earliest")
    latest = field(engine, s.value, "latest")
    if not query.dated:
        earliest = func.coalesce(earliest, UNDATED)
    source = _bytewise(engine, d.source)
    return [earliest, func.coalesce(latest, earliest), source, s.start, s.document_id, s.id]


def spans(engine: Engine, query: SpanQuery) -> list[StoredSpan]:
    s, d = t.spans.c, t.documents.c
    cut = func.substr(d.text, s.start + 1, s.end - s.start) if query.text else literal("")
    statement = (
        select(s.id, s.document_id, d.source, d.title, d.date, s.start, s.end, s.value, cut)
        .join_from(t.spans, t.documents, s.document_id == d.id)
        .where(and_(*_conditions(engine, query)))
        .order_by(*_order(engine, query))
        .offset(query.offset)
    )
    if query.limit is not None:
        statement = statement.limit(query.limit)
    with engine.connect() as conn:
        return [StoredSpan(*row) for row in conn.execute(statement)]


FEW = 1000  # documents: look up the mentions of each; more: read the entity index through


def _holding(engine: Engine, entities: list[str]) -> ColumnElement[bool]:
    """Spans of documents with a mention linked to one of ``entities``: for a few documents,
    a list looked up document by document; else a set the entity index is read through against
    (``|| ''`` keeps SQLite from looking up each document)."""
    other = t.spans.alias("other")
    entity, linked = _linked(engine, other)
    holding = select(other.c.document_id).where(*linked, entity.in_(entities)).distinct()
    with engine.connect() as conn:
        few = [row[0] for row in conn.execute(holding.limit(FEW + 1))]
    if len(few) <= FEW:
        return t.spans.c.document_id.in_(few)
    return t.spans.c.document_id.concat("").in_(holding)


def _counts(
    engine: Engine, entities: list[str] | None, together_with: list[str] | None, whole: bool
) -> list[tuple[str, int, int]]:
    """Mentions and distinct documents per linked entity id, or of all of them at once."""
    s = t.spans.c
    entity, linked = _linked(engine, t.spans)
    counted = (func.count(), func.count(func.distinct(s.document_id)))
    statement = select(literal("") if whole else entity, *counted).where(*linked)
    if not whole:
        statement = statement.group_by(entity)
    if entities is not None:
        statement = statement.where(entity.in_(entities))
    if together_with is not None:
        statement = statement.where(_holding(engine, together_with))
    with engine.connect() as conn:
        return [(str(i), int(n), int(docs)) for i, n, docs in conn.execute(statement)]


def mention_counts(
    engine: Engine,
    merged: dict[str, str] | None = None,
    entities: list[str] | None = None,
    together_with: list[str] | None = None,
) -> list[tuple[str, int, int]]:
    rows = _counts(engine, entities, together_with, whole=False)
    groups: dict[str, list[tuple[str, int, int]]] = {}
    for row in rows:
        groups.setdefault((merged or {}).get(row[0], row[0]), []).append(row)
    out = []
    for ident, members in groups.items():
        if len(members) == 1:
            out.append((ident, members[0][1], members[0][2]))
        else:  # documents that mention several of the merged ids count once
            ids = [m[0] for m in members]
            out += [(ident, n, docs) for _, n, docs in _counts(engine, ids, together_with, True)]
    return out


def mention_names(engine: Engine, entities: list[str]) -> list[tuple[str, str, str, int]]:
    s, d = t.spans.c, t.documents.c
    entity, linked = _linked(engine, t.spans)
    written = func.substr(d.text, s.start + 1, s.end - s.start)
    method = func.coalesce(field(engine, s.value, "method"), "None")
    reason = func.coalesce(field(engine, s.value, "reason"), "")
    statement = (
        select(written, method, reason, func.count())
        .join_from(t.spans, t.documents, s.document_id == d.id)
        .where(*linked, entity.in_(entities))
        .group_by(written, method, reason)
    )
    with engine.connect() as conn:
        return [(str(w), str(m), str(r), int(n)) for w, m, r, n in conn.execute(statement)]


def time_counts(
    engine: Engine, width: int, since: str | None = None, before: str | None = None
) -> dict[str, int]:
    query = SpanQuery("time", dated=True, since=since, before=before)
    period = func.substr(field(engine, t.spans.c.value, "earliest"), 1, width)
    statement = select(period, func.count()).where(*_conditions(engine, query)).group_by(period)
    with engine.connect() as conn:
        return {str(key): int(n) for key, n in conn.execute(statement)}
