"""Handlers for expressions that need an anchor or carry no date: durations, relative dates
("the next day", "two days later", "last year"), references ("now"), sets, clock times."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from dossier.enrich.times.anchor import Base, Narrative
from dossier.enrich.times.expression import TimeExpression, When, shift
from dossier.enrich.times.extract import Candidate
from dossier.enrich.times.normalise import Handler, _key, _offset, _prefix_mod, make, parse_year
from dossier.enrich.times.vocab import parse_number, vocab

__all__ = ["RELATIVE_HANDLERS"]

_UNIT_CODE = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}
_PER = re.compile(r"(?:\d|\b(?:once|twice|times|thrice))\s+\Z", re.IGNORECASE)
_FORWARD = frozenset({"later", "afterwards", "afterward", "after"})


def _unit(raw: str) -> tuple[str, bool, int]:
    unit = vocab().units[_key(raw)]
    return unit.code, unit.time, unit.factor


def _duration(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    g = cand.groups
    code, is_time, factor = _unit(g["unit"])
    number: float | None = None
    if not g.get("vague"):
        raw = g.get("num", "")
        number = float(raw) if re.fullmatch(r"\d+\.\d+", raw) else parse_number(raw)
        if number is None:
            return None
        number *= factor
    if g.get("dir2"):
        g = {**g, "dir": g["dir2"]}
        cand = replace(cand, groups=g)
    if _key(g.get("num")) in ("a", "an"):
        if code == "S":
            return None
        if _PER.search(text, max(0, cand.start - 12), cand.start):
            value = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX"}.get(code, "XXXX")
            return make(cand, text, None, value=value, precision="set")
    mod = vocab().duration_mods.get(_key(g.get("dmod"))) if g.get("dmod") else None
    if g.get("dir") and not is_time:
        return _shifted(cand, text, nar, number, code, mod)
    amount = "X" if number is None else f"{number:g}"
    value = f"P{'T' if is_time else ''}{amount}{code}"
    return make(cand, text, None, value=value, precision="duration", mod=mod, flags={"duration"})


def _shifted(
    cand: Candidate, text: str, nar: Narrative, number: float | None, code: str, mod: str | None
) -> TimeExpression:
    direction = 1 if _key(cand.groups["dir"]) in _FORWARD else -1
    deictic = _key(cand.groups["dir"]) == "ago"
    base = nar.base(code, deictic=deictic)
    moved = None
    if base is not None and number is not None and number == int(number):
        moved = shift(base.point, direction * int(number), code)
    if moved is None:
        value = "FUTURE_REF" if direction > 0 else "PAST_REF"
        return make(cand, text, None, value=value, precision="reference", base=base)
    nar.update(moved)
    flags = {"approximate"} if mod else set()
    return make(cand, text, moved, flags=flags, base=base)


def _half_century(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    return make(cand, text, None, value="P.5CE", precision="duration", flags={"duration"})


def _span(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    g = cand.groups
    code, is_time, _factor = _unit(g["unit"])
    number = parse_number(g["num"]) if g.get("num") else None
    if g.get("num") and number is None:
        return None
    amount = "X" if g.get("vague") or (g.get("pl") and number is None) else f"{(number or 1)}"
    value = f"P{'T' if is_time else ''}{amount}{code}"
    return make(cand, text, None, value=value, precision="duration", flags={"duration"})


def _relative_date(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    g = cand.groups
    det = _key(g["rdet"])
    words = det.split()
    deictic = words[0] in vocab().deictic_words
    if deictic and text[max(0, cand.start - 4) : cand.start].lower().endswith("the "):
        return None
    unit = _key(g["runit"])
    offset = _offset(det)
    if unit in _UNIT_CODE:
        return _unit_step(cand, text, nar, _UNIT_CODE[unit], offset, deictic)
    if unit in vocab().weekdays:
        return _weekday(cand, text, nar, vocab().weekdays[unit], offset, deictic)
    return _named_month(cand, text, nar, vocab().months[unit.rstrip(".")], offset, deictic)


def _unit_step(
    cand: Candidate, text: str, nar: Narrative, code: str, offset: int, deictic: bool
) -> TimeExpression | None:
    base = nar.base(code, deictic=deictic)
    if base is None:
        placeholder = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX"}.get(code, "XXXX")
        return make(cand, text, None, value=placeholder, precision="unknown", flags={"relative"})
    moved = shift(base.point, offset, code) if offset else base.point
    if moved is None:
        return None
    if code == "W":
        return _week(cand, text, moved, base)
    if code in ("DE", "CE"):
        moved = shift(moved, 0, code) or moved
    nar.update(moved)
    return make(cand, text, moved, mod=_prefix_mod(cand), base=base)


def _week(cand: Candidate, text: str, point: When, base: Base) -> TimeExpression:
    if point.year is None or point.month is None or point.day is None or point.year < 1:
        return make(cand, text, None, value="XXXX-WXX", precision="week", base=base)
    iso = date(point.year, point.month, point.day).isocalendar()
    value = f"{iso.year:04d}-W{iso.week:02d}"
    return make(cand, text, point, value=value, precision="week", base=base)


def _weekday(
    cand: Candidate, text: str, nar: Narrative, weekday: int, offset: int, deictic: bool
) -> TimeExpression | None:
    base = nar.base("D", deictic=deictic)
    if base is None or base.point.year is None or base.point.year < 1:
        return make(cand, text, None, value=f"XXXX-WXX-{weekday}", precision="day")
    here = date(base.point.year, base.point.month or 1, base.point.day or 1)
    delta = (weekday - here.isoweekday()) % 7
    if offset < 0:
        delta = delta - 7 if delta else -7
    elif offset > 0 and delta == 0:
        delta = 7
    moved = shift(When("day", here.year, here.month, here.day), delta, "D")
    if moved is None:
        return None
    nar.update(moved)
    return make(cand, text, moved, base=base)


def _named_month(
    cand: Candidate, text: str, nar: Narrative, month: int, offset: int, deictic: bool
) -> TimeExpression | None:
    base = nar.base("M", deictic=deictic) or nar.base("Y", deictic=deictic)
    if base is None or base.point.year is None:
        return make(cand, text, When("month", None, month), flags={"relative"})
    year = base.point.year
    here = base.point.month or month
    if offset > 0 and month <= here:
        year += 1
    elif offset < 0 and month >= here:
        year -= 1
    point = When("month", year, month)
    nar.update(point)
    return make(cand, text, point, base=base)


def _day_after(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    step = -1 if _key(cand.groups["dir"]) == "before" else 1
    code = _UNIT_CODE[_key(cand.groups["runit"])]
    return _unit_step(cand, text, nar, code, step, deictic=False)


def _day_of_month(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    base = nar.base("M", deictic=False)
    day = int(re.sub(r"\D", "", cand.groups["d"]))
    if base is None:
        return make(cand, text, When("day", None, None, day), flags={"relative"})
    month = shift(base.point, _offset(cand.groups["rdet"]), "M") or base.point
    point = When("day", month.year, month.month, day)
    nar.update(point)
    return make(cand, text, point, base=base)


def _prefixed(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    unit = _key(cand.groups["runit"])
    if unit not in ("year", "month"):
        return None
    return _unit_step(cand, text, nar, _UNIT_CODE[unit], 0, deictic=False)


def _day_part(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    code = vocab().day_parts[_key(cand.groups["dp"])][0]
    offset = _offset(cand.groups["rdet"])
    base = nar.base("D", deictic=_key(cand.groups["rdet"]) == "this")
    moved = shift(base.point, offset, "D") if base is not None else None
    if base is None or moved is None:
        return make(cand, text, None, value=f"XXXX-XX-XXT{code}", precision="time")
    point = replace(moved, gran="time", part=code)
    return make(cand, text, point, mod=_prefix_mod(cand), base=base)


def _fixed(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    value = vocab().fixed[_key(cand.groups["word"])]
    if value.endswith("_REF"):
        base = nar.base("D", deictic=True) or nar.base("Y", deictic=True)
        return make(cand, text, None, value=value, precision="reference", base=base)
    precision = "time" if "T" in value else "set"
    return make(cand, text, None, value=value, precision=precision)


def _deictic_day(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    offset = vocab().deictic_days[_key(cand.groups["word"])]
    if nar.document is None or nar.document.day is None:
        value = {0: "PRESENT_REF", 1: "FUTURE_REF"}.get(offset, "PAST_REF")
        return make(cand, text, None, value=value, precision="reference")
    base = Base(nar.document, "document")
    moved = shift(nar.document, offset, "D")
    return make(cand, text, moved, base=base)


def _holiday(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    month, day = vocab().holidays[_key(cand.groups["name"])]
    raw = cand.groups.get("y")
    base = None if raw else nar.year()
    year = parse_year(raw) if raw else base.point.year if base else None
    point = When("day", year, month, day)
    if year is not None:
        nar.update(point)
    return make(cand, text, point, base=base)


def _clock(cand: Candidate, text: str, nar: Narrative) -> TimeExpression | None:
    g = cand.groups
    hour = parse_number(g["hh"])
    minute = int(g.get("mm") or 0)
    if hour is None or hour > 24:
        return None
    pm = "p" in _key(g.get("ampm")) or (g.get("dp") and vocab().day_parts[_key(g["dp"])][1])
    if "a" in _key(g.get("ampm")) and hour == 12:
        hour = 0
    elif pm and hour < 12:
        hour += 12
    base = nar.base("D", deictic=False)
    day = base.point if base else When("day")
    point = When("time", day.year, day.month, day.day, f"{hour:02d}:{minute:02d}")
    return make(cand, text, point, precision="time", base=base)


RELATIVE_HANDLERS: dict[str, Handler] = {
    "duration": _duration,
    "halfcentury": _half_century,
    "relspan": _span,
    "relspan1": _span,
    "relspan2": _span,
    "reldate": _relative_date,
    "dayafter": _day_after,
    "thedayof": _day_of_month,
    "prefixed": _prefixed,
    "relpart": _day_part,
    "fixed": _fixed,
    "deictic": _deictic_day,
    "holiday": _holiday,
    "clock": _clock,
    "clock24": _clock,
    "oclock": _clock,
}
