from __future__ import annotations

import pytest

from dossier.enrich.quotes import Quote, QuoteStage, find_quotes
from dossier.model import Document, Passage, Record, TextBuilder
from dossier.settings import Settings


def _only(text: str, kind: str | None = None) -> list[Quote]:
    return [q for q in find_quotes(text) if kind is None or q.kind == kind]


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
    ("text", "quoted"),
    [
        ("The marshal said: “We shall hold the port.”", "“We shall hold the port.”"),
        ('The marshal said: "We shall hold the port."', '"We shall hold the port."'),
        ("The marshal said: «We shall hold the port.»", "«We shall hold the port.»"),
        ("The marshal said: „We shall hold the port.“", "„We shall hold the port.“"),
        ("The marshal said: ‘We shall hold the port.’", "‘We shall hold the port.’"),
        ('He declared:\n\n"... The base will be returned."', '"... The base will be returned."'),
    ],
)
def test_direct_quotation_marks(text: str, quoted: str) -> None:
    (quote,) = _only(text)
    assert text[quote.start : quote.end] == quoted
    assert quote.kind == "direct" and quote.level == 1
    assert quote.cue in ("said", "declared")


@pytest.mark.parametrize(
    "text",
    [
        "Mao’s guards and the Russians’ guards stood apart.",
        "Mao's guards and the Russians' guards stood apart.",
        "It was the '49 campaign, and we didn't rest.",
        "Nothing was quoted in this telegram at all.",
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert find_quotes(text) == []


def test_nested_quotes_have_levels() -> None:
    text = "Orlov wrote: “The colonel told us: ‘Leave the port tonight.’ We obeyed.”"
    outer, inner = _only(text, "direct")
    assert (outer.level, inner.level) == (1, 2)
    assert text[inner.start : inner.end] == "‘Leave the port tonight.’"
    assert outer.start < inner.start and inner.end < outer.end


def test_quote_continues_into_a_paragraph_that_opens_with_a_mark() -> None:
    text = (
        "The note read:\n\n“First, the port is ours.\n\n“Second, the railway is joint.”"
        "\n\nThen silence."
    )
    (quote,) = _only(text, "direct")
    assert text[quote.start : quote.end].endswith("the railway is joint.”")
    assert quote.start == text.index("“First")
    assert quote.confidence == 1.0


def test_unclosed_quote_ends_with_its_paragraph_with_low_confidence() -> None:
    text = "He wrote: “The port is ours and will stay\n\nAnother paragraph."
    (quote,) = _only(text, "direct")
    assert quote.end == text.index("\n\n")
    assert quote.confidence < 1.0 and quote.value()["closed"] is False


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('The so-called "help" never came.', "scare"),
        ("They sent “fraternal advice” again.", "scare"),
        ('He said: "No."', "direct"),
        ('"Never!" cried the colonel.', "direct"),
        ('They spoke of "a long and honest friendship".', "direct"),
    ],
)
def test_scare_quotes(text: str, kind: str) -> None:
    (quote,) = _only(text)
    assert quote.kind == kind


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("Marshal Tarasov said: “We leave in May.”", "Marshal Tarasov", "said"),
        ("Tarasov calmly replied: “In May.”", "Tarasov", "replied"),
        ("Then Zhukov continued: “Sell the trucks.”", "Zhukov", "continued"),
        ("“We leave in May,” said Gen. Tarasov.", "Gen. Tarasov", "said"),
        ("“We leave in May,” Tarasov answered.", "Tarasov", "answered"),
        ("Colonel Ivanov, who stood by the door, said: “Not enough!”", "Colonel Ivanov", "said"),
        ("The visit was short. B.K. Orlov asked: “Is it true?”", "B.K. Orlov", "asked"),
        ("This was the view of Chou Teh: “Cities come later.”", "Chou Teh", None),
    ],
)
def test_speaker_and_cue_of_direct_quotes(text: str, speaker: str, cue: str | None) -> None:
    (quote,) = _only(text, "direct")
    assert quote.speaker == speaker and quote.cue == cue
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert text[quote.speaker_start : quote.speaker_end] == speaker


def test_pronoun_speaker_is_resolved_to_the_last_subject() -> None:
    text = "Marshal Tarasov rose from his chair in Dalian. “As I see it,” he said, “we must go.”"
    first, second = _only(text, "direct")
    for quote in (first, second):
        assert quote.speaker == "Marshal Tarasov"
        assert quote.value()["pronoun"] == "he"
        assert quote.cue == "said"


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "Mao Zedong said that the cities could wait.",
            "Mao Zedong",
            "said",
            "the cities could wait",
        ),
        (
            "Stalin expressed the opinion that the visit was premature.",
            "Stalin",
            "expressed the opinion",
            "the visit was premature",
        ),
        (
            "The ambassador told me before dinner that the talks had failed.",
            "The ambassador",
            "told",
            "the talks had failed",
        ),
    ],
)
def test_reported_speech(text: str, speaker: str, cue: str, content: str) -> None:
    (quote,) = _only(text, "reported")
    assert (quote.speaker, quote.cue) == (speaker, cue)
    assert text[quote.start : quote.end] == content


@pytest.mark.parametrize(
    "text",
    [
        "It was clear that the war would end.",
        "This is a fact that strikes everyone.",
        "The plan that we made was good.",
    ],
)
def test_no_reported_speech_without_a_cue(text: str) -> None:
    assert _only(text, "reported") == []


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "According to a telegram from the consul, the port was closed.",
            "a telegram from the consul",
            "the port was closed",
        ),
        (
            "As the newspaper Izvestia wrote, the garrison was withdrawn.",
            "the newspaper Izvestia",
            "the garrison was withdrawn",
        ),
        (
            "The garrison was withdrawn, according to Western observers.",
            "Western observers",
            "The garrison was withdrawn",
        ),
    ],
)
def test_attributed_sources_of_reported_speech(text: str, source: str, content: str) -> None:
    (quote,) = _only(text, "reported")
    assert quote.source == source
    assert text[quote.start : quote.end] == content


def test_source_of_a_direct_quote_names_its_author() -> None:
    text = "Here is an excerpt from the diary of Colonel P. Sokolov, a staff officer: “We waited.”"
    (quote,) = _only(text, "direct")
    assert quote.source == "the diary of Colonel P. Sokolov"
    assert quote.speaker == "Colonel P. Sokolov"


def test_stage_adds_quote_spans_over_passages() -> None:
    doc = _doc(["Petrov said: “We stay.”", "“Still here,” said Petrov."])
    out = QuoteStage()(doc, Settings())
    spans = out.spans_of("quote")
    assert "quote" in out.layers
    assert [out.text[s.start : s.end] for s in spans] == ["“We stay.”", "“Still here,”"]
    assert all(s.provenance.stage == "quotes" for s in spans)
    assert set(spans[0].value) >= {"kind", "level", "cue", "speaker", "speaker_start", "source"}
