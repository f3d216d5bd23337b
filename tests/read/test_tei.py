"""The TEI reader: documents per div, record, passages, footnotes, pages, mentions, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import FIXTURES, probe_of

from dossier.errors import CorruptFile, ReadError, UnsafeInput
from dossier.model import Document
from dossier.read import choose_reader, read_bytes
from dossier.read.tei import TeiReader
from dossier.settings import Settings

VOLUME = FIXTURES / "tei" / "volume.xml"


def _read(
    settings: Settings, name: str = "volume.xml", data: bytes | None = None
) -> list[Document]:
    data = VOLUME.read_bytes() if data is None else data
    return read_bytes(probe_of(name, data), name, settings)


def _texts(doc: Document, kind: str) -> list[str]:
    return [p.text_of(doc.text) for p in doc.passages if p.kind == kind]


def test_each_document_div_is_a_document(settings: Settings) -> None:
    docs = _read(settings)
    assert [d.fragment for d in docs] == ["d7", "d8"]
    assert [d.source for d in docs] == ["volume.xml#d7", "volume.xml#d8"]
    assert len({d.id for d in docs}) == 2
    assert all(d.reader == "tei@1" for d in docs)


def test_record_of_a_telegram(settings: Settings) -> None:
    record = _read(settings)[0].record
    assert record.title == (
        "Telegram From the Consul at Harbourtown (Quill) to the Department of State"
    )
    assert record.date == "1961-04-03"
    assert record.place == "Harbourtown"
    assert record.creators == ["Quill"]
    assert record.recipients == ["Department of State"]
    assert record.classification == "Top Secret"
    assert record.identifier == "frus1960-62v99/d7"
    assert record.genre == "telegram"
    assert record.source_note is not None and record.source_note.startswith("Source: Department")
    assert record.collection is not None and "Volume XCIX" in record.collection


def test_record_from_inline_source_note_and_opener(settings: Settings) -> None:
    record = _read(settings)[1].record
    assert record.date == "1961-04-05"
    assert record.place == "Washington"
    assert record.classification == "Confidential"
    assert record.source_note == "123.45/4–561: Telegram"
    assert record.genre == "telegram"


def test_notes_become_footnotes_after_the_body_and_leave_the_paragraph(
    settings: Settings,
) -> None:
    doc = _read(settings)[0]
    kinds = [p.kind for p in doc.passages]
    assert kinds[0] == "heading"
    assert kinds.index("footnote") > max(i for i, k in enumerate(kinds) if k == "paragraph")
    body = _texts(doc, "paragraph")[1]
    assert "reopened" not in body
    assert "were closed, and that the HQ staff would move inland before the thaw." in body
    assert "signal stations" in body and "the & signal" in body
    footnotes = [p for p in doc.passages if p.kind == "footnote"]
    assert [p.label for p in footnotes] == ["1", "2"]
    assert "Top Secret" in footnotes[0].text_of(doc.text)
    assert "Source" not in _texts(doc, "heading")[0]


def test_page_breaks_set_pages_without_gluing_words(settings: Settings) -> None:
    doc = _read(settings)[0]
    pages = {p.text_of(doc.text)[:3]: p.page for p in doc.passages}
    assert pages["12."] == "40"
    assert pages["Qui"] == "41"
    assert "move inland" in doc.text


def test_table_rows_are_paragraphs_with_cells_apart(settings: Settings) -> None:
    assert "Depots: four" in _texts(_read(settings)[1], "paragraph")


@pytest.mark.parametrize(
    ("name", "kind", "key", "value"),
    [
        ("Quill", "person", "corresp", "#p_QA1"),
        ("Varga", "person", "corresp", "#p_VB1"),
        ("Cape Lorn", "place", "corresp", None),
        ("HQ", "term", "target", "#t_HQ1"),
    ],
)
def test_mentions_are_spans(
    settings: Settings, name: str, kind: str, key: str, value: str | None
) -> None:
    doc = _read(settings)[0]
    spans = [s for s in doc.spans_of("mention") if s.value["name"] == name]
    assert spans
    for span in spans:
        assert doc.text[span.start : span.end] == name
        assert span.value["type"] == kind and span.value[key] == value
        assert span.provenance.stage == "tei"
    if name == "Quill":
        assert [s.value["role"] for s in spans] == ["from", None]


def test_offsets_point_into_the_original_xml(settings: Settings) -> None:
    original = VOLUME.read_text("utf-8")
    for doc in _read(settings):
        for span in doc.spans:
            a = doc.offsets.to_original(span.start)
            b = doc.offsets.to_original(span.end, end=True)
            assert original[a:b] == span.value["name"]
        amp = doc.text.find("&")
        if amp >= 0:
            assert original[doc.offsets.to_original(amp) :].startswith("&amp;")


@pytest.mark.parametrize("name", ["volume.txt", "volume", "volume.xml"])
def test_score_chooses_tei_whatever_the_name(name: str) -> None:
    assert isinstance(choose_reader(probe_of(name, VOLUME.read_bytes())), TeiReader)


def test_single_document_keeps_the_plain_source(settings: Settings) -> None:
    data = VOLUME.read_bytes()
    start = data.index(b'<div type="document" xml:id="d8"')
    single = data[:start].split(b'<div type="document" xml:id="d7"')[0] + data[start:]
    docs = _read(settings, "one.xml", single)
    assert [(d.source, d.fragment) for d in docs] == [("one.xml", "d8")]


TEI_HEAD = b'<?xml version="1.0"?>\n'
TEI_BODY = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&x;</p></body></text></TEI>'


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            TEI_HEAD + b'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + TEI_BODY,
            UnsafeInput,
        ),
        (
            TEI_HEAD + b'<!DOCTYPE TEI [<!ENTITY a "aa"><!ENTITY x "&a;&a;&a;">]>\n' + TEI_BODY,
            UnsafeInput,
        ),
        (
            TEI_HEAD + b'<!DOCTYPE TEI SYSTEM "tei_all.dtd">\n' + TEI_BODY.replace(b"&x;", b"x"),
            UnsafeInput,
        ),
        (TEI_HEAD + TEI_BODY[:-12], CorruptFile),
    ],
    ids=["external-entity", "entity-expansion", "dtd-only", "truncated"],
)
def test_unsafe_or_broken_tei_is_refused_with_its_name(
    settings: Settings, data: bytes, error: type[ReadError]
) -> None:
    assert isinstance(choose_reader(probe_of("bad.txt", data)), TeiReader)
    with pytest.raises(error) as info:
        _read(settings, "bad.txt", data)
    assert info.value.source == "bad.txt"
    assert "root:" not in str(info.value)


def test_declared_single_byte_encoding(settings: Settings) -> None:
    text = VOLUME.read_text("utf-8").replace("Harbourtown", "Hårbourtown").replace("–", "-")
    text = text.replace("—", "-").replace("’", "'")
    text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    doc = _read(settings, "latin.xml", text.encode("latin-1"))[0]
    assert doc.encoding == "iso-8859-1"
    assert doc.record.place == "Hårbourtown"
    span = next(s for s in doc.spans if s.value["name"] == "Hårbourtown")
    a, b = doc.offsets.to_original(span.start), doc.offsets.to_original(span.end, end=True)
    assert text[a:b] == "Hårbourtown"


FRUS = ["d98", "d117", "d118", "d227", "d228", "d229", "d230"]


def _frus(corpus: Path, settings: Settings, doc_id: str) -> Document:
    path = next((corpus / "frus").glob(f"*_{doc_id}.xml"))
    docs = read_bytes(probe_of(path.name, path.read_bytes()), str(path), settings)
    assert len(docs) == 1
    return docs[0]


@pytest.mark.corpus
@pytest.mark.parametrize("doc_id", FRUS)
def test_every_frus_file_reads(corpus: Path, settings: Settings, doc_id: str) -> None:
    doc = _frus(corpus, settings, doc_id)
    record = doc.record
    assert doc.reader == "tei@1" and doc.fragment == doc_id
    assert record.title and record.date and record.place and record.source_note
    assert record.identifier is not None and record.identifier.endswith(f"/{doc_id}")
    assert record.classification in ("Secret", "Confidential")
    assert record.genre in ("telegram", "memorandum of conversation")
    assert doc.passages[0].kind == "heading"
    assert any(p.kind == "footnote" for p in doc.passages)
    assert "  " not in doc.text and "<" not in doc.text


@pytest.mark.corpus
def test_frus_d117_record_and_structure(corpus: Path, settings: Settings) -> None:
    doc = _frus(corpus, settings, "d117")
    record = doc.record
    assert record.date == "1955-02-18"
    assert record.title is not None and record.title.startswith("Telegram From the Ambassador")
    assert record.source_note is not None and "Central Files" in record.source_note
    assert record.creators == ["Bohlen"]
    assert record.recipients == ["Department of State"]
    assert record.classification == "Secret"
    assert record.identifier == "frus1955-57v02/d117"
    footnotes = [p for p in doc.passages if p.kind == "footnote"]
    assert [p.label for p in footnotes] == [str(n) for n in range(1, 9)]
    persons = [s for s in doc.spans_of("mention") if s.value["type"] == "person"]
    assert persons and all(s.value["corresp"].startswith("#p_") for s in persons)
    assert {p.page for p in doc.passages} >= {"290", "291"}
    original = (corpus / "frus" / "frus1955-57v02_d117.xml").read_text("utf-8")
    for span in persons:
        a, b = doc.offsets.to_original(span.start), doc.offsets.to_original(span.end, end=True)
        assert " ".join(original[a:b].split()) == span.value["name"]
