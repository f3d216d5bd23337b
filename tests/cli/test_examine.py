from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli.main import app

runner = CliRunner()

DOCS = {
    "consul.md": "---\ntitle: Consul to Department\ndate: 1951-03-05\n---\n\n"
    "The harbour agreement on Dairen was signed on March 2, 1951 by the two delegations.\n\n"
    "The Soviet garrison of 4,000 men was not withdrawn from Dairen.\n",
    "review.txt": "A Review of the Harbour Question\n\n"
    "Writing long after the events, the author recalls that the harbour agreement on Dairen "
    "was signed on March 9, 1951.\n",
}


@pytest.fixture
def db(tmp_path: Path, db_url: str) -> str:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = db_url
    assert runner.invoke(app, ["--db", path, "ingest", str(folder)]).exit_code == 0
    return path


def test_check_prints_the_json_shape_with_cited_passages(db: str, tmp_path: Path) -> None:
    claims = tmp_path / "claims.txt"
    claims.write_text("The Soviet garrison was withdrawn from Dairen.\n\nA plain line.\n", "utf-8")
    result = runner.invoke(app, ["--db", str(db), "check", "--file", str(claims), "--json"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and len(lines) == 2
    first = lines[0]
    assert set(first) == {"claim", "verdict", "confidence", "evidence"}
    assert first["verdict"] == "contradicted"
    top = first["evidence"][0]
    assert top["source"] == "consul.md" and top["stance"] == "contradicts"
    assert any(r["type"] == "negation" for r in top["reasons"])


def test_check_without_a_claim_is_an_error(db: str) -> None:
    assert runner.invoke(app, ["--db", str(db), "check"]).exit_code == 2


def test_conflicting_dates_for_one_signing_are_flagged(db: str) -> None:
    found = json.loads(runner.invoke(app, ["--db", str(db), "conflicts", "--json"]).stdout)
    assert found, "the two sources date the signing differently"
    values = {v["value"] for v in found[0]["values"]}
    assert values == {"1951-03-02", "1951-03-09"}


def test_examine_and_profile_report_on_a_document(db: str) -> None:
    report = runner.invoke(app, ["--db", str(db), "examine", "review.txt", "--markdown"])
    assert report.exit_code == 0 and "signed" in report.stdout
    profiles = json.loads(runner.invoke(app, ["--db", str(db), "profile", "--json"]).stdout)
    assert {p["source"] for p in profiles} == set(DOCS)
    assert runner.invoke(app, ["--db", str(db), "trace", "--json"]).exit_code == 0
