"""One Jinja2 environment for every page: autoescape always on, a few small filters, and
``page`` to turn a template and its context into an ``HTMLResponse``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from dossier.api import Archive
from dossier.web.deps import archive_of, role_of

__all__ = ["ENV", "ArchiveDep", "PageNumber", "entity_url", "page", "query_url", "when"]

ArchiveDep = Annotated[Archive, Depends(archive_of)]
PageNumber = Annotated[int, Query(alias="page", ge=1, le=10_000)]

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"

NAV = (
    ("/", "Home"),
    ("/documents", "Documents"),
    ("/entities", "Entities"),
    ("/timeline", "Timeline"),
    ("/check", "Check a claim"),
)


def entity_url(ident: str) -> str:
    """The page of an entity; its id is quoted so it can never leave the path."""
    return "/entities/" + quote(ident, safe=":")


def document_url(ident: str) -> str:
    return "/documents/" + quote(ident, safe="")


def query_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    """``path`` with ``params`` updated by ``changes`` as its query string (empty values left
    out), for facet, sort and page links."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "", 0) or k == "q"}
    return path + ("?" + urlencode(kept) if kept else "")


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}


def when(value: dict[str, Any]) -> str:
    """A time value as a reader says it: ``12 Oct 1954``, ``Oct 1954``, ``autumn 1954``,
    with ``c.`` for approximate ones; anything else as its ISO value."""
    iso = str(value.get("value") or value.get("earliest") or "")
    parts = iso.split("-")
    said = iso
    if len(parts) == 2 and parts[1] in SEASONS:
        said = f"{SEASONS[parts[1]]} {parts[0]}"
    elif len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        month = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        said = f"{int(parts[2])} {month}" if len(parts) == 3 and parts[2].isdigit() else month
    flags = value.get("flags") or []
    return f"c. {said}" if "approximate" in flags else said


def safe_link(url: str | None) -> str | None:
    """``url`` when it is plain http(s), else None (never a ``javascript:`` link)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.globals.update(
        entity_url=entity_url,
        document_url=document_url,
        query_url=query_url,
        safe_link=safe_link,
        when=when,
        nav=NAV,
    )
    return env


ENV = _environment()


def page(request: Request, template: str, code: int = 200, /, **context: Any) -> HTMLResponse:
    """Render ``template`` for ``request`` with ``context``; ``code`` is the HTTP status."""
    context.setdefault("title", "Dossier")
    context.setdefault("q", "")
    html = ENV.get_template(template).render(
        request=request, path=request.url.path, role=_role(request), **context
    )
    return HTMLResponse(html, status_code=code)


def _role(request: Request) -> str:
    """The caller's role for the navigation bar (``reader`` while the archive has no tokens)."""
    try:
        return role_of(request)
    except AttributeError:
        return "reader"
