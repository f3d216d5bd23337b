"""Access tokens: a secret shown once at creation, of which the archive keeps only a SHA-256.

A token gives its bearer a role (``reader`` < ``editor`` < ``admin``). Checking one hashes the
presented secret, finds the row by that hash and compares the hashes in constant time; the secret
itself is never stored, logged, or put in an error message.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import Row

from dossier.errors import ConfigError, NotFound
from dossier.store import schema as t
from dossier.trust import audit
from dossier.trust.db import checked, inserted_id, now

__all__ = [
    "PREFIX",
    "ROLES",
    "NewToken",
    "TokenInfo",
    "create_token",
    "list_tokens",
    "revoke_token",
    "token_holder",
    "token_role",
]

ROLES = ("reader", "editor", "admin")
PREFIX = "dsr_"
MAX_TOKEN = 200  # longer presented tokens are refused before hashing
USE_GRANULARITY = timedelta(minutes=1)  # last_used_at is written at most this often


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown about a token: never its secret, nor the hash of it."""

    id: int
    name: str
    role: str
    scopes: list[str]
    created_at: str
    revoked_at: str | None
    last_used_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``secret`` is returned this once and is kept nowhere."""

    info: TokenInfo
    secret: str = field(repr=False)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _info(row: Row[Any]) -> TokenInfo:
    return TokenInfo(
        id=int(row.id),
        name=row.name,
        role=row.role,
        scopes=list(row.scopes),
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
    )


_PUBLIC = [t.tokens.c[name] for name in TokenInfo.__dataclass_fields__]


def create_token(
    engine: Engine, name: str, role: str, scopes: list[str] | None = None, actor: str = "cli"
) -> NewToken:
    """Make a token for ``role``; the returned secret is the only copy there will be."""
    if role not in ROLES:
        raise ConfigError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    name = checked(name, "token name", 200)
    scope_list = sorted({checked(s, "scope", 64) for s in scopes or []})
    secret = PREFIX + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        result = conn.execute(
            t.tokens.insert().values(
                name=name, role=role, scopes=scope_list, hash=_digest(secret), created_at=now()
            )
        )
        token_id = inserted_id(result)
        row = conn.execute(select(*_PUBLIC).where(t.tokens.c.id == token_id)).one()
        info = _info(row)
        shown = {"name": name, "role": role, "scopes": scope_list}
        audit.write(conn, actor, "token-create", ("token", str(token_id)), None, shown, None)
    return NewToken(info, secret)


def list_tokens(engine: Engine) -> list[TokenInfo]:
    with engine.connect() as conn:
        rows = conn.execute(select(*_PUBLIC).order_by(t.tokens.c.id)).all()
    return [_info(row) for row in rows]


def revoke_token(engine: Engine, token_id: int, actor: str = "cli") -> TokenInfo:
    """Revoke a token at once; revoking a revoked token changes nothing."""
    with engine.begin() as conn:
        row = conn.execute(select(*_PUBLIC).where(t.tokens.c.id == token_id)).first()
        if row is None:
            raise NotFound(f"no token {token_id}")
        if row.revoked_at is None:
            conn.execute(
                t.tokens.update().where(t.tokens.c.id == token_id).values(revoked_at=now())
            )
            shown = {"name": row.name, "role": row.role}
            audit.write(conn, actor, "token-revoke", ("token", str(token_id)), shown, None, None)
            row = conn.execute(select(*_PUBLIC).where(t.tokens.c.id == token_id)).one()
    return _info(row)


def token_role(engine: Engine, token: str) -> str | None:
    """The role ``token`` grants, or None when it is unknown, revoked or malformed."""
    holder = token_holder(engine, token)
    return None if holder is None else holder[0]


def token_holder(engine: Engine, token: str) -> tuple[str, str] | None:
    """The role ``token`` grants and the actor name its edits are recorded under
    (``token:<id>:<name>``), or None when it is unknown, revoked or malformed."""
    if not token.startswith(PREFIX) or len(token) > MAX_TOKEN:
        return None
    digest = _digest(token)
    c = t.tokens.c
    with engine.connect() as conn:
        row = conn.execute(
            select(c.id, c.name, c.role, c.hash, c.revoked_at, c.last_used_at).where(
                c.hash == digest
            )
        ).first()
    if row is None or not hmac.compare_digest(row.hash, digest) or row.revoked_at is not None:
        return None
    _touch(engine, int(row.id), row.last_used_at)
    return str(row.role), f"token:{row.id}:{row.name}"


def _touch(engine: Engine, token_id: int, last_used: str | None) -> None:
    """Note the use, unless it was noted less than ``USE_GRANULARITY`` ago (no write per call)."""
    at = datetime.now(UTC)
    if last_used is not None and at - datetime.fromisoformat(last_used) < USE_GRANULARITY:
        return
    with engine.begin() as conn:
        conn.execute(
            t.tokens.update()
            .where(t.tokens.c.id == token_id)
            .values(last_used_at=at.isoformat(timespec="seconds"))
        )
