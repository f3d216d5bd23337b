"""The reading room's HTML pages over a small archive of invented documents: a memorandum and a
telegram that date one departure differently, a memoir excerpt, and a document (plus an
authority record) full of script-injection payloads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dossier.api import Archive
from dossier.settings import Settings
from dossier.web import create_app
from dossier.web.pages import search as search_page
from dossier.web.security import CSP

FIXTURES = Path(__file__).parent / "fixtures"
ROOM = FIXTURES / "room"


@pytest.fixture(scope="module")
def archive(databases: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    db = databases.new(tmp_path_factory.mktemp("room") / "room.db")  # type: ignore[attr-defined]
    settings = Settings(db=db, authority=str(FIXTURES / "room_authority.yaml"))
    with Archive(settings) as opened:
        report = opened.ingest([ROOM])
        assert report.count("added") == 4, report.to_dict()
        yield opened
    databases.drop(db)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def client(archive: Archive) -> TestClient:
    return TestClient(create_app(archive.settings, archive))


@pytest.fixture(scope="module")
def ids(archive: Archive) -> dict[str, str]:
    """Document ids by file stem: memo_harbour, telegram_dairen, memoir_excerpt, hostile."""
    return {Path(d.source).stem: d.id for d in archive.documents()}


HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # what browsers send


def get(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url, headers=HTML)
    assert response.status_code == status, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_home_shows_counts_and_collections(client: TestClient) -> None:
    html = get(client, "/")
    assert "4 documents read" in html
    for folder in ("state_archive", "memoirs", "press"):
        assert f'href="/documents?collection={folder}"' in html
    assert "2 documents" in html  # state_archive
    assert 'action="/search"' in html
    recent = html.split("Recently added", 1)[1]
    assert recent.count('href="/documents/') == 4  # every document, newest first


def test_search_highlights_and_counts_facets(client: TestClient) -> None:
    html = get(client, "/search?q=Port+Arthur")
    assert "3 passages match" in html
    assert "<mark>Port</mark> <mark>Arthur</mark>" in html
    assert re.search(r"Zhou Enlai</bdi> <span class=\"tally\">2</span>", html)
    assert "place=place%3Aport-arthur" in html  # a facet link narrows by entity id


def test_search_filters_by_place_and_sorts_by_date(client: TestClient) -> None:
    html = get(client, "/search?q=garrison&place=place:port-arthur&sort=date")
    assert "2 passages match" in html
    assert html.index("Telegram from Dairen") < html.index("Memorandum on the Handover")
    assert "Places: <bdi>Port Arthur</bdi> ×" in html  # the active filter, removable
    by_relevance = get(client, "/search?q=garrison")
    assert '<option value="relevance" selected>' in by_relevance


def test_search_pages(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_page, "PER_PAGE", 1)
    first = get(client, "/search?q=Port+Arthur")
    assert 'rel="next" href="/search?q=Port+Arthur&amp;page=2"' in first
    second = get(client, "/search?q=Port+Arthur&page=2")
    assert 'rel="prev"' in second and '<span aria-current="page">2</span>' in second
    assert first.count('class="hit"') == second.count('class="hit"') == 1


def test_search_without_words_shows_the_form(client: TestClient) -> None:
    html = get(client, "/search")
    assert 'id="s-q"' in html and "passages match" not in html


def test_documents_list_and_collection(client: TestClient) -> None:
    html = get(client, "/documents")
    assert html.count("<tr>") == 5  # header and four documents
    narrowed = get(client, "/documents?collection=state_archive")
    assert "Telegram from Dairen" in narrowed and "Recollections" not in narrowed


def test_document_page_shows_record_and_layers(client: TestClient, ids: dict[str, str]) -> None:
    html = get(client, f"/documents/{ids['memo_harbour']}")
    for shown in ("Example State Archive", "Manchuria Reports", "ESA-1954-117", "memorandum"):
        assert shown in html
    link = (
        r'<a href="/entities/place:port-arthur" class="[^"]*m m-place" title="place: Port Arthur"'
    )
    assert re.search(link + ">Port Arthur</a>", html)
    assert re.search(r'<span class="[^"]*\bt" title="date 1954-10-12[^"]*">12 October 1954<', html)
    assert re.search(r'<span class="[^"]*\be" title="editorial mark: sic">\[sic\]</span>', html)
    assert "U+043E CYRILLIC SMALL LETTER O" in html  # the repaired homoglyph, named
    assert "did not name the officers" in html.split('class="footnotes"')[1]
    assert f'href="/documents/{ids["memo_harbour"]}/original"' in html
    assert f'href="/examine/{ids["memo_harbour"]}"' in html
    citation = html.split('class="citation"')[1]
    assert "Memorandum on the Handover of the Naval Base at Port Arthur" in citation
    assert '<meta name="citation_title" content="Memorandum on the Handover' in html
    assert f'<abbr class="unapi-id" title="{ids["memo_harbour"]}">' in html


def test_original_is_an_attachment(client: TestClient, ids: dict[str, str]) -> None:
    response = client.get(f"/documents/{ids['hostile']}/original")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="hostile.md"'
    assert response.content == (ROOM / "press" / "hostile.md").read_bytes()


def test_entities_list_and_type_filter(client: TestClient) -> None:
    html = get(client, "/entities")
    assert 'href="/entities/place:port-arthur"' in html
    people = get(client, "/entities?type=person")
    assert "Zhou Enlai" in people and "Port Arthur" not in people


def test_entity_page_has_aliases_mentions_network_and_map(client: TestClient) -> None:
    html = get(client, "/entities/place:port-arthur")
    assert re.search(r"Ryojun</bdi></td><td>ja</td><td>Latn</td><td>1905–1945", html)
    assert "<mark>Port Arthur</mark> on 13 October 1954" in html
    network = html.split('class="network"')[1]
    assert '<a href="/entities/person:zhou-enlai">' in network
    map_part = html.split('class="map"')[1]
    assert 'class="spot" cx="240.0" cy="160.0"' in map_part
    assert map_part.count('class="land"') > 3


def test_entity_without_coordinates_has_no_map(client: TestClient) -> None:
    html = get(client, "/entities/person:zhou-enlai")
    assert 'class="map"' not in html and 'class="network"' in html


def test_timeline_flags_the_conflicting_dates(client: TestClient) -> None:
    html = get(client, "/timeline")
    assert "1 event dated differently by different sources" in html
    assert html.count('class="event conflicted"') == 2
    assert "12 Oct 1954" in html and "13 Oct 1954" in html
    assert "autumn 1954" in html and "c. Sep 1954" in html


@pytest.mark.parametrize(
    ("zoom", "inside", "outside"),
    [
        ("195X", "January 1955", None),
        ("1954", "October 1954", "January 1955"),
        ("1954-10", "12 Oct 1954", "the end of September 1954"),
        ("bogus", "January 1955", None),
    ],
)
def test_timeline_zooms(client: TestClient, zoom: str, inside: str, outside: str | None) -> None:
    html = get(client, f"/timeline?zoom={zoom}")
    assert inside in html
    if outside:
        assert outside not in html


def test_examine_shows_verdicts_and_evidence(client: TestClient, ids: dict[str, str]) -> None:
    html = get(client, f"/examine/{ids['memo_harbour']}")
    assert '<span class="verdict v-contradicted">contradicted</span>' in html
    contradiction = html.split('class="stance-contradicts"')[1]
    assert f'href="/documents/{ids["telegram_dairen"]}#p1"' in contradiction
    assert "<code>date_conflict</code>" in contradiction


def test_check_form_and_result(client: TestClient) -> None:
    empty = get(client, "/check")
    assert "<textarea" in empty and "verdict" not in empty
    html = get(client, "/check?claim=The+Soviet+garrison+left+Port+Arthur+on+12+October+1954.")
    assert re.search(r'class="verdict v-(conflicting|contradicted|supported)"', html)
    assert "Telegram from Dairen" in html


def test_error_pages_are_html(client: TestClient) -> None:
    html = get(client, "/documents/no-such-document", 404)
    assert "Not in this archive" in html and "no-such-document" in html
    assert "Not in this archive" in get(client, "/no/such/page", 404)
    assert get(client, "/entities/nobody-at-all", 404)
    for machine in ("/api/documents/no-such-document", "/documents/no-such-document"):
        response = client.get(machine, headers={"accept": "application/json"})
        assert response.headers["content-type"].startswith("application/problem+json")


PAYLOADS = ("<script>alert", "<Script>Alert", "<img src=x", "<b>Injected")


def _pages(ids: dict[str, str]) -> list[str]:
    return [
        "/",
        "/documents",
        "/documents?collection=press",
        f"/documents/{ids['hostile']}",
        f"/examine/{ids['hostile']}",
        "/entities",
        "/entities/person:brandtmeier",
        "/entities/place:harbin",
        "/search?q=alert",
        "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "/search?q=Harbin&person=%22%3E%3Cscript%3Ealert(9)%3C/script%3E",
        "/timeline",
        "/check?claim=%3Cscript%3Ealert(1)%3C/script%3E+visited+Harbin",
        "/documents/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ]


def test_payloads_are_escaped_on_every_page(client: TestClient, ids: dict[str, str]) -> None:
    for url in _pages(ids):
        html = client.get(url, headers=HTML).text
        for payload in PAYLOADS:
            assert payload not in html, (url, payload)
        assert not re.search(r"(href|src|action)=\"\s*javascript:", html, re.I), url
        assert "<img" not in html, url  # no page has images; a payload's would show here


def test_payloads_show_as_text(client: TestClient, ids: dict[str, str]) -> None:
    html = get(client, f"/documents/{ids['hostile']}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Report &#34;&gt;&lt;img src=x" in html
    assert "javascript:alert(3)" in html  # the repository, as text
    assert 'href="javascript:' not in html  # the record's source_url is not made a link
    person = get(client, "/entities/person:brandtmeier")
    assert '<h1 dir="auto"><bdi>&lt;script&gt;alert(6)&lt;/script&gt; Brandtmeier</bdi>' in person


def test_every_page_sends_the_csp(client: TestClient, ids: dict[str, str]) -> None:
    for url in ["/", "/timeline", f"/documents/{ids['memo_harbour']}", "/nowhere"]:
        response = client.get(url, headers=HTML)
        assert response.headers["content-security-policy"] == CSP
        assert "<script>" not in response.text and " style=" not in response.text


def test_static_files_are_served(client: TestClient) -> None:
    css = client.get("/static/reading-room.css")
    assert css.status_code == 200 and ".reader:has(#show-m" in css.text
    assert client.get("/static/reading-room.js").status_code == 200


def test_readers_may_not_ingest(client: TestClient) -> None:
    assert "Not allowed" in get(client, "/ingest", 403)
    response = client.post("/ingest", data={"folder": str(ROOM)}, headers=HTML)
    assert response.status_code == 403 and "Not allowed" in response.text
    assert 'href="/ingest"' not in get(client, "/")  # readers are not offered the page
