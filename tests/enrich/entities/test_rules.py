from __future__ import annotations

import pytest

from dossier.enrich.entities.authority import load_authority
from dossier.enrich.entities.model import ModelMention
from dossier.enrich.entities.rules import (
    AliasMatcher,
    extract_mentions,
    model_mentions,
    pattern_mentions,
)


@pytest.fixture(scope="module")
def matcher() -> AliasMatcher:
    return AliasMatcher(load_authority())


def _found(text: str, matcher: AliasMatcher) -> dict[str, tuple[str, str | None]]:
    out = {}
    for m in extract_mentions(text, matcher):
        entity = m.refs[0].entity if m.refs else m.name
        out[text[m.start : m.end]] = (entity, m.title)
    return out


@pytest.mark.parametrize(
    ("text", "surface", "entity"),
    [
        ("The squadron wintered at Lushun that year.", "Lushun", "place:port-arthur"),
        ("The squadron wintered at Lüshun that year.", "Lüshun", "place:port-arthur"),
        ("Ships left Darien for the north.", "Darien", "place:dalian"),
        ("Cables from Peiping were late.", "Peiping", "place:beijing"),
        ("Aid to the CPR grew.", "CPR", "place:peoples-republic-of-china"),
        ("The U.S. note was firm.", "U.S.", "place:united-states"),
        ("Molotov’s reply was short.", "Molotov", "person:vyacheslav-molotov"),
    ],
)
def test_alias_matcher_folds_spelling(
    matcher: AliasMatcher, text: str, surface: str, entity: str
) -> None:
    assert _found(text, matcher)[surface][0] == entity


def test_alias_matcher_prefers_the_longest_name(matcher: AliasMatcher) -> None:
    found = _found("Talks on the Chinese Changchun Railway resumed.", matcher)
    assert found["Chinese Changchun Railway"][0] == "organisation:chinese-changchun-railway"


@pytest.mark.parametrize(
    "text",
    ["The cpr course was full.", "a dairen-bound ship", "we sat in the prc hall"],
)
def test_alias_matcher_respects_case(matcher: AliasMatcher, text: str) -> None:
    assert matcher.find(text) == []


@pytest.mark.parametrize(
    ("text", "surface", "title"),
    [
        ("Then General Orlovsky asked a question.", "Orlovsky", "General"),
        ("I asked c. Varlamov to stay.", "Varlamov", "c."),
        ("Com. Zhu De poured the tea.", "Zhu De", "Com."),
        ("Marshal Malinovsky met the plane.", "Malinovsky", "Marshal"),
        ("A cable from Ambassador Fenwick arrived.", "Fenwick", "Ambassador"),
    ],
)
def test_titles_are_kept_out_of_names(
    matcher: AliasMatcher, text: str, surface: str, title: str
) -> None:
    assert _found(text, matcher)[surface][1] == title


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Then A.M. Velichko spoke.", "A.M. Velichko"),
        ("Later B. Sorokin wrote.", "B. Sorokin"),
        ("Signed: Tomashov, Pavel Ilyich (deputy).", "Pavel Ilyich Tomashov"),
        ("They took [Pyotr] Lavrov along.", "Pyotr Lavrov"),
        ("They took [K.] Lavrov along.", "K. Lavrov"),
        ("A wire from Harold T. Wexley came.", "Harold T. Wexley"),
    ],
)
def test_name_patterns(text: str, name: str) -> None:
    names = {m.name for m in pattern_mentions(text)}
    assert name in names


@pytest.mark.parametrize(
    "text",
    [
        "The General Assembly met.",
        "He went to the [Central Committee] Politburo.",
        "Moscow, February 18, 1955.",
    ],
)
def test_name_patterns_skip_non_names(text: str) -> None:
    assert [m for m in pattern_mentions(text) if m.type == "person"] == []


def test_model_mentions_are_trimmed_and_mapped() -> None:
    text = "the Vellmar Harbour Board met General Brandt's men."
    person = text.index("General")
    found = [
        ModelMention(0, text.index(" met"), "ORG"),
        ModelMention(person, text.index(" men"), "PERSON"),
        ModelMention(0, 3, "DATE"),
    ]
    got = model_mentions(text, found)
    assert [(m.name, m.type, m.title) for m in got] == [
        ("Vellmar Harbour Board", "organisation", None),
        ("Brandt", "person", "General"),
    ]


def test_excluded_ranges_drop_mentions(matcher: AliasMatcher) -> None:
    text = "Stalin spoke. [Note: Molotov agreed.]"
    start = text.index("[")
    kept = extract_mentions(text, matcher, exclude=[(start, len(text))])
    assert [m.name for m in kept] == ["Stalin"]
