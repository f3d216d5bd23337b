"""Fixity: ``verify`` hashes every stored original again and names the documents whose bytes
changed, or whose original is gone."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import delete, update
from tests.trust.sample import filled
from typer.testing import CliRunner

from dossier.api import Archive
from dossier.cli.main import app
from dossier.settings import Settings
from dossier.store import schema as t
from dossier.trust.db import sql_store

runner = CliRunner()


def _tamper(archive: Archive, sha: str, old: bytes, new: bytes) -> None:
    """Change the stored original in the database itself, keeping its size."""
    store = sql_store(archive.store)
    data = store.original(sha)
    assert len(old) == len(new) and old in data
    with store.engine.begin() as conn:
        conn.execute(
            update(t.originals)
            .where(t.originals.c.sha256 == sha)
            .values(data=data.replace(old, new, 1))
        )


def test_a_clean_archive_verifies(tmp_path: Path, settings: Settings) -> None:
    archive, _ = filled(settings, tmp_path)
    with archive:
        report = archive.verify()
    assert report.ok and report.problems == []
    assert (report.originals, report.documents) == (2, 2)
    assert report.bytes == sum(p.stat().st_size for p in (tmp_path / "in").iterdir())


def test_one_changed_byte_is_found_and_named(tmp_path: Path, settings: Settings) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        doc = archive.document(ids["telegram.md"])
        _tamper(archive, doc.sha256, b"1954", b"1955")
        report = archive.verify()
    (problem,) = report.problems
    assert not report.ok
    assert (problem.sha256, problem.problem, problem.documents, problem.sources) == (
        doc.sha256, "changed", [doc.id], ["telegram.md"],
    )  # fmt: skip
    assert "sha256 is now" in problem.detail


def test_verify_command_exits_non_zero_naming_the_document(
    tmp_path: Path, settings: Settings
) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        _tamper(archive, archive.document(ids["memo.txt"]).sha256, b"1950", b"1951")
    clean = runner.invoke(app, ["--db", settings.db, "verify", "--json"])
    assert clean.exit_code == 1
    assert json.loads(clean.stdout)["problems"][0]["documents"] == [ids["memo.txt"]]
    shown = runner.invoke(app, ["--db", settings.db, "verify"])
    assert shown.exit_code == 1 and ids["memo.txt"] in shown.output and "memo.txt" in shown.output


def test_a_deleted_documents_lost_original_is_reported(tmp_path: Path, settings: Settings) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        doc = archive.document(ids["memo.txt"])
        entry = archive.delete_document(doc.id, "cli", "to be restored later")
        store = sql_store(archive.store)
        with store.engine.begin() as conn:
            conn.execute(delete(t.originals).where(t.originals.c.sha256 == doc.sha256))
        report = archive.verify()
    (problem,) = report.problems
    assert (problem.problem, problem.documents) == ("missing", [doc.id])
    assert problem.sources == [f"memo.txt (deleted, #{entry.id})"]


@pytest.mark.sqlite_only("removes a row behind SQLite's foreign keys")
def test_a_documents_missing_original_is_reported(tmp_path: Path, settings: Settings) -> None:
    archive, ids = filled(settings, tmp_path)
    with archive:
        sha = archive.document(ids["telegram.md"]).sha256
    with sqlite3.connect(settings.db) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("DELETE FROM originals WHERE sha256 = ?", (sha,))
    result = runner.invoke(app, ["--db", settings.db, "verify", "--json"])
    (problem,) = json.loads(result.stdout)["problems"]
    assert result.exit_code == 1
    assert (problem["problem"], problem["documents"]) == ("missing", [ids["telegram.md"]])
