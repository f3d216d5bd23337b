"""The fast scan finds exactly what the patterns as written find: ``_raw`` (word alternations as
tries, scan patterns, gates) gives the same candidates, groups included, as ``_raw_plain`` (each
pattern's ``finditer`` over the whole text) on the gate samples and variants of them, every
fixture, generated documents and, when present, the shared corpus, each whole and by paragraph.
The pieces the fast scan rests on are checked on their own too."""

from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path

import pytest
from bench.corpus import generate
from tests.conftest import FIXTURES
from tests.enrich.times.test_gates import SAMPLES

from dossier.enrich.times import extract
from dossier.enrich.times.scan import FOLDS, LEAD, Scanner, case_class, optional_branches, trie
from dossier.enrich.times.vocab import alternation, vocab

Found = list[tuple[int, int, str, dict[str, str]]]


def _found(candidates: list[extract.Candidate]) -> Found:
    return [(c.start, c.end, c.kind, c.groups) for c in candidates]


def _same_as_plain(text: str) -> None:
    for piece in [text, *re.split(r"\n\s*\n", text)]:
        assert _found(extract._raw(piece)) == _found(extract._raw_plain(piece)), piece[:200]


def _variants(text: str) -> list[str]:
    """``text`` as it is and reworked where the fast scan takes other paths: upper case, odd
    blanks, characters that rule out the lower-cased gates (long s, dotless i, Kelvin sign), a
    word glued on each side, no blanks at all."""
    return [
        text,
        text.upper(),
        text.replace(" ", "\n  "),
        text.replace("s", "\u017f").replace("i", "\u0131"),
        "\u212a " + text,
        "x" + text + "x",
        text.replace(" ", ""),
    ]


def _shuffled(seed: int) -> str:
    """A text of pieces of the samples and of the vocabulary in a random order, joined by random
    blanks and punctuation: the patterns meet odd neighbours and near misses."""
    rng = random.Random(seed)
    v = vocab()
    pool = [w for s in SAMPLES for w in s.split()]
    pool += [*v.months, *v.units, *v.fixed, *v.holidays, *v.part_prefixes, *v.day_parts]
    pool += ["1950", "12", "3", "'40s", "B.C.", "9.30", "a.m.", "the", "of", "-", "—", "/"]
    words = [rng.choice(pool) for _ in range(rng.randint(1, 40))]
    words = [w.capitalize() if rng.random() < 0.2 else w for w in words]
    return "".join(w + rng.choice([" ", " ", " ", ", ", ". ", "\n", "  ", "-", ""]) for w in words)


def _fixtures() -> list[str]:
    return [p.read_text("utf-8", "replace") for p in sorted(FIXTURES.rglob("*")) if p.is_file()]


@pytest.mark.parametrize("text", [v for s in SAMPLES for v in _variants(s)])
def test_samples_give_what_the_plain_patterns_give(text: str) -> None:
    _same_as_plain(text)


@pytest.mark.parametrize("seed", range(300))
def test_shuffled_pieces_give_what_the_plain_patterns_give(seed: int) -> None:
    _same_as_plain(_shuffled(seed))


@pytest.mark.parametrize("text", _fixtures())
def test_fixtures_give_what_the_plain_patterns_give(text: str) -> None:
    _same_as_plain(text)


def test_generated_documents_give_what_the_plain_patterns_give() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), 20)
        texts = [p.read_text("utf-8") for p in sorted(Path(tmp).rglob("*.txt"))]
    assert texts
    for text in texts:
        _same_as_plain(text)


def test_the_corpus_gives_what_the_plain_patterns_give(corpus: Path) -> None:
    files = [p for p in sorted(corpus.rglob("*")) if p.is_file()]
    assert files
    for path in files:
        _same_as_plain(path.read_text("utf-8", "replace"))


def test_every_kind_is_scanned_fast() -> None:
    assert all(scanner.fast for _, scanner in extract._scanners())


def test_folds_are_the_other_characters_ignorecase_takes_for_ascii_letters() -> None:
    every = "".join(map(chr, range(0x110000)))
    others = {c for c in re.findall("(?i)[a-z]", every) if not c.isascii()}
    assert others == set(FOLDS)


def test_lower_case_keeps_places_and_classes_without_the_folds() -> None:
    text = "".join(map(chr, range(0x110000))).translate({ord(c): None for c in FOLDS})
    low = text.lower()
    assert len(low) == len(text)
    for rx in (r"\s", r"\w", r"\d"):
        assert [m.start() for m in re.finditer(rx, text)] == [
            m.start() for m in re.finditer(rx, low)
        ]
    letters = [(m.start(), m.group().lower()) for m in re.finditer("(?i)[a-z]", text)]
    assert letters == [(m.start(), m.group()) for m in re.finditer("[a-z]", low)]


def test_case_class_is_what_ignorecase_matches() -> None:
    every = "".join(map(chr, range(0x110000)))
    for letter in "iksz":
        cased = re.findall(case_class(frozenset({letter})), every)
        assert cased == re.findall(f"(?i){letter}", every)


WORD_LISTS = [
    alternation(vocab().fixed),
    alternation(vocab().holidays),
    alternation(vocab().vague_numbers),
    alternation(vocab().duration_mods),
    alternation(vocab().ordinals),
    extract._prefix(lambda alt: alt)[len("(?P<pre>") : -1],
    "now|nowadays|no|n|night\\-time|nighttime|a\\s+b|a\\s+bc|a|ab\\s*",
]


@pytest.mark.parametrize("alt", WORD_LISTS)
def test_a_trie_matches_as_its_alternation(alt: str) -> None:
    words = [w.replace("\\s+", " ").replace("\\s*", "").replace("\\", "") for w in alt.split("|")]
    texts = {t for w in words for t in (w, w.upper(), w + "  x", w[:-1], w + "-y", "  " + w)}
    for context in ("(?:{})", "(?:{})$", "(?:{})(?=\\s)", "(?:{})\\s*x"):
        plain = re.compile(context.format(alt), re.IGNORECASE)
        fast = re.compile(context.format(trie(alt)), re.IGNORECASE)
        for text in texts:
            for pos in range(len(text)):
                a, b = plain.match(text, pos), fast.match(text, pos)
                assert (a and a.span()) == (b and b.span()), (alt, text, pos)


def test_optional_groups_become_branches() -> None:
    assert optional_branches(r"(?:ab)?c") == r"(?:ab|)c"
    assert optional_branches(r"(?P<x>a|b)?") == r"(?:(?P<x>a|b)|)"
    assert optional_branches(r"[(]?(?:x)?\(?") == r"[(]?(?:x|)\(?"
    assert optional_branches(r"(?:a)??(?=b)?(?:c)+") == r"(?:a)??(?=b)?(?:c)+"


def test_a_scanner_keeps_finditer_order_and_overlaps() -> None:
    body = r"(?:over\s+)?(?P<n>\w+)\s+years?"
    scanner = Scanner(body)
    assert scanner.fast
    text = "over nine years and ten years, overten years; x9 years"
    plain = re.compile(LEAD + body, re.IGNORECASE)
    expected = [(m.start(), m.end(), m.groupdict()) for m in plain.finditer(text)]
    assert list(scanner.finditer(text)) == expected
