"""The OAI-PMH provider at /oai: harvested completely by Sickle over a real uvicorn server, and
every error condition of the protocol through the in-process client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from lxml import etree
from sickle import Sickle
from tests.oai.fixtures import (
    FIRST,
    REPOSITORY_ID,
    SECOND,
    TITLES,
    batch_bounds,
    settings_for,
    stored_in_two_batches,
)
from tests.web.live import serving

from dossier.api import Archive
from dossier.oai.dates import datestamp
from dossier.oai.render import DC_NS, OAI_DC_NS, OAI_NS
from dossier.oai.vocab import DC_ELEMENTS
from dossier.store.base import ChangeQuery
from dossier.web import create_app

N = f"{{{OAI_NS}}}"
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
FIXTURES = {f.title: f for f in FIRST + SECOND}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, databases: Any) -> Iterator[Archive]:
    folder = tmp_path_factory.mktemp("oai")
    with Archive(settings_for(databases.new(folder / "oai.db"))) as opened:
        stored_in_two_batches(opened, folder / "in")
        yield opened


@pytest.fixture(scope="module")
def base_url(archive: Archive) -> Iterator[str]:
    with serving(create_app(archive.settings, archive)) as url:
        yield f"{url}/oai"


@pytest.fixture(scope="module")
def client(archive: Archive) -> TestClient:
    return TestClient(create_app(archive.settings, archive))


def _oai(client: TestClient, **params: str) -> etree._Element:
    response = client.get("/oai", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    _check_structure(root)
    return root


def _check_structure(root: etree._Element) -> None:
    """The shape the OAI-PMH 2.0 schema asks for: responseDate, request, then one verb element or
    errors; headers as identifier, datestamp, setSpec*; oai_dc holding only dc elements."""
    assert root.tag == f"{N}OAI-PMH"
    tags = [child.tag for child in root]
    assert tags[:2] == [f"{N}responseDate", f"{N}request"]
    assert STAMP.match(root.findtext(f"{N}responseDate") or "")
    assert len(tags) == 3 or set(tags[2:]) == {f"{N}error"}
    for head in root.iter(f"{N}header"):
        names = [etree.QName(c).localname for c in head]
        assert names[:2] == ["identifier", "datestamp"] and set(names[2:]) <= {"setSpec"}
        assert STAMP.match(head.findtext(f"{N}datestamp") or "")
    for record in root.iter(f"{N}record"):
        assert [c.tag for c in record] == [f"{N}header", f"{N}metadata"]
        metadata = record.find(f"{N}metadata")
        assert metadata is not None and len(metadata) == 1
        dc = metadata[0]
        assert dc.tag == f"{{{OAI_DC_NS}}}dc"
        assert all(etree.QName(e).namespace == DC_NS for e in dc)
        assert all(etree.QName(e).localname in DC_ELEMENTS for e in dc)


def _stamps(archive: Archive) -> tuple[str, str]:
    """The datestamps at which the first batch ended and the second began."""
    first_ended, second_began = batch_bounds(archive)
    return datestamp(first_ended), datestamp(second_began)


# --- a complete harvest by a real client -------------------------------------------------------


def test_sickle_harvests_every_record_once_through_resumption_tokens(base_url: str) -> None:
    records = list(Sickle(base_url).ListRecords(metadataPrefix="oai_dc"))
    identifiers = [r.header.identifier for r in records]
    assert len(identifiers) == len(set(identifiers)) == len(TITLES)
    assert all(i.startswith(f"oai:{REPOSITORY_ID}:d") for i in identifiers)
    titles = {r.metadata["title"][0]: r.metadata for r in records}
    assert set(titles) == TITLES
    for title, metadata in titles.items():
        assert metadata["date"] == [FIXTURES[title].date]
        assert FIXTURES[title].genre in metadata["type"] and "Text" in metadata["type"]


def test_pages_carry_list_size_and_cursor(client: TestClient) -> None:
    cursors, token = [], None
    while True:
        params = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        element = _oai(client, verb="ListIdentifiers", **params).find(f".//{N}resumptionToken")
        assert element is not None and element.get("completeListSize") == str(len(TITLES))
        cursors.append(int(element.get("cursor", "-1")))
        token = element.text
        if not token:
            break
    assert cursors == [0, 2, 4]


def test_identifiers_get_record_and_metadata_formats(base_url: str) -> None:
    sickle = Sickle(base_url)
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc"))
    assert len({h.identifier for h in headers}) == len(TITLES)
    record = sickle.GetRecord(identifier=headers[0].identifier, metadataPrefix="oai_dc")
    assert record.header.identifier == headers[0].identifier
    assert record.metadata["title"][0] in TITLES
    formats = list(sickle.ListMetadataFormats(identifier=headers[0].identifier))
    assert [f.metadataPrefix for f in formats] == ["oai_dc"]


def test_markup_in_titles_arrives_as_text(base_url: str) -> None:
    records = list(Sickle(base_url).ListRecords(metadataPrefix="oai_dc", set="genre:letter"))
    assert [r.metadata["title"] for r in records] == [["Notes on <b>tags</b> & 'quotes'"]]
    assert records[0].metadata["description"][0].startswith("A title with <markup> &")


def test_sets_and_a_set_restricted_harvest(base_url: str) -> None:
    sickle = Sickle(base_url)
    specs = {s.setSpec for s in sickle.ListSets()}
    assert {"genre", "genre:telegram", "collection:harbour-papers"} <= specs
    assert "collection:otsu-kowa-papers" in specs
    assert all(re.match(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$", s) for s in specs)
    telegrams = list(sickle.ListRecords(metadataPrefix="oai_dc", set="genre:telegram"))
    assert sorted(r.metadata["title"][0] for r in telegrams) == [
        "Telegram on the customs house",
        "Telegram on the harbour lease",
    ]
    assert all("genre:telegram" in r.header.setSpecs for r in telegrams)
    everything = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="genre"))
    assert len(everything) == len(TITLES)


def test_from_and_until_select_by_datestamp(base_url: str, archive: Archive) -> None:
    first, second = _stamps(archive)
    assert first < second
    sickle = Sickle(base_url)
    later = list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": second}))
    assert {r.metadata["title"][0] for r in later} == {f.title for f in SECOND}
    earlier = list(sickle.ListRecords(metadataPrefix="oai_dc", until=first))
    assert {r.metadata["title"][0] for r in earlier} == {f.title for f in FIRST}
    day = second[:10]
    assert len(list(sickle.ListIdentifiers(metadataPrefix="oai_dc", until=day))) == len(TITLES)


def test_post_with_a_form_body(base_url: str) -> None:
    response = httpx.post(base_url, data={"verb": "Identify"})
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.findtext(f"{N}Identify/{N}baseURL") == base_url
    records = list(Sickle(base_url, http_method="POST").ListRecords(metadataPrefix="oai_dc"))
    assert len(records) == len(TITLES)


def test_identify_describes_the_repository(client: TestClient, archive: Archive) -> None:
    root = _oai(client, verb="Identify")
    identify = root.find(f"{N}Identify")
    assert identify is not None
    assert identify.findtext(f"{N}protocolVersion") == "2.0"
    assert identify.findtext(f"{N}granularity") == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext(f"{N}deletedRecord") == "no"
    earliest = datestamp(archive.store.changes(ChangeQuery(limit=1))[1][0].stored_at)
    assert identify.findtext(f"{N}earliestDatestamp") == earliest
    names = [etree.QName(e).localname for e in identify]
    assert names[:7] == ["repositoryName", "baseURL", "protocolVersion", "adminEmail",
                         "earliestDatestamp", "deletedRecord", "granularity"]  # fmt: skip
    sample = root.findtext(".//{*}sampleIdentifier") or ""
    assert sample.startswith(f"oai:{REPOSITORY_ID}:")
    assert root.find(f"{N}request").attrib == {"verb": "Identify"}  # type: ignore[union-attr]


# --- errors ------------------------------------------------------------------------------------

ERRORS = [
    ({}, "badVerb"),
    ({"verb": "Harvest"}, "badVerb"),
    ([("verb", "Identify"), ("verb", "Identify")], "badVerb"),
    ({"verb": "Identify", "set": "genre"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    (
        [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("metadataPrefix", "oai_dc")],
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "14 Feb 1950"}, "badArgument"),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01T00:00:00.5Z"},
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2020-01-01",
            "until": "2021-01-01T00:00:00Z",
        },
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2021-01-01",
            "until": "2020-01-01",
        },
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "no spaces"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "not-a-token"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    (
        {"verb": "GetRecord", "identifier": f"oai:{REPOSITORY_ID}:d0", "metadataPrefix": "oai_dc"},
        "idDoesNotExist",
    ),
    ({"verb": "ListMetadataFormats", "identifier": "oai:elsewhere.org:d0"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
    (
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "genre:fax"},
        "noRecordsMatch",
    ),
]


@pytest.mark.parametrize(("params", "code"), ERRORS)
def test_each_error_code(client: TestClient, params: Any, code: str) -> None:
    response = client.get("/oai", params=params)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    _check_structure(root)
    errors = root.findall(f"{N}error")
    assert [e.get("code") for e in errors] == [code] and errors[0].text
    request = root.find(f"{N}request")
    assert request is not None
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}
    else:
        assert request.get("verb") == dict(params)["verb"] and len(request.attrib) > 1


def test_a_token_only_continues_the_verb_it_was_made_for(client: TestClient) -> None:
    root = _oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = root.findtext(f".//{N}resumptionToken")
    assert token
    for verb in ("ListRecords", "ListIdentifiers"):
        again = _oai(client, verb=verb, resumptionToken=token)
        codes = [e.get("code") for e in again.findall(f"{N}error")]
        assert codes == (["badResumptionToken"] if verb == "ListRecords" else [])
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    again = _oai(client, verb="ListIdentifiers", resumptionToken=tampered)
    assert [e.get("code") for e in again.findall(f"{N}error")] == ["badResumptionToken"]


def test_an_archive_without_sets_says_so(db_url: str) -> None:
    with Archive(settings_for(db_url)) as empty:
        client = TestClient(create_app(empty.settings, empty))
        codes = {
            verb: [e.get("code") for e in _oai(client, **params).findall(f"{N}error")]
            for verb, params in {
                "ListSets": {"verb": "ListSets"},
                "ListRecords": {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
                "set": {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "genre"},
            }.items()
        }
        assert codes == {
            "ListSets": ["noSetHierarchy"],
            "ListRecords": ["noRecordsMatch"],
            "set": ["noSetHierarchy"],
        }
        assert STAMP.match(_oai(client, verb="Identify").findtext(f".//{N}earliestDatestamp") or "")
