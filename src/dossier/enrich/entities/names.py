"""Name keys: folding for matching, slugs for ids, splitting person names."""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import compress

__all__ = [
    "DROPPED",
    "entity_id",
    "fold",
    "fold_marks",
    "fold_with_offsets",
    "marked_offsets",
    "script_of",
    "slug",
    "split_person_name",
]

DROPPED = "\x00"  # in ``fold_marks``: a character that folds to nothing, or a space cut out
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
    marked = fold_marks(text)
    if marked is None:
        return _fold_slowly(text)
    return marked.replace(DROPPED, ""), list(compress(range(len(marked)), _mask(marked)))


def fold_marks(text: str) -> str | None:
    """``text`` folded character for character, as long as ``text``: each character's fold,
    or ``DROPPED`` where nothing is kept (hyphens and apostrophes, a space after another and
    spaces at either end), so that without ``DROPPED`` it is ``fold_with_offsets(text)[0]``.
    None when a character folds to more than one (``ß``, ``ﬁ``)."""
    marked = _fold_each(text)
    if _SEVERAL in marked:
        return None
    # A space after another, with only dropped marks between, is dropped: first those right
    # after another, then the rest, read backwards (the space before dropped marks and a space).
    marked = marked.replace("  ", _SPACE_DROPPED)
    if _DROPPED_SPACE in marked:
        marked = _SPACE_BEFORE_DROPPED.sub(DROPPED + DROPPED, marked[::-1])[::-1]
    last = len(marked.rstrip(_GAP))
    first = last - len(marked[:last].lstrip(_GAP))
    if first == 0 and last == len(marked):
        return marked
    return DROPPED * first + marked[first:last] + DROPPED * (len(marked) - last)


def marked_offsets(marked: str, folded: Iterable[int]) -> Iterator[int]:
    """The offsets in ``marked`` (from ``fold_marks``) of the folded text's characters at the
    offsets ``folded``, which never decrease, counting the dropped marks on the way."""
    kept, pos, last, at = 0, 0, -1, -1  # ``kept`` characters are not dropped before ``pos``
    for target in folded:
        if target != last:
            at = pos + target - kept
            dropped = marked.count(DROPPED, pos, at + 1)
            while dropped:
                low, at = at + 1, at + dropped
                dropped = marked.count(DROPPED, low, at + 1)
            kept, pos, last = target + 1, at + 1, target
        yield at


def _fold_each(text: str) -> str:
    """Each character of ``text`` folded to one: itself folded, a space for punctuation and
    possessive apostrophes, ``DROPPED`` for none and ``_SEVERAL`` for more than one. Non-ASCII
    characters are first written as ASCII ones that fold the same where they can."""
    if "'" in text or "\u2019" in text:
        text = _POSSESSIVE.sub(" ", text)
    try:
        plain = text.encode("ascii", _STAND_IN_ERRORS)
    except _NoStandIn:
        return text.translate(_FOLD_TABLE)
    return plain.translate(_ASCII_FOLD).decode("ascii")


def _mask(marked: str) -> Iterable[int]:
    """An integer per character of ``marked``, zero for ``DROPPED``, without a Python loop."""
    if marked.isascii():
        return marked.encode("ascii")
    return memoryview(marked.encode(_UTF32)).cast("I")


class _FoldTable(dict[int, str]):
    """``str.translate`` table of each character's fold: one character (a space for
    punctuation), ``DROPPED`` for none, ``_SEVERAL`` for more than one; filled as met."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        value = folded if len(folded) == 1 else _SEVERAL if folded else DROPPED
        self[code] = value
        return value


class _StandInTable(dict[int, str]):
    """``str.translate`` table of an ASCII character that folds as each character does (a
    hyphen for one that folds to nothing), or the character itself when there is none."""

    def __missing__(self, code: int) -> str:
        folded = _FOLD_TABLE[code]
        value = "-" if folded == DROPPED else folded
        if not value.isascii() or _FOLD_TABLE[ord(value)] != folded:
            value = chr(code)
        self[code] = value
        return value


class _NoStandIn(Exception):
    """A character has no ASCII stand-in."""


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler writing non-ASCII characters as their ASCII stand-ins."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    piece = error.object[error.start : error.end].translate(_STAND_INS)
    if not piece.isascii():
        raise _NoStandIn
    return piece, error.end


_SEVERAL = "\x01"  # a character that folds to more than one
_GAP = " " + DROPPED
_FOLD_TABLE = _FoldTable()
_STAND_INS = _StandInTable()
_ASCII_FOLD = bytes(ord(_FOLD_TABLE[c]) if c < 128 else c for c in range(256))
_STAND_IN_ERRORS = "dossier-fold-stand-in"
codecs.register_error(_STAND_IN_ERRORS, _stand_in)
_POSSESSIVE = re.compile(r"['\u2019](?=[sS](?![^\W_]))")
_SPACE_DROPPED = " " + DROPPED
_DROPPED_SPACE = DROPPED + " "
_SPACE_BEFORE_DROPPED = re.compile(f" {DROPPED}(?={DROPPED}* )")
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


def _fold_slowly(text: str) -> tuple[str, list[int]]:
    """``fold_with_offsets`` one character at a time."""
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
