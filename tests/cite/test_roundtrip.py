"""Export then import gives the same item, for arbitrary records (property tests)."""

from __future__ import annotations

import io
import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.cite.records import document

from dossier.cite import FORMATS, csl_item, parse_name
from dossier.cite.names import sorted_name
from dossier.export.tabular import write_json
from dossier.model import Record

SPECIALS = [*"&%$#_{}~^\\<>\"'@,;=/", "\\&", "{}", "\\textbackslash{}", " and "]
STRANGE = ["é", "ж", "中", "ß", "\u202e", "\u200f", "\u2066", "\u2069", "\n", "\r\n", "\t", "\x00"]
texts = st.lists(
    st.one_of(
        st.sampled_from(SPECIALS + STRANGE),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=6),
        st.sampled_from(["Port Arthur", "Lüshun", "Дальний", "旅顺", "عربي"]),
    ),
    max_size=6,
).map("".join)
optional = st.one_of(st.none(), st.just(""), texts)


def _iso(day: date, precision: int) -> str:
    return day.isoformat()[: (4, 7, 10)[precision]]


days = st.dates(min_value=date(1000, 1, 1), max_value=date(2100, 12, 31))
prefixes = st.builds(_iso, days, st.integers(0, 2))
record_dates = st.one_of(
    st.none(),
    prefixes,
    st.builds(lambda a, b: f"{a}/{b}", prefixes, prefixes),
    st.sampled_from(["195X", "18XX", "", "1954-13", "spring 1950"]),
    texts,
)
names = st.lists(
    st.one_of(
        st.sampled_from(
            ["Sergey Radchenko", "de Gaulle, Charles", "Bohlen", "Department of State", "Mao"]
        ),
        texts,
    ),
    max_size=3,
)
genres = st.one_of(st.sampled_from(["telegram", "memoir", "article", "study", "report"]), optional)
extras = st.dictionaries(
    st.sampled_from(["box", "folder", "newspaper", "magazine", "accessed", "publisher"]),
    st.one_of(texts, prefixes),
    max_size=3,
)
urls = st.one_of(optional, st.just("https://example.org/a_b?c=1&d=%20#x~y"))

records = st.builds(
    Record,
    title=optional,
    date=record_dates,
    creators=names,
    recipients=names,
    place=optional,
    language=st.one_of(optional, st.sampled_from(["English", "Russian", "zh"])),
    translator=optional,
    repository=optional,
    collection=optional,
    identifier=optional,
    summary=optional,
    provider=optional,
    source_url=urls,
    original_language=optional,
    classification=optional,
    genre=genres,
    kind=st.sampled_from([None, "primary", "secondary"]),
    extra=extras,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(records)
def test_csl_json_round_trip(record: Record) -> None:
    item = csl_item(document(record))
    fmt = FORMATS["csl"]
    assert fmt.loads is not None
    assert fmt.loads(fmt.dumps([item])) == [item]


@SETTINGS
@given(records)
def test_bibtex_round_trip(record: Record) -> None:
    item = csl_item(document(record))
    fmt = FORMATS["bibtex"]
    assert fmt.loads is not None
    assert fmt.loads(fmt.dumps([item])) == [item]


@SETTINGS
@given(records)
def test_ris_round_trip(record: Record) -> None:
    item = csl_item(document(record))
    fmt = FORMATS["ris"]
    assert fmt.loads is not None
    assert fmt.loads(fmt.dumps([item])) == [item]


@SETTINGS
@given(st.lists(records, min_size=2, max_size=4))
def test_several_records_in_one_file_round_trip(batch: list[Record]) -> None:
    items = [csl_item(document(r, text=str(i))) for i, r in enumerate(batch)]
    for name in ("csl", "bibtex", "ris"):
        fmt = FORMATS[name]
        assert fmt.loads is not None
        assert fmt.loads(fmt.dumps(items)) == items, name


@SETTINGS
@given(texts)
def test_parsed_names_survive_their_sorted_form(text: str) -> None:
    name = parse_name(text)
    if name is not None:
        assert parse_name(sorted_name(name)) == name


@settings(max_examples=40, deadline=None)
@given(records, texts)
def test_json_exporter_round_trip(record: Record, text: str) -> None:
    doc = document(record, text=text or "x")
    out = io.StringIO()
    assert write_json([doc], out) == 1
    [row] = json.loads(out.getvalue())
    assert row["id"] == doc.id
    assert row["text"] == doc.text
    assert Record.from_dict(row["record"]) == Record.from_dict(doc.record.to_dict())
