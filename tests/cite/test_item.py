from __future__ import annotations

import pytest
from tests.cite.records import ARTICLE, MEMOIR, TELEGRAM, document

from dossier.cite import csl_item, csl_type, parse_name
from dossier.cite.dates import csl_date, date_iso
from dossier.cite.names import sorted_name
from dossier.model import Record


@pytest.mark.parametrize(
    ("genre", "kind", "extra", "expected"),
    [
        ("telegram", "primary", {}, "manuscript"),
        ("memorandum of conversation", "primary", {}, "manuscript"),
        ("letter", "primary", {}, "manuscript"),
        ("memoir", "primary", {}, "manuscript"),
        ("article", "secondary", {}, "webpage"),
        ("article", "secondary", {"newspaper": "The Daily"}, "article-newspaper"),
        ("article", "secondary", {"magazine": "Weekly"}, "article-magazine"),
        ("study", "secondary", {}, "book"),
        (None, "primary", {}, "manuscript"),
        (None, None, {}, "document"),
    ],
)
def test_genre_gives_the_csl_type(
    genre: str | None, kind: str | None, extra: dict[str, str], expected: str
) -> None:
    assert csl_type(Record(genre=genre, kind=kind, extra=extra)) == expected


def test_a_telegram_is_a_manuscript_located_in_its_archive() -> None:
    doc = document(TELEGRAM)
    item = csl_item(doc)
    assert item["id"] == doc.id
    assert item["type"] == "manuscript"
    assert item["author"] == [{"family": "Whitcombe", "given": "Harold"}]
    assert item["recipient"] == [{"literal": "The Secretary of State"}]
    assert item["issued"] == {"date-parts": [[1947, 3, 12]]}
    assert item["archive"] == "National Archives and Records Administration"
    assert item["archive_location"] == "Decimal File 1945-1949, Box 7112, Folder 3, 893.00/3-1247"
    assert item["archive-place"] == "College Park, MD"
    assert item["publisher-place"] == "Mukden"
    assert item["language"] == "en"
    assert item["genre"] == "telegram"
    assert "Classification: Confidential" in item["note"]


def test_a_translated_memoir_keeps_translator_and_original_language() -> None:
    item = csl_item(document(MEMOIR))
    assert item["translator"] == [{"family": "Kowalczyk", "given": "Anna"}]
    assert item["issued"] == {"date-parts": [[1961, 11]]}
    assert item["URL"] == "https://archive.example.org/document/42"
    assert item["note"] == "Original language: Polish"
    assert "author" not in item


def test_an_article_names_its_newspaper_and_keeps_empty_fields_out() -> None:
    item = csl_item(document(ARTICLE))
    assert item["type"] == "article-newspaper"
    assert item["container-title"] == "The Coastal Herald"
    assert item["author"] == [{"family": "de la Cruz", "given": "Marta"}]
    assert all(value not in ("", [], None) for value in item.values())
    assert "archive" not in item


def test_text_becomes_one_clean_line_and_bad_urls_are_dropped() -> None:
    record = Record(title="  A\ntitle\x00 with\t\tbreaks ", source_url="not a url {x}")
    item = csl_item(document(record))
    assert item["title"] == "A title with breaks"
    assert "URL" not in item


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sergey Radchenko", {"family": "Radchenko", "given": "Sergey"}),
        ("Radchenko, Sergey", {"family": "Radchenko", "given": "Sergey"}),
        ("John Foster Dulles", {"family": "Dulles", "given": "John Foster"}),
        ("Charles de Gaulle", {"family": "de Gaulle", "given": "Charles"}),
        ("Bohlen", {"family": "Bohlen"}),
        ("Department of State", {"literal": "Department of State"}),
        ("President Truman", {"literal": "President Truman"}),
        ("The Ambassador in China (Stuart)", {"literal": "The Ambassador in China (Stuart)"}),
        ("Smith, John, Jr.", {"literal": "Smith, John, Jr."}),
        ("毛泽东", {"literal": "毛泽东"}),
        ("   ", None),
    ],
)
def test_names_are_parsed_into_family_and_given_where_possible(
    text: str, expected: dict[str, str] | None
) -> None:
    name = parse_name(text)
    assert name == expected
    if name is not None:
        assert parse_name(sorted_name(name)) == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1958-09-04", {"date-parts": [[1958, 9, 4]]}),
        ("1954-10", {"date-parts": [[1954, 10]]}),
        ("1954", {"date-parts": [[1954]]}),
        ("1966/1974", {"date-parts": [[1966], [1974]]}),
        ("1954-10-01/1954-10-14", {"date-parts": [[1954, 10, 1], [1954, 10, 14]]}),
        ("195X", {"date-parts": [[1950], [1959]]}),
        ("18XX", {"date-parts": [[1800], [1899]]}),
        ("1954-02-30", {"literal": "1954-02-30"}),
        ("winter 1948", {"literal": "winter 1948"}),
        ("", None),
    ],
)
def test_record_dates_become_csl_dates(text: str, expected: dict[str, object] | None) -> None:
    date = csl_date(text)
    assert date == expected
    assert csl_date(date_iso(date)) == date
