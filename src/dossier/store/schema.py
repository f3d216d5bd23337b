"""The archive's tables (SQLAlchemy Core). Migrations in ``migrations/`` create them; this module
is what queries are written against."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "audit",
    "documents",
    "entity_records",
    "files",
    "metadata",
    "originals",
    "passages",
    "spans",
    "tokens",
]

metadata = MetaData()

originals = Table(
    "originals",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("sha256", String(64), ForeignKey("originals.sha256"), nullable=False, index=True),
    Column("source", Text, nullable=False),
    Column("fragment", Text),
    Column("title", Text),
    Column("date", String(32)),
    Column("date_earliest", String(10)),
    Column("date_latest", String(10)),
    Column("genre", String(64)),
    Column("kind", String(32)),
    Column("language", String(32)),
    Column("record", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("offsets", JSON, nullable=False),
    Column("reader", String(64), nullable=False),
    Column("encoding", String(32)),
    Column("media_type", String(128), nullable=False),
    Column("layers", JSON, nullable=False),
    Column("boilerplate", JSON, nullable=False),
    Column("pipeline", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Index("ix_documents_ingested", "ingested_at", "id"),
)

passages = Table(
    "passages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("seq", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("page", String(32)),
    Column("label", String(64)),
    Column("text", Text, nullable=False),
    Index("ix_passages_document", "document_id", "seq"),
)

spans = Table(
    "spans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Column("layer", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", JSON, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("provenance", JSON, nullable=False),
    Index("ix_spans_document_layer", "document_id", "layer"),
)

files = Table(
    "files",
    metadata,
    Column("source", Text, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text),
    Column("code", String(8)),
    Column("documents", Integer, nullable=False, default=0),
    Column("attempts", Integer, nullable=False, default=1),
    Column("updated_at", String(32), nullable=False),
)

entity_records = Table(
    "entity_records",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("data", JSON, nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("scopes", JSON, nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
    Column("last_used_at", String(32)),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(32), nullable=False),
    Column("target_kind", String(16), nullable=False),
    Column("target_id", String(200), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    Column("reason", Text),
    Column("undone_by", Integer),
    Index("ix_audit_target", "target_kind", "target_id"),
)
