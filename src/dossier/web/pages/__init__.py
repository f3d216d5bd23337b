"""The reading room's HTML pages: server-rendered, readable without JavaScript.

Every view calls ``dossier.api.Archive`` and formats the answer with one Jinja2 environment
(autoescape on); document text is never trusted as HTML.
"""

from __future__ import annotations

from fastapi import APIRouter

from dossier.web.pages import documents, entities, examine, home, ingest, search, timeline
from dossier.web.pages.errors import error_page

__all__ = ["error_page", "router"]

router = APIRouter(include_in_schema=False)
for _module in (home, search, documents, entities, timeline, examine, ingest):
    router.include_router(_module.router)
