"""Turn anything a user types into a safe full-text query.

Words are matched as words, "quoted phrases" as phrases, ``word*`` as a prefix, and ``OR``
between two terms as an alternative. Everything else that a query language would read as syntax
(``NEAR``, ``AND``, ``NOT``, parentheses, colons, stray quotes, NUL bytes) is read as plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossier.errors import QueryError

__all__ = ["ParsedQuery", "Term", "parse_query"]

_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
_WORD_CHARS = re.compile(r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*")
MAX_TERMS = 32


@dataclass(frozen=True)
class Term:
    """A phrase of one or more words; ``prefix`` matches words that start with the last one."""

    words: tuple[str, ...]
    prefix: bool = False
    alternative: bool = False  # joined to the previous term with OR


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...]

    @property
    def words(self) -> list[str]:
        return [w for term in self.terms for w in term.words]


def parse_query(raw: str) -> ParsedQuery:
    """Parse ``raw``; raises ``QueryError`` when nothing searchable is left."""
    raw = raw.replace("\x00", " ")
    terms: list[Term] = []
    pending_or = False
    for m in _TOKEN.finditer(raw):
        if m.group("word") == "OR" and terms:
            pending_or = True
            continue
        chunk = m.group("phrase") if m.group("phrase") is not None else m.group("word")
        words = tuple(_WORD_CHARS.findall(chunk))
        if not words:
            continue
        prefix = m.group("word") is not None and chunk.endswith("*") and len(words) == 1
        terms.append(Term(words, prefix, pending_or))
        pending_or = False
    if not terms:
        raise QueryError(f"nothing to search for in {raw.strip()[:60]!r}: type some words")
    if len(terms) > MAX_TERMS:
        raise QueryError(f"too many terms ({len(terms)} > {MAX_TERMS})")
    return ParsedQuery(tuple(terms))
