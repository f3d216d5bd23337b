"""An index on documents in storage order, which OAI-PMH lists page by page.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_ingested", "documents", ["ingested_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_documents_ingested", table_name="documents")
