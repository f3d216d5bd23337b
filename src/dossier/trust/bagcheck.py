"""What importing a bag checks and restores besides documents: the bag's own validity (every
checksum, with the ``bagit`` library), that the archive is empty, and the audit trail."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import bagit
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from dossier.errors import ConfigError, FixityError
from dossier.store import schema as t
from dossier.store.sql import SQLStore
from dossier.trust.db import inserted_id

__all__ = ["ensure_empty", "insert_audit", "validate_bag"]

# bagit logs each bad file as well as raising; the one-line error below says it already
logging.getLogger("bagit").setLevel(logging.CRITICAL)


def validate_bag(root: Path) -> None:
    """Refuse, in one line, a bag that is incomplete or whose files fail their checksums."""
    if not (root / "bagit.txt").is_file():
        raise FixityError(f"{root}: not a BagIt bag (no bagit.txt)")
    try:
        bagit.Bag(str(root)).validate(processes=1)
    except bagit.BagValidationError as exc:
        changed = [f"{path} does not match its checksum" for path in _changed_files(root)]
        details = changed or [str(d) for d in exc.details] or [exc.message]
        more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
        raise FixityError(f"{root}: bag fails validation: {details[0]}{more}") from None
    except bagit.BagError as exc:
        raise FixityError(f"{root}: not a valid BagIt bag: {exc}") from None


def _changed_files(root: Path) -> list[str]:
    """Payload files whose SHA-256 differs from the manifest's (to name them in the error;
    bagit stops at the first size mismatch without saying which file)."""
    manifest = root / "manifest-sha256.txt"
    if not manifest.is_file():
        return []
    changed = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.strip().partition(" ")
        path = root / name.strip()
        if ".." in Path(name.strip()).parts:
            continue
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            changed.append(name.strip())
    return changed


def ensure_empty(store: SQLStore) -> None:
    with store.engine.connect() as conn:
        for table in (t.documents, t.originals, t.audit):
            n = conn.execute(select(func.count()).select_from(table)).scalar_one()
            if n:
                raise ConfigError(
                    f"the archive is not empty ({n} rows in {table.name}); "
                    "import a bag into a new archive"
                )


def insert_audit(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add the bag's audit entries in order; the archive numbers them afresh, and ``undone_by``
    follows the new numbers."""
    new_ids: dict[int, int] = {}
    for row in sorted(rows, key=lambda r: int(r["id"])):
        values = {k: v for k, v in row.items() if k not in ("id", "undone_by")}
        result = conn.execute(t.audit.insert().values(**values))
        new_ids[int(row["id"])] = inserted_id(result)
    for row in rows:
        if row.get("undone_by") is not None:
            conn.execute(
                t.audit.update()
                .where(t.audit.c.id == new_ids[int(row["id"])])
                .values(undone_by=new_ids[int(row["undone_by"])])
            )
