"""Partial indexes for the span lookups of ``store.lookups``: mentions by linked entity (the
entity list, an entity's page) and time spans by interval (the timeline). Their expressions are
written exactly as ``lookups.field`` writes them, or the engines would not use them.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_FIELD = {"sqlite": "json_extract(value, '$.{}')", "postgresql": "(value ->> '{}')"}


def upgrade() -> None:
    field = _FIELD[op.get_bind().dialect.name].format
    op.execute(
        f"CREATE INDEX ix_spans_entity ON spans ({field('entity')}, document_id) "
        "WHERE layer = 'mention'"
    )
    op.execute(
        f"CREATE INDEX ix_spans_time ON spans ({field('earliest')}, {field('latest')}) "
        "WHERE layer = 'time'"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_spans_time")
    op.execute("DROP INDEX ix_spans_entity")
