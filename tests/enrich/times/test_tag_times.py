"""Unit tests of ``tag_times`` on invented sentences, one group per coverage item."""

from __future__ import annotations

import pytest

from dossier.enrich.times import TimeExpression, tag_times


def _only(text: str, date: str | None = None) -> TimeExpression:
    found = tag_times(text, date)
    assert len(found) == 1, [(e.text, e.value) for e in found]
    return found[0]


def _find(found: list[TimeExpression], text: str) -> TimeExpression:
    return next(e for e in found if e.text == text)


@pytest.mark.parametrize(
    ("text", "span", "value", "precision"),
    [
        (
            "The treaty was signed on October 13, 1954, in the city.",
            "October 13, 1954",
            "1954-10-13",
            "day",
        ),
        (
            "The treaty was signed on 13 October 1954 in the city.",
            "13 October 1954",
            "1954-10-13",
            "day",
        ),
        ("The convoy sailed in March 1951 from the port.", "March 1951", "1951-03", "month"),
        ("It was ratified in February of 1952.", "February of 1952", "1952-02", "month"),
        ("Elections were held in 1949 across the region.", "1949", "1949", "year"),
        ("Trade grew throughout the 1940s.", "the 1940s", "194", "decade"),
        ("The fortress dates from the 19th century.", "the 19th century", "18", "century"),
        ("Reforms began in the XVIII century.", "the XVIII century", "17", "century"),
        ("The garrison left in the autumn of 1954.", "the autumn of 1954", "1954-FA", "season"),
        ("The city fell in 480 BC to the invaders.", "480 BC", "BC0480", "year"),
        (
            "Troops arrived on Monday, June 5, 1950 at dawn.",
            "Monday, June 5, 1950",
            "1950-06-05",
            "day",
        ),
    ],
)
def test_absolute_dates(text: str, span: str, value: str, precision: str) -> None:
    expr = _only(text)
    assert (expr.text, expr.value, expr.precision, expr.anchor) == (
        span,
        value,
        precision,
        "absolute",
    )
    assert text[expr.start : expr.end] == span


@pytest.mark.parametrize(
    ("text", "value", "earliest", "latest"),
    [
        ("Signed on 2 May 1950.", "1950-05-02", "1950-05-02", "1950-05-02"),
        ("Signed in May 1950.", "1950-05", "1950-05-01", "1950-05-31"),
        ("Signed in 1950.", "1950", "1950-01-01", "1950-12-31"),
        ("Signed in the 1950s.", "195", "1950-01-01", "1959-12-31"),
        ("Signed in the winter of 1950.", "1950-WI", "1950-12-01", "1951-02-28"),
    ],
)
def test_intervals(text: str, value: str, earliest: str, latest: str) -> None:
    expr = _only(text)
    assert (expr.value, expr.earliest, expr.latest) == (value, earliest, latest)


def test_partial_date_takes_the_year_of_the_narrative() -> None:
    found = tag_times("The mission left in 1949. On October, 13 it reached the capital.")
    expr = _find(found, "October, 13")
    assert expr.value == "1949-10-13"
    assert expr.anchor == "narrative" and expr.anchor_value == "1949"
    assert "inferred_year" in expr.flags


@pytest.mark.parametrize(
    ("text", "span", "value", "earliest", "latest"),
    [
        (
            "The port was leased from 1966 through 1974 by the navy.",
            "from 1966 through 1974",
            "1966/1974",
            "1966-01-01",
            "1974-12-31",
        ),
        (
            "The base was used 1945–1955 by the fleet.",
            "1945–1955",
            "1945/1955",
            "1945-01-01",
            "1955-12-31",
        ),
        (
            "Talks ran between 1950 and 1953 without result.",
            "between 1950 and 1953",
            "1950/1953",
            "1950-01-01",
            "1953-12-31",
        ),
        (
            "The siege lasted from July 1 to July 3, 1863 in heat.",
            "from July 1 to July 3, 1863",
            "1863-07-01/1863-07-03",
            "1863-07-01",
            "1863-07-03",
        ),
    ],
)
def test_ranges_are_one_expression(
    text: str, span: str, value: str, earliest: str, latest: str
) -> None:
    expr = _only(text)
    assert (expr.text, expr.value, expr.earliest, expr.latest) == (span, value, earliest, latest)
    assert "range" in expr.flags and len(expr.parts) == 2


@pytest.mark.parametrize(
    ("text", "span", "value", "mod"),
    [
        ("The army stayed for 25 years in the province.", "25 years", "P25Y", None),
        ("The march took 9 days over the hills.", "9 days", "P9D", None),
        ("The blockade lasted over nine months in all.", "over nine months", "P9M", "MORE_THAN"),
        ("The crossing took almost an hour at night.", "almost an hour", "PT1H", "LESS_THAN"),
        ("It went on for several weeks without rest.", "several weeks", "PXW", None),
        ("He was twenty-two years old at the time.", "twenty-two years old", "P22Y", None),
    ],
)
def test_durations(text: str, span: str, value: str, mod: str | None) -> None:
    expr = _only(text)
    assert (expr.text, expr.value, expr.precision, expr.mod) == (span, value, "duration", mod)
    assert "duration" in expr.flags and expr.earliest is None


@pytest.mark.parametrize(
    ("text", "span", "value", "mod"),
    [
        ("The city was taken at the end of 1948 by the rebels.", "the end of 1948", "1948", "END"),
        ("The new railway opened around 1950 in the north.", "around 1950", "1950", "APPROX"),
        ("Negotiations resumed in early 1949 in the capital.", "early 1949", "1949", "START"),
        ("Fighting stopped in mid-1951 along the line.", "mid-1951", "1951", "MID"),
        (
            "The fleet withdrew at the end of the XIX century.",
            "the end of the XIX century",
            "18",
            "END",
        ),
        ("They sailed in late May 1950 from the bay.", "late May 1950", "1950-05", "END"),
    ],
)
def test_approximate_dates(text: str, span: str, value: str, mod: str) -> None:
    expr = _only(text)
    assert (expr.text, expr.value, expr.mod) == (span, value, mod)
    assert "approximate" in expr.flags


def test_part_of_period_narrows_the_interval() -> None:
    early, late = tag_times("Early 1949 was quiet, late 1949 was not.")
    assert early.earliest == "1949-01-01" and early.latest is not None
    assert late.latest == "1949-12-31" and late.earliest is not None
    assert early.latest < late.earliest


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        (
            "On 26 January 1949 the guests arrived at 4 in the afternoon.",
            "4 in the afternoon",
            "1949-01-26T16:00",
        ),
        ("On 26 January 1949 the train left at 7 p.m. sharp.", "7 p.m.", "1949-01-26T19:00"),
        ("On 26 January 1949 the train left at 9:30 a.m. sharp.", "9:30 a.m.", "1949-01-26T09:30"),
        (
            "The attack began on the morning of 3 June 1950 with shelling.",
            "the morning of 3 June 1950",
            "1950-06-03TMO",
        ),
    ],
)
def test_times_of_day(text: str, span: str, value: str) -> None:
    found = tag_times(text)
    expr = _find(found, span)
    assert expr.value == value and expr.precision == "time"


@pytest.mark.parametrize(
    ("text", "span", "value", "anchor"),
    [
        (
            "The envoy arrived on March 3, 1950. The next day he met the minister.",
            "The next day",
            "1950-03-04",
            "narrative",
        ),
        (
            "The envoy arrived on March 3, 1950. Two days later he left.",
            "Two days later",
            "1950-03-05",
            "narrative",
        ),
        (
            "The envoy arrived on March 3, 1950. The following month he left.",
            "The following month",
            "1950-04",
            "narrative",
        ),
        (
            "The talks failed in 1950. The previous year had been calmer.",
            "The previous year",
            "1949",
            "narrative",
        ),
        (
            "The envoy arrived on March 30, 1950. Later that month he fell ill.",
            "Later that month",
            "1950-03",
            "narrative",
        ),
        (
            "The fleet came in 1950. In August of that year it left.",
            "August of that year",
            "1950-08",
            "narrative",
        ),
    ],
)
def test_narrative_relatives(text: str, span: str, value: str, anchor: str) -> None:
    expr = _find(tag_times(text), span)
    assert (expr.value, expr.anchor) == (value, anchor)
    assert "relative" in expr.flags


@pytest.mark.parametrize(
    ("text", "date", "span", "value"),
    [
        ("We had a hard spring of last year here.", "1947-06-10", "spring of last year", "1946-SP"),
        ("Prices rose last year and again this month.", "1947-06-10", "last year", "1946"),
        ("Prices rose last year and again this month.", "1947-06-10", "this month", "1947-06"),
        ("The delegation comes next week, not tomorrow.", "1947-06-10", "tomorrow", "1947-06-11"),
        (
            "He wrote to us three days ago about the port.",
            "1947-06-10",
            "three days ago",
            "1947-06-07",
        ),
    ],
)
def test_deictic_words_use_the_document_date(text: str, date: str, span: str, value: str) -> None:
    expr = _find(tag_times(text, date), span)
    assert expr.value == value
    assert expr.anchor == "document" and expr.anchor_value is not None


def test_narrative_beats_document_date_for_the_next_day() -> None:
    found = tag_times("He landed on May 2, 1920. The next day he wrote.", "1958-09-04")
    assert _find(found, "The next day").value == "1920-05-03"
    assert _find(found, "The next day").anchor == "narrative"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The minister is now in the capital.", "PRESENT_REF"),
        ("The former governor resigned.", "PAST_REF"),
        ("Plans for the future were made.", "FUTURE_REF"),
    ],
)
def test_reference_words(text: str, value: str) -> None:
    assert _only(text).value == value


@pytest.mark.parametrize(
    "text",
    [
        "The 117th regiment crossed the river.",
        "They sent 6 divisions to the front.",
        "The loan was $300 million in total.",
        "Some 1500 men were taken prisoner.",
        "The Long March was an epic retreat.",
        "The fall of the city shocked everyone.",
        "They may agree to march on the capital.",
        "Page 12, line 4, note 1999-2.",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert tag_times(text) == []


def test_offsets_index_exactly_the_given_string() -> None:
    text = "\n  Préface — written in June 1953, revised 12 March 1954.\n"
    for expr in tag_times(text):
        assert text[expr.start : expr.end] == expr.text
