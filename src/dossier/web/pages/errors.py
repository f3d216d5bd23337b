"""The error page for 403, 404, 422 and 500 answers to page requests."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from dossier.web.pages.render import page
from dossier.web.problems import problem

__all__ = ["error_page"]

HEADINGS = {
    400: "That request could not be read",
    403: "Not allowed",
    404: "Not in this archive",
    422: "That request could not be read",
    500: "Something went wrong",
}


def wants_page(request: Request) -> bool:
    """A browser asking for a page says so (``Accept: text/html``); other clients of the
    non-API routes (citation downloads, unAPI) get a problem document."""
    return "text/html" in request.headers.get("accept", "")


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    """The page ``problems.install`` shows instead of a problem document, for browsers."""
    if not wants_page(request):
        return problem(status, title, detail)
    heading = HEADINGS.get(status, title)
    shown = detail if status < 500 else "The archive could not answer; the error was logged."
    return page(request, "error.html", status, title=heading, status=status, detail=shown)
