"""Manual verdict overrides: a reviewer's verdict on a document or on one claim of it, kept as
an audit entry that reports can read next to the computed verdict."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from dossier.errors import ConfigError
from dossier.store import schema as t
from dossier.store.sql import SQLStore
from dossier.trust import audit
from dossier.trust.audit import AuditEntry
from dossier.trust.db import checked

__all__ = ["VERDICTS", "override_verdict", "verdict_overrides", "withdraw_override"]

VERDICTS = ("supported", "contradicted", "conflicting", "unverified")
_CLAIM = re.compile(r"^(\d+)-(\d+)$")


def _target(store: SQLStore, ref: str) -> tuple[str, str]:
    """``DOC`` names a document; ``DOC:START-END`` the claim at those offsets of its text."""
    doc_ref, _, claim = ref.partition(":")
    doc_id = store.resolve(doc_ref)
    if not claim:
        return "document", doc_id
    m = _CLAIM.match(claim)
    if m is None or int(m.group(1)) >= int(m.group(2)):
        raise ConfigError(f"claim reference {ref!r} is not DOC:START-END")
    return "claim", f"{doc_id}:{claim}"


def override_verdict(store: SQLStore, ref: str, verdict: str, actor: str, reason: str) -> int:
    if verdict not in VERDICTS:
        raise ConfigError(f"unknown verdict {verdict!r} (known: {', '.join(VERDICTS)})")
    target = _target(store, ref)
    reason = checked(reason, "reason")
    with store.engine.begin() as conn:
        return audit.write(conn, actor, "verdict", target, None, {"verdict": verdict}, reason)


def withdraw_override(store: SQLStore, entry: AuditEntry, actor: str) -> int:
    with store.engine.begin() as conn:
        target = (entry.target_kind, entry.target_id)
        new = audit.write(
            conn, actor, "verdict-undo", target, {"entry": entry.id}, None, f"undo of #{entry.id}"
        )
        audit.mark_undone(conn, entry.id, new)
    return new


def verdict_overrides(store: SQLStore, ref: str) -> dict[str, dict[str, Any]]:
    """The standing overrides of one document and its claims, by target (the latest wins)."""
    doc_id = store.resolve(ref)
    a = t.audit.c
    query = (
        select(a.id, a.target_id, a.actor, a.at, a.after, a.reason)
        .where(a.action == "verdict", a.undone_by.is_(None))
        .where((a.target_id == doc_id) | a.target_id.startswith(f"{doc_id}:"))
        .order_by(a.id)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return {
        row.target_id: {
            "verdict": (row.after or {}).get("verdict"),
            "actor": row.actor,
            "at": row.at,
            "reason": row.reason,
            "audit": int(row.id),
        }
        for row in rows
    }
