"""Alembic migrations of the archive schema; run by ``dossier.store.migrate``."""
