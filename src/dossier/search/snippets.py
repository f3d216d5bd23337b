"""Snippets with highlights for indexes that do not make their own: a window of a passage's
tokens around the best cluster of query matches, cut and marked as FTS5's ``snippet()`` does
(``…`` where text was left out; a phrase highlighted as one range)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["ELLIPSIS", "Token", "make_snippet", "matches"]

ELLIPSIS = "…"


@dataclass(frozen=True)
class Token:
    """A token as the index sees it (folded ``text``) and where it is in the passage."""

    text: str
    start: int
    end: int


def _hits(tokens: Sequence[Token], at: int, words: Sequence[str], prefix: bool) -> bool:
    if at + len(words) > len(tokens):
        return False
    for i, word in enumerate(words):
        token = tokens[at + i].text
        last = i == len(words) - 1
        if not (token == word or (prefix and last and token.startswith(word))):
            return False
    return True


def matches(
    tokens: Sequence[Token], terms: Sequence[tuple[Sequence[str], bool]]
) -> list[tuple[int, int, int]]:
    """(first token, last token, term number) of every occurrence of every term."""
    found = []
    for number, (words, prefix) in enumerate(terms):
        if not words:
            continue
        for at in range(len(tokens)):
            if _hits(tokens, at, words, prefix):
                found.append((at, at + len(words) - 1, number))
    return sorted(found)


def _window(found: list[tuple[int, int, int]], count: int, size: int) -> int:
    """The first token of the ``size``-token window holding the most distinct terms."""
    if count <= size or not found:
        return 0
    best, best_score = 0, (-1, -1)
    for first, _last, _term in found:
        start = max(0, min(first - size // 4, count - size))
        inside = [m for m in found if m[0] >= start and m[1] < start + size]
        score = (len({m[2] for m in inside}), len(inside))
        if score > best_score:
            best, best_score = start, score
    return best


def make_snippet(
    text: str,
    tokens: Sequence[Token],
    terms: Sequence[tuple[Sequence[str], bool]],
    size: int,
) -> tuple[str, list[tuple[int, int]]]:
    """The snippet of ``text`` (at most ``size`` tokens) and its highlighted ranges."""
    if not tokens:
        return text, []
    found = matches(tokens, terms)
    start = _window(found, len(tokens), size)
    stop = min(len(tokens), start + size) - 1
    cut_from = 0 if start == 0 else tokens[start].start
    cut_to = len(text) if stop == len(tokens) - 1 else tokens[stop].end
    lead = ELLIPSIS if start > 0 else ""
    snippet = lead + text[cut_from:cut_to] + (ELLIPSIS if cut_to < len(text) else "")
    shift = len(lead) - cut_from
    ranges: list[tuple[int, int]] = []
    for first, last, _term in found:
        if first < start or last > stop:
            continue
        a, b = tokens[first].start + shift, tokens[last].end + shift
        if ranges and a <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(b, ranges[-1][1]))
        else:
            ranges.append((a, b))
    return snippet, ranges
