"""Full-text search on PostgreSQL: a generated ``tsvector`` column on passages with a GIN index.

Words are folded (``Lüshun`` = ``Lushun``) by the ``unaccent`` extension when the server has it;
otherwise by ``dossier_fold``, a ``translate()`` table computed here from Unicode decompositions.
A no-op on SQLite, whose FTS5 index comes from ``0001``.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import unicodedata

from alembic import op
from sqlalchemy import text
from sqlalchemy.engine import Connection

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_FOLD = """CREATE OR REPLACE FUNCTION dossier_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {body} $$"""


def fold_table() -> tuple[str, str]:
    """Letters with diacritics (Latin-1 to Latin Extended-B) and their bare base letters."""
    source, target = [], []
    for code in range(0xC0, 0x250):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if len(base) == 1 and base != ch and base.isascii():
            source.append(ch)
            target.append(base)
    return "".join(source), "".join(target)


def _has_unaccent(conn: Connection) -> bool:
    available = conn.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
    ).first()
    if available is None:
        return False
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
    except Exception:  # no right to create it: fold with the table instead
        return False
    return True


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    op.execute("CREATE TEXT SEARCH CONFIGURATION dossier (COPY = pg_catalog.simple)")
    if _has_unaccent(conn):
        schema = conn.execute(
            text("SELECT extnamespace::regnamespace::text FROM pg_extension "
                 "WHERE extname = 'unaccent'")
        ).scalar_one()  # fmt: skip
        op.execute(
            "ALTER TEXT SEARCH CONFIGURATION dossier ALTER MAPPING FOR "
            f"hword, hword_part, word WITH {schema}.unaccent, simple"
        )
        op.execute(_FOLD.format(body="$1"))
    else:
        source, target = fold_table()
        op.execute(_FOLD.format(body=f"translate($1, '{source}', '{target}')"))
    op.execute(
        "ALTER TABLE passages ADD COLUMN search tsvector GENERATED ALWAYS AS "
        "(to_tsvector('dossier', dossier_fold(text))) STORED"
    )
    op.execute("CREATE INDEX ix_passages_search ON passages USING GIN (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_passages_search")
    op.execute("ALTER TABLE passages DROP COLUMN search")
    op.execute("DROP FUNCTION dossier_fold(text)")
    op.execute("DROP TEXT SEARCH CONFIGURATION dossier")
