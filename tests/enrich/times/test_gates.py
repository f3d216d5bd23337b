"""The gates that skip a time pattern over a passage lacking its rare piece of text never change
what is found: every kind's expressions, and every fixture text, give the same candidates with
the gates and without them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.enrich.times import extract

SAMPLES = [
    "In the spring of 1950 the talks resumed; by the fall they had failed.",
    "During the 1930s and the '40s the port grew.",
    "In the nineteenth century and the 20th century the city changed hands.",
    "In the first half of 1952 and the last quarter of the year, trade fell.",
    "Half a century later nobody remembered.",
    "Early in the year the minister wrote; late in the month he left.",
    "The order is dated 1954-10-13 and the file 1953-54.",
    "The walls stood from 300 to 200 BC until 50 B.C. at least.",
    "Rome fell in 875; the raiders stayed.",
    "On the 12th of that month the ship sailed; the day after, it sank.",
    "The three previous years were quiet, and the next two weeks busy.",
    "The meeting began at 9.30 a.m. and again at 14:30 hours, then at five o'clock.",
    "We met at ten in the evening on Christmas Eve, 1949.",
    "On Monday, March 3, 1951 the envoys left; that morning it rained, as it had yesterday.",
    "Over the past week, three days after the vote, nothing moved.",
]


def _texts() -> list[str]:
    root = Path(__file__).parents[2] / "fixtures"
    found = [p.read_text("utf-8", "replace") for p in sorted(root.rglob("*")) if p.is_file()]
    return SAMPLES + found


def _candidates(text: str) -> list[tuple[int, int, str, list[tuple[str, str]]]]:
    return sorted((c.start, c.end, c.kind, sorted(c.groups.items())) for c in extract._raw(text))


@pytest.mark.parametrize("text", _texts())
def test_gates_change_nothing_found(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    gated = _candidates(text)
    monkeypatch.setattr(extract, "_gates", dict)
    assert gated == _candidates(text)


def test_every_gated_kind_is_found_in_the_samples() -> None:
    kinds = {kind for text in SAMPLES for _, _, kind, _ in _candidates(text)}
    assert set(extract._gates()) <= kinds
