"""Access tokens: the secret is shown once, only its hash is kept, revocation is immediate."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select, update

from dossier.api import open_archive
from dossier.errors import ConfigError, NotFound
from dossier.settings import Settings
from dossier.store import schema as t
from dossier.trust.db import sql_store


def test_created_token_grants_its_role_and_only_a_hash_is_stored(settings: Settings) -> None:
    with open_archive(settings) as archive:
        made = archive.create_token("reading room", "editor", ["api"])
        assert made.secret.startswith("dsr_") and len(made.secret) > 40
        assert archive.token_role(made.secret) == "editor"
        with sql_store(archive.store).engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(select(t.tokens))]
            trail = [dict(r._mapping) for r in conn.execute(select(t.audit))]
    (row,) = rows
    assert row["hash"] == hashlib.sha256(made.secret.encode()).hexdigest()
    assert made.secret not in repr(rows) + repr(trail) + repr(made)
    assert trail[0]["action"] == "token-create" and trail[0]["after"]["role"] == "editor"


@pytest.mark.sqlite_only("reads the SQLite file's bytes")
def test_secret_appears_nowhere_in_the_database_files(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with open_archive(Settings(db=str(db))) as archive:
        secret = archive.create_token("x", "admin").secret
        assert archive.token_role(secret) == "admin"
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("a.db"))
    assert secret.encode() not in blob
    assert hashlib.sha256(secret.encode()).hexdigest().encode() in blob


def test_list_never_shows_secret_or_hash(settings: Settings) -> None:
    with open_archive(settings) as archive:
        made = archive.create_token("one", "reader")
        (info,) = archive.tokens()
    shown = info.to_dict()
    assert set(shown) == {"id", "name", "role", "scopes", "created_at", "revoked_at",
                          "last_used_at"}  # fmt: skip
    assert made.secret not in repr(shown)


@pytest.mark.parametrize(
    "presented",
    ["", "dsr_", "dsr_unknown-secret", "Bearer dsr_x", "x" * 10_000, "dsr_" + "a" * 500],
)
def test_unknown_or_malformed_tokens_grant_nothing(settings: Settings, presented: str) -> None:
    with open_archive(settings) as archive:
        archive.create_token("one", "admin")
        assert archive.token_role(presented) is None


def test_a_near_miss_of_a_real_secret_grants_nothing(settings: Settings) -> None:
    with open_archive(settings) as archive:
        secret = archive.create_token("one", "admin").secret
        flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
        assert archive.token_role(flipped) is None
        assert archive.token_role(secret + " ") is None


def test_revoked_token_grants_nothing_at_once(settings: Settings) -> None:
    with open_archive(settings) as archive:
        made = archive.create_token("leaver", "admin")
        keep = archive.create_token("stayer", "reader")
        info = archive.revoke_token(made.info.id)
        assert info.revoked_at is not None
        assert archive.token_role(made.secret) is None
        assert archive.token_role(keep.secret) == "reader"
        again = archive.revoke_token(made.info.id)
        actions = [e.action for e in archive.history(f"token:{made.info.id}")]
    assert again.revoked_at == info.revoked_at
    assert actions == ["token-create", "token-revoke"]


def test_use_is_noted_at_most_once_a_minute(settings: Settings) -> None:
    with open_archive(settings) as archive:
        made = archive.create_token("one", "reader")
        assert archive.tokens()[0].last_used_at is None
        archive.token_role(made.secret)
        first = archive.tokens()[0].last_used_at
        engine = sql_store(archive.store).engine
        with engine.begin() as conn:  # pretend the use was long ago
            conn.execute(update(t.tokens).values(last_used_at="2000-01-01T00:00:00+00:00"))
        archive.token_role(made.secret)
        later = archive.tokens()[0].last_used_at
        archive.token_role(made.secret)
        assert archive.tokens()[0].last_used_at == later
    assert first is not None and later is not None and later > "2000-01-01T00:00:00+00:00"


def test_bad_role_and_unknown_token_are_clear_errors(settings: Settings) -> None:
    with open_archive(settings) as archive:
        with pytest.raises(ConfigError, match="unknown role 'root'"):
            archive.create_token("x", "root")
        with pytest.raises(NotFound, match="no token 99"):
            archive.revoke_token(99)
        with pytest.raises(ConfigError, match="token name"):
            archive.create_token("  ", "reader")
