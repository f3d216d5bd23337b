"""Small invented documents for the trust tests, and an archive holding them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from dossier.api import Archive, open_archive
from dossier.settings import Settings

TELEGRAM = (
    "---\ntitle: Consul at Dairen to the Secretary of State\ndate: 1954-10-12\n---\n\n"
    "The consul reported on 12 October 1954 that the garrison would leave Port Arthur "
    "by May 1955.\n\nNo ships were seen in the harbour that week.\n"
)
MEMO = (
    "Memorandum of conversation, Moscow, 3 March 1950.\n\n"
    "Zhou Enlai met Molotov in Moscow to discuss the railway and Dairen.\n"
)


def light(settings: Settings) -> Settings:
    """The same archive with rule-based entities only (no spaCy model to load)."""
    return dataclasses.replace(settings, ner_model="")


def write_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "telegram.md").write_text(TELEGRAM, encoding="utf-8")
    (folder / "memo.txt").write_text(MEMO, encoding="utf-8")
    return folder


def filled(settings: Settings, tmp_path: Path) -> tuple[Archive, dict[str, str]]:
    """An open archive with both documents; their ids by file name."""
    archive = open_archive(light(settings))
    report = archive.ingest([write_inputs(tmp_path / "in")])
    ids = {o.source: o.documents[0] for o in report.outcomes}
    assert sorted(ids) == ["memo.txt", "telegram.md"]
    return archive, ids
