from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from dossier.api import Archive
from dossier.cite import loads_bibtex, loads_ris
from dossier.settings import Settings
from dossier.web import create_app

DOCS = {
    "cables/consul.md": "---\ntitle: The Consul at Tsingtao to the Secretary of State\n"
    "date: 1948-06-02\nauthor: Walter Pennington\nrecipient: The Secretary of State\n"
    "archive: National Archives\ncollection: Decimal File\nidentifier: 893.00/6-248\n"
    "translator: Olga Zimina\ngenre: telegram\n---\n\n"
    "The consul reports that the harbour pilots at Tsingtao went on strike this week.\n",
    "press/harbour.md": "---\ntitle: Pilots & Harbours\ndate: 1990-04\ngenre: article\n"
    "url: https://press.example.net/pilots\n---\n\n"
    "An essay on harbour pilots, written long after the strike at Tsingtao.\n",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, databases: object) -> Iterator[Archive]:
    folder = tmp_path_factory.mktemp("cite")
    for name, text in DOCS.items():
        path = folder / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    url = databases.new(folder / "cite.db")  # type: ignore[attr-defined]
    with Archive(Settings(db=url)) as opened:
        assert not opened.ingest([folder / "in"]).failed
        yield opened


@pytest.fixture(scope="module")
def client(archive: Archive) -> TestClient:
    return TestClient(create_app(archive.settings, archive))


@pytest.fixture(scope="module")
def cable(archive: Archive) -> str:
    return archive.document("cables/consul.md").id


@pytest.mark.parametrize(
    ("ext", "media_type"),
    [
        ("csl.json", "application/vnd.citationstyles.csl+json"),
        ("bib", "application/x-bibtex"),
        ("ris", "application/x-research-info-systems"),
        ("txt", "text/plain; charset=utf-8"),
    ],
)
def test_document_citation_downloads(
    client: TestClient, cable: str, ext: str, media_type: str
) -> None:
    response = client.get(f"/documents/{cable}/cite.{ext}")
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert f'filename="{cable}.{ext}"' in response.headers["content-disposition"]
    assert "Pennington" in response.text


def test_csl_json_download_is_the_manuscript_item(client: TestClient, cable: str) -> None:
    [item] = json.loads(client.get(f"/documents/{cable}/cite.csl.json").text)
    assert item["id"] == cable
    assert item["type"] == "manuscript"
    assert item["archive"] == "National Archives"
    assert item["archive_location"] == "Decimal File, 893.00/6-248"
    assert item["translator"] == [{"family": "Zimina", "given": "Olga"}]


def test_chicago_download_names_archive_translator_and_date(client: TestClient, cable: str) -> None:
    text = client.get(f"/documents/{cable}/cite.txt").text
    assert "trans. Olga Zimina" in text
    assert "June 2, 1948" in text
    assert "National Archives" in text


def test_unknown_format_and_document_are_404(client: TestClient, cable: str) -> None:
    assert client.get(f"/documents/{cable}/cite.docx").status_code == 404
    assert client.get("/documents/dffffffffffffff/cite.bib").status_code == 404


def test_search_result_set_citations(client: TestClient) -> None:
    response = client.get("/search/cite.bib", params={"q": "Tsingtao"})
    assert response.status_code == 200
    assert 'filename="search.bib"' in response.headers["content-disposition"]
    items = loads_bibtex(response.text)
    assert {i["type"] for i in items} == {"manuscript", "webpage"}
    ris = loads_ris(client.get("/search/cite.ris", params={"q": "strike"}).text)
    assert len(ris) == 2
    assert client.get("/search/cite.ris", params={"q": "nothingmatchesthis"}).text == ""


def test_unapi_lists_formats(client: TestClient) -> None:
    response = client.get("/unapi")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert '<format name="ris" type="application/x-research-info-systems"/>' in response.text
    assert '<format name="bibtex"' in response.text and '<format name="csl"' in response.text


def test_unapi_formats_for_an_id_are_multiple_choices(client: TestClient, cable: str) -> None:
    response = client.get("/unapi", params={"id": cable})
    assert response.status_code == 300
    assert f'<formats id="{cable}">' in response.text
    assert client.get("/unapi", params={"id": "dffffffffffffff"}).status_code == 404


def test_unapi_record_in_a_format(client: TestClient, cable: str) -> None:
    response = client.get("/unapi", params={"id": cable, "format": "ris"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-research-info-systems"
    [item] = loads_ris(response.text)
    assert item["type"] == "manuscript"
    assert item["archive"] == "National Archives"
    assert item["archive_location"] == "Decimal File, 893.00/6-248"
    assert client.get("/unapi", params={"id": cable, "format": "marc"}).status_code == 406
    assert client.get("/unapi", params={"format": "ris"}).status_code == 400
