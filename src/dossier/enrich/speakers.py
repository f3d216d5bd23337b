"""Names near quotations: capitalised names, whether one reads as a subject, and the name a
pronoun stands for."""

from __future__ import annotations

import re
from functools import cache

from dossier.data import load_data
from dossier.enrich.sentences import common_words, split_sentences, word_list

__all__ = ["CONTEXT_CHARS", "name_pattern", "names_in", "resolve_pronoun", "subject_like"]

CONTEXT_CHARS = 300

_TOKEN = r"(?:[A-Z]\.(?:\s?[A-Z]\.)*|[A-Z][a-z’'-]*[a-z](?:-[A-Z][a-z]+)?)"


@cache
def name_pattern() -> re.Pattern[str]:
    """A capitalised name of up to four words, with initials and titles such as "Gen."."""
    data = load_data("abbreviations")
    titles = [str(t) for t in data.get("never", []) if str(t).isalpha() and len(str(t)) > 1]
    title = "|".join(re.escape(t.capitalize()) for t in sorted(titles, key=len, reverse=True))
    token = rf"(?:(?:{title})\.(?=\s+[A-Z])|{_TOKEN})"
    return re.compile(rf"\b{token}(?:\s+{token}){{0,3}}")


def names_in(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Capitalised names in ``text[lo:hi]``, leading common words ("Then", "The") dropped."""
    common = common_words()
    out: list[tuple[int, int]] = []
    for m in name_pattern().finditer(text, lo, hi):
        if text[m.end() - 2 : m.end()] in ("’s", "'s") or text[m.end() - 1] in "’'":
            continue
        a = m.start()
        for word in re.finditer(r"\S+", m.group()):
            if word.group().lower().rstrip(".") not in common:
                break
            a = m.start() + word.end()
        while a < m.end() and text[a].isspace():
            a += 1
        name = text[a : m.end()]
        first = name.split()[0].rstrip(".").lower() if name else ""
        if not name or name.lower() in common or first in word_list("english", "months"):
            continue
        if " " not in name and name.endswith("ly"):
            continue
        out.append((a, m.end()))
    return out


def subject_like(text: str, a: int, b: int) -> bool:
    """Whether the name ``text[a:b]`` reads like a subject: not after a preposition, and
    followed by a lower-case word or a comma."""
    before = re.search(r"(\w+)\W*$", text[max(0, a - 20) : a])
    if before and before.group(1).lower() in word_list("english", "prepositions"):
        return False
    return bool(re.match(r",|\s+[a-z]", text[b : b + 3]))


def resolve_pronoun(text: str, at: int, floor: int) -> tuple[int, int] | None:
    """The name a pronoun at ``at`` stands for: the subject of the nearest earlier sentence that
    opens with a name, else the most recent name."""
    lo = max(floor, at - 4 * CONTEXT_CHARS)
    sentences = [s for s in split_sentences(text, lo, at) if s[0] < at]
    for a, b in reversed(sentences):
        names = names_in(text, a, min(b, at))
        near_start = names and text[a : names[0][0]].strip(" ,").count(" ") < 2
        if near_start and subject_like(text, *names[0]):
            return names[0]
    names = [n for n in names_in(text, lo, at) if subject_like(text, *n)]
    return names[-1] if names else None
