"""Properties of the time normaliser over generated dates: every written form of a day gives
that day, and relative expressions move by exactly what they say from the document date."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.enrich.times import tag_times

MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
days = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2030, 12, 31))

FORMS = [
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: (
        f"{MONTHS[d.month - 1][:3]}. {d.day}, {d.year}"
        if d.month != 5
        else f"May {d.day}, {d.year}"
    ),
    lambda d: d.isoformat(),
]


@settings(max_examples=150, deadline=None)
@given(days, st.sampled_from(range(len(FORMS))))
def test_every_form_of_a_day_gives_that_day(day: dt.date, form: int) -> None:
    written = FORMS[form](day)
    found = tag_times(f"The envoys met on {written} at the old consulate.")
    assert [(e.text, e.value) for e in found] == [(written, day.isoformat())]


@settings(max_examples=100, deadline=None)
@given(days, st.integers(min_value=2, max_value=9))
def test_days_later_counts_from_the_document_date(day: dt.date, n: int) -> None:
    words = ["", "", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    found = tag_times(f"{words[n].capitalize()} days later the convoy sailed.", day.isoformat())
    assert [e.value for e in found] == [(day + dt.timedelta(days=n)).isoformat()]


@settings(max_examples=100, deadline=None)
@given(days)
def test_the_next_day_is_the_day_after_the_document_date(day: dt.date) -> None:
    found = tag_times("The next day the garrison marched out.", day.isoformat())
    assert [e.value for e in found] == [(day + dt.timedelta(days=1)).isoformat()]
