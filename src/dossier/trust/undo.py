"""Undo: each undoable action has a handler that reverts it and records the reversal as a new
audit entry, marking the old one ``undone_by`` it, in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dossier.errors import ConfigError
from dossier.trust import audit
from dossier.trust.audit import AuditEntry
from dossier.trust.db import sql_store
from dossier.trust.edits import edit_record, restore_document
from dossier.trust.verdicts import withdraw_override

if TYPE_CHECKING:
    from dossier.api import Archive

__all__ = ["UNDO", "undo"]

Handler = Callable[["Archive", AuditEntry, str], object]


def _undo_delete(archive: Archive, entry: AuditEntry, actor: str) -> object:
    return restore_document(sql_store(archive.store), entry, actor)


def _undo_merge(archive: Archive, entry: AuditEntry, actor: str) -> object:
    return archive.unmerge(
        str((entry.after or {})["id"]), actor=actor, reason=f"undo of #{entry.id}"
    )


def _undo_edit(archive: Archive, entry: AuditEntry, actor: str) -> object:
    store = sql_store(archive.store)
    before, after = entry.before or {}, entry.after or {}
    reason = f"undo of #{entry.id}"
    return edit_record(store, entry.target_id, before, actor, reason, expect=after, undoes=entry.id)


def _undo_verdict(archive: Archive, entry: AuditEntry, actor: str) -> object:
    return withdraw_override(sql_store(archive.store), entry, actor)


UNDO: dict[str, Handler] = {
    "delete": _undo_delete,
    "merge": _undo_merge,
    "edit": _undo_edit,
    "verdict": _undo_verdict,
}


def undo(archive: Archive, audit_id: int, actor: str) -> AuditEntry:
    """Revert the action of entry ``audit_id``; the entry recording the reversal."""
    engine = sql_store(archive.store).engine
    entry = audit.entry(engine, audit_id)
    if entry.undone_by is not None:
        raise ConfigError(f"audit entry {audit_id} was already undone by entry {entry.undone_by}")
    handler = UNDO.get(entry.action)
    if handler is None:
        known = ", ".join(UNDO)
        raise ConfigError(f"audit entry {audit_id} ({entry.action}) cannot be undone ({known} can)")
    handler(archive, entry, actor)
    done = audit.entry(engine, audit_id).undone_by
    if done is None:  # pragma: no cover - every handler marks the entry
        raise ConfigError(f"audit entry {audit_id} was not undone")
    return audit.entry(engine, done)
