"""The HTML reader: main text and metadata, boilerplate dropped, offsets into the page."""

from __future__ import annotations

import pytest
from tests.conftest import FIXTURES, probe_of

from dossier.errors import EmptyDocument, ReadError, UnsafeInput
from dossier.model import Document
from dossier.read import choose_reader, read_bytes
from dossier.read.html import HtmlReader, visible_text
from dossier.settings import Settings

ARTICLE = FIXTURES / "html" / "article.html"


def _read(settings: Settings, name: str = "article.html", data: bytes | None = None) -> Document:
    data = ARTICLE.read_bytes() if data is None else data
    docs = read_bytes(probe_of(name, data), name, settings)
    assert len(docs) == 1
    return docs[0]


def test_metadata(settings: Settings) -> None:
    record = _read(settings).record
    assert record.title == "The Harbour Question Revisited"
    assert record.creators == ["Ilse Marwick"]
    assert record.date == "2019-03-07"
    assert record.provider == "Northern Quarterly Review"
    assert record.summary is not None and "naval base" in record.summary


def test_main_text_without_boilerplate(settings: Settings) -> None:
    doc = _read(settings)
    assert doc.reader == "html@1" and doc.media_type == "text/html"
    for dropped in ("Privacy policy", "About us", "Related articles", "naval academy", "injected"):
        assert dropped not in doc.text
    kinds = [p.kind for p in doc.passages]
    assert kinds.count("heading") == 2 and kinds.count("paragraph") == 4
    texts = [p.text_of(doc.text) for p in doc.passages]
    assert texts[3] == "What the telegrams say"
    assert "the party secretary & his advisers" in texts[2]
    assert "official communiqué confirm" in texts[5]


def test_passages_map_back_to_the_page(settings: Settings) -> None:
    doc = _read(settings)
    original = ARTICLE.read_text("utf-8")
    body = original.index("<body")
    for passage in doc.passages:
        a = doc.offsets.to_original(passage.start)
        b = doc.offsets.to_original(passage.end, end=True)
        assert a >= body
        words = passage.text_of(doc.text).split()
        assert original[a:b].startswith(words[0])
        assert original[a:b].endswith(words[-1])
    at = doc.text.index("&")
    assert original[doc.offsets.to_original(at) :].startswith("&amp;")


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("page.html", b"<p>x</p>"),
        ("page.htm", b"<div>x</div>"),
        ("page.txt", b"<!DOCTYPE html><html><body><p>x</p></body></html>"),
        ("page", b"<HTML><BODY>x</BODY></HTML>"),
    ],
)
def test_score_picks_html(name: str, head: bytes) -> None:
    assert isinstance(choose_reader(probe_of(name, head)), HtmlReader)


@pytest.mark.parametrize("name", ["notes.txt", "volume.xml"])
def test_score_leaves_other_files(name: str) -> None:
    assert HtmlReader().score(probe_of(name, b"Plain words, no markup at all.")) == 0.0


def test_page_without_main_text_is_empty(settings: Settings) -> None:
    page = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(EmptyDocument) as info:
        _read(settings, "empty.html", page)
    assert isinstance(info.value, ReadError) and info.value.source == "empty.html"


def test_visible_text_ignores_markup_and_scripts() -> None:
    text, segments = visible_text("<p>a&amp;b</p><script>var x = '<p>no</p>';</script><i>c</i>")
    assert text == "a&bc"
    assert segments[0][:2] == [0, 1]


def test_entity_declarations_in_html_are_refused(settings: Settings) -> None:
    page = (
        b'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<html><body><article><p>&xxe;</p></article></body></html>"
    )
    with pytest.raises(UnsafeInput):
        _read(settings, "bad.html", page)
