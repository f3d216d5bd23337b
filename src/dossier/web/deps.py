"""What every route may depend on: the open archive and the caller's role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from dossier.api import Archive
from dossier.web.problems import Forbidden

__all__ = ["ROLES", "Caller", "archive_of", "caller_of", "require", "role_of"]

ROLES = ("reader", "editor", "admin")
TOKEN_COOKIE = "dossier_token"


def archive_of(request: Request) -> Archive:
    """The archive the application was started on."""
    archive: Archive = request.app.state.archive
    return archive


def _token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(TOKEN_COOKIE) or None


@dataclass(frozen=True)
class Caller:
    """Who is asking: a role, and the name their edits are recorded under."""

    role: str
    actor: str


ANONYMOUS = Caller("reader", "anonymous")


def caller_of(request: Request) -> Caller:
    """The caller: an anonymous reader unless a valid token says more."""
    token = _token(request)
    holder = None if token is None else archive_of(request).token_holder(token)
    return ANONYMOUS if holder is None else Caller(*holder)


def role_of(request: Request) -> str:
    return caller_of(request).role


def require(role: str) -> Callable[[Request], Caller]:
    """A dependency that refuses (403) callers below ``role``."""
    wanted = ROLES.index(role)

    def check(request: Request) -> Caller:
        caller = caller_of(request)
        if ROLES.index(caller.role) < wanted:
            raise Forbidden(f"this needs the {role} role; you are a {caller.role}")
        return caller

    return check
