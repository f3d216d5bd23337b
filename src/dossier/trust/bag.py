"""The archive as a BagIt 1.0 bag (RFC 8493), and back.

The payload is ``data/originals/<sha256>`` (every kept original, also those of deleted
documents) and ``data/archive.json``: documents with records, passages, spans and provenance,
entity and merge records, file records and the audit trail. Import rebuilds the archive from
``archive.json`` rather than reading the originals again: reviewers' record edits, merges and
deletions cannot be recomputed from the originals, and the rebuilt archive is then identical even
when the readers or models have changed since. Tokens are not exported: they belong to a
deployment, not to the collection.

The bag is written here (payload and manifests in one pass, into a temporary directory renamed
into place at the end); it is validated with the ``bagit`` library, checksums included.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from dossier import __version__
from dossier.errors import ConfigError, FixityError
from dossier.store import schema as t
from dossier.store.sql import SQLStore
from dossier.trust import audit
from dossier.trust.bagcheck import ensure_empty, insert_audit, validate_bag
from dossier.trust.serial import document_from_data, document_to_data

__all__ = ["BagSummary", "export_bag", "import_bag"]

FORMAT = "dossier-archive"
FORMAT_VERSION = 1
CHUNK = 1 << 20
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class BagSummary:
    path: str
    documents: int
    originals: int
    original_bytes: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _sha_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_originals(store: SQLStore, folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True)
    manifest: dict[str, str] = {}
    with store.engine.connect() as conn:
        shas = [r.sha256 for r in conn.execute(select(t.originals.c.sha256).order_by("sha256"))]
    for sha in shas:
        data = store.original(sha)
        if hashlib.sha256(data).hexdigest() != sha:
            raise FixityError(f"original {sha} has changed in the archive; run dossier verify")
        (folder / sha).write_bytes(data)
        manifest[f"data/originals/{sha}"] = sha
    return manifest


def _write_json(store: SQLStore, fh: IO[str]) -> int:
    """``archive.json``, one document at a time; how many documents it holds."""
    head = {"format": FORMAT, "version": FORMAT_VERSION, "dossier": __version__}
    fh.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "documents": [')
    n = 0
    for doc in store.iter_documents():
        fh.write(",\n" if n else "\n")
        fh.write(json.dumps(document_to_data(doc), ensure_ascii=False))
        n += 1
    with store.engine.connect() as conn:
        files = [dict(r._mapping) for r in conn.execute(select(t.files).order_by(t.files.c.source))]
    rest = {
        "entity_records": store.entity_records(),
        "files": files,
        "audit": [e.to_dict() for e in audit.entries(store.engine)],
    }
    fh.write("\n], " + json.dumps(rest, ensure_ascii=False)[1:] + "\n")
    return n


def _tag_files(root: Path, manifest: dict[str, str], organization: str, oxum: str) -> None:
    lines = "".join(f"{digest}  {path}\n" for path, digest in sorted(manifest.items()))
    (root / "manifest-sha256.txt").write_text(lines, encoding="utf-8")
    (root / "bagit.txt").write_text(
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8"
    )
    info = {
        "Source-Organization": organization,
        "Bagging-Date": date.today().isoformat(),
        "Payload-Oxum": oxum,
        "Bag-Software-Agent": f"Dossier {__version__}",
        "External-Description": "Dossier archive: originals and archive.json (documents, "
        "records, spans, entity records, audit trail)",
    }
    text = "".join(f"{k}: {v}\n" for k, v in info.items())
    (root / "bag-info.txt").write_text(text, encoding="utf-8")
    tags = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")
    tagmanifest = "".join(f"{_sha_of_file(root / name)}  {name}\n" for name in tags)
    (root / "tagmanifest-sha256.txt").write_text(tagmanifest, encoding="utf-8")


def export_bag(store: SQLStore, out: Path, organization: str) -> BagSummary:
    """Write the archive as a bag at ``out`` (a new or empty directory)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ConfigError(f"{out}: exists and is not an empty directory")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        manifest = _write_originals(store, work / "data" / "originals")
        with (work / "data" / "archive.json").open("w", encoding="utf-8") as fh:
            documents = _write_json(store, fh)
        manifest["data/archive.json"] = _sha_of_file(work / "data" / "archive.json")
        size = sum((work / path).stat().st_size for path in manifest)
        _tag_files(work, manifest, organization, f"{size}.{len(manifest)}")
        kept = sum((work / path).stat().st_size for path in manifest if "/originals/" in path)
        if out.exists():
            out.rmdir()
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BagSummary(str(out), documents, len(manifest) - 1, kept)


def _read_payload(root: Path) -> dict[str, Any]:
    try:
        payload = json.loads((root / "data" / "archive.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{root}: cannot read data/archive.json: {exc}") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ConfigError(f"{root}: not a Dossier bag (data/archive.json has no {FORMAT!r})")
    if payload.get("version") != FORMAT_VERSION:
        raise ConfigError(f"{root}: Dossier bag version {payload.get('version')} is not known")
    return payload


def _original(root: Path, sha: str) -> bytes:
    if _SHA.match(sha) is None:
        raise FixityError(f"{root}: {sha[:80]!r} is not a SHA-256 name")
    path = root / "data" / "originals" / sha
    if not path.is_file():
        raise FixityError(f"{root}: original {sha} is not in the bag")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha:
        raise FixityError(f"{root}: data/originals/{sha} does not hash to its name")
    return data


def import_bag(store: SQLStore, root: Path) -> BagSummary:
    """Rebuild an empty archive from a bag, after validating every checksum; all or nothing."""
    validate_bag(root)
    payload = _read_payload(root)
    ensure_empty(store)
    try:
        docs = [document_from_data(d) for d in payload["documents"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{root}: malformed document in data/archive.json: {exc!r}") from None
    folder = root / "data" / "originals"
    kept = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    shas = sorted(kept | {d.sha256 for d in docs})
    size = 0
    with store.engine.begin() as conn:
        for sha in shas:
            data = _original(root, sha)
            size += len(data)
            conn.execute(t.originals.insert().values(sha256=sha, size=len(data), data=data))
        store.insert(conn, docs, payload.get("entity_records", []))
        if payload.get("files"):
            conn.execute(t.files.insert(), payload["files"])
        insert_audit(conn, payload.get("audit", []))
    return BagSummary(str(root), len(docs), len(shas), size)
