"""Name keys: folding for matching, slugs for ids, splitting person names."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["entity_id", "fold", "fold_with_offsets", "script_of", "slug", "split_person_name"]

_DROP = frozenset("-\u2010\u2011\u2012\u2013'\u2018\u2019\u02bc`\u00b4")
_SCRIPTS = {"LATIN": "Latn", "CYRILLIC": "Cyrl", "GREEK": "Grek", "CJK": "Hani"}


@lru_cache(maxsize=16384)
def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if not ch.isalnum():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _possessive(text: str, i: int) -> bool:
    """An apostrophe starting a possessive ``'s`` (folded as a word break)."""
    if text[i] not in "'\u2019" or text[i + 1 : i + 2] not in ("s", "S"):
        return False
    return i + 2 >= len(text) or not text[i + 2].isalnum()


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Text folded for matching (no diacritics, case, hyphens or apostrophes; other punctuation
    and spaces become one space) and, for each folded character, its offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if not folded:
            if not _possessive(text, i):
                continue
            folded = " "
        if len(folded) == 1 and folded != " ":  # most characters: one letter or digit
            out.append(folded)
            where.append(i)
            continue
        for piece in folded:
            if piece == " " and (not out or out[-1] == " "):
                continue
            out.append(piece)
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The matching key of a name: ``fold("Lüshun") == fold("lushun")``."""
    return fold_with_offsets(text)[0]


def slug(text: str) -> str:
    """A lower-case ASCII-ish slug for ids: ``Nikita Khrushchev`` -> ``nikita-khrushchev``."""
    return "-".join(fold(text).split()) or "unnamed"


def entity_id(kind: str, name: str) -> str:
    """The stable id of an entity not in the authority file, from a normalised key."""
    return f"{kind}:{slug(name)}"


def script_of(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            head = unicodedata.name(ch, "").split(" ", 1)[0]
            if head in ("HIRAGANA", "KATAKANA"):
                return "Jpan"
            return _SCRIPTS.get(head, "Zyyy")
    return "Zyyy"


def split_person_name(name: str, *, eastern: bool = False) -> tuple[list[str], str]:
    """``(given names, surname)`` of a person's name in Western (or Eastern) order."""
    words = name.replace(".", ". ").split()
    if not words:
        return [], ""
    if eastern:
        return words[1:], words[0]
    return words[:-1], words[-1]
