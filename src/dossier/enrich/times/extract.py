"""Finding time expressions: regular expressions built from the vocabulary, one per kind, longest
match wins, adjacent points joined into ranges.

The patterns are run fast: their word alternations as tries, each in a ``scan.Scanner`` that
tries it only where a match can begin, and not at all over a passage lacking every piece of text
its matches hold (a gate). ``_raw_plain`` runs them as written, the reference a test holds the
fast path to: both find the same candidates."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from dossier.enrich.times.scan import FOLDS, LEAD, Scanner, trie
from dossier.enrich.times.vocab import alternation, vocab

__all__ = ["Candidate", "compile_patterns", "find_candidates"]

_Rewrite = Callable[[str], str]
_Matches = Iterable[tuple[int, int, dict[str, str | None]]]

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_ERA = r"(?:B\.?C\.?E?\.?|A\.?D\.?|C\.?E\.?)(?![\w])"
_YEAR4 = r"(?<![\d$£€#.,:/])(?:1\d{3}|20\d{2})(?![\d%]|,\d|\.\d|-\d(?!\d))"
_YEAR = rf"(?:\d{{1,4}}\s?(?-i:{_ERA})|(?-i:A\.?D\.?)\s?\d{{1,4}}(?!\d)|{_YEAR4})"
_NUM_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_RANGE_JOIN = r"\s*(?:-|–|—|to|through|until|till|and|or)\s*"
_SPAN_WHICH = "next|following|past|last|previous|first|final|coming|intervening|succeeding"
_SPAN1_WHICH = "past|last"
_SPAN2_WHICH = "previous|following|next|last|past"
_REL_UNITS = ("day", "week", "month", "year", "decade", "century")


@dataclass(frozen=True)
class Candidate:
    """A matched expression before interpretation: its kind and the named groups it captured."""

    start: int
    end: int
    kind: str
    groups: dict[str, str] = field(compare=False)
    parts: tuple[Candidate, ...] = field(default=(), compare=False)


def _month() -> str:
    months = vocab().months
    longest = {n: max((w for w in months if months[w] == n), key=len) for n in months.values()}
    full = [w.capitalize() for w in months if longest[months[w]] == w]
    short = [w.capitalize() for w in months if longest[months[w]] != w]
    return rf"(?-i:(?:{alternation(full)})\b|(?:{alternation(short)})\b\.?)"


def _numbers(alt: _Rewrite) -> str:
    v = vocab()
    units = alternation([w for w in v.numbers if v.numbers[w] < 20 and w not in ("a", "an")])
    return rf"(?:(?:{alt(_NUM_TENS)})(?:[\s-](?:{alt(units)}))?|{alt(units)}|hundred|\d+(?:\.\d+)?)"


def _prefix(alt: _Rewrite) -> str:
    v = vocab()
    words = [*v.part_prefixes, *v.approx_prefixes, *v.same_prefixes]
    tails = [re.escape(w) + (r"\s*" if w.endswith("-") else r"\s+") for w in words]
    ordered = sorted(set(tails), key=lambda t: -len(t))
    return "(?P<pre>" + alt("|".join(ordered).replace(r"\ ", r"\s+")) + ")"


def _date(v_month: str, alt: _Rewrite) -> str:
    weekday = alt(alternation(vocab().weekdays))
    year_rel = r"(?P<yrel>that|the\s+same|the\s+following|the\s+next|the\s+previous)\s+year"
    return (
        rf"(?:(?P<wd>{weekday}),?\s+)?(?:"
        rf"(?P<mc>{v_month}),\s+(?P<dc>{_DAY})(?!\s*{_YEAR})"
        rf"|(?P<ma>{v_month})(?:\s+(?P<da>{_DAY}))?"
        rf"|(?:the\s+)?(?P<db>{_DAY})(?:\s+of)?\s+(?P<mb>{v_month})"
        rf")(?:,?\s+(?:of\s+)?(?:(?P<y>{_YEAR})|{year_rel}))?"
    )


def _after_words(words: str) -> str:
    """A lookbehind for any of ``words`` followed by one space."""
    return "(?:" + "|".join(rf"(?<=\b{w}\s)" for w in words.split()) + ")"


def _same(alt: str) -> str:
    return alt


def _specs(alt: _Rewrite) -> dict[str, str]:
    """Each kind's pattern, less the leading ``LEAD``. ``alt`` rewrites each alternation of words
    that is matched case-insensitively (``_same`` for the patterns as written)."""
    v = vocab()
    pre = _prefix(alt)
    month = _month()
    season = alt(alternation(v.seasons))
    num = _numbers(alt)
    units = alt(alternation(v.units))
    ordinal = alt(alternation(v.ordinals))
    day_part = alt(alternation(v.day_parts))
    rel = r"the\s+next|the\s+following|the\s+previous|the\s+preceding|the\s+same|that\s+same|"
    rel += r"the\s+succeeding|the\s+prior|that|this|next|last|this\s+past|this\s+coming"
    rel = alt(rel)
    vague = alt(alternation(v.vague_numbers))
    dmods = alt(alternation(v.duration_mods))
    weekday = alt(alternation(v.weekdays))
    return {
        "date": rf"(?:{pre})?(?:(?P<dp_pre>early\s+)?(?:in\s+)?the\s+(?:(?:early|late)\s+)?"
        rf"(?P<dp>{day_part})(?:\s+hours)?\s+of\s+)?{_date(month, alt)}",
        "isodate": r"(?P<y>\d{4})-(?P<mon>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])",
        "year": rf"(?:{pre})?(?:the\s+years?\s+)?(?P<y>{_YEAR})",
        "yearpair": rf"(?P<ya>{_YEAR4})\s*[-–/]\s*(?P<yb>\d{{2}})(?![\d%])",
        "bcrange": r"(?:(?:from|between)\s+)?(?P<ya>\d{1,4})\s*(?:-|–|to|and|until)\s*"
        r"(?P<yb>\d{1,4})\s?(?P<era>(?-i:B\.?C\.?E?\.?))",
        "season": rf"(?:{pre})?(?:(?P<srel>{rel})\s+|the\s+)?(?P<season>{season})"
        rf"(?:(?:\s+of)?\s+(?P<y>{_YEAR})|\s+of\s+(?P<yrel>last|next|this|that|the\s+following"
        rf"|the\s+previous|the\s+same)\s+year|(?!\s+(?-i:[A-Z]))(?!\s+of\s))",
        "decade": rf"(?:{pre})?(?:the\s+)?(?P<dec>\d{{3}}0|'\d0)'?s(?:\s+(?P<era>(?-i:BCE?|AD)))?",
        "century": rf"(?:{pre})?(?:the\s+)?(?P<cn>\d{{1,2}}(?:st|nd|rd|th)|{ordinal}|"
        rf"(?-i:[IVXL]{{1,6}}))[\s-]+century(?:\s+(?P<era>(?-i:BCE?|AD)))?",
        "half": rf"(?P<half>{alt(alternation(v.halves))})\s+(?P<y>{_YEAR}|the\s+year)",
        "duration": rf"(?:(?P<dmod>{dmods})\s+)?(?:(?:the|a|an)\s+(?!\S+-))?(?:(?P<vague>{vague})|"
        rf"(?P<num>{num}|a|an))[\s-]+(?P<unit>{units})s?(?P<tail>\s+(?:old|of\s+age|long))?"
        rf"(?:\s+(?P<dir>later|earlier|ago|afterwards?|previously)(?=[\s,.;)])"
        r"|\s+(?P<dir2>before|after)(?=[,.;)]))?"
        r"(?![\w-])",
        "halfcentury": r"(?:a\s+)?half[\s-](?:a\s+)?century",
        "relspan": rf"the\s+(?P<which>{_SPAN_WHICH})\s+(?:(?P<vague>few|several)\s+|"
        rf"(?P<num>{num})\s+)?(?P<unit>{units})(?P<pl>s)(?!\w)",
        "relspan1": rf"the\s+(?P<which>{_SPAN1_WHICH})\s+(?:(?P<num>{num})\s+)?(?P<unit>{units})"
        r"(?!\w)",
        "bare3": _after_words("in of by until from since to after before and around about")
        + r"(?P<y>\d{3})(?![\d,.%])(?!\s+[a-z])",
        "relspan2": rf"the\s+(?P<num>{num})\s+(?P<which>{_SPAN2_WHICH})\s+"
        rf"(?P<unit>{units})s(?!\w)",
        "reldate": rf"(?:{pre})?(?P<rdet>{rel})\s+(?P<runit>{'|'.join(_REL_UNITS)}|{month}|"
        rf"{weekday})(?!\w)",
        "dayafter": r"the\s+(?P<runit>day|week|month|year)\s+(?P<dir>after|following|before)"
        r"(?=\s*[,.;)])",
        "thedayof": rf"the\s+(?P<d>{_DAY})\s+of\s+(?P<rdet>that|the\s+same|the\s+following|"
        rf"the\s+next|the\s+previous)\s+month",
        "prefixed": rf"{pre}the\s+(?P<runit>year|month|week|day)(?!\w)",
        "relpart": rf"(?:(?P<pre>early)\s+)?(?P<rdet>that|the\s+next|the\s+following|"
        rf"the\s+same|this|the\s+previous)\s+(?P<dp>{day_part})(?!\w)",
        "fixed": rf"(?<![\w-])(?P<word>{alt(alternation(v.fixed))})(?![\w-])",
        "deictic": rf"(?<![\w-])(?P<word>{alt(alternation(v.deictic_days))})(?![\w-])",
        "holiday": rf"(?P<name>{alt(alternation(v.holidays))})(?:,?\s+(?:of\s+)?(?P<y>{_YEAR}))?",
        "clock": r"(?P<hh>\d{1,2})(?:[:.](?P<mm>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)"
        r"(?:\s+local\s+time)?",
        "clock24": r"(?<=\bat\s)(?P<hh>[01]?\d|2[0-4]):(?P<mm>[0-5]\d)(?:\s+hours)?",
        "oclock": rf"(?<=\bat\s)(?P<hh>\d{{1,2}}|{num})(?:\s+o'clock)?(?:\s+in\s+the\s+"
        rf"(?P<dp>{day_part})|\s+o'clock)",
    }


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each kind's pattern as written: what ``_raw`` must find, and the reference its faster
    scanners are checked against."""
    return [(kind, re.compile(LEAD + rx, re.IGNORECASE)) for kind, rx in _specs(_same).items()]


@dataclass(frozen=True)
class _Gate:
    """Pieces of text of which every match of a kind holds one: a word of ``words`` in the
    passage in lower case, a match of ``pattern`` there, or a match of ``cased`` in the passage
    as it is. A passage with none is not scanned for that kind."""

    words: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    cased: re.Pattern[str] | None = None

    def opens(self, text: str, low: str) -> bool:
        """Whether the passage ``text`` (``low`` in lower case) may hold a match."""
        for word in self.words:
            if word in low:
                return True
        if self.pattern is not None and self.pattern.search(low) is not None:
            return True
        return self.cased is not None and self.cased.search(text) is not None


def _lowered(text: str) -> str | None:
    """``text`` in lower case, when an ASCII letter matched case-insensitively in ``text`` is
    exactly one in lower case at the same place there; None when ``text`` has a character that
    breaks that (``İ`` lower-cases to two, ``ſ`` matches ``s``...)."""
    for char in FOLDS:
        if char in text:
            return None
    return text.lower()


def _words(words: Iterable[str], cased: str | None = None) -> _Gate:
    """The gate of a list of words (lower case, a blank matching any blank run) and of an
    optional ``cased`` pattern. A word holding another is dropped, and an entry of several words
    stands as its longest word unless that is too short to be rare."""
    least: list[str] = []
    spaced: list[str] = []
    for word in sorted(set(words), key=len):
        if any(k in word for k in least):
            continue
        longest = max(word.split(), key=len)
        if longest == word or len(longest) > 3:
            least.append(longest)
        else:
            spaced.append(word)
    pattern = re.compile(alternation(spaced)) if spaced else None
    return _Gate(tuple(least), pattern, None if cased is None else re.compile(cased))


def _pattern(rx: str) -> _Gate:
    """The gate of a pattern matched in the lower-cased passage."""
    return _Gate(pattern=re.compile(rx))


@cache
def _gates() -> dict[str, _Gate]:
    """For kinds whose pattern needs a piece of text that many passages lack, those pieces: a
    passage without any cannot match, so the pattern is not run over it (most passages name no
    century, season or hour). Each gate is implied by its pattern; a test checks the matches
    stay the same. Letters are in lower case and matched in the lower-cased passage, except
    those of month names and eras, which the patterns only take as written."""
    v = vocab()
    months = "|".join(sorted({m[:3].capitalize() for m in v.months}))
    return {
        "date": _Gate(cased=re.compile(months)),
        "year": _pattern(r"\d"),
        "duration": _words(v.units),
        "reldate": _words([*_REL_UNITS, *v.weekdays], months),
        "relspan": _pattern(rf"the\s+(?:{_SPAN_WHICH})\s"),
        "relspan1": _pattern(rf"the\s+(?:{_SPAN1_WHICH})\s"),
        "relpart": _words(v.day_parts),
        "deictic": _words(v.deictic_days),
        "holiday": _words(v.holidays),
        "season": _words(v.seasons),
        "decade": _words(["0s", "0's"]),
        "century": _words(["century"]),
        "half": _words(["half", "quarter"]),
        "halfcentury": _words(["half"]),
        "prefixed": _pattern(r"the\s+(?:year|month|week|day)"),
        "isodate": _pattern(r"-(?<=\d{4}-)\d"),
        "yearpair": _words(["-", "–", "/"]),
        "bcrange": _Gate(cased=re.compile(r"B\.?C")),
        "bare3": _pattern(r"\d"),
        "thedayof": _words(["month"]),
        "dayafter": _words(["after", "following", "before"]),
        "relspan2": _words(_SPAN2_WHICH.split("|")),
        "clock": _pattern(r"m(?:(?<=[ap]m)|(?<=[ap]\.m)|(?<=[ap]\sm)|(?<=[ap]\.\sm))"),
        "clock24": _pattern(r":(?<=\d:)[0-5]\d"),
        "oclock": _words(["o'clock", *v.day_parts]),
    }


@cache
def _scanners() -> list[tuple[str, Scanner]]:
    """Each kind's pattern with its word alternations as tries, in a ``Scanner``: the same
    matches as ``_patterns``, found with much less work."""
    return [(kind, Scanner(rx)) for kind, rx in _specs(trie).items()]


def compile_patterns() -> None:
    """Build the scanners and gates now (a third of a second) rather than at the first text,
    so that processes forked afterwards (a local worker pool) start with them."""
    _scanners()
    _gates()


def _plain(pattern: re.Pattern[str], text: str) -> _Matches:
    return ((m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text))


def _raw_plain(text: str) -> list[Candidate]:
    """``_raw`` by the patterns as written, every pattern over all of ``text``: the reference."""
    found: list[Candidate] = []
    for kind, pattern in _patterns():
        _collect(text, kind, _plain(pattern, text), found)
    return found


def _raw(text: str) -> list[Candidate]:
    """Every match of every kind, trimmed, in kind order: a kind's scanner runs unless its gate
    is shut (gates need the lower-cased text, so all are open when ``_lowered`` gives None)."""
    found: list[Candidate] = []
    gates = _gates()
    low = _lowered(text)
    for kind, scanner in _scanners():
        gate = gates.get(kind)
        if gate is None or low is None or gate.opens(text, low):
            _collect(text, kind, scanner.finditer(text), found)
    return found


def _collect(text: str, kind: str, matches: _Matches, found: list[Candidate]) -> None:
    """Add a candidate for each match, less trailing blanks and commas (and a final full stop
    unless the expression has others, as ``B.C.`` does)."""
    for start, stop, groups in matches:
        end = stop
        while end > start and text[end - 1] in " \t\n,":
            end -= 1
        if text[end - 1] == "." and "." not in text[start : end - 1]:
            end -= 1
        if end > start:
            kept = {k: v for k, v in groups.items() if v is not None}
            found.append(Candidate(start, end, kind, kept))


def _select(found: list[Candidate]) -> list[Candidate]:
    """Longest first; a candidate overlapping one already taken is dropped."""
    taken: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (c.start - c.end, c.start)):
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


_POINT_KINDS = frozenset({"date", "isodate", "year", "season", "decade", "century"})
_JOIN = re.compile(rf"^{_RANGE_JOIN}$", re.IGNORECASE)
_OPEN = re.compile(r"(?:\b(?P<word>from|between)\s+)$", re.IGNORECASE)


def _join_ranges(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Join ``X–Y``, ``from X to Y`` and ``between X and Y`` into one range candidate."""
    out: list[Candidate] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None and a.kind in _POINT_KINDS and b.kind in _POINT_KINDS:
            gap = text[a.end : b.start]
            opener = _OPEN.search(text, max(0, a.start - 12), a.start)
            word = gap.strip().lower()
            dash = word in ("-", "–", "—") and "\n" not in gap
            ok = dash or (
                opener is not None
                and _JOIN.match(gap) is not None
                and (word == "and") == (opener.group("word").lower() == "between")
            )
            if ok and _JOIN.match(gap):
                start = opener.start() if opener is not None else a.start
                out.append(Candidate(start, b.end, "range", {}, (a, b)))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def find_candidates(text: str) -> list[Candidate]:
    """Every time expression candidate in ``text``, in order, without overlaps."""
    return _join_ranges(text, _select(_raw(text)))
