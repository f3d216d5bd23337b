from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from dossier.clean import CleanStage
from dossier.enrich.editorial import EditorialStage, find_editorial
from dossier.enrich.quotes import QuoteStage
from dossier.model import Document, Passage, Record, TextBuilder
from dossier.read import Probe, read_bytes
from dossier.settings import Settings


@pytest.mark.parametrize(
    ("text", "kind", "body", "correction"),
    [
        ("the town of Kh... [sic], east of here", "sic", "sic", None),
        ("a Canton dialect [sic, in fact Fujian]", "sic", "sic, in fact Fujian", "Fujian"),
        ("to Xibaipu [sic, should be Xibaipo]", "sic", "sic, should be Xibaipo", "Xibaipo"),
        ("near Xibaipu [sic, Xibaipo]", "sic", "sic, Xibaipo", "Xibaipo"),
        (
            "at Taiyuin [sic; ed. note—perhaps Taiyuan]",
            "sic",
            "sic; ed. note—perhaps Taiyuan",
            "Taiyuan",
        ),
        (
            "the text [sic, the rest of the page is torn]",
            "sic",
            "sic, the rest of the page is torn",
            None,
        ),
        (
            "the MGB [State Security Ministry, sic, in fact NKGB]",
            "sic",
            "State Security Ministry, sic, in fact NKGB",
            "NKGB",
        ),
        ("it was their (sic) plan", "sic", "sic", None),
        ("the plan [ed. note—never carried out] failed", "ed_note", "never carried out", None),
        ("the plan [Editor's note: see the cable] failed", "ed_note", "see the cable", None),
        ("he met Li (Tsu /?/) there", "uncertain", "/?/", None),
        ("he met Li [?] there", "uncertain", "?", None),
        ("the Treaty of Friendship [and Trade?] was signed", "uncertain", "and Trade", None),
        ("the word [illegible] was crossed out", "illegible", "illegible", None),
        ("then [two words illegible] followed", "illegible", "two words illegible", None),
        ("the report [...] ends here", "omission", "...", None),
        ("the enemies of [Page 312] the nations", "page", "312", None),
        ("Secretary of State\n[Received 9:40 p.m.]", "note", "Received 9:40 p.m.", None),
        ("the usual order [poryadok] of work", "gloss", "poryadok", None),
        ("a bad aftertaste [plokhoi osadok] remained", "gloss", "plokhoi osadok", None),
        ("an old custom [guanxi] held", "gloss", "guanxi", None),
        ("the CC [Central Committee] met", "expansion", "Central Committee", None),
        (
            "the CC VKP(b) [All-Union Communist Party (Bolsheviks)] met",
            "expansion",
            "All-Union Communist Party (Bolsheviks)",
            None,
        ),
        ("the Chinese Com[munist] Party", "expansion", "munist", None),
        ("the points of [their] weapons", "insertion", "their", None),
        ("a leader [because] he had to", "insertion", "because", None),
        ("Shanghai [dialect] was spoken", "insertion", "dialect", None),
        ("he entrusted [Pavel] Ivanov", "insertion", "Pavel", None),
        ("telegram of May 19 [20] said", "correction", "20", "20"),
    ],
)
def test_kinds_of_marks(text: str, kind: str, body: str, correction: str | None) -> None:
    marks = find_editorial(text)
    mark = marks[-1]
    assert (mark.kind, mark.text, mark.correction) == (kind, body, correction)
    assert text[mark.start] in "[(/" and text[mark.end - 1] in "])/"


@pytest.mark.parametrize(
    "text",
    [
        "See [the archive](https://example.org) for more.",
        "An empty pair [] of brackets.",
        "No brackets at all, only (parentheses) here.",
    ],
)
def test_not_editorial(text: str) -> None:
    assert find_editorial(text) == []


def test_value_carries_the_correction() -> None:
    (mark,) = find_editorial("a Canton dialect [sic, in fact Fujian]")
    assert mark.value() == {"kind": "sic", "text": "sic, in fact Fujian", "correction": "Fujian"}


def _doc(paragraphs: list[str]) -> Document:
    builder = TextBuilder()
    passages = []
    for para in paragraphs:
        if passages:
            builder.add("\n\n")
        begin = len(builder)
        builder.add(para, 0)
        passages.append(Passage("paragraph", begin, len(builder)))
    text, offsets = builder.build()
    return Document("x.txt", "0" * 64, text, Record(), passages, offsets, "test@1")


def test_stage_offsets_point_into_the_document_text() -> None:
    doc = _doc(["The CC [Central Committee] met.", "Then [sic] the pattern [rezhim] changed."])
    out = EditorialStage()(doc, Settings())
    spans = out.spans_of("editorial")
    assert [out.text[s.start : s.end] for s in spans] == [
        "[Central Committee]",
        "[sic]",
        "[rezhim]",
    ]
    assert [s.value["kind"] for s in spans] == ["expansion", "sic", "gloss"]
    assert "editorial" in out.layers and spans[0].provenance.stage == "editorial"


def _read_clean(path: Path) -> Document:
    data = path.read_bytes()
    settings = Settings()
    probe = Probe(path.name, data, hashlib.sha256(data).hexdigest())
    (doc,) = read_bytes(probe, str(path), settings)
    return CleanStage()(doc, settings)


@pytest.mark.corpus
def test_corpus_memoir_has_sic_insertions_and_direct_quotes(corpus: Path) -> None:
    doc = _read_clean(next((corpus / "seeds").glob("002_*.txt")))
    doc = QuoteStage()(EditorialStage()(doc, Settings()), Settings())
    kinds = Counter(s.value["kind"] for s in doc.spans_of("editorial"))
    assert kinds["sic"] >= 5
    assert kinds["insertion"] >= 20
    assert kinds["gloss"] >= 2 and kinds["expansion"] >= 2
    quotes = Counter(s.value["kind"] for s in doc.spans_of("quote"))
    assert quotes["direct"] >= 3 and quotes["reported"] >= 10
    for span in doc.spans_of("editorial"):
        assert doc.text[span.start] in "[(/"
    with_speaker = [s for s in doc.spans_of("quote") if s.value["speaker"]]
    for span in with_speaker:
        start, end = span.value["speaker_start"], span.value["speaker_end"]
        assert doc.text[start:end] == span.value["speaker"]
