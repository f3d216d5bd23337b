"""The trust part of the library API, mixed into ``dossier.api.Archive``: tokens, audited edits,
history, fixity and bags. Every method is a thin call into the ``trust`` modules."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from dossier.errors import NotFound
from dossier.store.base import Store
from dossier.store.sql import SQLStore
from dossier.trust import audit, bag, edits, fixity, verdicts
from dossier.trust import tokens as access
from dossier.trust.audit import AuditEntry
from dossier.trust.db import sql_store

__all__ = ["TARGET_KINDS", "TrustMixin"]

TARGET_KINDS = ("claim", "document", "entity", "token")


class TrustMixin:
    store: Store

    @property
    def _sql(self) -> SQLStore:
        return sql_store(self.store)

    # -- access ----------------------------------------------------------------------------

    def token_role(self, token: str) -> str | None:
        """The role a bearer token grants; None for an unknown, revoked or malformed one."""
        return access.token_role(self._sql.engine, token)

    def token_holder(self, token: str) -> tuple[str, str] | None:
        """The role a bearer token grants and the actor name its edits are recorded under."""
        return access.token_holder(self._sql.engine, token)

    def create_token(
        self, name: str, role: str, scopes: list[str] | None = None, *, actor: str = "cli"
    ) -> access.NewToken:
        """A new token; its secret is in the result and nowhere else, ever."""
        return access.create_token(self._sql.engine, name, role, scopes, actor)

    def tokens(self) -> list[access.TokenInfo]:
        return access.list_tokens(self._sql.engine)

    def revoke_token(self, token_id: int, *, actor: str = "cli") -> access.TokenInfo:
        return access.revoke_token(self._sql.engine, token_id, actor)

    # -- audited edits ---------------------------------------------------------------------

    def edit_record(
        self, doc_id: str, changes: dict[str, Any], actor: str = "cli", reason: str = ""
    ) -> AuditEntry:
        """Change record fields (and the columns derived from them) in one audited step."""
        return self.audit_entry(edits.edit_record(self._sql, doc_id, changes, actor, reason))

    def delete_document(self, doc_id: str, actor: str = "cli", reason: str = "") -> AuditEntry:
        """Remove a document from search and views; ``undo`` of the entry restores it."""
        return self.audit_entry(edits.delete_document(self._sql, doc_id, actor, reason))

    def override_verdict(
        self, ref: str, verdict: str, actor: str = "cli", reason: str = ""
    ) -> AuditEntry:
        """A reviewer's verdict on a document (``DOC``) or one claim (``DOC:START-END``)."""
        return self.audit_entry(verdicts.override_verdict(self._sql, ref, verdict, actor, reason))

    def verdict_overrides(self, ref: str) -> dict[str, dict[str, Any]]:
        return verdicts.verdict_overrides(self._sql, ref)

    # -- reading the trail -----------------------------------------------------------------

    def audit_entry(self, audit_id: int) -> AuditEntry:
        return audit.entry(self._sql.engine, audit_id)

    def audit_log(self) -> list[AuditEntry]:
        """The whole trail, oldest first."""
        return audit.entries(self._sql.engine)

    def history(self, ref: str) -> list[AuditEntry]:
        """Entries about a document (id, prefix or source) or an entity, oldest first; for an
        audit id (``12`` or ``#12``), that entry and the one that undid it. ``token:3``,
        ``document:ID``, ``claim:DOC:START-END`` or ``entity:ID`` name the kind of target."""
        number = ref.removeprefix("#")
        if number.isdigit():
            entry = self.audit_entry(int(number))
            undone = [] if entry.undone_by is None else [self.audit_entry(entry.undone_by)]
            return [entry, *undone]
        kind, sep, ident = ref.partition(":")
        if sep and kind in TARGET_KINDS:
            return audit.history(self._sql.engine, {ident}, kind)
        targets = {ref}
        with contextlib.suppress(NotFound):
            targets.add(self._sql.resolve(ref))
        return audit.history(self._sql.engine, targets)

    # -- fixity and preservation -----------------------------------------------------------

    def verify(self) -> fixity.FixityReport:
        """Hash every stored original again; name each document whose bytes changed or went."""
        return fixity.verify(self._sql)

    def export_bag(self, out: Path, organization: str = "Dossier archive") -> bag.BagSummary:
        return bag.export_bag(self._sql, out, organization)

    def import_bag(self, root: Path) -> bag.BagSummary:
        """Fill this (empty) archive from a bag, refusing one that fails its checksums."""
        return bag.import_bag(self._sql, root)
