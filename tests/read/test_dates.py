"""Record and dateline dates become ISO prefixes."""

from __future__ import annotations

import pytest

from dossier.read.dates import find_record_date, month_number, parse_record_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("September 4, 1958", "1958-09-04"),
        ("4 September 1958", "1958-09-04"),
        ("March 24, 1949-11 a. m.", "1949-03-24"),
        ("NANKING, March 24, 1949-11 a. m.", "1949-03-24"),
        ("1954-10-14", "1954-10-14"),
        ("October 1954", "1954-10"),
        ("1954", "1954"),
        ("Feb. 1, 1947", "1947-02-01"),
        ("Sept. 30th, 1950", "1950-09-30"),
        ("(Dictated on 4 September 1958)", "1958-09-04"),
        ("4 сентября 1958 г.", "1958-09-04"),
        ("le 4 septembre 1958", "1958-09-04"),
        ("4. März 1953", "1953-03-04"),
        ("1954-10", "1954-10"),
        ("February 30, 1950", "1950"),
        ("no date at all", None),
        ("Jan. 6, 194721", None),
        ("", None),
    ],
)
def test_parse_record_date(text: str, expected: str | None) -> None:
    assert parse_record_date(text) == expected


def test_most_precise_date_wins_over_an_earlier_year() -> None:
    found = find_record_date("Report of 1950, written on June 2, 1951")
    assert found is not None
    assert (found.iso, found.precision) == ("1951-06-02", "day")
    assert "Report of 1950, written on June 2, 1951"[found.start : found.end] == "June 2, 1951"


@pytest.mark.parametrize(
    ("name", "number"), [("Sept.", 9), ("mai", 5), ("Декабря", 12), ("août", 8), ("Smarch", None)]
)
def test_month_number(name: str, number: int | None) -> None:
    assert month_number(name) == number
