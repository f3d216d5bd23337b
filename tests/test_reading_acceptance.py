"""Reading acceptance on the reference collection: entities across the two seeds, one place for
Indo-China, and the timeline's key dates (skips where ``../shared/corpus`` is absent)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import Databases

from dossier.api import Archive, open_archive
from dossier.settings import Settings

ARTICLE = "seeds/000_22ddac4f5dd0773c.txt"
MEMOIR = "seeds/002_ecbf789a14d7ac1d.txt"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> Iterator[Archive]:
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is absent")
    db = tmp_path_factory.mktemp("reading") / "a.db"
    with open_archive(Settings(db=databases.new(db))) as opened:
        opened.ingest([corpus])
        yield opened


def _linked_in(archive: Archive, source: str, entity: str) -> bool:
    spans = archive.store.document(source).spans_of("mention")
    return any(s.value.get("entity") == entity for s in spans)


@pytest.mark.parametrize("name", ["Malinovsky", "Mikoyan", "Stalin", "Port Arthur", "Dalian"])
def test_one_entity_with_mentions_in_both_seeds(archive: Archive, name: str) -> None:
    entity = archive.entity(name).record["id"]
    assert _linked_in(archive, ARTICLE, entity) and _linked_in(archive, MEMOIR, entity)


def test_mao_zedong_is_one_person_in_memoir_and_telegrams(archive: Archive) -> None:
    profile = archive.entity("Mao Tse-tung")
    assert profile.record["id"] == archive.entity("Mao Zedong").record["id"]
    assert {m.source.split("/")[0] for m in profile.mentions} >= {"seeds", "frus"}


def test_indo_china_is_one_place(archive: Archive) -> None:
    profile = archive.entity("Indo-China")
    assert profile.record["type"] == "place" and "Indo-China" in profile.names


@pytest.mark.parametrize(
    ("value", "source"),
    [
        ("1954-10-13", ARTICLE),
        ("1949-01-26", MEMOIR),
        ("1949-02-05", MEMOIR),
        ("1958-09-04", MEMOIR),
        ("1966/1974", ARTICLE),
        ("18", ARTICLE),
    ],
)
def test_timeline_has_the_key_dates_with_their_sentences(
    archive: Archive, value: str, source: str
) -> None:
    entries = [e for e in archive.timeline() if e.value.get("value") == value]
    hits = [e for e in entries if e.source == source]
    assert hits and all(e.text in e.sentence for e in hits)
