"""Words of claims: tokens with simple lemmas and concepts (synonym groups), negation scope,
hedges, numbers and quantities. The vocabulary is data (``claims.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, compress
from operator import attrgetter
from typing import Any, NamedTuple

from dossier.data import load_data
from dossier.errors import ConfigError

__all__ = [
    "Lexicon",
    "Token",
    "Word",
    "Words",
    "find_quantities",
    "governed",
    "lemma",
    "lexicon",
    "may_hedge",
    "may_quantify",
    "negated",
    "tokenize",
    "tokens_of",
    "words_of",
]

# Words first (the most frequent), and ``(?:…|)`` for ``(?:…)?``: the same matches (the
# alternatives start on different characters), found with less work by the regex engine.
_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*[^\W_]|)(?:['’]s|)|\$|%|\d+(?:[.,]\d+)*")
# For ASCII text the ASCII classes match the same characters, and are quicker to test.
_SPLIT = re.compile(f"({_WORD.pattern})")
_SPLIT_ASCII = re.compile(_SPLIT.pattern, re.ASCII)
_SUFFIXES = (
    ("ies", "y"),
    ("ied", "y"),
    ("ation", ""),
    ("ings", ""),
    ("ing", ""),
    ("edly", ""),
    ("ed", ""),
    ("ers", ""),
    ("er", ""),
    ("ly", ""),
    ("es", ""),
    ("s", ""),
)


@dataclass(frozen=True)
class Token:
    """A word (or phrase) at ``[start, end)``: lower-cased form, lemma and concept."""

    text: str
    start: int
    end: int
    lemma: str
    concept: str
    stop: bool
    number: float | None = None


@dataclass(frozen=True)
class Lexicon:
    """The loaded ``claims.yaml``."""

    stopwords: frozenset[str]
    negation: frozenset[str]
    negation_scope: int
    hedges: tuple[str, ...]
    question_words: frozenset[str]
    irregular: dict[str, str]
    concepts: dict[str, str]
    surface: dict[str, tuple[str, ...]]
    phrases: dict[tuple[str, ...], str]
    antonyms: frozenset[tuple[str, str]]
    up: frozenset[str]
    down: frozenset[str]
    roles: frozenset[str]
    numbers: dict[str, float]
    multipliers: dict[str, float]
    units: dict[str, str]
    not_claims: tuple[str, ...]
    meta_words: frozenset[str]
    time_nouns: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"claims.yaml: expected a list of strings under {key!r}")
    return [v.lower() for v in value]


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"claims.yaml: expected a mapping under {key!r}")
    return {str(k).lower(): v for k, v in value.items()}


@cache
def lexicon() -> Lexicon:
    """The claims vocabulary, validated on first use."""
    data = load_data("claims")
    if not isinstance(data, dict):
        raise ConfigError("claims.yaml: expected a mapping")
    irregular = {k: str(v) for k, v in _mapping(data, "irregular").items()}
    concepts: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for group in data.get("synonyms") or []:
        words = [str(w).lower() for w in group]
        head = _stem(words[0], irregular)
        for word in words:
            if " " in word:
                phrases[tuple(word.split())] = head
            else:
                concepts[_stem(word, irregular)] = head
    surface: dict[str, list[str]] = {}
    for group in data.get("synonyms") or []:
        head = _stem(str(group[0]).lower(), irregular)
        surface.setdefault(head, []).extend(str(w).lower() for w in group)
    for form, base in irregular.items():
        surface.setdefault(_concept(base, concepts, irregular), [base]).append(form)
    pairs = set()
    for a, b in data.get("antonyms") or []:
        ca, cb = _concept(a, concepts, irregular), _concept(b, concepts, irregular)
        pairs |= {(ca, cb), (cb, ca)}
    comparatives = _mapping(data, "comparatives")
    return Lexicon(
        stopwords=frozenset(_strings(data, "stopwords")),
        negation=frozenset(_strings(data, "negation")),
        negation_scope=int(data.get("negation_scope", 4)),
        hedges=tuple(sorted(_strings(data, "hedges"), key=len, reverse=True)),
        question_words=frozenset(_strings(data, "question_words")),
        irregular=irregular,
        concepts=concepts,
        surface={k: tuple(dict.fromkeys(v)) for k, v in surface.items()},
        phrases=phrases,
        antonyms=frozenset(pairs),
        up=frozenset(str(w).lower() for w in comparatives.get("up", [])),
        down=frozenset(str(w).lower() for w in comparatives.get("down", [])),
        roles=frozenset(_concept(w, concepts, irregular) for w in _strings(data, "roles")),
        numbers={k: float(v) for k, v in _mapping(data, "numbers").items()},
        multipliers={k: float(v) for k, v in _mapping(data, "multipliers").items()},
        units={k: str(v) for k, v in _mapping(data, "units").items()},
        not_claims=tuple(_strings(data, "not_claims")),
        meta_words=frozenset(_strings(data, "meta_words")),
        title_words=frozenset(_strings(data, "title_words")),
        time_nouns=frozenset(_strings(data, "time_nouns")),
        events=frozenset(_concept(w, concepts, irregular) for w in _strings(data, "events")),
    )


def _concept(word: object, concepts: dict[str, str], irregular: dict[str, str]) -> str:
    """The concept of ``word``: the head of its synonym group, else its own stem."""
    stem = _stem(str(word), irregular)
    return concepts.get(stem, stem)


def _stem(word: str, irregular: dict[str, str]) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in irregular:
        return _stem(irregular[word], {}) if irregular[word] != word else word
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix in ("er", "ers") and len(word) < 7:
                continue
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            word = word[: len(word) - len(suffix)] + repl
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def lemma(word: str) -> str:
    """The simple lemma (a light stem) of ``word``: ``kept``/``keeping`` -> ``keep``."""
    return _stem(word, lexicon().irregular)


def _number(word: str, lex: Lexicon) -> float | None:
    if word in lex.numbers:
        return lex.numbers[word]
    if word[:1].isdigit():
        try:
            return float(word.replace(",", ""))
        except ValueError:
            return None
    return None


_KNOWN_WORDS = 1 << 15  # words as written whose ``Word`` is kept, at most (some 20 MB)
_new = object.__new__


@dataclass(slots=True, eq=False)  # not frozen: made for every new word, and never changed
class Word:
    """What every occurrence of a word as written (or of a known phrase) shares: a token's
    fields but its offsets (lower-cased form, lemma, concept, stop word, number), the same as
    a ``Token``'s attributes (``fields``, offsets to be set), and whether it is a negation cue,
    opens a known phrase, is a meta word (and no stop word), may open a hedge (``may_hedge``)
    and may hold the number of a quantity (``may_quantify``): where in it, when known, the runs
    of word characters that start with a digit or are number words start."""

    text: str
    lemma: str
    concept: str
    stop: bool
    number: float | None
    fields: dict[str, Any]
    cue: bool
    opens: bool
    meta: bool
    hedgy: bool
    numeric: bool
    numbers_at: tuple[int, ...] | None


def _word(
    text: str, lemma: str, concept: str, stop: bool, number: float | None, phrase: bool = False
) -> Word:
    """The ``Word`` of ``text``; in a known ``phrase`` (words joined by a space, however they
    were written), where its numbers are is not known."""
    lex = lexicon()
    fields = {
        "text": text,
        "start": 0,
        "end": 0,
        "lemma": lemma,
        "concept": concept,
        "stop": stop,
        "number": number,
    }
    runs = [(0, text)] if _RUN.fullmatch(text) else [(m.start(), m[0]) for m in _RUN.finditer(text)]
    hedges = _hedge_openings()
    numbers = _number_words()
    at = tuple(n for n, run in runs if numbers is None or run[0] in _DIGITS or run in numbers)
    return Word(
        text,
        lemma,
        concept,
        stop,
        number,
        fields,
        cue=text in lex.negation or text.endswith("n't"),
        opens=text in _phrase_starts(),
        meta=text in lex.meta_words and not stop,
        hedgy=hedges is None or any(run in hedges for _, run in runs),
        numeric=bool(at),
        numbers_at=None if numbers is None or (phrase and at) else at,
    )


class _Table(dict[str, Word]):
    """The ``Word`` of each word as written, worked out on first sight."""

    def __missing__(self, written: str) -> Word:
        lex = lexicon()
        low = written.lower()
        stem = _word_stem(low)
        stop = low in lex.stopwords or stem in lex.stopwords
        word = self[written] = _word(
            low, stem, lex.concepts.get(stem, stem), stop, _number(low, lex)
        )
        return word


class _Known:
    """The ``_Table`` of the current lexicon, started afresh when it grows too large."""

    def __init__(self) -> None:
        self.lex: Lexicon | None = None
        self.words = _Table()

    def table(self, lex: Lexicon) -> _Table:
        if self.lex is not lex or len(self.words) >= _KNOWN_WORDS:
            self.lex, self.words = lex, _Table()
        return self.words


_KNOWN = _Known()


@lru_cache(maxsize=1024)
def _phrase_word(phrase: tuple[str, ...]) -> Word:
    concept = lexicon().phrases[phrase]
    return _word(" ".join(phrase), concept, concept, False, None, phrase=True)


class Words(NamedTuple):
    """The tokens of a text as parallel lists: each one's ``Word`` and offsets."""

    words: list[Word]
    starts: list[int]
    ends: list[int]


_OPENS = attrgetter("opens")


def words_of(text: str, offset: int = 0) -> Words:
    """What ``tokenize`` gives, without making a ``Token`` of each. Split on the word pattern,
    the text falls into the words (what a scan finds) and what lies between them, so the
    running sum of the pieces' lengths gives the words' offsets."""
    pieces = (_SPLIT_ASCII if text.isascii() else _SPLIT).split(text)
    known = _KNOWN.table(lexicon())
    words = [known[w] for w in pieces[1::2]]
    at = list(accumulate(map(len, pieces), initial=offset))
    found = Words(words, at[1:-1:2], at[2::2])
    return _merged(found) if any(map(_OPENS, words)) else found


def _merged(found: Words) -> Words:
    """``found`` with each known phrase made one token, taken from left to right."""
    words = found.words
    texts = [w.text for w in words]
    phrases: list[tuple[int, tuple[str, ...]]] = []
    after = 0
    for i in [n for n, w in enumerate(words) if w.opens]:
        phrase = _phrase_at(texts, i) if i >= after else None
        if phrase is not None:
            phrases.append((i, phrase))
            after = i + len(phrase)
    if not phrases:
        return found
    out = Words([], [], [])
    done = 0
    for i, phrase in phrases:
        out.words.extend(words[done:i])
        out.starts.extend(found.starts[done:i])
        out.ends.extend(found.ends[done:i])
        done = i + len(phrase)
        out.words.append(_phrase_word(phrase))
        out.starts.append(found.starts[i])
        out.ends.append(found.ends[done - 1])
    out.words.extend(words[done:])
    out.starts.extend(found.starts[done:])
    out.ends.extend(found.ends[done:])
    return out


def tokens_of(found: Words) -> list[Token]:
    """``found`` as ``Token`` objects, with their fields set directly: a frozen dataclass's
    ``__init__`` sets each through ``object.__setattr__``, at three times the cost."""
    out: list[Token] = []
    for word, start, end in zip(*found, strict=True):
        tok = _new(Token)
        own = tok.__dict__
        own.update(word.fields)
        own["start"] = start
        own["end"] = end
        out.append(tok)
    return out


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text`` (offsets shifted by ``offset``), with known phrases merged."""
    return tokens_of(words_of(text, offset))


@cache
def _phrase_starts() -> frozenset[str]:
    return frozenset(key[0] for key in lexicon().phrases)


def _phrase_at(words: list[str], i: int) -> tuple[str, ...] | None:
    """The known phrase of three or two words starting at ``words[i]``, if any."""
    for size in (3, 2):
        key = tuple(words[i : i + size])
        if len(key) == size and key in lexicon().phrases:
            return key
    return None


@lru_cache(maxsize=65536)
def _word_stem(word: str) -> str:
    return _stem(word, lexicon().irregular)


_BREAK = re.compile(r"[,;:()—]")
_CONTRAST = frozenset({"but", "whereas", "while", "although"})
_NO_CUE = -100  # where the last cue stands when none governs


def negated(tokens: list[Token], text: str, base: int = 0) -> list[bool]:
    """For each token, whether a negation cue governs it: the first content word at most
    ``negation_scope`` tokens after a cue, with no clause break (``,;:`` or ``but``) between."""
    return _negation(tokens, [t.start for t in tokens], [t.end for t in tokens], text, base)


def _negation(
    items: Sequence[Token | Word], starts: list[int], ends: list[int], text: str, base: int
) -> list[bool]:
    """``negated``, of tokens (or words) given with their offsets apart."""
    lex = lexicon()
    negation, scope = lex.negation, lex.negation_scope
    out: list[bool] = []
    last_cue = _NO_CUE
    end = None
    for n, (item, start) in enumerate(zip(items, starts, strict=True)):
        if end is not None:
            gap = text[end - base : start - base]
            if gap != " " and _BREAK.search(gap):
                last_cue = _NO_CUE
        end = ends[n]
        word = item.text
        if word in _CONTRAST:
            last_cue = _NO_CUE
        if word in negation or word.endswith("n't"):
            last_cue = n
            out.append(False)
            continue
        governed = 0 < n - last_cue <= scope and not item.stop
        out.append(governed)
        if governed:
            last_cue = _NO_CUE
    return out


def governed(found: Words, text: str, base: int, n: int, cued: bool) -> bool:
    """``negated(tokens_of(found), text, base)[n]``, looking at no token after ``n``, and at
    none but ``n`` when ``cued`` is false (no token is a negation cue)."""
    if not cued:  # nothing is governed without a cue
        return False
    words, starts, ends = found.words[: n + 1], found.starts[: n + 1], found.ends[: n + 1]
    return _negation(words, starts, ends, text, base)[n]


@cache
def _hedge_patterns(ascii_only: bool) -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    """One pattern for any hedge (most sentences have none), and one for each; with ASCII
    classes for ASCII text (the same matches, sooner)."""
    flags = re.ASCII if ascii_only else 0
    each = [(h, re.compile(rf"\b{re.escape(h)}\b", flags)) for h in lexicon().hedges]
    hedges = "|".join(re.escape(h) for h in lexicon().hedges)
    return re.compile(rf"\b(?:{hedges})\b", flags), each


_RUN = re.compile(r"\w+")


@cache
def _hedge_openings() -> frozenset[str] | None:
    """The first words of the hedges, when each opens with a word of lower-case ASCII letters
    (else None: ``may_hedge`` cannot tell)."""
    firsts = [re.match(r"[a-z]+(?!\w)", h) for h in lexicon().hedges]
    return frozenset(m.group() for m in firsts if m) if all(firsts) else None


@cache
def _number_words() -> frozenset[str] | None:
    """The number words, when each is a word of lower-case ASCII letters (else None:
    ``may_quantify`` cannot tell)."""
    words = lexicon().numbers
    return frozenset(words) if all(re.fullmatch("[a-z]+", w) for w in words) else None


def may_hedge(text: str, words: list[Word]) -> bool:
    r"""False when ``hedges_in(text)`` is sure to find nothing, ``words`` being the text's
    words: an ASCII text whose words hold none of the words hedges start with. (A hedge starts
    on a word boundary with a run of letters: in ASCII text that run is a whole ``\w+`` run of
    the word it is in.)"""
    return not text.isascii() or any(map(_HEDGY, words))


_HEDGY = attrgetter("hedgy")
_NUMERIC = attrgetter("numeric")
_DIGITS = frozenset("0123456789")


def may_quantify(text: str, found: Words, dates: Sequence[tuple[int, int]] = ()) -> bool:
    r"""False when ``find_quantities`` of ``text`` (with ``found``, its words) is sure to find
    nothing outside ``dates`` (ranges at the offsets of ``found``): an ASCII text whose words
    hold no run of word characters that starts with a digit or is a number word, but within
    ``dates``. (The number of a quantity is such a run, and in ASCII text a whole ``\w+`` run
    of the word it is in.)"""
    if not text.isascii():
        return True
    numeric = list(map(_NUMERIC, found.words))
    if not any(numeric):
        return False
    for word, at in compress(zip(found.words, found.starts, strict=True), numeric):
        if word.numbers_at is None:
            return True
        for offset in word.numbers_at:
            if not any(a <= at + offset < b for a, b in dates):
                return True
    return False


def hedges_in(text: str) -> list[str]:
    """The hedge words and phrases found in ``text`` (case-insensitive, whole words)."""
    low = " ".join(text.lower().split())
    anyone, each = _hedge_patterns(low.isascii())
    if anyone.search(low) is None:
        return []
    return [h for h, pattern in each if pattern.search(low)]


_QUANT_TEMPLATE = (
    r"(?P<cur>\$\s?)?\b(?P<a>\d+(?:[.,]\d+)*|{words})\b"
    r"(?:\s*(?:-|–|\bto\b|\bor\b)\s*(?P<b>\d+(?:[.,]\d+)*|{words})\b)?"
    r"(?:\s+(?P<mult>thousand|million|billion))?"
    r"(?:(?:\s*-\s*|\s+)(?P<unit>o[’']clock|[a-z]+)|\s*(?P<pct>%))?"
)


@cache
def _quant(ascii_only: bool = False) -> re.Pattern[str]:
    """The quantity pattern, behind a look-ahead that lets through only where a match can start
    (``$``, or a word boundary before a digit or the first letter of a number word): half the
    work of trying the whole pattern at every character, with the same matches. For ASCII
    text, a pattern with ASCII classes and without ``IGNORECASE``, to be run on the text
    lower-cased (the same length, and the same matches: its letters are all lower case)."""
    numbers = sorted(lexicon().numbers, key=len, reverse=True)
    words = "|".join(numbers)
    first = "".join(sorted({re.escape(w[0]) for w in numbers if w}))
    ahead = rf"(?=\$|\b[\d{first}])" if all(numbers) else ""
    flags = re.ASCII if ascii_only else re.IGNORECASE
    return re.compile(ahead + _QUANT_TEMPLATE.format(words=words), flags)


def _quant_matches(text: str) -> Iterator[re.Match[str]]:
    if text.isascii():
        return _quant(True).finditer(text.lower())
    return _quant().finditer(text)


@lru_cache(maxsize=4096)
def _unit(word: str | None) -> str | None:
    if not word:
        return None
    lex = lexicon()
    w = word.lower().replace("’", "'")
    if w in lex.units:
        return lex.units[w]
    stem = _stem(w, lex.irregular)
    return lex.units.get(stem) or lex.units.get(w.rstrip("s"))


def find_quantities(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[dict[str, Any]]:
    """Numbers with units in ``text``: ``{value, high, unit, text, start, end}``. Numbers inside
    ``skip`` ranges (dates) and bare four-digit years are left out."""
    lex = lexicon()
    out: list[dict[str, Any]] = []
    for m in _quant_matches(text):  # the groups may be lower-cased, never the offsets
        if skip and any(s <= m.start("a") < e for s, e in skip):
            continue
        cur, first, second, mult, word, pct = m.group("cur", "a", "b", "mult", "unit", "pct")
        a = _number(first.lower(), lex)
        if a is None:
            continue
        b = _number(second.lower(), lex) if second else None
        unit = "dollar" if cur else _unit(word or pct)
        end = m.end() if unit and (word or pct) else m.end("b") if b else m.end("a")
        if mult:
            factor = lex.multipliers[mult.lower()]
            a, b = a * factor, (b * factor if b is not None else None)
            end = max(end, m.end("mult"))
        if unit is None:
            if 1000 <= a <= 2100 and first.isdigit():
                continue
            unit = "count"
        if b is not None and b < a:
            b = None
        found = text[m.start() : end]
        if unit == "count" and not found[:1].isdigit():
            continue
        out.append(
            {"value": a, "high": b, "unit": unit, "text": found, "start": m.start(), "end": end}
        )
    return out
