"""The reading room: a FastAPI application over the library API (pages, REST API, OAI-PMH)."""

from dossier.web.app import create_app

__all__ = ["create_app"]
