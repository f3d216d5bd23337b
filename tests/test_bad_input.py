"""Every kind of bad file gets one clear line naming it and the reason, is recorded with its
status, and never stops the batch."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.api import open_archive
from dossier.cli.main import app
from dossier.settings import Settings

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<TEI>&lol2;</TEI>\n'
)
EXTERNAL = (
    b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&x;</p></body></text></TEI>\n'
)
CASES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty"),
    "binary.txt": (os.urandom(1000).replace(b"\x00", b"\x01") + b"\x00" * 64, "binary|NUL"),
    "image.pdf": (b"\x89PNG\r\n\x1a\n" + b"\x00\x10" * 500, "PNG image"),
    "noise.txt": (b"\x00\x10" * 500, "binary"),
    "invalid.txt": (
        "Telegram from Lüshun, café. ".encode() + b"\xff\xfe\x80 broken\n",
        "invalid UTF-8",
    ),
    "nul.txt": (b"A telegram\x00 with a NUL byte in it.", "NUL"),
    "laughs.xml": (BILLION_LAUGHS, "DTD|DOCTYPE|entit"),
    "external.xml": (EXTERNAL, "DTD|DOCTYPE|entit"),
    "truncated.pdf": (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 ob",
        "PDF|corrupt|truncated|damaged",
    ),
    "big.txt": (b"word " * 400, "too large"),
}


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    root = tmp_path / "batch"
    root.mkdir()
    for name, (data, _) in CASES.items():
        (root / name).write_bytes(data)
    (root / "good.txt").write_text("A good telegram about Dairen.", encoding="utf-8")
    return root


def test_each_bad_file_is_refused_with_its_reason(batch: Path, db_url: str) -> None:
    settings = Settings(db=db_url, max_file_bytes=1500)
    with open_archive(settings) as archive:
        report = archive.ingest([batch])
        status = archive.status()
    outcomes = {o.source: o for o in report.outcomes}
    assert outcomes["good.txt"].status == "added"
    for name, (_, pattern) in CASES.items():
        outcome = outcomes[name]
        assert outcome.status == "failed", name
        assert outcome.reason and "\n" not in outcome.reason
        assert any(p.lower() in outcome.reason.lower() for p in pattern.split("|")), (
            name,
            outcome.reason,
        )
    assert {f.source for f in status.failures} == set(CASES)
    assert status.documents == 1


def test_legacy_encodings_are_decoded_and_recorded(tmp_path: Path, settings: Settings) -> None:
    text = "Телеграмма из Москвы о положении в Порт-Артуре и Дальнем. " * 3
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    with open_archive(settings) as archive:
        (outcome,) = archive.ingest([tmp_path / "ru.txt"]).outcomes
        doc = archive.document(outcome.documents[0])
    assert doc.encoding in {"cp1251", "windows-1251"}
    assert "Порт-Артуре" in doc.text


def test_cli_names_each_file_in_one_line_and_exits_non_zero(batch: Path, db_url: str) -> None:
    env = {"DOSSIER_MAX_FILE_BYTES": "1500"}
    result = CliRunner().invoke(app, ["--db", db_url, "ingest", str(batch), "--json"], env=env)
    assert result.exit_code == 1
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["failed"] == len(CASES) and report["added"] == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    assert {line.split(":")[0].removeprefix("failed ") for line in lines} == set(CASES)


def test_nothing_stored_is_lost_when_a_later_file_fails(batch: Path, db_url: str) -> None:
    settings = Settings(db=db_url, max_file_bytes=1500)
    with open_archive(settings) as archive:
        archive.ingest([batch / "good.txt"])
        archive.ingest([batch])
        assert archive.status().documents == 1
        assert archive.integrity_check() == []
