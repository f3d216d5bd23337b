"""Errors as RFC 9457 ``application/problem+json`` for the API, and the mapping from the library's
exception tree to HTTP statuses."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from dossier.errors import ConfigError, DossierError, NotFound, QueryError, ReadError

__all__ = ["PROBLEM", "Forbidden", "install", "problem", "routes", "status_of"]

PROBLEM = "application/problem+json"

STATUSES: tuple[tuple[type[DossierError], int], ...] = (
    (NotFound, 404),
    (QueryError, 400),
    (ReadError, 422),
    (ConfigError, 400),
)


class Forbidden(DossierError):
    """The caller's role does not allow this."""

    code = "E403"


def status_of(exc: DossierError) -> int:
    if isinstance(exc, Forbidden):
        return 403
    return next((status for kind, status in STATUSES if isinstance(exc, kind)), 500)


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def routes(app: FastAPI) -> list[tuple[str, frozenset[str]]]:
    """Every route of ``app`` as its full path and methods, through included routers."""
    out = []
    for context in iter_route_contexts(app.routes):
        methods = getattr(context.original_route, "methods", None)
        if methods and context.path:
            out.append((context.path, frozenset(methods)))
    return out


def _allowed(app: FastAPI, request: Request) -> list[str]:
    """Every method some route serves at this path (the router names only the first's)."""
    methods: set[str] = set()
    for path, served in routes(app):
        if compile_path(path)[0].match(request.url.path):
            methods |= served
    return sorted(methods)


def install(app: FastAPI, html: Any = None) -> None:
    """Turn library errors, HTTP errors and validation errors into problem documents (or, for
    page requests when ``html`` is given, into ``html(request, status, title, detail)``)."""

    def respond(request: Request, status: int, title: str, detail: str, **extra: Any) -> Response:
        wants_page = html is not None and not request.url.path.startswith(("/api", "/oai"))
        if wants_page:
            page: Response = html(request, status, title, detail)
            return page
        return problem(status, title, detail, **extra)

    @app.exception_handler(DossierError)
    async def library_error(request: Request, exc: DossierError) -> Response:
        status = status_of(exc)
        return respond(request, status, type(exc).__name__, str(exc), code=exc.code)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        response = respond(request, exc.status_code, "HTTP error", str(exc.detail))
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            response.headers["Allow"] = ", ".join(_allowed(app, request))
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in exc.errors()
        ]
        return respond(
            request, 422, "Invalid request", "the request's parameters are invalid", errors=errors
        )
