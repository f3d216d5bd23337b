from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dossier.api import open_archive
from dossier.cli.main import app
from dossier.settings import Settings

runner = CliRunner()

TELEGRAM = (
    "---\ntitle: Consul to Department\ndate: 1947-03-02\n---\n\n"
    "The Consul arrived at Dairen on March 1. The next day he met the commander.\n\n"
    "The commander said that “no ships may leave the harbour [sic] before summer.”\n"
)


def _ingest(tmp_path: Path, db: str) -> str:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "t.md").write_text(TELEGRAM, encoding="utf-8")
    assert runner.invoke(app, ["--db", db, "ingest", str(tmp_path / "in")]).exit_code == 0
    return db


def test_timeline_orders_and_anchors_dates(tmp_path: Path, db_url: str) -> None:
    db = _ingest(tmp_path, db_url)
    result = runner.invoke(app, ["--db", str(db), "timeline", "--json"])
    values = [(e["text"], e["value"]["value"]) for e in json.loads(result.stdout)]
    assert ("March 1", "1947-03-01") in values
    assert ("The next day", "1947-03-02") in values or ("next day", "1947-03-02") in values
    earliest = [e["value"]["earliest"] for e in json.loads(result.stdout)]
    assert earliest == sorted(earliest)


def test_quotes_have_speaker_and_cue(tmp_path: Path, db_url: str) -> None:
    db = _ingest(tmp_path, db_url)
    quotes = json.loads(runner.invoke(app, ["--db", str(db), "quotes", "--json"]).stdout)
    direct = [q for q in quotes if q["value"]["kind"] == "direct"]
    assert direct and "no ships may leave" in direct[0]["text"]
    assert any(q["value"].get("cue") == "said" for q in quotes)


def test_annotate_offsets_index_the_given_text(tmp_path: Path) -> None:
    text = "On  October 13,\n1954 the garrison left Port Arthur [sic].\n\nIt rained next day."
    source = tmp_path / "t.txt"
    source.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["annotate", str(source), "--json"])
    spans = json.loads(result.stdout)["spans"]
    assert spans and all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    times = [s for s in spans if s["layer"] == "time"]
    assert times[0]["text"] == "October 13,\n1954" and times[0]["value"] == "1954-10-13"
    assert times[0]["interval"] == ["1954-10-13", "1954-10-13"]
    assert any(s["layer"] == "editorial" and s["text"] == "[sic]" for s in spans)


def test_enrich_re_reads_only_stale_documents(tmp_path: Path, db_url: str) -> None:
    db = _ingest(tmp_path, db_url)
    assert "re-read 0" in runner.invoke(app, ["--db", str(db), "enrich"]).stdout
    result = runner.invoke(app, ["--db", str(db), "enrich", "--all"])
    assert "re-read 1" in result.stdout
    docs = json.loads(runner.invoke(app, ["--db", str(db), "documents", "--json"]).stdout)
    assert len(docs) == 1


def test_entities_link_aliases_across_documents(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The fleet stayed at Port Arthur until spring.\n", "utf-8")
    (folder / "b.txt").write_text("Soviet units left Lüshun in May 1955.\n", "utf-8")
    db = db_url
    runner.invoke(app, ["--db", str(db), "ingest", str(folder)])
    found = json.loads(runner.invoke(app, ["--db", str(db), "entities", "--json"]).stdout)
    (port,) = [e for e in found if e["name"] == "Port Arthur"]
    assert port["documents"] == 2 and port["type"] == "place"
    profile = json.loads(runner.invoke(app, ["--db", str(db), "entity", "Ryojun", "--json"]).stdout)
    assert profile["record"]["id"] == port["id"]
    assert set(profile["names"]) == {"Port Arthur", "Lüshun"}
    missing = runner.invoke(app, ["--db", str(db), "entity", "Atlantis"])
    assert missing.exit_code == 3


def test_merge_is_explained_and_reversible(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Commander Ostrovetsky inspected the harbour.\n", "utf-8")
    (folder / "b.txt").write_text("The report of Colonel Ostrowiecki reached Mukden.\n", "utf-8")
    db = db_url
    runner.invoke(app, ["--db", str(db), "ingest", str(folder)])

    def people() -> dict[str, int]:
        out = runner.invoke(app, ["--db", str(db), "entities", "--type", "person", "--json"])
        return {e["name"]: e["documents"] for e in json.loads(out.stdout)}

    before = people()
    assert before.get("Ostrovetsky") == 1 and before.get("Ostrowiecki") == 1
    done = runner.invoke(
        app,
        [
            "--db",
            str(db),
            "merge",
            "Ostrowiecki",
            "Ostrovetsky",
            "--reason",
            "Polish and Russian spellings of one officer",
        ],
    )
    assert done.exit_code == 0, done.output
    assert people().get("Ostrovetsky") == 2 and "Ostrowiecki" not in people()
    profile = json.loads(
        runner.invoke(app, ["--db", str(db), "entity", "Ostrovetsky", "--json"]).stdout
    )
    assert profile["merges"][0]["reason"].startswith("Polish and Russian")
    assert all(w["method"] and w["reason"] for w in profile["why"])
    merge_id = profile["merges"][0]["id"]
    assert runner.invoke(app, ["--db", str(db), "unmerge", merge_id]).exit_code == 0
    assert people() == before


def test_user_authority_file_links_its_aliases(tmp_path: Path, db_url: str) -> None:
    records = tmp_path / "mine.yaml"
    records.write_text(
        "entities:\n"
        "  - id: place:vostokgrad\n"
        "    type: place\n"
        "    name: Vostokgrad\n"
        "    aliases: [{name: Ostburg, lang: de, from: 1905, to: 1945}]\n",
        "utf-8",
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The convoy reached Vostokgrad at dawn.\n", "utf-8")
    (folder / "b.txt").write_text("Die Kolonne erreichte Ostburg.\n", "utf-8")
    db = db_url
    env = {"DOSSIER_AUTHORITY": str(records)}
    runner.invoke(app, ["--db", str(db), "ingest", str(folder)], env=env)
    out = runner.invoke(app, ["--db", str(db), "entity", "Ostburg", "--json"], env=env)
    profile = json.loads(out.stdout)
    assert profile["record"]["id"] == "place:vostokgrad"
    assert set(profile["names"]) == {"Vostokgrad", "Ostburg"}


def test_eval_command_scores_times_or_refuses_unknown_sets(corpus: Path) -> None:
    shared = corpus.parent
    result = runner.invoke(app, ["eval", "times", "--shared", str(shared), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["lenient_val_f1"] > 0.8
    assert runner.invoke(app, ["eval", "horoscopes"]).exit_code == 2


def test_rules_only_entities_when_no_model_is_wanted(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Soviet units left Lüshun for Vladivostok.\n", "utf-8")
    db = db_url
    env = {"DOSSIER_NER_MODEL": ""}
    assert runner.invoke(app, ["--db", str(db), "ingest", str(folder)], env=env).exit_code == 0
    found = json.loads(runner.invoke(app, ["--db", str(db), "entities", "--json"]).stdout)
    assert "Port Arthur" in {e["name"] for e in found}
    with open_archive(Settings(db=str(db))) as archive:
        mentions = archive.document("a.txt").spans_of("mention")
    assert mentions and all(m.provenance.model is None for m in mentions)
