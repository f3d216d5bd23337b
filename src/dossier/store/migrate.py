"""Bring a database to the newest schema with Alembic, on an open connection."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

__all__ = ["upgrade"]


def upgrade(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", "dossier.store:migrations")
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
