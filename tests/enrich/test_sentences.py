from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.clean import CleanStage
from dossier.enrich.sentences import _CANDIDATE, SentenceStage, _word_before, split_sentences
from dossier.model import Document, Passage, Record, TextBuilder
from dossier.read import Probe, read_bytes
from dossier.settings import Settings


def _texts(text: str, start: int = 0, end: int | None = None) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, start, end)]


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I asked c. Petrenko to stay. He refused.",
            ["I asked c. Petrenko to stay.", "He refused."],
        ),
        (
            "Gen. Tarasov met us at the airfield. It was cold.",
            ["Gen. Tarasov met us at the airfield.", "It was cold."],
        ),
        ("The U.S. Navy held the base. We left.", ["The U.S. Navy held the base.", "We left."]),
        ("B.K. Orlov spoke first. Then I spoke.", ["B.K. Orlov spoke first.", "Then I spoke."]),
        ("He left, i.e. he fled. Nobody followed.", ["He left, i.e. he fled.", "Nobody followed."]),
        ("We landed at 9 p.m. The fire was lit.", ["We landed at 9 p.m.", "The fire was lit."]),
        (
            "See telegram No. 5 of May 2. It is lost.",
            ["See telegram No. 5 of May 2.", "It is lost."],
        ),
        ("Mr. Dunn arrived. Dr. Wei did not.", ["Mr. Dunn arrived.", "Dr. Wei did not."]),
        (
            "Franklin D. Roosevelt agreed. So did others.",
            ["Franklin D. Roosevelt agreed.", "So did others."],
        ),
        (
            "At a meeting of the CC [Central Committee. Politburo] we spoke. It ended late.",
            ["At a meeting of the CC [Central Committee. Politburo] we spoke.", "It ended late."],
        ),
        (
            "He shouted: “Stop the train!” Nobody moved.",
            ["He shouted: “Stop the train!”", "Nobody moved."],
        ),
        ('He said "we agree." Then he left.', ['He said "we agree."', "Then he left."]),
        ("“Go home!” said the guard.", ["“Go home!” said the guard."]),
        ("We waited... The plane came.", ["We waited...", "The plane came."]),
        (
            "The city of Kh... [sic], which lies east.",
            ["The city of Kh... [sic], which lies east."],
        ),
        ("We waited… and then slept.", ["We waited… and then slept."]),
        (
            "2. The second point is the port. 3. The third.",
            ["2. The second point is the port.", "3. The third."],
        ),
        ("He arrived in 1949. Then he left.", ["He arrived in 1949.", "Then he left."]),
        (
            "It was agreed (see vol. 2. p. 14. for it). We signed.",
            ["It was agreed (see vol. 2. p. 14. for it).", "We signed."],
        ),
        ("Why? Nobody knew!", ["Why?", "Nobody knew!"]),
        (
            "NANKING, March 4, 1949-11 a. m. The city is calm.",
            ["NANKING, March 4, 1949-11 a. m.", "The city is calm."],
        ),
        ("A heading without a stop", ["A heading without a stop"]),
        ("   ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "First part.\n\nSecond part without stop\n\nThird part.",
        "Line one of a paragraph\n \nline two",
    ],
)
def test_blank_lines_always_end_a_sentence(text: str) -> None:
    for sentence in _texts(text):
        assert "\n\n" not in sentence and "\n \n" not in sentence


def test_offsets_index_the_given_text_within_start_and_end() -> None:
    text = "Ignore this. Keep this one. And this. Ignore."
    start, end = text.index("Keep"), text.index("Ignore.")
    spans = split_sentences(text, start, end)
    assert [text[a:b] for a, b in spans] == ["Keep this one.", "And this."]
    assert all(start <= a < b <= end for a, b in spans)


def test_stage_never_crosses_a_passage_boundary() -> None:
    doc = _doc(["He wrote to Gen.", "Petrov came. He stayed."])
    out = SentenceStage()(doc, Settings())
    spans = out.spans_of("sentence")
    assert "sentence" in out.layers
    assert [out.text[s.start : s.end] for s in spans] == [
        "He wrote to Gen.",
        "Petrov came.",
        "He stayed.",
    ]
    for span in spans:
        passage = out.passages[span.value["passage"]]
        assert passage.start <= span.start < span.end <= passage.end
        assert span.provenance.stage == "sentences"


def _memoir(corpus: Path) -> Document:
    path = next((corpus / "seeds").glob("002_*.txt"))
    data = path.read_bytes()
    settings = Settings()
    (doc,) = read_bytes(
        Probe(path.name, data, hashlib.sha256(data).hexdigest()), str(path), settings
    )
    return CleanStage()(doc, settings)


@pytest.mark.corpus
def test_corpus_memoir_sentences_skip_abbreviations(corpus: Path) -> None:
    doc = SentenceStage()(_memoir(corpus), Settings())
    spans = doc.spans_of("sentence")
    assert len(spans) > 200
    for span in spans:
        sentence = doc.text[span.start : span.end]
        assert "\n" not in sentence
        last = sentence.split()[-1]
        assert last not in {"c.", "Gen.", "Mr.", "i.e.", "No."}
        assert not (len(last) == 2 and last[0].isupper() and last[1] == ".")


# The candidate regex as first written, with what precedes a terminal checked before it.
_CANDIDATE_FIRST = re.compile(
    r"(?<![.!?…\s“‘«„(\[])(?P<term>[.!?…]+)(?P<close>[”’»\"')\]]*)(?=\s|$)"
)
PIECES = [
    "Gen",
    "U",
    "S",
    "a",
    "m",
    "9",
    " ",
    "\n",
    ".",
    "..",
    "!",
    "?",
    "…",
    "“",
    "”",
    "'",
    "(",
    "[",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.data())
def test_candidates_are_those_of_the_regex_as_first_written(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    found = [m.span() for m in _CANDIDATE.finditer(text, start, end)]
    assert found == [m.span() for m in _CANDIDATE_FIRST.finditer(text, start, end)]
    for m in _CANDIDATE.finditer(text, start, end):
        first = re.compile(r"(\S+)$").search(text, start, m.start())
        assert _word_before(text, start, m.start()) == (first.group(1) if first else "")
