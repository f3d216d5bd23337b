r"""Scanning a text with a time pattern much faster, finding exactly what ``finditer`` finds.

Every time pattern starts with ``(?<![\w'])`` (a match never starts inside a word) and most go on
with long case-insensitive alternations of words and optional groups. Python's ``re`` finds no
prefix to skip to in such a pattern, so it tries a match at every position of the text, and
under IGNORECASE it enters every branch of an alternation in turn. These rewrites do much less
work and change no match:

- ``trie`` writes an alternation of words as a trie (``the\s+(?:early|end\s+of)``) whose
  branches begin with a case-sensitive class, which ``re`` tests before entering a branch;
- ``optional_branches`` writes ``(?:X)?`` as ``(?:X|)``, which ``re`` tries more cheaply;
- ``Scanner`` only tries the pattern after a character that may precede a match followed by the
  first characters a match may begin with: ``re`` skips to such a place in C, and the pattern
  runs in a look-ahead that records where the match ends.
"""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

__all__ = ["FOLDS", "LEAD", "Match", "Scanner", "case_class", "optional_branches", "trie"]

LEAD = r"(?<![\w'])"
"""The look-behind every time pattern starts with."""

_TOKEN = re.compile(r"\\s[+*]|\\[^A-Za-z0-9]|[^\\|()\[\]{}?*+.^$]|(\|)")
FOLDS = "\u0130\u0131\u017f\u212a"
"""The characters other than ASCII letters that IGNORECASE matches to an ASCII letter."""

Alternative = tuple[str, ...]


def _tokens(alt: str) -> list[Alternative] | None:
    r"""The branches of ``alt`` as tokens (a character, an escaped one, ``\s+`` or ``\s*``), or
    None when ``alt`` is anything more than an alternation of such words."""
    out: list[Alternative] = []
    current: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(alt):
        if m.start() != pos:
            return None
        pos = m.end()
        if m.group(1):
            out.append(tuple(current))
            current = []
        else:
            current.append(m.group())
    if pos != len(alt):
        return None
    out.append(tuple(current))
    return out


def _key(token: str) -> str | None:
    """What a branch starting with ``token`` can start with: branches with different keys never
    match at the same place. None when the token may match where any other does."""
    if token == r"\s+":
        return " "
    char = token[-1]
    if token == r"\s*" or char.isspace() or not char.isascii():
        return None
    return char.lower()


def _head(token: str) -> str:
    """``token`` as the start of a branch: a letter becomes a case-sensitive class, which ``re``
    tests before entering the branch."""
    if len(token) == 1 and token.isascii() and token.isalpha():
        return case_class(frozenset({token.lower()}))
    return token


def _groups(alts: list[Alternative]) -> list[tuple[str | None, list[Alternative]]]:
    """The branches gathered by key, in order. A branch joins an earlier one with its key unless
    a branch that may match anywhere (an empty one, say) lies between: moving it past branches
    with other keys cannot change which branch matches first."""
    groups: list[tuple[str | None, list[Alternative]]] = []
    for alt in alts:
        key = _key(alt[0]) if alt else None
        target = None
        for group_key, members in reversed(groups):
            if group_key is None:
                break
            if group_key == key:
                target = members
                break
        if target is None:
            groups.append((key, [alt]))
        else:
            target.append(alt)
    return groups


def _shareable(alts: list[Alternative], n: int) -> bool:
    r"""Whether token ``n`` of every branch of ``alts`` can be written once. ``\s+`` can only when
    each branch goes on with a character it cannot match, so it takes the whole blank run in
    every branch."""
    keys = {_key(a[n]) for a in alts}
    if len(keys) != 1 or None in keys:
        return False
    if keys == {" "}:
        return all(len(a) > n + 1 and _key(a[n + 1]) not in (None, " ") for a in alts)
    return True


def _common(alts: list[Alternative]) -> int:
    """How many leading tokens the branches of ``alts`` share and can write once."""
    n = 0
    while all(len(a) > n for a in alts) and _shareable(alts, n):
        n += 1
    return n


def _emit(alts: list[Alternative]) -> str:
    """``alts`` as a trie: each group of branches with a key writes its shared tokens once,
    then the rest of its branches the same way."""
    parts: list[list[str]] = []
    for _, members in _groups(alts):
        shared = _common(members) if len(members) > 1 else 0
        if shared == 0:
            parts += [list(a) for a in members]
            continue
        inner = _emit([a[shared:] for a in members])
        parts.append([*members[0][:shared], "(?:" + inner + ")"])
    if len(parts) > 1:
        for part in parts:
            if part:
                part[0] = _head(part[0])
    return "|".join("".join(part) for part in parts)


def trie(alt: str) -> str:
    """``alt``, an alternation of words used case-insensitively, as an equivalent trie; ``alt``
    itself when it is more than plain words."""
    alts = _tokens(alt)
    return alt if alts is None else _emit(alts)


def case_class(items: frozenset[str]) -> str:
    r"""A case-sensitive class matching what the class of ``items`` (escaped characters, letters
    in lower case, ranges, ``\d``) matches under IGNORECASE."""
    chars: set[str] = set()
    for item in items:
        if len(item) == 1 and item.isascii() and item.isalpha():
            chars |= {c for c in (item, item.upper(), *FOLDS) if re.fullmatch(item, c, re.I)}
        else:
            chars.add(item)
    return "(?-i:[" + "".join(sorted(chars)) + "])"


def optional_branches(rx: str) -> str:
    """``rx`` with each group made optional by ``?`` written as a branch with an empty second
    alternative (``(?:X)?`` as ``(?:X|)``): the same matches in the same order, which ``re``
    tries more cheaply than a repeat."""
    out: list[str] = []
    opened: list[int] = []
    i = 0
    while i < len(rx):
        char = rx[i]
        step = 2 if char == "\\" else (_class_end(rx, i) - i if char == "[" else 1)
        piece = rx[i : i + step]
        i += step
        if char == "(":
            opened.append(len(out))
        elif char == ")":
            start = opened.pop()
            group = "".join(out[start:]) + ")"
            if rx[i : i + 1] == "?" and rx[i + 1 : i + 2] not in ("?", "+") and _plain(group):
                del out[start:]
                piece = group[:-1] + "|)" if group.startswith("(?:") else f"(?:{group}|)"
                i += 1
            else:
                del out[start:]
                piece = group
        out.append(piece)
    return "".join(out)


def _class_end(rx: str, i: int) -> int:
    """Where the class opening at ``rx[i]`` ends."""
    j = i + 1
    if rx[j : j + 1] == "^":
        j += 1
    if rx[j : j + 1] == "]":
        j += 1
    while rx[j] != "]":
        j += 2 if rx[j] == "\\" else 1
    return j + 1


def _plain(group: str) -> bool:
    """Whether ``group`` matches text (a look-around only tests it)."""
    return not group.startswith(("(?=", "(?!", "(?<=", "(?<!"))


def _parser() -> ModuleType | None:
    """Python's own regex parser, which ``Scanner`` reads patterns with (None if it moved)."""
    try:
        return importlib.import_module("re._parser")
    except ImportError:
        return None


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}
_ANY = frozenset({r"\s", r"\S"})
_FOLDED = {c: x for c in FOLDS for x in string.ascii_lowercase if re.fullmatch(x, c, re.I)}
"""The ASCII letter each character of ``FOLDS`` matches under IGNORECASE."""

Chars = frozenset[str]
"""A set of characters as the items of a class, letters in lower case (see ``case_class``)."""
Start = tuple[Chars, ...]
"""The first characters of a match, each as a set."""
Starts = set[tuple[Start, bool]]
"""Starts of matches, each with whether the match may end there."""


class _Starts:
    """The first characters of the case-insensitive matches of a parsed pattern: each method
    gives the starts of at most ``room`` characters of what it reads, with whether the match may
    end there, or None when it meets a part it does not follow or a character ``case_class``
    cannot write. Look-arounds are passed over (they consume nothing), so the starts found hold
    every match's start and maybe more."""

    def __init__(self, sre: ModuleType) -> None:
        self.sre = sre

    def seq(self, items: Any, room: int) -> Starts | None:
        """The starts of a sequence of items."""
        current: Starts | None = {((), True)}
        for op, av in items:
            if current is None:
                return None
            current = self.then(current, op, av, room)
        return current

    def then(self, starts: Starts, op: Any, av: Any, room: int) -> Starts | None:
        """``starts`` each followed by a match of the item ``op, av``, cut at ``room``
        characters (a start cut there may end only if the item may match nothing)."""
        out: Starts = set()
        for chars, ends in starts:
            if not ends or len(chars) == room:
                out.add((chars, ends and self.empty(op, av)))
                continue
            more = self.op(op, av, room - len(chars))
            if more is None:
                return None
            out |= {(chars + c, e) for c, e in more}
        return out

    def empty(self, op: Any, av: Any) -> bool:
        """Whether the item ``op, av`` may match nothing (True when unknown)."""
        got = self.op(op, av, 1)
        return got is None or ((), True) in got

    def op(self, op: Any, av: Any, room: int) -> Starts | None:
        """The starts of one item."""
        sre = self.sre
        if op in (sre.LITERAL, sre.IN, sre.NOT_LITERAL, sre.ANY):
            chars = self.chars(op, av)
            return None if chars is None else {((chars,), True)}
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            return {((), True)}
        if op is sre.SUBPATTERN:
            return self.seq(av[3], room)
        if op is sre.BRANCH:
            return self.branch(av[1], room)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            return self.repeat(av, room)
        return None

    def branch(self, alts: Any, room: int) -> Starts | None:
        """The starts of any of ``alts``."""
        out: Starts = set()
        for alt in alts:
            got = self.seq(alt, room)
            if got is None:
                return None
            out |= got
        return out

    def repeat(self, av: Any, room: int) -> Starts | None:
        """The starts of ``low`` to ``high`` matches of ``sub`` in a row (None when ``sub`` may
        match nothing); past ``room`` characters more rounds change nothing."""
        low, high, sub = av
        once = self.seq(sub, room)
        if once is None or ((), True) in once:
            return None
        out: Starts = set()
        current: Starts | None = {((), True)}
        count = 0
        while current is not None:
            if count >= low:
                out |= current
            if count == high or not any(ends for _, ends in current):
                return out if count >= low else current
            current = self.then(current, self.sre.SUBPATTERN, (None, 0, 0, sub), room)
            count += 1
        return None

    def chars(self, op: Any, av: Any) -> Chars | None:
        """The characters one character item matches, as class items."""
        sre = self.sre
        if op in (sre.NOT_LITERAL, sre.ANY):
            return _ANY
        out: set[str] = set()
        for kind, arg in [(op, av)] if op is sre.LITERAL else av:
            if kind is sre.LITERAL:
                char = _FOLDED.get(chr(arg), chr(arg).lower())
                if not char.isascii() and char.lower() != char.upper():
                    return None
                out.add(re.escape(char))
            elif kind is sre.RANGE and all(chr(c).isdigit() for c in range(arg[0], arg[1] + 1)):
                out.add(re.escape(chr(arg[0])) + "-" + re.escape(chr(arg[1])))
            elif kind is sre.CATEGORY and getattr(arg, "name", "") in _CATEGORIES:
                out.add(_CATEGORIES[arg.name])
            else:
                return None
        return frozenset(out)


def _in_words(chars: Chars) -> bool:
    """Whether every character of ``chars`` is a word character or ``'``: none can be the one
    before a match."""
    return all(c in (r"\d", r"\w", "'") or c.isalnum() or c[:1].isdigit() for c in chars)


def _render(starts: Iterable[Start]) -> str:
    """A pattern matching exactly the strings of ``starts`` (all of one length, case-sensitive
    classes), as a trie keyed on the first character."""
    tails: dict[str, set[Start]] = {}
    for chars in starts:
        for item in chars[0] if chars else ():
            tails.setdefault(item, set()).add(chars[1:])
    heads: dict[frozenset[Start], set[str]] = {}
    for item, after in tails.items():
        heads.setdefault(frozenset(after), set()).add(item)
    parts = []
    for rest, items in sorted(heads.items(), key=lambda kv: sorted(kv[1])):
        inner = _render(rest)
        parts.append(case_class(frozenset(items)) + (f"(?:{inner})" if inner else ""))
    return "|".join(parts)


def _scan_patterns(
    body: str, depths: tuple[int, ...]
) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The patterns of ``Scanner`` for ``body``: the scan, and the first characters a match can
    begin with, for the first of ``depths`` that works; None when none does. A depth works when
    every match is at least that long and any match just that long ends in a word character."""
    sre = _parser()
    if sre is None:
        return None
    try:
        tree = sre.parse(body, re.IGNORECASE)
        for depth in depths:
            got = _Starts(sre).seq(tree, depth)
            if got is None or any(len(chars) < depth for chars, _ in got):
                continue
            if not all(_in_words(chars[-1]) for chars, ends in got if ends):
                continue
            starts = {chars for chars, _ in got}
            columns = [frozenset().union(*(chars[k] for chars in starts)) for k in range(depth)]
            first = "".join(case_class(c) for c in columns)
            exact = _render(starts)
            after = rf"(?<={LEAD}(?={exact})(?i:(?=(?P<_m>{body})))[\s\S]{{{depth}}})"
            return re.compile(rf"[^A-Za-z0-9']{first}{after}"), re.compile(exact)
    except (AttributeError, TypeError, ValueError, re.error):
        return None
    return None


Match = tuple[int, int, dict[str, str | None]]


class Scanner:
    r"""``finditer`` of ``LEAD + body`` (case-insensitive), as (start, end, groups) triples.

    Past the text's start a match begins just after a character that is not a word character
    nor ``'``. The scan pattern consumes a candidate for that character (``re`` skips to the
    next in C) and the first few characters, each tested against the set any match may have
    there; then it steps back, checks the look-behind and that those characters begin some
    match, and matches ``body`` in a capturing look-ahead. Consuming them skips no match
    ``finditer`` would find: a match starting among them would start inside the match just
    found, or just after one that ends in a word character, which cannot precede a match. The
    scan also finds matches that begin inside an earlier one; those are dropped, as
    ``finditer`` never looks there."""

    def __init__(self, body: str, depths: tuple[int, ...] = (4, 3, 2, 1)) -> None:
        self._plain = re.compile(LEAD + body, re.IGNORECASE)
        self._fast = _scan_patterns(optional_branches(body), depths)

    @property
    def fast(self) -> bool:
        """Whether the scan pattern is used (else plain ``finditer``, when ``body`` has a part
        the analysis does not follow)."""
        return self._fast is not None

    def finditer(self, text: str) -> Iterator[Match]:
        """Each match of the pattern in ``text``, in order, as ``finditer`` gives them."""
        if self._fast is None:
            for m in self._plain.finditer(text):
                yield m.start(), m.end(), m.groupdict()
            return
        scan, begins = self._fast
        last = 0
        head = self._plain.match(text) if begins.match(text) else None
        if head is not None:
            last = head.end()
            yield 0, last, head.groupdict()
        for m in scan.finditer(text):
            start = m.start("_m")
            if start >= last:
                last = m.end("_m")
                groups = m.groupdict()
                del groups["_m"]
                yield start, last, groups
