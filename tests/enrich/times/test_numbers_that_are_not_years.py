from __future__ import annotations

import pytest

from dossier.enrich.times import tag_times


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        (
            "1095. Following is the text of the note handed over on May 12.",
            "1947-05-20",
            [("May 12", "1947-05-12")],
        ),
        ("Source: Central Files, 611.93/3–1449. Secret.", "1949-03-14", []),
        ("(Sent Canton 1187 and Moscow 2301 for action.)", "1948-11-02", []),
        (
            "The fortress fell in 1904; the base was held in 1945–1955.",
            "1960-01-01",
            [("1904", "1904"), ("1945–1955", "1945/1955")],
        ),
        ("The old fort was built in 1242, the chronicle says.", "1950-01-01", [("1242", "1242")]),
    ],
)
def test_telegram_and_file_numbers_are_not_years(
    text: str, date: str, expected: list[tuple[str, str]]
) -> None:
    assert [(t.text, t.value) for t in tag_times(text, date)] == expected
