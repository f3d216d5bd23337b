"""``Store.changes`` and ``Store.record_values``, on the selected backend: documents in storage
order, filtered by time and by a record field, paged by key."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from tests.oai.fixtures import FIRST, SECOND, batch_bounds, settings_for, stored_in_two_batches

from dossier.api import Archive
from dossier.errors import QueryError
from dossier.store.base import ChangeQuery


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, databases: Any) -> Iterator[Archive]:
    folder = tmp_path_factory.mktemp("changes")
    with Archive(settings_for(databases.new(folder / "c.db"))) as opened:
        stored_in_two_batches(opened, folder / "in")
        yield opened


def test_all_in_storage_order_then_page_by_key(archive: Archive) -> None:
    total, everything = archive.store.changes(ChangeQuery())
    assert total == len(everything) == len(FIRST) + len(SECOND)
    keys = [(c.stored_at, c.id) for c in everything]
    assert keys == sorted(keys) and everything[0].stored_at.utcoffset() == timedelta(0)
    pages, after = [], None
    while True:
        count, page = archive.store.changes(ChangeQuery(after=after, limit=2))
        assert count == total
        if not page:
            break
        pages.append([c.id for c in page])
        after = (page[-1].stored_at, page[-1].id)
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [i for p in pages for i in p] == [c.id for c in everything]


def test_since_until_field_and_ids(archive: Archive) -> None:
    everything = archive.store.changes(ChangeQuery())[1]
    first_ended, second_began = batch_bounds(archive)
    later = archive.store.changes(ChangeQuery(since=second_began))[1]
    assert {c.record.title for c in later} == {f.title for f in SECOND}
    earlier = archive.store.changes(ChangeQuery(until=first_ended))[1]
    assert {c.record.title for c in earlier} == {f.title for f in FIRST}
    telegrams = archive.store.changes(ChangeQuery(field="genre", values=("telegram",)))
    assert telegrams[0] == 2 and all(c.record.genre == "telegram" for c in telegrams[1])
    one = archive.store.changes(ChangeQuery(ids=(everything[2].id, "dnothing")))[1]
    assert [c.id for c in one] == [everything[2].id]


def test_record_values(archive: Archive) -> None:
    assert archive.store.record_values("collection") == ["Harbour Papers", "Ōtsu Kōwa Papers"]
    assert "telegram" in archive.store.record_values("genre")
    with pytest.raises(QueryError):
        archive.store.record_values("creators")
