"""The tagger's vocabulary, loaded from ``data/times.yaml`` and validated once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from dossier.data import load_data
from dossier.errors import ConfigError

__all__ = ["Unit", "Vocab", "alternation", "parse_number", "parse_roman", "vocab"]

_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


@dataclass(frozen=True)
class Unit:
    """A duration unit: its ISO designator, whether it goes after ``T``, and a multiplier."""

    code: str
    time: bool = False
    factor: int = 1


@dataclass(frozen=True)
class Vocab:
    """Every word list the tagger uses, keyed by lower-case text."""

    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    season_months: dict[str, tuple[int, int]]
    numbers: dict[str, int]
    vague_numbers: tuple[str, ...]
    ordinals: dict[str, int]
    roman: dict[str, int]
    units: dict[str, Unit]
    part_prefixes: dict[str, str]
    approx_prefixes: dict[str, str]
    same_prefixes: tuple[str, ...]
    duration_mods: dict[str, str]
    halves: dict[str, str]
    day_parts: dict[str, tuple[str, bool]]
    relative_offsets: dict[str, int]
    deictic_words: frozenset[str]
    fixed: dict[str, str]
    deictic_days: dict[str, int]
    holidays: dict[str, tuple[int, int]]
    count_nouns: frozenset[str]


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise ConfigError(f"times.yaml: {key} must be a non-empty mapping")
    return {str(k): v for k, v in value.items()}


def _ints(data: dict[str, Any], key: str) -> dict[str, int]:
    out = _mapping(data, key)
    if not all(isinstance(v, int) for v in out.values()):
        raise ConfigError(f"times.yaml: {key} values must be integers")
    return {k.lower(): v for k, v in out.items()}


def _strs(data: dict[str, Any], key: str) -> dict[str, str]:
    return {k.lower(): str(v) for k, v in _mapping(data, key).items()}


def _pairs(data: dict[str, Any], key: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for k, v in _mapping(data, key).items():
        if not (isinstance(v, list) and len(v) == 2 and all(isinstance(i, int) for i in v)):
            raise ConfigError(f"times.yaml: {key}.{k} must be a pair of integers")
        out[k.lower() if key != "season_months" else k] = (v[0], v[1])
    return out


def _list(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ConfigError(f"times.yaml: {key} must be a list")
    return [str(v).lower() for v in value]


def _build(data: Any) -> Vocab:
    if not isinstance(data, dict):
        raise ConfigError("times.yaml: expected a mapping")
    units = {
        k.lower(): Unit(str(v["code"]), bool(v.get("time", False)), int(v.get("factor", 1)))
        for k, v in _mapping(data, "units").items()
    }
    parts = {
        k.lower(): (str(v["code"]), bool(v.get("pm", False)))
        for k, v in _mapping(data, "day_parts").items()
    }
    return Vocab(
        months=_ints(data, "months"),
        weekdays=_ints(data, "weekdays"),
        seasons=_strs(data, "seasons"),
        season_months=_pairs(data, "season_months"),
        numbers=_ints(data, "numbers"),
        vague_numbers=tuple(_list(data, "vague_numbers")),
        ordinals=_ints(data, "ordinals"),
        roman={k.upper(): v for k, v in _ints(data, "roman_numerals").items()},
        units=units,
        part_prefixes=_strs(data, "part_prefixes"),
        approx_prefixes=_strs(data, "approx_prefixes"),
        same_prefixes=tuple(_list(data, "same_prefixes")),
        duration_mods=_strs(data, "duration_mods"),
        halves=_strs(data, "halves"),
        day_parts=parts,
        relative_offsets=_ints(data, "relative_offsets"),
        deictic_words=frozenset(_list(data, "deictic_words")),
        fixed=_strs(data, "fixed"),
        deictic_days=_ints(data, "deictic_days"),
        holidays=_pairs(data, "holidays"),
        count_nouns=frozenset(_list(data, "count_nouns")),
    )


@cache
def vocab() -> Vocab:
    """The validated vocabulary (loaded once)."""
    return _build(load_data("times"))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any blank run."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def parse_roman(text: str) -> int | None:
    """The value of a Roman numeral (``XIX`` → 19), or None when ``text`` is not one."""
    upper = text.upper()
    if not upper or not _ROMAN.match(upper):
        return None
    table = vocab().roman | {"D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(upper):
        value = table[ch]
        nxt = table[upper[i + 1]] if i + 1 < len(upper) else 0
        total += -value if value < nxt else value
    return total


def parse_number(text: str) -> int | None:
    """Digits or number words (``25``, ``twenty-five``, ``a``) → int; None when vague/unknown."""
    cleaned = text.strip().lower().replace(",", "")
    if cleaned.isdigit():
        return int(cleaned)
    words = vocab().numbers
    total = 0
    for part in re.split(r"[\s-]+", cleaned):
        if part == "and":
            continue
        if part not in words:
            return None
        value = words[part]
        total = total * value if value == 100 and total else total + value
    return total or None
