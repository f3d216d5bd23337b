from __future__ import annotations

import json
import re

import pytest
from tests.cite.records import ARTICLE, MEMOIR, TELEGRAM, document

from dossier.cite import (
    chicago,
    csl_item,
    dumps_bibtex,
    dumps_ris,
    format_of,
    loads_bibtex,
    loads_ris,
    page_metadata,
    render,
)
from dossier.cite.bibtex import escape_latex, unescape_latex
from dossier.errors import ConfigError, ReadError
from dossier.model import Record


def test_chicago_note_and_bibliography_of_an_archival_telegram() -> None:
    styled = chicago(csl_item(document(TELEGRAM)))
    assert styled.note.startswith("Harold Whitcombe, “The Consul at Mukden")
    assert "March 12, 1947" in styled.note
    assert "Box 7112, Folder 3" in styled.note
    assert "National Archives and Records Administration, College Park, MD" in styled.note
    assert styled.bibliography.startswith("Whitcombe, Harold. “The Consul at Mukden")


def test_chicago_of_an_anonymous_translated_document_starts_with_its_title_once() -> None:
    styled = chicago(csl_item(document(MEMOIR)))
    assert styled.note.startswith("“Notes on a Winter Journey to the North,” memoir, trans. Anna")
    assert styled.note.count("Kowalczyk") == 1
    assert styled.bibliography.count("Notes on a Winter Journey") == 1
    assert "Translated by Anna Kowalczyk" in styled.bibliography
    assert "November 1961" in styled.bibliography


def test_chicago_html_escapes_record_text() -> None:
    record = Record(title="<script>alert(1)</script> & more", genre="letter", kind="primary")
    styled = chicago(csl_item(document(record)), as_html=True)
    assert "<script>" not in styled.note
    assert "&lt;script&gt;" in styled.note and "&amp; More" in styled.note  # title case


def test_chicago_italicises_the_newspaper_in_html() -> None:
    styled = chicago(csl_item(document(ARTICLE)), as_html=True)
    assert "<i>The Coastal Herald</i>" in styled.note


def test_bibtex_escapes_every_latex_special() -> None:
    text = dumps_bibtex([csl_item(document(ARTICLE))])
    title = re.search(r"title = \{\{(.*)\}\},", text)
    assert title is not None
    assert title.group(1) == (
        r"Harbours \& Treaties: 100\% of the story? \textbraceleft{}Not\textbraceright{} quite\_"
    )
    assert text.startswith("@article{delacruz2019harbours_")
    assert "entrysubtype = {newspaper}" in text
    assert "journal = {The Coastal Herald}" in text


@pytest.mark.parametrize("special", list("&%$#_{}~^\\"))
def test_escaped_latex_has_no_bare_special(special: str) -> None:
    escaped = escape_latex(f"a{special}b")
    bare = re.sub(r"\\[a-z]+\{\}|\\[&%$#_]", "", escaped)
    assert bare == "ab"
    assert unescape_latex(escaped) == f"a{special}b"


def test_bibtex_key_is_stable_and_entry_type_follows_the_genre() -> None:
    first = dumps_bibtex([csl_item(document(TELEGRAM))])
    again = dumps_bibtex([csl_item(document(TELEGRAM))])
    assert first == again
    assert first.startswith("@unpublished{whitcombe1947the_")


def test_ris_manuscript_has_archive_and_location_and_crlf_lines() -> None:
    text = dumps_ris([csl_item(document(TELEGRAM))])
    lines = text.split("\r\n")
    assert lines[0] == "TY  - MANSCPT"
    assert "AV  - National Archives and Records Administration" in lines
    assert "AN  - Decimal File 1945-1949, Box 7112, Folder 3, 893.00/3-1247" in lines
    assert "AU  - Whitcombe, Harold" in lines
    assert "DA  - 1947/03/12/" in lines
    assert lines[-2:] == ["ER  - ", ""]
    assert "\n" not in text.replace("\r\n", "")


def test_ris_types_for_articles() -> None:
    assert dumps_ris([csl_item(document(ARTICLE))]).startswith("TY  - NEWS\r\n")
    web = Record(title="A page", genre="article", kind="secondary")
    assert dumps_ris([csl_item(document(web))]).startswith("TY  - ELEC\r\n")


def test_readers_refuse_what_they_cannot_parse() -> None:
    with pytest.raises(ReadError):
        loads_ris("TY  - GEN\r\nthis is not RIS\r\nER  - \r\n")
    with pytest.raises(ReadError):
        loads_bibtex("@misc{key, title = {unclosed")
    with pytest.raises(ConfigError):
        format_of("docx")


def test_bibtex_reader_takes_other_peoples_bibtex() -> None:
    text = '@Comment{x}\n@MISC{k1, title = "A " # {B}, year = 1950, author = {Doe, Jane}}\n'
    [item] = loads_bibtex(text)
    assert item == {
        "id": "k1",
        "type": "document",
        "title": "A B",
        "author": [{"family": "Doe", "given": "Jane"}],
        "issued": {"date-parts": [[1950]]},
    }


def test_page_metadata_tags_and_safe_json_ld() -> None:
    record = Record(**{**TELEGRAM.__dict__, "title": "</script><b>Cable</b> & reply"})
    doc = document(record)
    meta = page_metadata(doc)
    tags = dict(meta.meta_tags)
    assert tags["citation_title"] == "</script><b>Cable</b> & reply"
    assert tags["citation_author"] == "Harold Whitcombe"
    assert tags["citation_date"] == "1947/03/12"
    assert tags["citation_publisher"] == "National Archives and Records Administration"
    assert tags["citation_language"] == "en"
    assert tags["DC.date"] == "1947-03-12"
    assert not set("<>&") & set(meta.json_ld)
    data = json.loads(meta.json_ld)
    assert data["@type"] == "ArchiveComponent"
    assert data["name"] == "</script><b>Cable</b> & reply"
    assert data["holdingArchive"]["name"] == "National Archives and Records Administration"
    assert data["dateCreated"] == "1947-03-12"
    assert data["author"][0]["familyName"] == "Whitcombe"
    assert meta.unapi_id == doc.id
    assert "<b>" not in meta.chicago_note_html and "&lt;b&gt;" in meta.chicago_note_html


def test_json_ld_of_a_translation_names_the_translator() -> None:
    data = json.loads(page_metadata(document(MEMOIR)).json_ld)
    assert data["translator"] == [
        {
            "@type": "Person",
            "name": "Anna Kowalczyk",
            "familyName": "Kowalczyk",
            "givenName": "Anna",
        }
    ]
    assert data["inLanguage"] == "en"


def test_render_chicago_lists_notes_then_bibliography() -> None:
    docs = [document(TELEGRAM), document(MEMOIR)]
    text = render(docs, "chicago")
    notes, bibliography = text.split("\n\nBibliography\n\n")
    assert notes.startswith("Notes\n\n1. Harold Whitcombe")
    assert "\n2. “Notes on a Winter Journey" in notes
    entries = bibliography.strip().split("\n\n")
    assert [e[:10] for e in entries] == ["“Notes on ", "Whitcombe,"]
