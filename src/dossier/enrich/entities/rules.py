"""Mentions from three sources: the authority alias matcher, name patterns and the NER model,
merged into one non-overlapping list with titles kept out of names but recorded."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import attrgetter
from typing import Any

from dossier.enrich.entities.authority import (
    AliasRef,
    AuthorityIndex,
    Vocabulary,
    fold,
    fold_with_offsets,
    vocabulary,
)
from dossier.enrich.entities.model import ModelMention
from dossier.enrich.entities.names import DROPPED, fold_marks, marked_offsets

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
_NAME_TAIL = rf"[{_LOW}]+(?:['\u2019\-](?:[{_UP}][{_LOW}]+|[{_LOW}]{{2,}}))*"
NAME = rf"[{_UP}]{_NAME_TAIL}"
INITIAL = rf"[{_UP}]\."
# "Not after a word character or a period", checked once past the first character: a pattern
# that starts with a character (or a class) lets the regex engine skip ahead to the places that
# can match instead of trying every place.
_FREE = r"(?<![\w.][\s\S])"
_PATRONYMIC = r"(?:ovich|evich|vich|ich|ovna|evna|ichna|yevich)"
_INITIALS = re.compile(rf"[{_UP}]{_FREE}\.\s?(?:{INITIAL}\s?){{0,2}}(?:{NAME}\s)?{NAME}\b")
_MIDDLE = re.compile(rf"[{_UP}]{_FREE}{_NAME_TAIL}(?:\s{INITIAL})+\s{NAME}\b")
_INVERTED = re.compile(
    rf"(?P<surname>[{_UP}]{_FREE}{_NAME_TAIL}),\s(?P<first>{NAME})\s(?P<patr>{NAME}{_PATRONYMIC})\b"
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


def _mention(
    start: int,
    end: int,
    name: str,
    type: str,
    source: str,
    title: str | None = None,
    label: str | None = None,
    refs: tuple[AliasRef, ...] = (),
) -> Mention:
    """``Mention(...)``, the same object made about three times faster: a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__``, this fills its ``__dict__``."""
    mention = object.__new__(Mention)
    mention.__dict__.update(
        start=start,
        end=end,
        name=name,
        type=type,
        source=source,
        title=title,
        label=label,
        refs=refs,
    )
    return mention


@lru_cache(maxsize=8192)
def _clean_name(text: str) -> str:
    return " ".join(text.replace("[", " ").replace("]", " ").split())


class AliasMatcher:
    """Finds authority names in a text: longest match, diacritics and case folded, acronyms
    matched in capitals only and other names only when they start with a capital."""

    def __init__(self, index: AuthorityIndex) -> None:
        self.index = index
        # A space, then the keys as a tree of their characters (longer names tried first), then
        # a space or the end: the regex engine looks at each word once, not at every key.
        self._pattern = re.compile(rf" {_trie(index.keys) or '(?!x)x'}(?![^ ])")
        self._seen: dict[tuple[str, str], _Accepted] = {}

    def find(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        for start, end, key in self._places(text):
            if text[start - 1 : start] == "[" and "]" in text[start:end]:
                start -= 1
            if text[end : end + 1] == "." and _DOTTED_END.search(text[start:end]):
                end += 1
            surface = text[start:end]
            refs, source = self._accepted(key, surface)
            if not refs:
                continue
            entity = self.index.entities[refs[0].entity]
            out.append(_mention(start, end, _clean_name(surface), entity.type, source, refs=refs))
        return out

    def _accepted(self, key: str, surface: str) -> tuple[tuple[AliasRef, ...], str]:
        """The index entries of ``key`` that ``surface`` is written right for, and the source
        of its mention; remembered per key and surface while the entries stay the same."""
        entries = tuple(self.index.keys[key])
        seen = self._seen.get((key, surface))
        if seen is not None and seen[0] == entries:
            return seen[1], seen[2]
        refs = tuple(r for r in entries if _case_ok(surface, r))
        source = "surname" if all(r.kind == "surname" for r in refs) else "authority"
        if len(self._seen) >= _SEEN_LIMIT:
            self._seen.clear()
        self._seen[key, surface] = (entries, refs, source)
        return refs, source

    def _places(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, key)`` of the keys found in ``text``, as offsets into ``text``."""
        marked = fold_marks(text)
        if marked is None:
            folded, where = fold_with_offsets(text)
            return [(where[a], where[b - 1] + 1, key) for a, b, key in self._keys_in(folded)]
        found = self._keys_in(marked.replace(DROPPED, ""))
        ends = marked_offsets(marked, [i for a, b, _ in found for i in (a, b - 1)])
        return [(next(ends), next(ends) + 1, key) for _, _, key in found]

    def _keys_in(self, folded: str) -> list[tuple[int, int, str]]:
        """Keys standing as whole words in ``folded``, left to right, the longest at each word
        where one starts, as ``(start, end, key)`` offsets into ``folded``."""
        return [
            (m.start(), m.end() - 1, m.group()[1:]) for m in self._pattern.finditer(f" {folded}")
        ]


_SEEN_LIMIT = 50_000  # (key, surface) pairs an AliasMatcher remembers
# The index entries of a key, those accepted for a surface, and the mention's source.
_Accepted = tuple[tuple[AliasRef, ...], tuple[AliasRef, ...], str]


def _trie(keys: Iterable[str]) -> str:
    """A regex matching any of ``keys``, the longest first, branching one character at a time."""
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}  # a key ends here
    return _branches(root)


def _branches(node: dict[str, Any]) -> str:
    ways = [re.escape(ch) + _branches(rest) for ch, rest in sorted(node.items()) if ch]
    if not ways:
        return ""
    body = ways[0] if len(ways) == 1 else f"(?:{'|'.join(ways)})"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(ways) == 1 else f"{body}?"


_DOTTED_END = re.compile(r"\.[A-Z]$")


def _case_ok(surface: str, ref: AliasRef) -> bool:
    letters = _letters(surface)
    if not letters:
        return True
    if ref.acronym:
        return letters == _letters(ref.name)
    first = _letters(ref.name)[:1] or "A"
    return not letters[0].islower() or first.islower()


@lru_cache(maxsize=8192)
def _letters(text: str) -> str:
    return "".join(filter(str.isalpha, text))


@lru_cache(maxsize=16)
def _title_pattern(titles: tuple[str, ...], after: str = "") -> re.Pattern[str]:
    """A title followed by its space, then ``after`` (compiled once per vocabulary)."""
    body = "|".join(map(_free_title, titles))
    return re.compile(rf"(?P<title>{body})(?:(?<=\.)\s?|\s)" + after)


def _free_title(title: str) -> str:
    """``title`` as a regex, not after a word character or a period."""
    if not title:
        return r"(?<![\w.])"
    return re.escape(title[0]) + _FREE + re.escape(title[1:])


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
                _mention(
                    m.start("name"), end, " ".join(words), "person", "rule", title=m.group("title")
                )
            )
    for pattern, hint, back in ((_INITIALS, _INITIALS_HINT, 0), (_MIDDLE, _MIDDLE_HINT, 2)):
        for m in _matches_before(pattern, text, [h.start() - back for h in hint.finditer(text)]):
            if m.group().split()[-1] not in vocab.not_names:
                out.append(_mention(m.start(), m.end(), _clean_name(m.group()), "person", "rule"))
    for m in _matches_before(_INVERTED, text, [h.start() for h in _INVERTED_HINT.finditer(text)]):
        name = f"{m['first']} {m['patr']} {m['surname']}"
        out.append(_mention(m.start(), m.end(), name, "person", "rule"))
    for m in _BRACKET.finditer(text):
        name = f"{m['given']} {m['surname']}"
        if any(w in vocab.not_names for w in name.split()):
            continue
        out.append(_mention(m.start(), m.end(), name, "person", "bracket"))
    return out


# Where the names that _INITIALS, _MIDDLE and _INVERTED begin with end, found by cheaper regexes
# that look for a period or a comma first: an initial's period, a period of an initial after a
# name, and a comma after a name.
_INITIALS_HINT = re.compile(rf"\.(?<=[{_UP}]\.)")
_MIDDLE_HINT = re.compile(rf"\.(?<=[{_LOW}]\s[{_UP}]\.)")
_INVERTED_HINT = re.compile(rf",(?<=[{_LOW}],)(?=\s[{_UP}])")
_NAME_CHARACTERS = frozenset(
    c for c in map(chr, range(0x500)) if re.fullmatch(rf"[{_UP}{_LOW}'\u2019\-]", c)
)


def _matches_before(pattern: re.Pattern[str], text: str, ends: list[int]) -> list[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches all begin with a name ending at
    one of ``ends`` (increasing): only the places in the run of name characters before each
    end are tried."""
    out: list[re.Match[str]] = []
    pos = 0
    for end in ends:
        start = max(_name_start(text, end), pos)
        while start < end:
            m = pattern.match(text, start)
            if m:
                out.append(m)
                start = pos = m.end()
            else:
                start += 1
    return out


def _name_start(text: str, end: int) -> int:
    """The start of the run of name characters that ends at ``end``."""
    start = end
    while start and text[start - 1] in _NAME_CHARACTERS:
        start -= 1
    return start


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
    shapes = _shapes(vocab)
    out: list[Mention] = []
    for item in found:
        start = item.start
        key = (item.label, text[start - 1 : start], text[start : item.end])
        shape = shapes.get(key, _UNSEEN)
        if shape is _UNSEEN:
            if len(shapes) >= _SHAPES_LIMIT:
                shapes.clear()
            shape = shapes[key] = _shape(*key, vocab)
        if shape is not None:
            lead, end, name, kind, source, title = shape
            out.append(_mention(start + lead, start + end, name, kind, source, title, item.label))
    return out


# What a model entity becomes, given its label, the character before it and its text: where
# the mention starts and ends (from the entity's start), its name, type, source and title;
# None when it is dropped. Remembered per vocabulary.
_Shape = tuple[int, int, str, str, str, str | None] | None
_SHAPES: dict[int, tuple[Vocabulary, dict[tuple[str, str, str], _Shape]]] = {}
_SHAPES_LIMIT = 50_000
_UNSEEN: _Shape = (0, 0, "", "", "", None)  # a marker, compared by identity


def _shapes(vocab: Vocabulary) -> dict[tuple[str, str, str], _Shape]:
    entry = _SHAPES.get(id(vocab))
    if entry is None or entry[0] is not vocab:
        if len(_SHAPES) >= 8:
            _SHAPES.clear()
        entry = _SHAPES[id(vocab)] = (vocab, {})
    return entry[1]


def _shape(label: str, before: str, surface: str, vocab: Vocabulary) -> _Shape:
    """What the model entity ``surface``, after ``before`` (a character or none), becomes."""
    kind = vocab.labels.get(label)
    if kind is None or "\n" in surface:
        return None
    text = before + surface
    start, end = _trimmed(text, len(before), len(text))
    name = _clean_name(text[start:end])
    if len(name) < 2 or _JUNK.search(name) or not _has_upper(name):
        return None
    source = "model-person" if kind == "person" else "model"
    title = None
    if kind == "person":
        m = _title_pattern(vocab.titles).match(text, start, end)
        if m and m.end() < end:
            start, name, title = m.end(), _clean_name(text[m.end() : end]), m.group("title")
        if fold(name) in _stop_keys(vocab):
            return None
    return start - len(before), end - len(before), name, kind, source, title


_LEAD = re.compile(r"(?:the\s+|The\s+|[\]\[,;:\s]+)+")
_TAIL = re.compile(r"(?:['\u2019]s|[\]\[,;:.\s]+)$")
_TAIL_ENDS = frozenset("s][,;:.")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without a leading "the", brackets and punctuation, nor a trailing
    possessive or punctuation (a final initial keeps its period)."""
    lead = _LEAD.match(text, start, end)
    if lead:
        start = lead.end()
    surface = text[start:end]
    if not surface or not (surface[-1] in _TAIL_ENDS or surface[-1].isspace()):
        return start, end  # _TAIL cannot match
    tail = _TAIL.search(surface)
    if tail and not _ENDS_WITH_INITIAL.search(surface):
        end = start + tail.start()
    return start, end


def _has_upper(name: str) -> bool:
    return name[:1].isupper() or any(c.isupper() for c in name)


def resolve_overlaps(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep the best of overlapping mentions: authority names, then patterns and model persons,
    then bare surnames, then other model entities; longer first within a rank."""
    ordered = sorted(mentions, key=_preference)
    taken: list[Mention] = []
    spans: list[tuple[int, int]] = []  # of ``taken``, in order, so that
    ends: list[int] = []  # their ends never decrease (when no mention ends before it starts)
    for mention in ordered:
        start, end = mention.start, mention.end
        if start > end:
            return _resolve_one_by_one(ordered)
        i = bisect_right(ends, start)  # the first span ending after ``start``
        if i == len(ends) or spans[i][0] >= end:
            i = bisect_right(spans, (start, end))
            spans.insert(i, (start, end))
            ends.insert(i, end)
            taken.append(mention)
    return sorted(taken, key=_START)


def _preference(m: Mention) -> tuple[float, int, int]:
    """Sort key: rank (highest first), then length (longest first), then start."""
    return -_RANK.get(m.source, 0.0), m.start - m.end, m.start


_START = attrgetter("start")


def _resolve_one_by_one(ordered: list[Mention]) -> list[Mention]:
    """``resolve_overlaps`` for mentions in order of preference, some of them reversed."""
    taken: list[Mention] = []
    for mention in ordered:
        if all(mention.end <= t.start or mention.start >= t.end for t in taken):
            taken.append(mention)
    return sorted(taken, key=_START)


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
    kept = candidates
    if exclude:
        kept = [m for m in candidates if not any(m.start < b and a < m.end for a, b in exclude)]
    kept.extend(fixed)
    return attach_titles(text, resolve_overlaps(kept), vocab)
