from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli.main import app

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("The garrison left Port Arthur in 1955.\n", encoding="utf-8")
    (root / "sub" / "b.md").write_text(
        "---\ntitle: A note\ndate: 1950-02-14\n---\n\nA treaty on Port Arthur was signed.\n",
        encoding="utf-8",
    )
    (root / "empty.txt").write_bytes(b"")
    return root


def _run(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, *args])
    return result.exit_code, result.output


def test_ingest_reports_failures_and_exits_non_zero(db_url: str, folder: Path) -> None:
    code, out = _run(db_url, "ingest", str(folder), "--json")
    report = json.loads(out[out.index("{") :])
    assert code == 1
    assert (report["added"], report["failed"]) == (2, 1)
    (failed,) = [f for f in report["files"] if f["status"] == "failed"]
    assert failed["source"] == "empty.txt" and "empty" in failed["reason"]


def test_read_commands_print_json_with_ids_and_sources(db_url: str, folder: Path) -> None:
    db = db_url
    _run(db, "ingest", str(folder))
    code, out = _run(db, "documents", "--json")
    docs = json.loads(out)
    assert code == 0 and {d["source"] for d in docs} == {"a.txt", "sub/b.md"}
    code, out = _run(db, "search", "Port Arthur", "--json", "--limit", "5")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 2 and all(h["document"] and h["source"] for h in hits)
    code, out = _run(db, "show", "sub/b.md", "--json")
    shown = json.loads(out)
    assert shown["record"]["date"] == "1950-02-14" and shown["passages"][0]["id"]
    code, out = _run(db, "status", "--json")
    assert json.loads(out)["files_failed"] == 1


def test_people_get_tables_and_text(db_url: str, folder: Path) -> None:
    db = db_url
    _run(db, "ingest", str(folder))
    code, out = _run(db, "search", "treaty")
    assert code == 0 and "treaty" in out
    code, out = _run(db, "status")
    assert "empty.txt" in out


def test_errors_are_one_line_with_an_exit_code(db_url: str, folder: Path) -> None:
    db = db_url
    _run(db, "ingest", str(folder))
    code, out = _run(db, "show", "no-such-id")
    assert code == 3 and "no document" in out
    code, out = _run(db, "search", "()")
    assert code == 4 and "nothing to search" in out


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export(tmp_path: Path, db_url: str, folder: Path, fmt: str) -> None:
    db = db_url
    _run(db, "ingest", str(folder))
    target = tmp_path / f"out.{fmt}"
    code, _ = _run(db, "export", "--format", fmt, "--output", str(target))
    body = target.read_text(encoding="utf-8")
    assert code == 0
    if fmt == "json":
        assert {d["source"] for d in json.loads(body)} == {"a.txt", "sub/b.md"}
    else:
        assert body.splitlines()[0].startswith("id,source") and len(body.splitlines()) == 3
