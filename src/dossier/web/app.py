"""``create_app``: the reading room's FastAPI application over one archive."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from dossier.api import Archive, open_archive
from dossier.settings import Settings
from dossier.web import api, cite, oai, pages, problems, security

__all__ = ["STATIC", "TEMPLATES", "create_app", "from_environment"]

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


def create_app(settings: Settings, archive: Archive | None = None) -> FastAPI:
    """The application; it opens the archive named by ``settings`` unless one is given."""
    app = FastAPI(
        title="Dossier",
        summary="A research archive that reads, links and cross-examines historical documents.",
        version="0.1.0",
        docs_url=None,  # its page loads scripts from a CDN, which the CSP refuses
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.archive = archive if archive is not None else open_archive(settings)
    security.install(app)
    problems.install(app, html=pages.error_page)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router, prefix="/api")
    app.include_router(oai.router, include_in_schema=False)  # XML protocol, not the REST API
    # Citation downloads, unAPI and the HTML pages are for browsers and reference managers;
    # the OpenAPI description covers the REST API (which cites at /api/documents/{ref}/cite).
    app.include_router(cite.router, include_in_schema=False)
    app.include_router(pages.router, include_in_schema=False)
    _describe_problems(app)
    app.router.on_startup.append(_settle)
    return app


def _settle() -> None:
    """Move what the server loaded at start (authority records, vocabularies) out of the
    garbage collector's view, so that its full collections stop pausing requests."""
    gc.collect()
    gc.freeze()


def from_environment() -> FastAPI:
    """The application over the archive the environment names (``DOSSIER_DB``,
    ``DOSSIER_CONFIG``): the factory that each of several server processes calls."""
    return create_app(Settings.load())


def _describe_problems(app: FastAPI) -> None:
    """Add the problem document's schema, which the API's error responses refer to."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
                api.Problem.model_json_schema()
            )
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
