"""Folding at once (``str.translate`` and a few replacements) against folding one character at a
time, which stays as the reference for texts with characters that fold to several."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.enrich.entities.names import (
    DROPPED,
    _fold_slowly,
    fold_marks,
    fold_with_offsets,
    marked_offsets,
)

# Letters, digits, spaces and punctuation, apostrophes and hyphens (dropped), diacritics, other
# scripts, characters that fold to several (ß, ﬁ, ½) and the marks' own code points.
ALPHABET = "abcXYZ09 \n\t.,;'’‘-–`´ʼsS_()[]“”éüÅñçøДжΩ\u0301\u00a0\u2028ßﬁ½ŉİ²\x00\x01"
texts = st.text(alphabet=ALPHABET, max_size=40)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Chiang Kai-shek",
        "Stalin’s reply, Molotov's note",
        "a - b -- c",
        "declared.\n\n- Footnote",
        "  Lüshun  ",
        "Straße ﬁle",
        "Москва и Cоюз",
        "' - '",
    ],
)
def test_fold_with_offsets_matches_folding_one_character_at_a_time(text: str) -> None:
    assert fold_with_offsets(text) == _fold_slowly(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_folding_at_once_is_folding_one_character_at_a_time(text: str) -> None:
    assert fold_with_offsets(text) == _fold_slowly(text)


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_marked_offsets_are_the_offsets_of_folded_characters(
    text: str, data: st.DataObject
) -> None:
    marked = fold_marks(text)
    if marked is None:  # a character folds to several: fold_with_offsets goes one at a time
        return
    folded, where = _fold_slowly(text)
    assert len(marked) == len(text)
    assert marked.replace(DROPPED, "") == folded
    picks = sorted(data.draw(st.lists(st.integers(0, max(len(folded) - 1, 0)), max_size=6)))
    picks = [i for i in picks if i < len(folded)]
    assert list(marked_offsets(marked, picks)) == [where[i] for i in picks]
