"""Normalisation: turning a matched candidate into a ``TimeExpression`` with its TIMEX2 value,
interval, flags and anchor. One handler per candidate kind, in a registry."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import replace

from dossier.enrich.times.anchor import Base, Narrative
from dossier.enrich.times.expression import TimeExpression, When, interval, shift
from dossier.enrich.times.extract import Candidate
from dossier.enrich.times.vocab import parse_roman, vocab

__all__ = ["HANDLERS", "Handler", "make", "normalise"]

Handler = Callable[[Candidate, str, Narrative], TimeExpression | None]
_ERA_BC = re.compile(r"B\.?C", re.IGNORECASE)
_REF_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})


def _key(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def make(
    cand: Candidate,
    text: str,
    point: When | None,
    *,
    value: str | None = None,
    precision: str | None = None,
    mod: str | None = None,
    flags: set[str] | None = None,
    base: Base | None = None,
) -> TimeExpression:
    """Build the expression for ``cand``; the value and interval come from ``point`` unless
    ``value`` is given (durations, references, sets)."""
    flags = set(flags or ())
    earliest = latest = None
    if point is not None:
        earliest, latest = interval(point, mod)
        flags |= {"season"} if point.gran == "season" else set()
    if mod in ("START", "MID", "END", "APPROX") or (mod and "THAN" in mod):
        flags.add("approximate")
    if base is not None:
        flags.add("relative")
    return TimeExpression(
        start=cand.start,
        end=cand.end,
        text=text[cand.start : cand.end],
        value=value if value is not None else point.value if point else "XXXX",
        precision=precision or (point.gran if point else "unknown"),
        earliest=earliest,
        latest=latest,
        flags=frozenset(flags),
        mod=mod,
        anchor=base.anchor if base else "absolute",
        anchor_value=base.point.value if base else None,
    )


def _prefix_mod(cand: Candidate) -> str | None:
    pre = _key(cand.groups.get("pre")).rstrip()
    v = vocab()
    for table in (v.part_prefixes, v.approx_prefixes):
        if pre in table:
            return table[pre]
        if pre + " " in table or pre.rstrip("-") in table:
            return table.get(pre + " ") or table[pre.rstrip("-")]
    return None


def parse_year(raw: str) -> int | None:
    """``1939``, ``480 BC``, ``AD 1066`` → signed year."""
    digits = re.search(r"\d{1,4}", raw)
    if digits is None:
        return None
    year = int(digits.group())
    if year == 0:
        return None
    return -year if _ERA_BC.search(raw) else year


_NEXT_WORD = re.compile(r"\s+([A-Za-z-]+)")


def _counts_things(text: str, end: int) -> bool:
    """Whether the word after ``end`` shows a number counts things ("1500 men")."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1).lower() in vocab().count_nouns


def _resolve_year(cand: Candidate, nar: Narrative) -> tuple[int | None, Base | None]:
    """The expression's own year, a year relative to the narrative, or the narrative's year."""
    raw = cand.groups.get("y")
    if raw and raw.lower() != "the year":
        return parse_year(raw), None
    rel = _key(cand.groups.get("yrel"))
    offset = _offset(rel) if rel else 0
    base = nar.base("Y", deictic=rel in vocab().deictic_words)
    if base is None or base.point.year is None:
        return None, None
    moved = shift(base.point, offset, "Y") if offset else base.point
    return (moved.year if moved else None), base


def _offset(det: str) -> int:
    words = _key(det).split()
    table = vocab().relative_offsets
    return next((table[w] for w in reversed(words) if w in table), 0)


def _date(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    g = cand.groups
    month = vocab().months[(g.get("ma") or g.get("mb") or g.get("mc") or "").lower().rstrip(".")]
    raw_day = g.get("da") or g.get("db") or g.get("dc")
    day = int(re.sub(r"\D", "", raw_day)) if raw_day else None
    if not raw_day and not g.get("y") and not g.get("yrel") and _is_name(cand, text):
        return None
    year, base = _resolve_year(cand, nar)
    flags = {"inferred_year"} if base is not None and not g.get("yrel") else set()
    if day is not None and day > calendar.monthrange(2000, month)[1]:
        return None
    point = When("day" if day else "month", year, month, day)
    if g.get("dp"):
        code = vocab().day_parts[_key(g["dp"])][0]
        point = replace(point, gran="time", part=code)
    if year is not None:
        nar.update(point)
    return make(cand, text, point, mod=_prefix_mod(cand), flags=flags, base=base)


def _iso_date(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    """``1954-10-13``: a day written the ISO way."""
    g = cand.groups
    year, month, day = int(g["y"]), int(g["mon"]), int(g["d"])
    if day > calendar.monthrange(year, month)[1]:
        return None
    point = When("day", year, month, day)
    nar.update(point)
    return make(cand, text, point)


_PREV_WORD = re.compile(r"([A-Za-z]+)[ \t]+\Z")
_FUNCTION_WORDS = frozenset(
    {
        "in",
        "by",
        "on",
        "since",
        "until",
        "till",
        "from",
        "during",
        "through",
        "before",
        "after",
        "of",
        "and",
        "or",
        "to",
        "between",
        "throughout",
        "also",
        "then",
        "that",
        "this",
        "early",
        "late",
        "mid",
        "around",
        "about",
        "when",
        "while",
    }
)


def _is_name(cand: Candidate, text: str) -> bool:
    """Whether a bare month or season word is part of a name ("the Long March", "the fall of")."""
    if cand.groups.get("pre") or cand.groups.get("wd") or cand.groups.get("srel"):
        return False
    m = _PREV_WORD.search(text, max(0, cand.start - 20), cand.start)
    if m is None:
        return False
    word = m.group(1)
    if word.lower() == "the":
        return not text[cand.start : cand.end].lower().startswith("the ")
    return word[0].isupper() and word.lower() not in _FUNCTION_WORDS


def _year(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    year = parse_year(cand.groups["y"])
    if year is None or _counts_things(text, cand.end) or _implausible(cand, text, year, nar):
        return None
    point = When("year", year)
    if cand.groups.get("pre") or _topical(text, cand.start) or nar.near(year, _NEAR_YEARS):
        nar.update(point)
    return make(cand, text, point, mod=_prefix_mod(cand))


_NEAR_YEARS = 10
_FAR_YEARS = 300
_FILE_NUMBER = re.compile(r"\d/\d{0,2}[-–]\Z")
_YEAR_CUE = re.compile(
    r"\b(?:in|since|until|till|by|from|of|after|before|year|around|about|circa|c\.)\s+\Z",
    re.IGNORECASE,
)


def _implausible(cand: Candidate, text: str, year: int, nar: Narrative) -> bool:
    """A bare four-digit number that is more likely a telegram or file number than a year: the
    tail of a file number (``793.00/2–1855``), or, with no cue such as "in", centuries away from
    the document's own date."""
    if _FILE_NUMBER.search(text, max(0, cand.start - 8), cand.start):
        return True
    document = nar.document
    if cand.groups.get("pre") or document is None or document.year is None:
        return False
    if _YEAR_CUE.search(text, max(0, cand.start - 12), cand.start):
        return False
    return abs(document.year - year) > _FAR_YEARS


_TOPIC = re.compile(r"(?:^|[.!?:]\s+|\n\s*)(?:[A-Z][a-z]+\s+)?\Z")


def _topical(text: str, start: int) -> bool:
    """Whether a year opens its sentence ("In 1965, ..."), so it sets the narrative's year."""
    return _TOPIC.search(text, max(0, start - 16), start) is not None


def _bare_year(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    if not nar.is_bc():
        return None
    point = When("year", -int(cand.groups["y"]))
    nar.update(point)
    return make(cand, text, point, flags={"inferred_year"})


def _season(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    g = cand.groups
    code = vocab().seasons[_key(g["season"])]
    plain = not g.get("y") and not g.get("yrel")
    if plain and _key(g["season"]) == "fall" and not (g.get("srel") or g.get("pre")):
        return None
    if plain and _is_name(cand, text):
        return None
    srel = _key(g.get("srel"))
    if srel and not g.get("y") and not g.get("yrel"):
        cand = replace(cand, groups={**g, "yrel": srel})
    year, base = _resolve_year(cand, nar)
    point = When("season", year, part=code)
    if year is not None:
        nar.update(point)
    flags = {"inferred_year"} if base is not None else set()
    return make(cand, text, point, mod=_prefix_mod(cand), flags=flags, base=base)


def _decade(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    raw = cand.groups["dec"]
    base = None
    if raw.startswith("'"):
        base = nar.year()
        century = (base.point.year or 1900) // 100 * 100 if base else 1900
        year = century + int(raw[1:])
    else:
        year = int(raw)
    if _ERA_BC.search(cand.groups.get("era") or ""):
        year = -year
    point = When("decade", year)
    return make(cand, text, point, mod=_prefix_mod(cand), base=base)


def _century(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    raw = cand.groups["cn"]
    number = parse_roman(raw) if raw.isupper() and raw.isalpha() else None
    if number is None:
        digits = re.match(r"\d+", raw)
        number = int(digits.group()) if digits else vocab().ordinals.get(_key(raw))
    if not number or number > 21:
        return None
    bc = _ERA_BC.search(cand.groups.get("era") or "")
    year = -(number - 1) * 100 if bc else max((number - 1) * 100, 1)
    return make(cand, text, When("century", year), mod=_prefix_mod(cand))


def _half(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    year, base = _resolve_year(cand, nar)
    part = vocab().halves[_key(cand.groups["half"])]
    point = When("half", year, part=part)
    return make(cand, text, point, base=base)


def _year_pair(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    first = int(cand.groups["ya"])
    second = first // 100 * 100 + int(cand.groups["yb"])
    if second <= first:
        return None
    return _pair(cand, text, nar, first, second)


def _bc_range(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    first, second = int(cand.groups["ya"]), int(cand.groups["yb"])
    if not 0 < second < first:
        return None
    return _pair(cand, text, nar, -first, -second)


def _pair(cand: Candidate, text: str, nar: Narrative, a: int, b: int) -> TimeExpression:
    g = cand.groups
    raw = text[cand.start : cand.end]
    ya, yb = raw.index(g["ya"]), raw.rindex(g["yb"])
    end_a = cand.start + ya + len(g["ya"])
    start_b = cand.start + yb
    part_a = make(Candidate(cand.start + ya, end_a, "year", {}), text, When("year", a))
    part_b = make(Candidate(start_b, cand.end, "year", {}), text, When("year", b))
    nar.update(When("year", a))
    nar.update(When("year", b))
    return join_range(cand, text, part_a, part_b)


def join_range(cand: Candidate, text: str, a: TimeExpression, b: TimeExpression) -> TimeExpression:
    """One expression spanning two points, with the points kept as its parts."""
    return TimeExpression(
        start=cand.start,
        end=cand.end,
        text=text[cand.start : cand.end],
        value=f"{a.value}/{b.value}",
        precision=a.precision if a.precision == b.precision else "range",
        earliest=a.earliest,
        latest=b.latest,
        flags=frozenset({"range"} | (a.flags | b.flags) - {"season"}),
        mod=None,
        anchor=a.anchor if a.anchor != "absolute" else b.anchor,
        anchor_value=a.anchor_value or b.anchor_value,
        parts=(a, b),
    )


HANDLERS: dict[str, Handler] = {
    "date": _date,
    "isodate": _iso_date,
    "year": _year,
    "bare3": _bare_year,
    "season": _season,
    "decade": _decade,
    "century": _century,
    "half": _half,
    "yearpair": _year_pair,
    "bcrange": _bc_range,
}


def normalise(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    """The expression for ``cand`` (None when it turns out not to be one)."""
    if cand.kind == "range":
        return _range(cand, text, nar)
    return HANDLERS[cand.kind](cand, text, nar)


def _range(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    a, b = cand.parts
    if a.kind == "date" and b.kind == "date" and "y" not in a.groups and "y" in b.groups:
        a = replace(a, groups={**a.groups, "y": b.groups["y"]})
    first = normalise(a, text, nar)
    second = normalise(b, text, nar)
    if first is None or second is None:
        return first or second
    return join_range(cand, text, first, second)


def is_reference(value: str) -> bool:
    """Whether ``value`` is PRESENT_REF, PAST_REF or FUTURE_REF."""
    return value in _REF_VALUES
