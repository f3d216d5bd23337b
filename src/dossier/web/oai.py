"""The OAI-PMH 2.0 endpoint at ``/oai`` (GET, and POST with a form-encoded body); the protocol
itself is ``dossier.oai``, reached through ``Archive.oai``."""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from dossier.web.deps import archive_of

__all__ = ["FORM", "MEDIA_TYPE", "router"]

MEDIA_TYPE = "text/xml; charset=utf-8"
FORM = "application/x-www-form-urlencoded"

router = APIRouter(tags=["oai-pmh"])


async def _arguments(request: Request) -> list[tuple[str, str]]:
    """The request's arguments in order, repeats kept: the query of a GET, the body of a POST."""
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        body = await request.body() if kind == FORM else b""
        return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return parse_qsl(request.url.query, keep_blank_values=True)


@router.api_route("/oai", methods=["GET", "POST"], summary="OAI-PMH 2.0 (Dublin Core)")
async def oai(request: Request) -> Response:
    """Answer one OAI-PMH request; protocol errors are ``<error>`` elements with status 200."""
    arguments = await _arguments(request)
    url = request.url
    base_url = f"{url.scheme}://{url.netloc}{url.path}"
    archive = archive_of(request)
    body = await run_in_threadpool(archive.oai, arguments, base_url, url.hostname or "localhost")
    return Response(body, media_type=MEDIA_TYPE)
