"""The quick paths of the claims lexicon give what the plain ones give: tokens found by splitting
the text against a regex scan, the ASCII quantity pattern against the case-blind one, the
checks that skip quantities and hedges, and the negation of one token against all of them."""

from __future__ import annotations

import random
import re

import pytest

from dossier.enrich.claims.lexicon import (
    _quant,
    find_quantities,
    governed,
    hedges_in,
    lemma,
    lexicon,
    may_hedge,
    may_quantify,
    negated,
    tokenize,
    words_of,
)

_PIECES = [
    *"one Two THREE twenty-one dozen hundred eighteen 5 1,000 3.5 1952 $ % - – to or".split(),  # noqa: SIM905
    *"years o'clock o’clock million men ships apparently It not no never don't won’t".split(),  # noqa: SIM905
    *"isn't but there We he they in took place came hand united _ _5 x-4 4th A4 ſix".split(),  # noqa: SIM905
    *"İ K ü “ ” ’ ' , ; : ( ) — . ? Mr. U.S. co-operation well-known it's Harbin".split(),  # noqa: SIM905
    *["it seems", "were said to", "might have", "is said to", "$ 30", " ", "  ", "\n", "\t"],
]
_WORD = re.compile(r"\$|%|\d+(?:[.,]\d+)*|[^\W\d_](?:[\w’'-]*[^\W_])?(?:['’]s)?")


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    glue = ["", " ", " ", "-"]
    return [
        "".join(rng.choice(_PIECES) + rng.choice(glue) for _ in range(rng.randint(0, 14)))
        for _ in range(count)
    ]


def _number(word: str) -> float | None:
    if word in lexicon().numbers:
        return lexicon().numbers[word]
    try:
        return float(word.replace(",", "")) if word[:1].isdigit() else None
    except ValueError:
        return None


def _scanned(text: str, offset: int) -> list[tuple[object, ...]]:
    """Tokens as a regex scan gives them, known phrases merged, as tuples of their fields."""
    lex = lexicon()
    raw = [(m.group().lower(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)]
    words = [w for w, _, _ in raw]
    out: list[tuple[object, ...]] = []
    i = 0
    while i < len(raw):
        phrase = next(
            (p for size in (3, 2) if (p := tuple(words[i : i + size])) in lex.phrases), None
        )
        if phrase is not None and len(phrase) > 1:
            concept = lex.phrases[phrase]
            end = raw[i + len(phrase) - 1][2]
            out.append((" ".join(phrase), raw[i][1], end, concept, concept, False, None))
            i += len(phrase)
            continue
        word, start, end = raw[i]
        stem = lemma(word)
        stop = word in lex.stopwords or stem in lex.stopwords
        out.append((word, start, end, stem, lex.concepts.get(stem, stem), stop, _number(word)))
        i += 1
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_split_tokens_are_the_scanned_tokens(seed: int) -> None:
    phrases = "The United States took over; he came to Harbin in charge of the Communist Party."
    assert any(" " in t.text for t in tokenize(phrases))
    for text in [*_texts(seed, 1500), phrases]:
        tokens = [tuple(vars(t).values()) for t in tokenize(text, 7)]
        assert tokens == _scanned(text, 7), text


def test_the_ascii_quantity_pattern_matches_as_the_case_blind_one() -> None:
    for text in [t for t in _texts(3, 3000) if t.isascii()]:
        blind = [(m.span(), m.groups()) for m in _quant().finditer(text)]
        ascii_ = [(m.span(), m.groups()) for m in _quant(True).finditer(text.lower())]
        assert [span for span, _ in blind] == [span for span, _ in ascii_], text
        lowered = [tuple(g.lower() if g else g for g in groups) for _, groups in blind]
        assert lowered == [groups for _, groups in ascii_], text


def test_what_the_quick_checks_skip_holds_no_quantity_and_no_hedge() -> None:
    rng = random.Random(4)
    skipped = [0, 0]
    for text in _texts(4, 4000):
        found = words_of(text, 5)
        cuts = sorted(rng.randint(5, 5 + len(text)) for _ in range(4))
        dates = [(cuts[0], cuts[1]), (cuts[2], cuts[3])]
        for n, ranges in enumerate(([], dates)):
            if not may_quantify(text, found, ranges):
                skipped[n] += 1
                assert find_quantities(text, [(a - 5, b - 5) for a, b in ranges]) == [], text
        if not may_hedge(text, found.words):
            assert hedges_in(text) == [], text
    assert skipped[0] > 100 and skipped[1] > skipped[0]


def test_governed_is_negated_at_one_token() -> None:
    for text in _texts(5, 1500):
        flags = negated(tokenize(text, 3), text, 3)
        found = words_of(text, 3)
        cued = any(w.cue for w in found.words)
        assert [governed(found, text, 3, n, cued) for n in range(len(flags))] == flags, text
