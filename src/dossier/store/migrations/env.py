"""Alembic environment: always run online, on the connection handed over by Dossier."""

from __future__ import annotations

from alembic import context

from dossier.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
