"""The entity list, entity profiles, the timeline and windowed date conflicts, read through the
store's span lookups, give what walking every document gave: the document-walking computations
are kept here as the reference, over an archive of invented documents, before and after
merges."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Databases

from dossier.api import Archive
from dossier.enrich.entities import AuthorityIndex
from dossier.examine.conflicts import date_conflicts
from dossier.examine.entities import (
    EntitySummary,
    _records,
    active_merges,
    entity_profile,
    entity_summaries,
    follow,
)
from dossier.examine.layers import LayerEntry, layer_entries
from dossier.examine.timeline import timeline, timeline_counts
from dossier.settings import Settings
from dossier.store import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"
ROOM = Path(__file__).parents[1] / "web" / "fixtures"
PEOPLE = ["Zhou Enlai", "Consul Whitmore", "General Petrovsky", "Minister Tsao"]
PLACES = ["Port Arthur", "Dairen", "Lüshun", "Mukden", "Harbin", "Dalian", "Peking"]
MONTHS = ["March", "June", "September", "October", "December"]


def _invented(rng: random.Random, number: int) -> str:
    """A short dispatch: dated visits and departures, a duration, a line outside sentences."""
    lines = [f"Dispatch {number}", ""]
    for _ in range(rng.randint(2, 4)):
        who, where = rng.choice(PEOPLE), rng.choice(PLACES)
        when = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1950, 1955)}"
        lines.append(
            f"{who} left {where} on {when} with {rng.choice(PEOPLE)}. "
            f"The garrison at {rng.choice(PLACES)} stayed for {rng.randint(2, 30)} years."
        )
        lines.append("")
    lines.append(f"Filed at {rng.choice(PLACES)}, {rng.choice(MONTHS)} 195{rng.randint(0, 5)}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> Iterator[Archive]:
    root = tmp_path_factory.mktemp("lists")
    folder = root / "invented"
    folder.mkdir()
    rng = random.Random(7)
    for i in range(12):
        (folder / f"dispatch-{i:02d}.txt").write_text(_invented(rng, i), "utf-8")
    db = databases.new(root / "lists.db")
    settings = Settings(db=db, authority=str(ROOM / "room_authority.yaml"))
    with Archive(settings) as opened:
        report = opened.ingest([folder, ROOM / "room", FIXTURES / "text", FIXTURES / "tei"])
        assert not report.failed, report.to_dict()
        yield opened
    databases.drop(db)


# -- the reference: every document of the archive read whole, as before ---------------------


def _linked(store: Store) -> list[LayerEntry]:
    redirect = active_merges(store)
    out = []
    for m in layer_entries(store, "mention"):
        if m.value.get("entity"):
            m.value["entity"] = follow(m.value["entity"], redirect)
            out.append(m)
    return out


def _summaries(store: Store, authority: AuthorityIndex) -> list[EntitySummary]:
    records = _records(store, authority)
    counts: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    for m in _linked(store):
        counts[m.value["entity"]] += 1
        docs[m.value["entity"]].add(m.document)
    out = []
    for ident, n in counts.items():
        entity = records.get(ident)
        etype = entity.type if entity else ident.split(":", 1)[0]
        name = entity.name if entity else ident
        out.append(EntitySummary(ident, etype, name, n, len(docs[ident])))
    return sorted(out, key=lambda e: (-e.mentions, e.name, e.id))


def _profile(store: Store, authority: AuthorityIndex, ident: str) -> dict[str, Any]:
    records = _records(store, authority)
    linked = _linked(store)
    mine = [m for m in linked if m.value["entity"] == ident]
    names = Counter(m.text for m in mine)
    why = Counter(
        (m.text, str(m.value.get("method")), str(m.value.get("reason", ""))) for m in mine
    )
    with_me = {m.document for m in mine}
    together: dict[str, set[str]] = defaultdict(set)
    for m in linked:
        if m.document in with_me and m.value["entity"] != ident:
            together[m.value["entity"]].add(m.document)
    return {
        "mentions": mine[:50],
        "names": sorted(names.items(), key=lambda kv: (-kv[1], kv[0])),
        "reasons": sorted(
            ((n, k, r, c) for (n, k, r), c in why.items()), key=lambda t: (-t[3], t[:3])
        ),
        "cooccurring": sorted(
            ((i, records[i].name if i in records else i, len(d)) for i, d in together.items()),
            key=lambda t: (-t[2], t[1], t[0]),
        )[:20],
    }


def _timeline(store: Store) -> list[LayerEntry]:
    def key(entry: LayerEntry) -> tuple[str, str, str, int]:
        earliest = entry.value.get("earliest") or "9999"
        latest = entry.value.get("latest") or earliest
        return str(earliest), str(latest), entry.source, entry.start

    return sorted((e for e in layer_entries(store, "time") if e.value.get("earliest")), key=key)


# -- the comparisons --------------------------------------------------------------------------


def _same_entities(archive: Archive) -> None:
    store, authority = archive.store, archive.authority
    expected = _summaries(store, authority)
    assert entity_summaries(store, authority) == expected
    assert entity_summaries(store, authority, limit=3, offset=2) == expected[2:5]
    assert entity_summaries(store, authority, "place") == [e for e in expected if e.type == "place"]
    for summary in expected:
        profile = entity_profile(store, authority, summary.id)
        reference = _profile(store, authority, summary.id)
        assert profile.mentions == reference["mentions"], summary.id
        assert list(profile.names.items()) == reference["names"], summary.id
        assert profile.reasons == reference["reasons"], summary.id
        assert profile.cooccurring == reference["cooccurring"], summary.id


def test_the_lists_match_the_document_walk(archive: Archive) -> None:
    assert archive.entities(), "the archive should have linked mentions"
    _same_entities(archive)


def test_they_match_after_merges_and_their_undoing(archive: Archive) -> None:
    ids = {e.name: e.id for e in archive.entities()}
    first = archive.merge(ids["Dalian"], ids["Port Arthur"], "test: one harbour")
    second = archive.merge(ids["Harbin"], ids["Dalian"], "test: a chain of merges")
    try:
        merged = {e.id: e for e in archive.entities()}
        assert ids["Dalian"] not in merged and ids["Harbin"] not in merged
        _same_entities(archive)
    finally:
        archive.unmerge(second["id"])
        archive.unmerge(first["id"])
    _same_entities(archive)


def test_profiles_resolve_names_as_before(archive: Archive) -> None:
    store, authority = archive.store, archive.authority
    for ref in ("Lüshun", "Zhou Enlai", "Enlai"):
        ident = entity_profile(store, authority, ref).record["id"]
        assert ident in {e.id for e in _summaries(store, authority)}


def test_the_timeline_matches_the_document_walk(archive: Archive) -> None:
    store = archive.store
    expected = _timeline(store)
    assert len(expected) > 20
    assert timeline(store) == expected
    assert timeline(store, limit=7, offset=5) == expected[5:12]
    for period in ("195X", "1954", "1954-10", "1890"):
        prefix = period.rstrip("X")
        inside = [e for e in expected if str(e.value["earliest"]).startswith(prefix)]
        assert timeline(store, period=period) == inside, period
        width = 7 if len(period) == 4 else 4
        counts = Counter(str(e.value["earliest"])[:width] for e in inside)
        assert timeline_counts(store, width, period) == dict(sorted(counts.items()))
    decades = Counter(str(e.value["earliest"])[:3] for e in expected)
    assert timeline_counts(store, 3) == dict(sorted(decades.items()))


def test_windowed_conflicts_are_those_of_the_whole_archive(archive: Archive) -> None:
    everything = date_conflicts(archive.store)
    assert everything, "the fixtures date one departure differently"
    for conflict in everything:
        for value in conflict.values:
            window = (value.earliest, value.latest)
            found = [c.to_dict() for c in date_conflicts(archive.store, window)]
            assert conflict.to_dict() in found, window
    assert date_conflicts(archive.store, ("1700-01-01", "1700-12-31")) == []
