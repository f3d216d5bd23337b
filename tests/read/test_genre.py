"""Genre and kind from record and text, with vocabulary kept as data."""

from __future__ import annotations

import pytest

from dossier.model import Record
from dossier.read.genre import genre_kind, genres, infer_genre


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (None, "512.11/4–1250: Telegram\nThe Consul at X (Y) to the Secretary", "telegram"),
        ("Memorandum of Conversation, by the Counselor", "", "memorandum of conversation"),
        ("Memorandum by the Director of Planning", "", "memorandum"),
        (None, "SOME HEADLINE OF 3 MAY 1950\nContent Type:\nMEMO\n", "memorandum"),
        ("Letter From the Consul to the Minister", "", "letter"),
        ("A Minister's Recollections of the Harbour Talks", "Version 1\nDraft.", "memoir"),
        ("Joint Communiqué on the Harbour", "", "communiqué"),
        ("Joint Communique on the Harbour", "", "communiqué"),
        (None, "Editorial Note\n\nOn May 2 the notes were exchanged.", "editorial note"),
        ("National Intelligence Estimate 11-4-54", "", "intelligence estimate"),
        ("Minutes of the Harbour Board", "", "minutes"),
        ("Untitled", "Plain prose without any label.", None),
    ],
)
def test_infer_genre(title: str | None, text: str, expected: str | None) -> None:
    genre, kind = infer_genre(Record(title=title), text)
    assert genre == expected
    assert kind == (genres()[expected].kind if expected else None)


def test_label_line_beats_a_genre_named_inside_the_title() -> None:
    record = Record(title="Significance of the Harbour Communiques")
    assert infer_genre(record, "STAFF MEMORANDUM NO. 12\nSubject: harbours") == (
        "memorandum",
        "primary",
    )


def test_long_prose_lines_are_not_labels() -> None:
    prose = "Telegram " + "words " * 30 + "about a telegram"
    assert infer_genre(Record(), prose) == (None, None)


def test_record_genre_is_kept() -> None:
    assert infer_genre(Record(genre="article"), "MEMO") == ("article", "secondary")
    assert infer_genre(Record(genre="ledger", kind="primary"), "") == ("ledger", "primary")


@pytest.mark.parametrize(
    ("genre", "kind"),
    [("telegram", "primary"), ("article", "secondary"), ("Memoir", "primary"), ("x", None)],
)
def test_genre_kind(genre: str, kind: str | None) -> None:
    assert genre_kind(genre) == kind
