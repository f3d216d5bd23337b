"""Finding time expressions: regular expressions built from the vocabulary, one per kind, longest
match wins, adjacent points joined into ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from dossier.enrich.times.vocab import alternation, vocab

__all__ = ["Candidate", "find_candidates"]

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_ERA = r"(?:B\.?C\.?E?\.?|A\.?D\.?|C\.?E\.?)(?![\w])"
_YEAR4 = r"(?<![\d$£€#.,:/])(?:1\d{3}|20\d{2})(?![\d%]|,\d|\.\d|-\d(?!\d))"
_YEAR = rf"(?:\d{{1,4}}\s?(?-i:{_ERA})|(?-i:A\.?D\.?)\s?\d{{1,4}}(?!\d)|{_YEAR4})"
_NUM_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_RANGE_JOIN = r"\s*(?:-|–|—|to|through|until|till|and|or)\s*"


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


def _numbers() -> str:
    v = vocab()
    units = alternation([w for w in v.numbers if v.numbers[w] < 20 and w not in ("a", "an")])
    return rf"(?:(?:{_NUM_TENS})(?:[\s-](?:{units}))?|{units}|hundred|\d+(?:\.\d+)?)"


def _prefix() -> str:
    v = vocab()
    words = [*v.part_prefixes, *v.approx_prefixes, *v.same_prefixes]
    tails = [re.escape(w) + (r"\s*" if w.endswith("-") else r"\s+") for w in words]
    ordered = sorted(set(tails), key=lambda t: -len(t))
    return "(?P<pre>" + "|".join(ordered).replace(r"\ ", r"\s+") + ")"


def _date(v_month: str) -> str:
    weekday = alternation(vocab().weekdays)
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


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    v = vocab()
    pre = _prefix()
    month = _month()
    season = alternation(v.seasons)
    num = _numbers()
    units = alternation(v.units)
    ordinal = alternation(v.ordinals)
    day_part = alternation(v.day_parts)
    rel = r"the\s+next|the\s+following|the\s+previous|the\s+preceding|the\s+same|that\s+same|"
    rel += r"the\s+succeeding|the\s+prior|that|this|next|last|this\s+past|this\s+coming"
    vague = alternation(v.vague_numbers)
    dmods = alternation(v.duration_mods)
    specs = {
        "date": rf"(?:{pre})?(?:(?P<dp_pre>early\s+)?(?:in\s+)?the\s+(?:(?:early|late)\s+)?"
        rf"(?P<dp>{day_part})(?:\s+hours)?\s+of\s+)?{_date(month)}",
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
        "half": rf"(?P<half>{alternation(v.halves)})\s+(?P<y>{_YEAR}|the\s+year)",
        "duration": rf"(?:(?P<dmod>{dmods})\s+)?(?:(?:the|a|an)\s+(?!\S+-))?(?:(?P<vague>{vague})|"
        rf"(?P<num>{num}|a|an))[\s-]+(?P<unit>{units})s?(?P<tail>\s+(?:old|of\s+age|long))?"
        rf"(?:\s+(?P<dir>later|earlier|ago|afterwards?|previously)(?=[\s,.;)])"
        r"|\s+(?P<dir2>before|after)(?=[,.;)]))?"
        r"(?![\w-])",
        "halfcentury": r"(?:a\s+)?half[\s-](?:a\s+)?century",
        "relspan": rf"the\s+(?P<which>next|following|past|last|previous|first|final|coming|"
        rf"intervening|succeeding)\s+(?:(?P<vague>few|several)\s+|(?P<num>{num})\s+)?"
        rf"(?P<unit>{units})(?P<pl>s)(?!\w)",
        "relspan1": rf"the\s+(?P<which>past|last)\s+(?:(?P<num>{num})\s+)?(?P<unit>{units})(?!\w)",
        "bare3": _after_words("in of by until from since to after before and around about")
        + r"(?P<y>\d{3})(?![\d,.%])(?!\s+[a-z])",
        "relspan2": rf"the\s+(?P<num>{num})\s+(?P<which>previous|following|next|last|past)\s+"
        rf"(?P<unit>{units})s(?!\w)",
        "reldate": rf"(?:{pre})?(?P<rdet>{rel})\s+(?P<runit>day|week|month|year|decade|century|"
        rf"{month}|{alternation(v.weekdays)})(?!\w)",
        "dayafter": r"the\s+(?P<runit>day|week|month|year)\s+(?P<dir>after|following|before)"
        r"(?=\s*[,.;)])",
        "thedayof": rf"the\s+(?P<d>{_DAY})\s+of\s+(?P<rdet>that|the\s+same|the\s+following|"
        rf"the\s+next|the\s+previous)\s+month",
        "prefixed": rf"{pre}the\s+(?P<runit>year|month|week|day)(?!\w)",
        "relpart": rf"(?:(?P<pre>early)\s+)?(?P<rdet>that|the\s+next|the\s+following|"
        rf"the\s+same|this|the\s+previous)\s+(?P<dp>{day_part})(?!\w)",
        "fixed": rf"(?<![\w-])(?P<word>{alternation(v.fixed)})(?![\w-])",
        "deictic": rf"(?<![\w-])(?P<word>{alternation(v.deictic_days)})(?![\w-])",
        "holiday": rf"(?P<name>{alternation(v.holidays)})(?:,?\s+(?:of\s+)?(?P<y>{_YEAR}))?",
        "clock": r"(?P<hh>\d{1,2})(?:[:.](?P<mm>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)"
        r"(?:\s+local\s+time)?",
        "clock24": r"(?<=\bat\s)(?P<hh>[01]?\d|2[0-4]):(?P<mm>[0-5]\d)(?:\s+hours)?",
        "oclock": rf"(?<=\bat\s)(?P<hh>\d{{1,2}}|{num})(?:\s+o'clock)?(?:\s+in\s+the\s+"
        rf"(?P<dp>{day_part})|\s+o'clock)",
    }
    return [(kind, re.compile(r"(?<![\w'])" + rx, re.IGNORECASE)) for kind, rx in specs.items()]


@cache
def _gates() -> dict[str, re.Pattern[str]]:
    """For kinds whose pattern needs a rare piece of text, that piece: a passage without it
    cannot match, so the pattern is not run over it (most passages name no century, season or
    hour). Each gate is implied by its pattern; a test checks the matches stay the same."""
    v = vocab()
    gates = {
        "season": alternation(v.seasons),
        "decade": r"\d0'?s",
        "century": r"century",
        "half": r"half|quarter",
        "halfcentury": r"half",
        "prefixed": r"the\s+(?:year|month|week|day)",
        "isodate": r"\d{4}-\d",
        "yearpair": r"\d{4}\s*[-–/]\s*\d",
        "bcrange": r"(?-i:B)\.?(?-i:C)",
        "bare3": r"\d{3}",
        "thedayof": r"month",
        "dayafter": r"after|following|before",
        "relspan2": r"previous|following|next|last|past",
        "clock": r"[ap]\.?\s?m",
        "clock24": r"\d:[0-5]\d",
        "oclock": r"\bat\s",
    }
    return {kind: re.compile(gate, re.IGNORECASE) for kind, gate in gates.items()}


def _raw(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    gates = _gates()
    for kind, pattern in _patterns():
        gate = gates.get(kind)
        if gate is not None and gate.search(text) is None:
            continue
        for m in pattern.finditer(text):
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in " \t\n,":
                end -= 1
            if text[end - 1] == "." and "." not in text[start : end - 1]:
                end -= 1
            if end > start:
                found.append(Candidate(start, end, kind, groups))
    return found


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
