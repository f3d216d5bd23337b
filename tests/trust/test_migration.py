"""Migration 0004: the tokens and audit tables, on every backend, down and up again."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from dossier.settings import Settings
from dossier.store import open_store
from dossier.trust.db import sql_store

TOKEN_COLUMNS = {"id", "name", "role", "scopes", "hash", "created_at", "revoked_at",
                 "last_used_at"}  # fmt: skip
AUDIT_COLUMNS = {"id", "at", "actor", "action", "target_kind", "target_id", "before", "after",
                 "reason", "undone_by"}  # fmt: skip


def _migrate(conn: Connection, target: str, up: bool) -> None:
    config = Config()
    config.set_main_option("script_location", "dossier.store:migrations")
    config.attributes["connection"] = conn
    (command.upgrade if up else command.downgrade)(config, target)


def _trust_tables(conn: Connection) -> dict[str, set[str]]:
    found = inspect(conn)
    return {
        name: {c["name"] for c in found.get_columns(name)}
        for name in ("tokens", "audit")
        if found.has_table(name)
    }


def test_tables_have_the_trust_columns_and_no_secret(settings: Settings) -> None:
    store = sql_store(open_store(settings))
    try:
        with store.engine.connect() as conn:
            tables = _trust_tables(conn)
    finally:
        store.close()
    assert tables == {"tokens": TOKEN_COLUMNS, "audit": AUDIT_COLUMNS}


def test_downgrade_drops_them_and_upgrade_restores_them(settings: Settings) -> None:
    store = sql_store(open_store(settings))
    try:
        with store.engine.begin() as conn:
            _migrate(conn, "0003", up=False)
            after_down = _trust_tables(conn)
            _migrate(conn, "head", up=True)
            after_up = _trust_tables(conn)
    finally:
        store.close()
    assert after_down == {}
    assert after_up == {"tokens": TOKEN_COLUMNS, "audit": AUDIT_COLUMNS}


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_schema_module_and_migration_agree(settings: Settings) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from dossier.store.schema import metadata

    store = sql_store(open_store(settings))
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        store.close()
    names = ("'tokens'", "<tokens>", "'audit'", "<audit>")
    ours = [d for d in diff if any(name in repr(d) for name in names)]
    assert ours == []
