"""The provider's pieces: argument checking, datestamps, setSpecs, resumption tokens."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dossier.model import Record
from dossier.oai.dates import DAY, SECOND, datestamp, parse_bound
from dossier.oai.errors import OaiError
from dossier.oai.provider import check_arguments
from dossier.oai.sets import SET_SPEC, set_word, specs_of
from dossier.oai.tokens import ListState, decode_token, encode_token


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ([("verb", "Identify")], ("Identify", {})),
        (
            [("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("set", "genre")],
            ("ListRecords", {"metadataPrefix": "oai_dc", "set": "genre"}),
        ),
        ([("verb", "ListSets"), ("resumptionToken", "t")], ("ListSets", {"resumptionToken": "t"})),
        (
            [("verb", "ListIdentifiers"), ("resumptionToken", "t")],
            ("ListIdentifiers", {"resumptionToken": "t"}),
        ),
    ],
)
def test_legal_arguments(arguments: list[tuple[str, str]], expected: object) -> None:
    assert check_arguments(arguments) == expected


@pytest.mark.parametrize(
    ("arguments", "code", "words"),
    [
        ([], "badVerb", "missing"),
        ([("verb", "identify")], "badVerb", "'identify'"),
        ([("verb", "Identify"), ("verb", "ListSets")], "badVerb", "repeated"),
        ([("verb", "GetRecord"), ("identifier", "x")], "badArgument", "metadataPrefix is required"),
        ([("verb", "ListSets"), ("set", "a")], "badArgument", "set is not an argument"),
        (
            [("verb", "ListRecords"), ("resumptionToken", "t"), ("set", "a")],
            "badArgument",
            "exclusive",
        ),
        (
            [
                ("verb", "GetRecord"),
                ("identifier", "a"),
                ("identifier", "a"),
                ("metadataPrefix", "oai_dc"),
            ],
            "badArgument",
            "identifier is repeated",
        ),
    ],
)
def test_illegal_arguments(arguments: list[tuple[str, str]], code: str, words: str) -> None:
    with pytest.raises(OaiError) as caught:
        check_arguments(arguments)
    assert caught.value.oai_code == code and words in str(caught.value)


def test_datestamps_are_utc_seconds() -> None:
    moment = datetime.fromisoformat("1999-12-31T23:59:59-02:00")
    assert datestamp(moment) == "2000-01-01T01:59:59Z"
    assert parse_bound("from", "2000-01-01", end=False) == (datetime(2000, 1, 1, tzinfo=UTC), DAY)
    assert parse_bound("until", "2000-01-01", end=True)[0] == datetime(
        2000, 1, 1, 23, 59, 59, tzinfo=UTC
    )
    assert parse_bound("until", "2000-01-01T10:00:00Z", end=True)[1] == SECOND


@pytest.mark.parametrize("value", ["2000-1-1", "2000-02-30", "2000-01-01T10:00Z", "yesterday", ""])
def test_malformed_bounds_are_bad_arguments(value: str) -> None:
    with pytest.raises(OaiError, match="not a UTC date") as caught:
        parse_bound("from", value, end=False)
    assert caught.value.oai_code == "badArgument"


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("Wilson Center Digital Archive", "wilson-center-digital-archive"),
        ("Ōtsu Kōwa", "otsu-kowa"),
        ("  RG 59 / Central Files  ", "rg-59-central-files"),
    ],
)
def test_set_words(value: str, word: str) -> None:
    assert set_word(value) == word


def test_a_value_without_ascii_still_makes_a_valid_spec() -> None:
    word = set_word("東京")
    assert SET_SPEC.match(f"collection:{word}") and word != set_word("大阪")


def test_a_record_is_in_the_sets_of_its_fields() -> None:
    record = Record(genre="telegram", collection="Harbour Papers", repository=None)
    assert specs_of(record) == ["genre:telegram", "collection:harbour-papers"]


def test_tokens_round_trip_and_refuse_tampering() -> None:
    state = ListState(
        "ListRecords", "oai_dc", "2000-01-01", None, "genre", 40,
        (datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC), "d0123"),
    )  # fmt: skip
    token = encode_token(state)
    assert decode_token(token, "ListRecords") == state
    for bad, verb in (
        (token, "ListIdentifiers"),
        (token[5:], "ListRecords"),
        ("!!", "ListRecords"),
    ):
        with pytest.raises(OaiError) as caught:
            decode_token(bad, verb)
        assert caught.value.oai_code == "badResumptionToken"
