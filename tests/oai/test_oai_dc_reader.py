"""The ``oai_dc`` reader: Dublin Core into the record, descriptions into the text, offsets back
into the harvested XML."""

from __future__ import annotations

import pytest
from tests.conftest import probe_of

from dossier.errors import EmptyDocument, UnsafeInput
from dossier.read import choose_reader, read_bytes
from dossier.read.oai_dc import record_from_dc
from dossier.settings import Settings

RECORD = """<record xmlns="http://www.openarchives.org/OAI/2.0/"><header>
<identifier>oai:example.org:7</identifier><datestamp>2024-01-01</datestamp></header>
<metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Customs &amp; harbour dues</dc:title>
<dc:creator>Harbour Office</dc:creator><dc:creator>Port Captain</dc:creator>
<dc:date>1951-03</dc:date><dc:type>Text</dc:type><dc:type>report</dc:type>
<dc:description>Dues rose twice &lt;in&gt; one year.</dc:description>
<dc:description><![CDATA[Ships  paid in <gold> coin.]]></dc:description>
<dc:contributor>Clerk A</dc:contributor><dc:contributor>Clerk B</dc:contributor>
<dc:subject>customs</dc:subject>
</oai_dc:dc></metadata></record>"""


def test_dublin_core_fills_the_record() -> None:
    record = record_from_dc(
        [("title", "T"), ("creator", "A"), ("creator", "B"), ("date", "4 March 1952"),
         ("type", "Text"), ("type", "memo"), ("identifier", "http://x.org/1"),
         ("identifier", "RG 59"), ("publisher", "Archive"), ("contributor", "C")]
    )  # fmt: skip
    assert (record.title, record.creators, record.date) == ("T", ["A", "B"], "1952-03-04")
    assert (record.genre, record.source_url, record.identifier) == (
        "memo",
        "http://x.org/1",
        "RG 59",
    )
    assert record.repository == "Archive" and record.extra == {"contributor": "C"}


def test_a_record_becomes_a_document_mapped_to_its_bytes() -> None:
    data = RECORD.encode()
    probe = probe_of("oai:example.org:7", data)
    assert choose_reader(probe).name == "oai_dc"
    (doc,) = read_bytes(probe, "oai:example.org:7", Settings())
    assert doc.record.title == "Customs & harbour dues"
    assert doc.record.creators == ["Harbour Office", "Port Captain"]
    assert doc.record.genre == "report" and doc.record.date == "1951-03"
    assert doc.record.extra == {"contributor": "Clerk A; Clerk B", "subject": "customs"}
    assert doc.text == "Dues rose twice <in> one year.\n\nShips paid in <gold> coin."
    assert [p.kind for p in doc.passages] == ["paragraph", "paragraph"]
    start = doc.text.index("Ships")
    original = data.decode()
    assert original[doc.offsets.to_original(start) :].startswith("Ships  paid")
    end = doc.passages[0].end
    assert original[: doc.offsets.to_original(end, end=True)].endswith("one year.")


def test_a_response_with_several_records_gives_one_document_each() -> None:
    body = RECORD.replace(' xmlns="http://www.openarchives.org/OAI/2.0/"', "")
    second = body.replace("oai:example.org:7", "oai:example.org:8")
    data = (
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>'
        f"{body}{second}</ListRecords></OAI-PMH>"
    ).encode()
    docs = read_bytes(probe_of("page.xml", data), "page.xml", Settings())
    assert [d.fragment for d in docs] == ["oai:example.org:7", "oai:example.org:8"]
    assert len({d.id for d in docs}) == 2


def test_nothing_to_read_and_unsafe_xml_are_refused() -> None:
    empty = RECORD.split("<dc:title>")[0] + "</oai_dc:dc></metadata></record>"
    with pytest.raises(EmptyDocument):
        read_bytes(probe_of("r", empty.encode()), "r", Settings())
    bomb = '<!DOCTYPE r [<!ENTITY a "aaaa">]>' + RECORD.replace("Harbour Office", "&a;")
    with pytest.raises(UnsafeInput):
        read_bytes(probe_of("r", bomb.encode()), "r", Settings())
