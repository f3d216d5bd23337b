"""Safe XML parsing: DTDs, entities and external references are refused, quickly."""

from __future__ import annotations

import time

import pytest

from dossier.errors import CorruptFile, UnsafeInput
from dossier.read.xmlsafe import Emitter, decode_run, parse_xml, text_runs

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n<lolz>&lol9;</lolz>\n"
)
EXTERNAL = (
    b'<?xml version="1.0"?>\n<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
    b"<foo>&xxe;</foo>"
)
PARAMETER = (
    b'<?xml version="1.0"?>\n<!DOCTYPE foo [ <!ENTITY % ext SYSTEM "http://example.invalid/x">'
    b" %ext; ]>\n<foo/>"
)
DTD_ONLY = b'<?xml version="1.0"?>\n<!DOCTYPE note SYSTEM "note.dtd">\n<note>Hi</note>'
XINCLUDE = (
    b'<doc xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="/etc/passwd"'
    b' parse="text"/></doc>'
)
UTF16_DTD = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS,
        EXTERNAL,
        PARAMETER,
        DTD_ONLY,
        XINCLUDE,
        UTF16_DTD.encode("utf-16"),
        b"<!-- lead -->\n<!doctype x>\n<x/>",
    ],
    ids=["billion-laughs", "external", "parameter", "dtd-only", "xinclude", "utf16", "comment"],
)
def test_unsafe_xml_is_refused_quickly(data: bytes) -> None:
    began = time.perf_counter()
    with pytest.raises(UnsafeInput) as info:
        parse_xml(data)
    assert time.perf_counter() - began < 0.5
    assert "\n" not in str(info.value)
    assert "root:" not in str(info.value)  # /etc/passwd was never read


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"<a><b></a>", 1),
        (b"<a>\n<b>\n</c></a>", 3),
        (b"<a>&undefined;</a>", 1),
        (b"<a>unclosed", 1),
    ],
)
def test_malformed_xml_is_a_corrupt_file_with_position(data: bytes, line: int) -> None:
    with pytest.raises(CorruptFile) as info:
        parse_xml(data)
    assert f"line {line}, column" in str(info.value)


def test_safe_xml_parses() -> None:
    root = parse_xml(b'<?xml version="1.0"?>\n<a x="1&gt;2">t &amp; u<b>v</b></a>')
    assert root.text == "t & u"
    assert root[0].text == "v"


def test_text_runs_decode_entities_cdata_and_crlf_with_positions() -> None:
    original = '<a k="x>y">one &amp; two<![CDATA[<b>]]>three<!-- c --> four\r\nfive</a>'
    runs = text_runs(original)
    decoded = ["".join(p[0] for p in decode_run(original, r)) for r in runs]
    assert decoded == ["one & two<b>three", " four\nfive"]
    for text, start, end in decode_run(original, runs[0]):
        if len(text) == end - start:
            assert original[start:end] == text


def test_html_mode_skips_script_and_style() -> None:
    original = "<html><script>if (a < b) {x()}</script><style>p{}</style><p>Body</p></html>"
    runs = text_runs(original, html_mode=True)
    assert ["".join(p[0] for p in decode_run(original, r)) for r in runs] == ["Body"]


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        ([("a  b\n  c", 0, 8)], "a b c"),
        ([("  lead", 0, 6), ("trail  ", 6, 13)], "leadtrail"),
        ([("(\n  ", 0, 4), ("x", 4, 5), ("\n )", 5, 8)], "(x)"),
        ([("one", 0, 3), ("&", 3, 8), ("two", 8, 11)], "one&two"),
        ([("one ( two", 0, 9)], "one ( two"),
    ],
)
def test_emitter_collapses_whitespace_and_keeps_the_map(
    pieces: list[tuple[str, int, int]], expected: str
) -> None:
    out = Emitter()
    out.begin("paragraph")
    out.add(pieces)
    passage = out.end()
    text, offsets = out.build()
    assert text == expected
    assert passage is not None and passage.text_of(text) == expected
    assert offsets.to_original(len(text), end=True) <= pieces[-1][2]


def test_emitter_separates_passages_and_drops_empty_ones() -> None:
    out = Emitter()
    for chunk in ("first", "   ", "second"):
        out.begin("paragraph")
        out.add([(chunk, 0, len(chunk))])
        out.end()
    text, _ = out.build()
    assert text == "first\n\nsecond"
    assert [p.text_of(text) for p in out.passages] == ["first", "second"]
