"""``dossier embed`` and ``dossier similar`` through the CLI runner, with the real model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli.main import app
from dossier.vectors import embed

runner = CliRunner()

DOCS = {
    "flood.txt": "The flood\n\nIn March the river rose over its banks and drowned the low meadows.",
    "harvest.txt": "The harvest\n\nThe barley was cut early and stored dry in the tithe barn.",
}


@pytest.fixture
def db(tmp_path: Path, db_url: str) -> tuple[str, str]:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, body in DOCS.items():
        (folder / name).write_text(body, "utf-8")
    vectors = str(tmp_path / "vectors")
    result = runner.invoke(app, ["--db", db_url, "ingest", str(folder)])
    assert result.exit_code == 0, result.output
    return db_url, vectors


def _run(db: tuple[str, str], *args: str) -> tuple[int, str]:
    env = {"DOSSIER_VECTORS_PATH": db[1], "DOSSIER_NER_MODEL": ""}
    result = runner.invoke(app, ["--db", db[0], *args], env=env)
    return result.exit_code, result.output


def test_embed_then_similar(db: tuple[str, str]) -> None:
    pytest.importorskip("sentence_transformers")
    code, out = _run(db, "embed", "--json")
    assert code == 0 and json.loads(out) == {"embedded": 4}
    code, out = _run(db, "similar", "water covered the fields after heavy rain", "--json")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 4 and all(h["document"] for h in hits)
    assert [h["source"] for h in hits[:2]] == ["flood.txt", "flood.txt"]
    paragraph = next(h for h in hits if h["kind"] == "paragraph")
    assert paragraph["text"].startswith("In March") and paragraph["score"] > hits[-1]["score"]
    code, out = _run(db, "similar", "grain stored for winter", "--limit", "1")
    assert code == 0 and "harvest" in out and "flood" not in out
    code, out = _run(db, "embed")
    assert code == 0 and "embedded 0 new passage(s)" in out


def test_without_the_model_the_commands_say_what_to_install(
    db: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(package: str) -> tuple[object, Path]:
        raise ImportError("No module named 'sentence_transformers'")

    monkeypatch.setattr(embed, "_import_backend", missing)
    for args in (["embed"], ["similar", "a flood"]):
        code, out = _run(db, *args)
        assert code == 2 and "pip install 'dossier[semantic]'" in " ".join(out.split())
    code, out = _run(db, "search", "barley", "--json")
    assert code == 0 and json.loads(out)[0]["source"] == "harvest.txt"
