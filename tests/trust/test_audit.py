"""The audit trail: edits, deletions, merges and verdict overrides recorded with who, when,
why, before and after; and undone."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from tests.trust.sample import filled

from dossier.api import Archive
from dossier.errors import ConfigError, NotFound
from dossier.settings import Settings
from dossier.store import schema as t
from dossier.store.base import SearchRequest
from dossier.trust.db import sql_store


def _row(archive: Archive, doc_id: str) -> dict[str, object]:
    engine = sql_store(archive.store).engine
    with engine.connect() as conn:
        row = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).one()
    return dict(row._mapping)


def test_edit_updates_record_and_derived_columns_with_before_and_after(
    tmp_path: Path, settings: Settings
) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        doc = ids["telegram.md"]
        entry = archive.edit_record(
            doc,
            {"date": "1954-10-13", "title": "Consul to Secretary", "creators": "Smith; Jones"},
            actor="editor:anna",
            reason="date from the received stamp",
        )
        row = _row(archive, doc)
        record = archive.document(doc).record
        hits = archive.search(SearchRequest("garrison", date_from="1954-10-13"))
    assert (entry.actor, entry.action, entry.target_kind, entry.target_id) == (
        "editor:anna", "edit", "document", doc,
    )  # fmt: skip
    assert entry.before == {
        "date": "1954-10-12", "title": "Consul at Dairen to the Secretary of State", "creators": []
    }  # fmt: skip
    assert entry.after == {
        "date": "1954-10-13", "title": "Consul to Secretary", "creators": ["Smith", "Jones"]
    }  # fmt: skip
    assert entry.reason == "date from the received stamp" and entry.at.endswith("+00:00")
    assert (row["title"], row["date"], row["date_earliest"]) == (
        "Consul to Secretary", "1954-10-13", "1954-10-13",
    )  # fmt: skip
    assert record.creators == ["Smith", "Jones"] and record.title == "Consul to Secretary"
    assert [h.document for h in hits] == [doc]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, "unknown record field"),
        ({"date": "12 Oct 1954"}, "not an ISO date prefix"),
        ({"date": "1954-02-30"}, "not an ISO date prefix"),
        ({"kind": "tertiary"}, "not one of primary, secondary"),
        ({"title": "bad\x00title"}, "control characters"),
        ({}, "no field to change"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(
    tmp_path: Path, settings: Settings, changes: dict[str, str], message: str
) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        before = _row(archive, ids["memo.txt"])
        with pytest.raises(ConfigError, match=message):
            archive.edit_record(ids["memo.txt"], changes, "cli", "testing")
        assert _row(archive, ids["memo.txt"]) == before
        assert archive.history(ids["memo.txt"]) == []


def test_edit_needs_a_reason_and_a_real_change(tmp_path: Path, settings: Settings) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        with pytest.raises(ConfigError, match="reason"):
            archive.edit_record(ids["memo.txt"], {"title": "x"}, "cli", " ")
        archive.edit_record(ids["memo.txt"], {"title": "x"}, "cli", "why")
        with pytest.raises(ConfigError, match="already has these values"):
            archive.edit_record(ids["memo.txt"], {"title": "x"}, "cli", "why")


def test_undo_of_an_edit_restores_the_fields_unless_edited_again(
    tmp_path: Path, settings: Settings
) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        doc = ids["telegram.md"]
        first = archive.edit_record(doc, {"genre": "telegram"}, "anna", "header says so")
        second = archive.edit_record(doc, {"title": "Short"}, "ben", "shorter")
        undone = archive.undo(second.id, actor="anna")
        assert archive.document(doc).record.title == "Consul at Dairen to the Secretary of State"
        archive.edit_record(doc, {"genre": "memorandum"}, "ben", "no, a memo")
        with pytest.raises(ConfigError, match="edited again"):
            archive.undo(first.id)
        with pytest.raises(ConfigError, match="already undone"):
            archive.undo(second.id)
        assert archive.audit_entry(second.id).undone_by == undone.id
        assert [e.action for e in archive.history(doc)] == ["edit"] * 4


def test_delete_hides_the_document_and_undo_restores_it_exactly(
    tmp_path: Path, settings: Settings
) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        doc = ids["memo.txt"]
        kept = archive.document(doc)
        original = archive.original(doc)
        entry = archive.delete_document(doc, "editor:anna", "duplicate of a better copy")
        assert archive.status().documents == 1
        assert [d.id for d in archive.documents()] == [ids["telegram.md"]]
        assert archive.search(SearchRequest("Molotov")) == []
        with pytest.raises(NotFound):
            archive.document(doc)
        assert entry.before is not None and entry.before["document"]["text"] == kept.text
        assert archive.store.original(kept.sha256) == original
        restored = archive.undo(entry.id, actor="editor:ben")
        back = archive.document(doc)
        hits = archive.search(SearchRequest("Molotov"))
    assert (restored.action, restored.actor, restored.reason) == (
        "restore", "editor:ben", f"undo of #{entry.id}",
    )  # fmt: skip
    assert back.text == kept.text and back.record == kept.record
    assert [(s.layer, s.start, s.end, s.value) for s in back.spans] == [
        (s.layer, s.start, s.end, s.value) for s in kept.spans
    ]
    assert [h.document for h in hits] == [doc]


def test_a_deletion_survives_ingesting_the_same_file_again(
    tmp_path: Path, settings: Settings
) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        entry = archive.delete_document(ids["memo.txt"], "cli", "withdrawn by the depositor")
        report = archive.ingest([tmp_path / "in"])  # the same bytes read again
        assert report.count("added") == 0 and report.count("skipped") == 2
        with pytest.raises(NotFound):
            archive.document(ids["memo.txt"])
        archive.undo(entry.id)  # only an undo brings it back
        assert archive.document(ids["memo.txt"]).id == ids["memo.txt"]


def test_merge_and_unmerge_are_audited_and_undo_reverts_a_merge(
    tmp_path: Path, settings: Settings
) -> None:
    archive, _ = filled(settings, tmp_path)
    with archive:
        names = {e.name: e.id for e in archive.entities()}
        source, target = names["Dairen"] if "Dairen" in names else names["Dalian"], names["Moscow"]
        record = archive.merge(source, target, "test merge", actor="editor:anna")
        (made,) = [e for e in archive.history(source) if e.action == "merge"]
        assert (made.actor, made.target_id, made.after) == (
            "editor:anna", source, {k: record[k] for k in made.after or {}},
        )  # fmt: skip
        assert [e.id for e in archive.history(target)] == [made.id]
        undone = archive.undo(made.id, actor="editor:ben")
        merges = [r for r in archive.store.entity_records() if r.get("kind") == "merge"]
        assert undone.action == "unmerge" and undone.reason == f"undo of #{made.id}"
        assert archive.audit_entry(made.id).undone_by == undone.id
        assert merges[0]["undone"] is True
        again = archive.merge(source, target, "second thoughts")
        archive.unmerge(again["id"], actor="editor:carl")
        (second,) = [e for e in archive.history(source) if e.after and e.after["id"] == again["id"]
                     and e.action == "merge"]  # fmt: skip
        assert second.undone_by is not None


def test_verdict_override_is_read_back_and_withdrawn_by_undo(
    tmp_path: Path, settings: Settings
) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        doc = ids["telegram.md"]
        entry = archive.override_verdict(f"{doc}:10-60", "contradicted", "anna", "see FRUS")
        archive.override_verdict(doc, "supported", "anna", "whole document")
        overrides = archive.verdict_overrides(doc)
        with pytest.raises(ConfigError, match="unknown verdict"):
            archive.override_verdict(doc, "true", "anna", "x")
        with pytest.raises(ConfigError, match="DOC:START-END"):
            archive.override_verdict(f"{doc}:60-10", "supported", "anna", "x")
        archive.undo(entry.id)
        after_undo = archive.verdict_overrides(doc)
    assert overrides[f"{doc}:10-60"]["verdict"] == "contradicted"
    assert overrides[doc]["verdict"] == "supported"
    assert set(after_undo) == {doc}


def test_history_by_audit_id_and_unknown_ids(tmp_path: Path, settings: Settings) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        entry = archive.edit_record(ids["memo.txt"], {"genre": "memorandum"}, "cli", "x")
        undone = archive.undo(entry.id)
        assert [e.id for e in archive.history(f"#{entry.id}")] == [entry.id, undone.id]
        assert archive.history("telegram.md") == []
        assert archive.history("nothing-here") == []
        with pytest.raises(NotFound):
            archive.history("9999")
        redone = archive.undo(undone.id)  # undoing an undo of an edit does the edit again
        assert archive.document(ids["memo.txt"]).record.genre == "memorandum"
        assert redone.after == {"genre": "memorandum"}
        deleted = archive.delete_document(ids["memo.txt"], "cli", "x")
        restored = archive.undo(deleted.id)
        with pytest.raises(ConfigError, match=r"\(restore\) cannot be undone"):
            archive.undo(restored.id)


def test_enrich_keeps_edits_and_deletions(tmp_path: Path, settings: Settings) -> None:
    """Reading the originals again must not undo the work of people."""
    archive, ids = filled(settings, tmp_path)
    with archive:
        edited = archive.edit_record(ids["telegram.md"], {"genre": "telegram"}, "anna", "header")
        archive.edit_record(ids["telegram.md"], {"title": "Later title"}, "anna", "shorter")
        archive.undo(edited.id)
        archive.delete_document(ids["memo.txt"], "anna", "out of scope")
        assert archive.enrich(everything=True) == 1
        record = archive.document(ids["telegram.md"]).record
        row = _row(archive, ids["telegram.md"])
        assert [d.id for d in archive.documents()] == [ids["telegram.md"]]
    assert (record.title, record.genre) == ("Later title", (edited.before or {})["genre"])
    assert row["title"] == "Later title"
