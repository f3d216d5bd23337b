from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dossier.cite import loads_bibtex, loads_csl, loads_ris
from dossier.cli.main import app
from dossier.settings import Settings

runner = CliRunner()

LETTER = (
    "---\ntitle: Letter on the Pilots' Strike\ndate: 1948-06\nauthor: Walter Pennington\n"
    "archive: National Archives\nidentifier: 893.00/6-48\ngenre: letter\n---\n\n"
    "A letter about the strike of the harbour pilots.\n"
)


def _ingested(settings: Settings, tmp_path: Path) -> str:
    source = tmp_path / "letter.md"
    source.write_text(LETTER, encoding="utf-8")
    result = runner.invoke(app, ["--db", settings.db, "ingest", str(source)])
    assert result.exit_code == 0, result.output
    return str(settings.db)


def test_cite_prints_chicago_by_default(settings: Settings, tmp_path: Path) -> None:
    db = _ingested(settings, tmp_path)
    result = runner.invoke(app, ["--db", db, "cite", "letter.md"])
    assert result.exit_code == 0, result.output
    assert (
        "1. Walter Pennington, “Letter on the Pilots' Strike,” letter, June 1948" in result.output
    )
    assert "Pennington, Walter. “Letter on the Pilots' Strike.”" in result.output


def test_cite_formats_and_json(settings: Settings, tmp_path: Path) -> None:
    db = _ingested(settings, tmp_path)
    [item] = loads_csl(runner.invoke(app, ["--db", db, "cite", "letter.md", "-f", "csl"]).output)
    assert item["archive"] == "National Archives"
    bib = runner.invoke(app, ["--db", db, "cite", "letter.md", "--format", "bibtex"]).output
    assert loads_bibtex(bib) == [item]
    ris = runner.invoke(app, ["--db", db, "cite", "letter.md", "--format", "ris"]).output
    assert loads_ris(ris) == [item]
    out = json.loads(runner.invoke(app, ["--db", db, "cite", "letter.md", "--json"]).output)
    assert out["csl"] == item
    assert out["chicago"]["note"].startswith("Walter Pennington")


def test_cite_refuses_unknown_format_and_document(settings: Settings, tmp_path: Path) -> None:
    db = _ingested(settings, tmp_path)
    assert runner.invoke(app, ["--db", db, "cite", "letter.md", "-f", "mla"]).exit_code == 2
    assert runner.invoke(app, ["--db", db, "cite", "nothing-here"]).exit_code == 3


def test_export_in_citation_formats(settings: Settings, tmp_path: Path) -> None:
    db = _ingested(settings, tmp_path)
    out = tmp_path / "all.ris"
    result = runner.invoke(app, ["--db", db, "export", "--format", "ris", "-o", str(out)])
    assert result.exit_code == 0, result.output
    [item] = loads_ris(out.read_text(encoding="utf-8"))
    assert item["type"] == "manuscript" and item["archive_location"] == "893.00/6-48"
    csl = runner.invoke(app, ["--db", db, "export", "--format", "csl"]).output
    assert loads_csl(csl) == [item]
    bib = runner.invoke(app, ["--db", db, "export", "--format", "bibtex"]).output
    assert loads_bibtex(bib) == [item]
