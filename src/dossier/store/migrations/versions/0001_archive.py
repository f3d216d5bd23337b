"""The archive: originals, documents, passages, spans, files, and the full-text index.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_FTS5 = [
    """CREATE VIRTUAL TABLE passages_fts USING fts5(
        text, content='passages', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts(rowid, text) VALUES (new.id, new.text); END""",
    """CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END""",
]


def upgrade() -> None:
    op.create_table(
        "originals",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("originals.sha256"), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("fragment", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("date", sa.String(32)),
        sa.Column("date_earliest", sa.String(10)),
        sa.Column("date_latest", sa.String(10)),
        sa.Column("genre", sa.String(64)),
        sa.Column("kind", sa.String(32)),
        sa.Column("language", sa.String(32)),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("offsets", sa.JSON, nullable=False),
        sa.Column("reader", sa.String(64), nullable=False),
        sa.Column("encoding", sa.String(32)),
        sa.Column("media_type", sa.String(128), nullable=False),
        sa.Column("layers", sa.JSON, nullable=False),
        sa.Column("boilerplate", sa.JSON, nullable=False),
        sa.Column("pipeline", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_documents_sha256", "documents", ["sha256"])
    op.create_table(
        "passages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "document_id",
            sa.String(32),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("page", sa.String(32)),
        sa.Column("label", sa.String(64)),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_passages_document", "passages", ["document_id", "seq"])
    op.create_table(
        "spans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "document_id",
            sa.String(32),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("layer", sa.String(32), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("value", sa.JSON, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("provenance", sa.JSON, nullable=False),
    )
    op.create_index("ix_spans_document_layer", "spans", ["document_id", "layer"])
    op.create_table(
        "files",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("code", sa.String(8)),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in _FTS5:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE passages_fts")
    for table in ("files", "spans", "passages", "documents", "originals"):
        op.drop_table(table)
