"""Trust: who may change the archive (tokens and roles), what was changed (the audit trail, with
undo), whether the stored originals are still the bytes that were ingested (fixity), and the
archive as a BagIt bag for preservation elsewhere."""

from __future__ import annotations

from dossier.trust.audit import AuditEntry
from dossier.trust.bag import BagSummary, export_bag, import_bag
from dossier.trust.edits import EDITABLE, delete_document, edit_record, save_merge
from dossier.trust.fixity import FixityProblem, FixityReport, verify
from dossier.trust.tokens import (
    ROLES,
    NewToken,
    TokenInfo,
    create_token,
    list_tokens,
    revoke_token,
    token_role,
)
from dossier.trust.verdicts import VERDICTS, override_verdict, verdict_overrides

__all__ = [
    "EDITABLE",
    "ROLES",
    "VERDICTS",
    "AuditEntry",
    "BagSummary",
    "FixityProblem",
    "FixityReport",
    "NewToken",
    "TokenInfo",
    "create_token",
    "delete_document",
    "edit_record",
    "export_bag",
    "import_bag",
    "list_tokens",
    "override_verdict",
    "revoke_token",
    "save_merge",
    "token_role",
    "verdict_overrides",
    "verify",
]
