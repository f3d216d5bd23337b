"""Mentions from three sources: the authority alias matcher, name patterns and the NER model,
merged into one non-overlapping list with titles kept out of names but recorded."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from dossier.enrich.entities.authority import (
    AliasRef,
    AuthorityIndex,
    Vocabulary,
    fold,
    fold_with_offsets,
    vocabulary,
)
from dossier.enrich.entities.model import ModelMention

__all__ = [
    "AliasMatcher",
    "Mention",
    "attach_titles",
    "extract_mentions",
    "model_mentions",
    "pattern_mentions",
    "resolve_overlaps",
]

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0400-\u042f"
_LOW = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f\u0430-\u044f"
NAME = rf"[{_UP}][{_LOW}]+(?:['\u2019\-](?:[{_UP}][{_LOW}]+|[{_LOW}]{{2,}}))*"
INITIAL = rf"[{_UP}]\."
_PATRONYMIC = r"(?:ovich|evich|vich|ich|ovna|evna|ichna|yevich)"
_INITIALS = re.compile(rf"(?<![\w.])(?:{INITIAL}\s?){{1,3}}(?:{NAME}\s)?{NAME}\b")
_MIDDLE = re.compile(rf"(?<![\w.]){NAME}(?:\s{INITIAL})+\s{NAME}\b")
_INVERTED = re.compile(
    rf"(?<![\w.])(?P<surname>{NAME}),\s(?P<first>{NAME})\s(?P<patr>{NAME}{_PATRONYMIC})\b"
)
_BRACKET = re.compile(
    rf"\[(?P<given>(?:{NAME}|{INITIAL})(?:\s(?:{NAME}|{INITIAL}))*)\]\s(?P<surname>{NAME})\b"
)
_RANK = {
    "reader": 4.0,
    "authority": 3.0,
    "bracket": 2.5,
    "rule": 2.2,
    "model-person": 2.0,
    "surname": 1.0,
}
_ENDS_WITH_INITIAL = re.compile(rf"(?:^|\s){INITIAL}$")


@dataclass(frozen=True)
class Mention:
    """A name in the text: ``[start, end)`` without any title, the name as read (inverted and
    bracketed forms rewritten as ``Given Surname``), its type and where it came from."""

    start: int
    end: int
    name: str
    type: str
    source: str  # authority | surname | rule | bracket | model | model-person | reader
    title: str | None = None
    label: str | None = None
    refs: tuple[AliasRef, ...] = ()

    @property
    def rank(self) -> float:
        return _RANK.get(self.source, 0.0)


def _clean_name(text: str) -> str:
    return " ".join(text.replace("[", " ").replace("]", " ").split())


class AliasMatcher:
    """Finds authority names in a text: longest match, diacritics and case folded, acronyms
    matched in capitals only and other names only when they start with a capital."""

    def __init__(self, index: AuthorityIndex) -> None:
        self.index = index
        keys = sorted(index.keys, key=len, reverse=True)
        body = "|".join(re.escape(k) for k in keys) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<![^ ])(?:{body})(?![^ ])")

    def find(self, text: str) -> list[Mention]:
        folded, where = fold_with_offsets(text)
        out: list[Mention] = []
        for m in self._pattern.finditer(folded):
            start, end = where[m.start()], where[m.end() - 1] + 1
            if text[start - 1 : start] == "[" and "]" in text[start:end]:
                start -= 1
            if text[end : end + 1] == "." and re.search(r"\.[A-Z]$", text[start:end]):
                end += 1
            surface = text[start:end]
            refs = tuple(r for r in self.index.keys[m.group()] if _case_ok(surface, r))
            if not refs:
                continue
            kinds = {r.kind for r in refs}
            entity = self.index.entities[refs[0].entity]
            source = "surname" if kinds == {"surname"} else "authority"
            out.append(Mention(start, end, _clean_name(surface), entity.type, source, refs=refs))
        return out


def _case_ok(surface: str, ref: AliasRef) -> bool:
    letters = [c for c in surface if c.isalpha()]
    if not letters:
        return True
    if ref.acronym:
        return "".join(letters) == "".join(c for c in ref.name if c.isalpha())
    first = next((c for c in ref.name if c.isalpha()), "A")
    return not letters[0].islower() or first.islower()


@lru_cache(maxsize=16)
def _title_pattern(titles: tuple[str, ...], after: str = "") -> re.Pattern[str]:
    """A title followed by its space, then ``after`` (compiled once per vocabulary)."""
    body = "|".join(re.escape(t) for t in titles)
    return re.compile(rf"(?<![\w.])(?P<title>{body})(?:(?<=\.)\s?|\s)" + after)


def _strip_title(text: str, mention: Mention, vocab: Vocabulary) -> Mention:
    """Move a leading title ("General", "c.") out of the mention into ``title``."""
    pattern = _title_pattern(vocab.titles)
    m = pattern.match(text, mention.start, mention.end)
    if not m or m.end() >= mention.end:
        return mention
    title = m.group("title")
    return replace(
        mention, start=m.end(), name=_clean_name(text[m.end() : mention.end]), title=title
    )


def pattern_mentions(text: str, vocab: Vocabulary | None = None) -> list[Mention]:
    """Person names by pattern: titled names, initials, bracketed given names, inverted
    ``Surname, First Patronymic`` forms."""
    vocab = vocab or vocabulary()
    out: list[Mention] = []
    titled = _title_pattern(vocab.titles, rf"(?P<name>{NAME}(?:\s{NAME})?)")
    for m in titled.finditer(text):
        words = m.group("name").split()
        while words and words[-1] in vocab.not_names:
            words.pop()
        if words and words[0] not in vocab.not_names:
            end = m.start("name") + len(" ".join(words))
            out.append(
                Mention(
                    m.start("name"), end, " ".join(words), "person", "rule", title=m.group("title")
                )
            )
    for pattern in (_INITIALS, _MIDDLE):
        for m in pattern.finditer(text):
            if m.group().split()[-1] not in vocab.not_names:
                out.append(Mention(m.start(), m.end(), _clean_name(m.group()), "person", "rule"))
    for m in _INVERTED.finditer(text):
        name = f"{m['first']} {m['patr']} {m['surname']}"
        out.append(Mention(m.start(), m.end(), name, "person", "rule"))
    for m in _BRACKET.finditer(text):
        name = f"{m['given']} {m['surname']}"
        if any(w in vocab.not_names for w in name.split()):
            continue
        out.append(Mention(m.start(), m.end(), name, "person", "bracket"))
    return out


_JUNK = re.compile(r"https?:|www\.|/|^\W|^\d")


_STOP_KEYS: dict[int, frozenset[str]] = {}


def _stop_keys(vocab: Vocabulary) -> frozenset[str]:
    """Folded words that are never a person's name (titles, listed non-names), per vocabulary."""
    keys = _STOP_KEYS.get(id(vocab))
    if keys is None:
        keys = _STOP_KEYS[id(vocab)] = frozenset(
            fold(n) for n in vocab.not_names | set(vocab.titles)
        )
    return keys


def model_mentions(
    text: str, found: Sequence[ModelMention], vocab: Vocabulary | None = None
) -> list[Mention]:
    """The model's entities of the mapped labels, trimmed ("the", "'s", brackets, titles)."""
    vocab = vocab or vocabulary()
    out: list[Mention] = []
    for item in found:
        kind = vocab.labels.get(item.label)
        start, end = item.start, item.end
        surface = text[start:end]
        if kind is None or "\n" in surface:
            continue
        lead = re.match(r"(?:the\s+|The\s+|[\]\[,;:\s]+)+", surface)
        if lead:
            start += lead.end()
        tail = re.search(r"(?:['\u2019]s|[\]\[,;:.\s]+)$", text[start:end])
        if tail and not _ENDS_WITH_INITIAL.search(text[start:end]):
            end = start + tail.start()
        name = _clean_name(text[start:end])
        if len(name) < 2 or _JUNK.search(name) or not any(c.isupper() for c in name):
            continue
        source = "model-person" if kind == "person" else "model"
        mention = Mention(start, end, name, kind, source, label=item.label)
        if kind == "person":
            mention = _strip_title(text, mention, vocab)
            if fold(mention.name) in _stop_keys(vocab):
                continue
        out.append(mention)
    return out


def resolve_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep the best of overlapping mentions: authority names, then patterns and model persons,
    then bare surnames, then other model entities; longer first within a rank."""
    ordered = sorted(mentions, key=lambda m: (-m.rank, -(m.end - m.start), m.start))
    taken: list[Mention] = []
    for mention in ordered:
        if all(mention.end <= t.start or mention.start >= t.end for t in taken):
            taken.append(mention)
    return sorted(taken, key=lambda m: m.start)


def attach_titles(
    text: str, mentions: Sequence[Mention], vocab: Vocabulary | None = None
) -> list[Mention]:
    """Record a title written just before a person mention ("Marshal Malinovsky")."""
    vocab = vocab or vocabulary()
    pattern = _title_pattern(vocab.titles, "$")
    out: list[Mention] = []
    for m in mentions:
        if m.type == "person" and m.title is None:
            found = pattern.search(text, max(0, m.start - 30), m.start)
            if found:
                m = replace(m, title=found.group("title"))
        out.append(m)
    return out


def extract_mentions(
    text: str,
    matcher: AliasMatcher,
    found: Sequence[ModelMention] = (),
    *,
    exclude: Sequence[tuple[int, int]] = (),
    fixed: Sequence[Mention] = (),
    vocab: Vocabulary | None = None,
) -> list[Mention]:
    """All mentions of ``text``: ``fixed`` ones (made by a reader), authority, patterns and model
    (``found``), resolved, titled, and outside the ``exclude`` ranges (editorial page and note
    marks; reader mentions are kept there)."""
    vocab = vocab or vocabulary()
    candidates = [
        *matcher.find(text),
        *pattern_mentions(text, vocab),
        *model_mentions(text, found, vocab),
    ]
    kept = [m for m in candidates if not any(m.start < b and a < m.end for a, b in exclude)]
    kept.extend(fixed)
    return attach_titles(text, resolve_overlaps(kept), vocab)
