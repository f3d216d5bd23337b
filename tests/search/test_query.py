from __future__ import annotations

import pytest

from dossier.errors import QueryError
from dossier.search.fts5 import fts5_expression, split_highlights
from dossier.search.query import parse_query


@pytest.mark.parametrize(
    ("raw", "expression"),
    [
        ("Port Arthur", '"Port" AND "Arthur"'),
        ('"Port Arthur"', '"Port Arthur"'),
        ("Indo-China", '"Indo China"'),
        ("Dair*", '"Dair"*'),
        ("Dairen OR Dalian", '("Dairen" OR "Dalian")'),
        ("NEAR(a b)", '"NEAR a" AND "b"'),
        ('unbalanced "quote', '"unbalanced" AND "quote"'),
        ("col:umn", '"col umn"'),
        ("Lüshun", '"Lüshun"'),
    ],
)
def test_user_input_becomes_a_safe_expression(raw: str, expression: str) -> None:
    assert fts5_expression(parse_query(raw)) == expression


@pytest.mark.parametrize("raw", ["", "   ", "\x00", "*", "()", '""', "--"])
def test_nothing_searchable_is_a_clear_error(raw: str) -> None:
    with pytest.raises(QueryError, match="nothing to search"):
        parse_query(raw)


def test_highlight_markers_become_ranges() -> None:
    text, ranges = split_highlights("the \x02port\x03 of \x02Dairen\x03")
    assert text == "the port of Dairen"
    assert [text[a:b] for a, b in ranges] == ["port", "Dairen"]
