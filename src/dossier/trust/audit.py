"""The audit trail: every edit of the archive with who made it, when, why, and the state before
and after, so that it can be read back (``history``) and, for most actions, undone."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection, Row

from dossier.errors import NotFound
from dossier.store import schema as t
from dossier.trust.db import checked, inserted_id, now

__all__ = ["AuditEntry", "entries", "entry", "history", "mark_undone", "open_merge_entry", "write"]

Target = tuple[str, str]


@dataclass(frozen=True)
class AuditEntry:
    """One recorded action; ``undone_by`` is the id of the entry that reverted it."""

    id: int
    at: str
    actor: str
    action: str
    target_kind: str
    target_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
    undone_by: int | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def summary(self) -> str:
        """One line saying what changed, for people."""
        describe = _SUMMARIES.get(self.action)
        return describe(self) if describe is not None else self.action


def _edit_summary(e: AuditEntry) -> str:
    before, after = e.before or {}, e.after or {}
    return "; ".join(f"{k}: {before.get(k)!r} → {after.get(k)!r}" for k in after)


def _delete_summary(e: AuditEntry) -> str:
    doc = (e.before or {}).get("document", {})
    return f"deleted {doc.get('source', e.target_id)} (original kept)"


def _merge_summary(e: AuditEntry) -> str:
    after = e.after or {}
    return f"{after.get('source')} → {after.get('target')} ({after.get('id')})"


def _token_summary(e: AuditEntry) -> str:
    after = e.after or e.before or {}
    return f"token {after.get('name')!r} ({after.get('role')})"


_SUMMARIES: dict[str, Callable[[AuditEntry], str]] = {
    "edit": _edit_summary,
    "delete": _delete_summary,
    "restore": lambda e: f"restored {e.target_id}",
    "merge": _merge_summary,
    "unmerge": lambda e: f"undid {(e.after or {}).get('id')}",
    "verdict": lambda e: f"verdict set to {(e.after or {}).get('verdict')}",
    "verdict-undo": lambda e: f"verdict override #{(e.before or {}).get('entry')} withdrawn",
    "token-create": _token_summary,
    "token-revoke": _token_summary,
}


def write(
    conn: Connection,
    actor: str,
    action: str,
    target: Target,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None,
) -> int:
    """Add an entry inside the caller's transaction; its id."""
    result = conn.execute(
        t.audit.insert().values(
            at=now(),
            actor=checked(actor, "actor", 200),
            action=action,
            target_kind=target[0],
            target_id=target[1],
            before=before,
            after=after,
            reason=reason,
        )
    )
    return inserted_id(result)


def mark_undone(conn: Connection, audit_id: int, by: int) -> None:
    conn.execute(t.audit.update().where(t.audit.c.id == audit_id).values(undone_by=by))


def _entry(row: Row[Any]) -> AuditEntry:
    return AuditEntry(**row._mapping)


def entry(engine: Engine, audit_id: int) -> AuditEntry:
    with engine.connect() as conn:
        row = conn.execute(select(t.audit).where(t.audit.c.id == audit_id)).first()
    if row is None:
        raise NotFound(f"no audit entry {audit_id}")
    return _entry(row)


def entries(engine: Engine, actions: Iterable[str] | None = None) -> list[AuditEntry]:
    """Every entry (of the given actions), oldest first."""
    query = select(t.audit).order_by(t.audit.c.id)
    if actions is not None:
        query = query.where(t.audit.c.action.in_(list(actions)))
    with engine.connect() as conn:
        return [_entry(row) for row in conn.execute(query)]


def history(engine: Engine, targets: set[str], kind: str | None = None) -> list[AuditEntry]:
    """Entries about any of ``targets`` (of target kind ``kind`` if given), oldest first; an
    entity's history includes the merges into it."""
    query = select(t.audit).where(t.audit.c.target_id.in_(sorted(targets)))
    if kind is not None:
        query = query.where(t.audit.c.target_kind == kind)
    with engine.connect() as conn:
        found = {row.id: _entry(row) for row in conn.execute(query)}
    if kind in (None, "entity"):
        for merge in entries(engine, ("merge", "unmerge")):
            if (merge.after or {}).get("target") in targets:
                found[merge.id] = merge
    return [found[k] for k in sorted(found)]


def open_merge_entry(conn: Connection, merge_id: str) -> int | None:
    """The id of the entry that made merge ``merge_id``, while it is not undone."""
    rows = conn.execute(
        select(t.audit.c.id, t.audit.c.after).where(
            t.audit.c.action == "merge", t.audit.c.undone_by.is_(None)
        )
    ).all()
    return next((int(r.id) for r in rows if (r.after or {}).get("id") == merge_id), None)
