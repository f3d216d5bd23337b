"""Words of claims: tokens with simple lemmas and concepts (synonym groups), negation scope,
hedges, numbers and quantities. The vocabulary is data (``claims.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from dossier.data import load_data
from dossier.errors import ConfigError

__all__ = [
    "Lexicon",
    "Token",
    "find_quantities",
    "lemma",
    "lexicon",
    "tokenize",
]

_WORD = re.compile(r"\$|%|\d+(?:[.,]\d+)*|[^\W\d_](?:[\w’'-]*[^\W_])?(?:['’]s)?")
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


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text`` (offsets shifted by ``offset``), with known phrases merged."""
    lex = lexicon()
    raw = [(m.group().lower(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)]
    words = [w for w, _, _ in raw]
    starts = _phrase_starts()
    out: list[Token] = []
    i = 0
    while i < len(raw):
        phrase = _phrase_at(words, i) if words[i] in starts else None
        if phrase is not None:
            concept = lex.phrases[phrase]
            end = raw[i + len(phrase) - 1][2]
            out.append(Token(" ".join(phrase), raw[i][1], end, concept, concept, False))
            i += len(phrase)
            continue
        word, start, end = raw[i]
        stem = _word_stem(word)
        stop = word in lex.stopwords or stem in lex.stopwords
        concept = lex.concepts.get(stem, stem)
        out.append(Token(word, start, end, stem, concept, stop, _number(word, lex)))
        i += 1
    return out


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


def negated(tokens: list[Token], text: str, base: int = 0) -> list[bool]:
    """For each token, whether a negation cue governs it: the first content word at most
    ``negation_scope`` tokens after a cue, with no clause break (``,;:`` or ``but``) between."""
    lex = lexicon()
    out: list[bool] = []
    last_cue = -100
    for n, tok in enumerate(tokens):
        if n and re.search(r"[,;:()—]", text[tokens[n - 1].end - base : tok.start - base]):
            last_cue = -100
        if tok.text in ("but", "whereas", "while", "although"):
            last_cue = -100
        if tok.text in lex.negation or tok.text.endswith("n't"):
            last_cue = n
            out.append(False)
            continue
        governed = 0 < n - last_cue <= lex.negation_scope and not tok.stop
        out.append(governed)
        if governed:
            last_cue = -100
    return out


@cache
def _hedge_patterns() -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    """One pattern for any hedge (most sentences have none), and one for each."""
    each = [(h, re.compile(rf"\b{re.escape(h)}\b")) for h in lexicon().hedges]
    anyone = re.compile(rf"\b(?:{'|'.join(re.escape(h) for h in lexicon().hedges)})\b")
    return anyone, each


def hedges_in(text: str) -> list[str]:
    """The hedge words and phrases found in ``text`` (case-insensitive, whole words)."""
    low = " ".join(text.lower().split())
    anyone, each = _hedge_patterns()
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
def _quant() -> re.Pattern[str]:
    words = "|".join(sorted(lexicon().numbers, key=len, reverse=True))
    return re.compile(_QUANT_TEMPLATE.format(words=words), re.IGNORECASE)


def _unit(word: str | None, lex: Lexicon) -> str | None:
    if not word:
        return None
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
    for m in _quant().finditer(text):
        a = _number(m.group("a").lower(), lex)
        if a is None or any(s <= m.start("a") < e for s, e in skip):
            continue
        b = _number(m.group("b").lower(), lex) if m.group("b") else None
        unit = "dollar" if m.group("cur") else _unit(m.group("unit") or m.group("pct"), lex)
        end = (
            m.end()
            if unit and (m.group("unit") or m.group("pct"))
            else m.end("b")
            if b
            else m.end("a")
        )
        if m.group("mult"):
            factor = lex.multipliers[m.group("mult").lower()]
            a, b = a * factor, (b * factor if b is not None else None)
            end = max(end, m.end("mult"))
        if unit is None:
            if 1000 <= a <= 2100 and m.group("a").isdigit():
                continue
            unit = "count"
        if b is not None and b < a:
            b = None
        out.append(
            {
                "value": a,
                "high": b,
                "unit": unit,
                "text": text[m.start() : end],
                "start": m.start(),
                "end": end,
            }
        )
    return [q for q in out if q["unit"] != "count" or q["text"][:1].isdigit()]
