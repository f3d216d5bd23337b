"""The trust commands through the CLI runner: tokens, edit, delete, undo, history, bags."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.trust.sample import filled
from typer.testing import CliRunner

from dossier.api import open_archive
from dossier.cli.main import app
from dossier.settings import Settings

runner = CliRunner()


def run(db: str, *args: str, code: int = 0) -> Any:
    result = runner.invoke(app, ["--db", db, *args])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if "--json" in args and code == 0 else result


def test_token_create_list_revoke(settings: Settings) -> None:
    made = run(settings.db, "token", "create", "web app", "--role", "editor", "--json")
    plain = run(settings.db, "token", "create", "other")
    listed = run(settings.db, "token", "list", "--json")
    run(settings.db, "token", "revoke", str(made["id"]))
    shown = run(settings.db, "token", "list").output
    with open_archive(settings) as archive:
        assert archive.token_role(made["secret"]) is None
        assert archive.token_role(plain.stdout.strip()) == "reader"
    assert made["role"] == "editor" and made["secret"].startswith("dsr_")
    assert [t["name"] for t in listed] == ["web app", "other"]
    assert made["secret"] not in json.dumps(listed) and made["secret"] not in shown
    assert "kept nowhere" in plain.stderr
    bad = run(settings.db, "token", "create", "x", "--role", "god", code=2)
    assert "unknown role 'god'" in bad.stderr


def test_edit_delete_undo_and_history(tmp_path: Path, settings: Settings) -> None:
    archive, ids = filled(settings, tmp_path)
    archive.close()
    doc = ids["telegram.md"]
    db = settings.db
    (edit,) = run(db, "edit", doc, "--set", "date=1954-10-13", "--set", "genre=telegram",
                  "--reason", "stamp", "--actor", "anna", "--json")  # fmt: skip
    (gone,) = run(db, "delete", "memo.txt", "--reason", "duplicate", "--json")
    documents = run(db, "documents", "--json")
    (back,) = run(db, "undo", str(gone["id"]), "--json")
    history = run(db, "history", doc, "--json")
    table = run(db, "history", doc).output
    assert edit["after"] == {"date": "1954-10-13", "genre": "telegram"}
    assert edit["before"]["date"] == "1954-10-12" and edit["actor"] == "anna"
    assert [d["id"] for d in documents] == [doc]
    assert back["action"] == "restore" and back["target_id"] == ids["memo.txt"]
    assert [h["id"] for h in history] == [edit["id"]]
    assert "stamp" in table and "anna" in table and f"history of {doc}" in table
    bad = run(db, "edit", doc, "--set", "nonsense", "--reason", "x", code=2)
    assert "expected FIELD=VALUE" in bad.stderr
    missing = run(db, "undo", "999", code=3)
    assert "no audit entry 999" in missing.stderr


def test_bag_export_and_import_commands(tmp_path: Path, settings: Settings) -> None:
    archive, _ = filled(settings, tmp_path)
    archive.close()
    done = run(settings.db, "bag", "export", str(tmp_path / "bag"), "--json")
    other = str(tmp_path / "copy.db")
    loaded = run(other, "bag", "import", str(tmp_path / "bag"), "--json")
    assert done["documents"] == loaded["documents"] == 2
    (tmp_path / "bag" / "data" / "archive.json").write_text("{}", encoding="utf-8")
    refused = run(
        str(tmp_path / "third.db"), "bag", "import", str(tmp_path / "bag"), code=6
    )  # FixityError
    assert "archive.json does not match its checksum" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
