"""BagIt export and import: a valid BagIt 1.0 bag that rebuilds an identical archive, and a
tampered bag refused in one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bagit
import pytest
from tests.conftest import Databases
from tests.trust.sample import filled, light

from dossier.api import Archive, open_archive
from dossier.errors import ConfigError, FixityError
from dossier.settings import Settings


@pytest.fixture
def second(tmp_path: Path, databases: Databases, settings: Settings) -> Iterator[Settings]:
    """Another fresh archive on the same backend."""
    db = databases.new(tmp_path / "second.db")
    yield light(Settings(db=db))
    databases.drop(db)


def _edited(settings: Settings, tmp_path: Path) -> tuple[Archive, dict[str, str]]:
    archive, ids = filled(settings, tmp_path)
    names = {e.name: e.id for e in archive.entities()}
    archive.merge(names["Moscow"], names["Dalian"], "a merge to carry over", actor="anna")
    archive.edit_record(ids["telegram.md"], {"genre": "telegram"}, "anna", "header")
    archive.delete_document(ids["memo.txt"], "anna", "kept out for now")
    return archive, ids


def _snapshot(archive: Archive) -> dict[str, Any]:
    docs = [archive.document(d.id) for d in archive.documents()]
    return {
        "documents": [(d.id, d.sha256, d.source, d.text, d.record.to_dict()) for d in docs],
        "passages": [[p.to_dict() | {"id": 0} for p in archive.passages(d.id)] for d in docs],
        "spans": [[(s.layer, s.start, s.end, s.value) for s in d.spans] for d in docs],
        "entities": archive.store.entity_records(),
        "audit": [(e.id, e.action, e.actor, e.target_id, e.before, e.after, e.undone_by)
                  for e in archive.audit_log()],
        "status": archive.status().to_dict(),
    }  # fmt: skip


def test_export_writes_a_valid_bagit_1_0_bag(tmp_path: Path, settings: Settings) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        summary = archive.export_bag(tmp_path / "bag", organization="Example Archive")
        sha = archive.document(ids["memo.txt"]).sha256
    bag = bagit.Bag(str(tmp_path / "bag"))
    bag.validate()  # full: every checksum
    info = (tmp_path / "bag" / "bag-info.txt").read_text(encoding="utf-8")
    payload = sorted(p.relative_to(tmp_path / "bag").as_posix()
                     for p in (tmp_path / "bag" / "data").rglob("*") if p.is_file())  # fmt: skip
    assert bag.version_info == (1, 0) and "sha256" in bag.algorithms
    assert bag.info["Source-Organization"] == "Example Archive"
    assert bag.info["Bagging-Date"] and "Payload-Oxum" in info
    size = sum((tmp_path / "bag" / p).stat().st_size for p in payload)
    assert bag.info["Payload-Oxum"] == f"{size}.{len(payload)}"
    assert f"data/originals/{sha}" in payload and "data/archive.json" in payload
    assert (tmp_path / "bag" / "data" / "originals" / sha).read_bytes() == (
        tmp_path / "in" / "memo.txt"
    ).read_bytes()
    assert (summary.documents, summary.originals) == (2, 2)


def test_import_rebuilds_an_identical_archive(
    tmp_path: Path, settings: Settings, second: Settings
) -> None:
    archive, ids = _edited(settings, tmp_path)
    with archive:
        before = _snapshot(archive)
        archive.export_bag(tmp_path / "bag")
    with open_archive(second) as copy:
        summary = copy.import_bag(tmp_path / "bag")
        after = _snapshot(copy)
        (deletion,) = [e for e in copy.history(ids["memo.txt"]) if e.action == "delete"]
        copy.undo(deletion.id)  # the deleted document's original travelled too
        assert copy.document(ids["memo.txt"]).source == "memo.txt"
        assert copy.verify().ok
    assert (summary.documents, summary.originals) == (1, 2)
    assert after == before
    assert before["entities"] and before["spans"][0]


def test_a_tampered_payload_file_is_refused_in_one_line(
    tmp_path: Path, settings: Settings, second: Settings
) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        archive.export_bag(tmp_path / "bag")
        sha = archive.document(ids["telegram.md"]).sha256
    target = tmp_path / "bag" / "data" / "originals" / sha
    target.write_bytes(target.read_bytes().replace(b"1954", b"1955", 1))
    with open_archive(second) as copy:
        with pytest.raises(FixityError) as caught:
            copy.import_bag(tmp_path / "bag")
        assert copy.status().documents == 0 and copy.status().originals == 0
    message = str(caught.value)
    assert "\n" not in message
    assert f"data/originals/{sha} does not match its checksum" in message


def test_a_bag_with_a_changed_manifest_still_fails_on_the_original(
    tmp_path: Path, settings: Settings, second: Settings
) -> None:
    """Someone who edits a payload file and re-writes the manifests (bagit's save) is caught by
    the originals being named by their own SHA-256."""
    archive, ids = filled(settings, tmp_path)
    with archive:
        archive.export_bag(tmp_path / "bag")
        sha = archive.document(ids["memo.txt"]).sha256
    target = tmp_path / "bag" / "data" / "originals" / sha
    target.write_bytes(target.read_bytes().replace(b"1950", b"1951", 1))
    bagit.Bag(str(tmp_path / "bag")).save(manifests=True)
    with (
        open_archive(second) as copy,
        pytest.raises(FixityError, match="does not hash to its name"),
    ):
        copy.import_bag(tmp_path / "bag")


def test_import_needs_an_empty_archive_and_a_bag(tmp_path: Path, settings: Settings) -> None:
    archive, _ = filled(settings, tmp_path)
    with archive:
        archive.export_bag(tmp_path / "bag")
        with pytest.raises(ConfigError, match="not empty"):
            archive.import_bag(tmp_path / "bag")
        with pytest.raises(FixityError, match="not a BagIt bag"):
            archive.import_bag(tmp_path / "in")
        with pytest.raises(ConfigError, match="not an empty directory"):
            archive.export_bag(tmp_path / "bag")
