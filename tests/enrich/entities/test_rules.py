from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.enrich.entities.authority import AuthorityIndex, Entity, load_authority, vocabulary
from dossier.enrich.entities.model import ModelMention
from dossier.enrich.entities.names import fold_with_offsets
from dossier.enrich.entities.rules import (
    _INITIALS,
    _INITIALS_HINT,
    _INVERTED,
    _INVERTED_HINT,
    _MIDDLE,
    _MIDDLE_HINT,
    AliasMatcher,
    Mention,
    _matches_before,
    _mention,
    _resolve_one_by_one,
    extract_mentions,
    model_mentions,
    pattern_mentions,
    resolve_overlaps,
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


# Name-like words, initials, commas, patronymics and brackets, to make the patterns work.
WORDS = [
    "Ivanov,",
    "Ivan",
    "Petrovich",
    "Ivanovna",
    "Harry",
    "S.",
    "T.",
    "Truman",
    "A.",
    "M.",
    "Velichko",
    "Jean-Paul",
    "O'Brien",
    "U.S.",
    "the",
    "said",
    "which",
    "[John]",
    "Smith,",
    "Lüshun",
    "Ж.",
    "Жуков",
    "(",
    ")",
    ".",
    ",",
    "General",
    "Marshal",
    "c.",
    "Mr.",
    "1945",
]
name_texts = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", " ", "", ", ", ". ", "\n"])),
    max_size=14,
).map(lambda parts: "".join(w + sep for w, sep in parts))


@settings(max_examples=300, deadline=None)
@given(name_texts)
def test_patterns_tried_near_their_hints_find_what_finditer_finds(text: str) -> None:
    for pattern, hint, back in (
        (_INITIALS, _INITIALS_HINT, 0),
        (_MIDDLE, _MIDDLE_HINT, 2),
        (_INVERTED, _INVERTED_HINT, 0),
    ):
        ends = [h.start() - back for h in hint.finditer(text)]
        near = _matches_before(pattern, text, ends)
        assert [m.span() for m in near] == [m.span() for m in pattern.finditer(text)]


spans = st.tuples(st.integers(0, 30), st.integers(-2, 12)).map(lambda p: (p[0], p[0] + p[1]))
sources = st.sampled_from(["reader", "authority", "bracket", "rule", "model", "surname"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(spans, sources), max_size=25))
def test_resolve_overlaps_keeps_what_checking_one_by_one_keeps(
    items: list[tuple[tuple[int, int], str]],
) -> None:
    mentions = [Mention(a, b, f"n{i}", "person", src) for i, ((a, b), src) in enumerate(items)]
    ordered = sorted(mentions, key=lambda m: (-m.rank, -(m.end - m.start), m.start))
    assert resolve_overlaps(mentions) == _resolve_one_by_one(ordered)


def test_fast_mentions_are_mentions() -> None:
    fast = _mention(3, 9, "Stalin", "person", "rule", "Marshal", "PERSON", ())
    slow = Mention(3, 9, "Stalin", "person", "rule", "Marshal", "PERSON", ())
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert list(vars(fast).items()) == list(vars(slow).items())


def _alternation_find(index: AuthorityIndex, text: str) -> list[tuple[int, int, str]]:
    """The matcher's places as one regex alternation of all keys, longest first."""
    keys = sorted(index.keys, key=len, reverse=True)
    pattern = re.compile(rf"(?<![^ ])(?:{'|'.join(map(re.escape, keys))})(?![^ ])")
    folded, where = fold_with_offsets(text)
    return [(where[m.start()], where[m.end() - 1] + 1, m.group()) for m in pattern.finditer(folded)]


@pytest.mark.parametrize(
    "text",
    [
        "Port Arthur and Port, then Port Arthur’s harbour; port arthur.",
        "The Chinese Changchun Railway, the Chinese Eastern and the Chinese.",
        "U.S. and U. S. troops left Lüshun (Ryojun) for Dairen — Dalny.",
        "Straße ﬁle: Molotov’s note to Mao Tse-tung and Mao Zedong.",
    ],
)
def test_alias_places_are_those_of_one_alternation(matcher: AliasMatcher, text: str) -> None:
    assert matcher._places(text) == _alternation_find(matcher.index, text)


def test_a_small_index_matches_longest_names() -> None:
    index = AuthorityIndex(
        [
            Entity("place:a", "place", "Port"),
            Entity("place:b", "place", "Port Arthur"),
            Entity("place:c", "place", "Port Arthur Bay"),
        ]
    )
    text = "Port Arthur Bays, Port Arthur Bay and Port."
    assert AliasMatcher(index)._places(text) == _alternation_find(index, text)


def test_model_mentions_depend_on_the_character_before() -> None:
    vocab = vocabulary()
    found = [ModelMention(4, 19, "PERSON")]
    titled = model_mentions("Hi, General Brandt ok", found, vocab)
    glued = model_mentions("Hi,xGeneral Brandt ok", found, vocab)
    assert [(m.name, m.title) for m in titled] == [("Brandt", "General")]
    assert [(m.name, m.title) for m in glued] == [("General Brandt", None)]
    assert model_mentions("Hi, General Brandt ok", found, vocab) == titled
