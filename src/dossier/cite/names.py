"""Creator strings as CSL names: ``{"family", "given"}`` for people, ``{"literal"}`` otherwise.

``Sergey Radchenko`` and ``Radchenko, Sergey`` give ``{"family": "Radchenko", "given": "Sergey"}``;
``Charles de Gaulle`` keeps the particle with the family name; a single capitalised word
(``Bohlen``) is a family name alone. Anything with an office or organisation word
(``The Ambassador in the Soviet Union (Harriman)``, ``Department of State``), digits, brackets,
lower-case words or more than four words stays a literal name.

The parse is stable under its own output: ``parse_name(sorted_name(n)) == n`` for every ``n``
that ``parse_name`` returns, which is what lets RIS and BibTeX carry names without markers.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from dossier.cite.vocab import vocab

__all__ = ["clean_text", "display_name", "parse_name", "parse_names", "sorted_name"]

_NAME_MARKS = frozenset("'’.-")
_DROPPED = frozenset({"Cc", "Cs"})  # control characters and lone surrogates; bidi marks stay


def clean_text(value: Any) -> str:
    """One line of text: whitespace runs (line breaks included) become one space, control
    characters go; ``None`` gives an empty string."""
    if value is None:
        return ""
    text = "".join(
        ch for ch in str(value) if ch.isspace() or unicodedata.category(ch) not in _DROPPED
    )
    return " ".join(text.split())


def _is_word(token: str) -> bool:
    return token[0].isupper() and all(ch.isalpha() or ch in _NAME_MARKS for ch in token)


def _personal(tokens: list[str]) -> bool:
    words = vocab()
    if not 1 <= len(tokens) <= 4 or tokens[-1] in words.particles:
        return False
    if any(t.lower().strip(".'’") in words.corporate_words for t in tokens):
        return False
    named = [t for t in tokens if t not in words.particles]
    return bool(named) and all(_is_word(t) for t in named)


def _split_plain(tokens: list[str]) -> dict[str, str]:
    if len(tokens) == 1 or tokens[0] in vocab().particles:
        return {"family": " ".join(tokens)}
    cut = next((i for i, t in enumerate(tokens) if t in vocab().particles), len(tokens) - 1)
    return {"family": " ".join(tokens[cut:]), "given": " ".join(tokens[:cut])}


def _split_sorted(text: str) -> dict[str, str]:
    family, given = (part.strip() for part in text.split(",", 1))
    tokens = family.split() + given.split()
    if not family or not _personal(tokens):
        return {"literal": text}
    if not given:
        return {"family": family} if len(family.split()) == 1 else {"literal": text}
    return {"family": family, "given": given}


def parse_name(value: str) -> dict[str, str] | None:
    """One creator string as a CSL name, or ``None`` when it is empty."""
    text = clean_text(value)
    if not text:
        return None
    commas = text.count(",")
    if commas > 1:
        return {"literal": text}
    if commas == 1:
        return _split_sorted(text)
    tokens = text.split()
    return _split_plain(tokens) if _personal(tokens) else {"literal": text}


def parse_names(values: list[str]) -> list[dict[str, str]]:
    return [name for name in map(parse_name, values) if name is not None]


def sorted_name(name: dict[str, str]) -> str:
    """``Family, Given`` (or the family or literal alone): the form RIS and BibTeX expect."""
    if "literal" in name:
        return name["literal"]
    given = name.get("given")
    return f"{name['family']}, {given}" if given else name["family"]


def display_name(name: dict[str, str]) -> str:
    """``Given Family`` (or the literal): the form pages and meta tags show."""
    if "literal" in name:
        return name["literal"]
    return " ".join(p for p in (name.get("given"), name.get("family")) if p)
