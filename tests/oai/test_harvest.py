"""Harvesting: Dossier's own provider served by uvicorn, harvested into a second archive (through
the library and through ``dossier harvest``), and a provider of bad records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI, Request, Response
from tests.oai.fixtures import FIRST, SECOND, TITLES, settings_for, stored_in_two_batches
from tests.web.live import serving
from typer.testing import CliRunner

from dossier.api import Archive
from dossier.cli.main import app as cli
from dossier.errors import HarvestError
from dossier.oai.harvest import HarvestRequest
from dossier.web import create_app

FIXTURES = {f.title: f for f in FIRST + SECOND}


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory, databases: Any) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("provider")
    with Archive(settings_for(databases.new(folder / "a.db"))) as source:
        stored_in_two_batches(source, folder / "in")
        with serving(create_app(source.settings, source)) as url:
            yield f"{url}/oai"


@pytest.fixture
def target(db_url: str) -> Iterator[Archive]:
    with Archive(settings_for(db_url)) as opened:
        yield opened


def _titles_and_dates(archive: Archive) -> dict[str, str | None]:
    return {d.title or "": d.date for d in archive.documents()}


def test_a_harvest_copies_every_record_once(provider: str, target: Archive) -> None:
    seen: list[int | None] = []
    report = target.harvest(HarvestRequest(provider), lambda _o, total: seen.append(total))
    assert (report.count("added"), report.count("failed")) == (len(TITLES), 0)
    assert seen == [len(TITLES)] * len(TITLES)
    assert _titles_and_dates(target) == {t: f.date for t, f in FIXTURES.items()}
    docs = target.documents()
    assert all(d.source.startswith("oai:dossier.example.org:d") for d in docs)
    assert all(d.reader == "oai_dc@1" for d in docs)
    lease = target.document(next(d.id for d in docs if d.title == "Telegram on the harbour lease"))
    assert lease.text == "The consul reports talk of a new lease on the harbour."
    assert lease.record.creators == ["The Consul at Dairen"]
    assert lease.record.collection == "Harbour Papers" and lease.record.genre == "telegram"
    assert lease.record.extra["contributor"] == "The Secretary of State"


def test_a_second_harvest_changes_nothing(provider: str, target: Archive) -> None:
    target.harvest(HarvestRequest(provider))
    before = target.status()
    again = target.harvest(HarvestRequest(provider))
    assert (again.count("added"), again.count("skipped")) == (0, len(TITLES))
    assert target.status().documents == before.documents == len(TITLES)


def test_a_set_and_date_restricted_harvest(provider: str, target: Archive) -> None:
    report = target.harvest(HarvestRequest(provider, set_spec="genre:telegram"))
    assert report.count("added") == 2
    assert set(_titles_and_dates(target)) == {
        "Telegram on the harbour lease",
        "Telegram on the customs house",
    }
    future = target.harvest(HarvestRequest(provider, since="2999-01-01"))
    assert future.outcomes == []


def test_the_command_harvests_and_reports_json(provider: str, db_url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db_url, "harvest", provider, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert (report["added"], report["failed"]) == (len(TITLES), 0)
    result = CliRunner().invoke(cli, ["--db", db_url, "harvest", provider, "--set", "genre:fax"])
    assert result.exit_code == 0 and "added 0 record(s)" in result.stdout


def test_a_dead_url_is_one_clear_error(db_url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db_url, "harvest", "http://127.0.0.1:9/oai"])
    assert result.exit_code == 2
    assert "E500" in result.stderr and "127.0.0.1:9" in result.stderr


# --- a provider of bad records -----------------------------------------------------------------

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
    "<responseDate>2024-01-01T00:00:00Z</responseDate>"
    '<request verb="ListRecords">http://example.org/oai</request><ListRecords>'
)
DC = (
    '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/">{}</oai_dc:dc>'
)


def _record(identifier: str, fields: str, status: str = "") -> str:
    head = f"<header{status}><identifier>{identifier}</identifier>"
    head += "<datestamp>2024-01-01</datestamp></header>"
    return f"<record>{head}<metadata>{DC.format(fields)}</metadata></record>"


def _pages(title: str) -> list[str]:
    first = [
        _record(
            "oai:example.org:1",
            f"<dc:title>{title}</dc:title><dc:date>14 February 1950</dc:date>"
            "<dc:description>Ships waited\n   outside the  harbour.</dc:description>"
            "<dc:type>Text</dc:type><dc:identifier>https://example.org/1</dc:identifier>",
        ),
        _record("oai:example.org:2", "<dc:subject>nothing to read</dc:subject>"),
        "<record><metadata>" + DC.format("<dc:title>No header</dc:title>") + "</metadata></record>",
    ]
    second = [
        _record("oai:example.org:3", "<dc:title>Gone</dc:title>", ' status="deleted"'),
        _record("oai:example.org:4", "<dc:title>Only a title</dc:title>"),
    ]
    return [
        HEAD + "".join(first) + '<resumptionToken completeListSize="5" cursor="0">p2'
        "</resumptionToken></ListRecords></OAI-PMH>",
        HEAD + "".join(second) + '<resumptionToken completeListSize="5" cursor="3"/>'
        "</ListRecords></OAI-PMH>",
    ]


def _bad_provider(state: dict[str, str]) -> FastAPI:
    app = FastAPI()

    @app.get("/oai")
    def oai(request: Request) -> Response:
        pages = _pages(state["title"])
        page = pages[1] if request.query_params.get("resumptionToken") == "p2" else pages[0]
        return Response(page, media_type="text/xml")

    @app.get("/html")
    def html() -> Response:
        return Response("<html><body>not here</body></html>", media_type="text/html")

    return app


def test_bad_records_fail_one_by_one_and_updates_replace(target: Archive) -> None:
    state = {"title": "Harbour log"}
    with serving(_bad_provider(state)) as url:
        report = target.harvest(HarvestRequest(f"{url}/oai"))
        outcomes = {o.source: (o.status, o.reason or "") for o in report.outcomes}
        assert outcomes["oai:example.org:1"][0] == outcomes["oai:example.org:4"][0] == "added"
        assert outcomes["oai:example.org:2"][0] == "failed"
        assert "no title or description" in outcomes["oai:example.org:2"][1]
        assert outcomes["(record without identifier)"][0] == "failed"
        assert outcomes["oai:example.org:3"] == ("skipped", "deleted at the provider")
        log = target.document("oai:example.org:1")
        assert log.record.date == "1950-02-14" and log.record.genre is None
        assert log.record.source_url == "https://example.org/1"
        assert log.text == "Ships waited outside the harbour."
        assert target.document("oai:example.org:4").text == "Only a title"
        assert target.status().files_failed == 2

        state["title"] = "Harbour log, revised"
        again = target.harvest(HarvestRequest(f"{url}/oai"))
        assert [o.source for o in again.outcomes if o.status == "added"] == ["oai:example.org:1"]
        titles = sorted(d.title or "" for d in target.documents())
        assert titles == ["Harbour log, revised", "Only a title"]

        with pytest.raises(HarvestError, match="not an OAI-PMH response"):
            target.harvest(HarvestRequest(f"{url}/html"))
