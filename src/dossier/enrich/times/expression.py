"""Time values: a point of some granularity (``When``), its TIMEX2 value and its interval, and
the ``TimeExpression`` the tagger returns."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dossier.enrich.times.vocab import vocab

__all__ = ["GRANULARITIES", "TimeExpression", "When", "interval", "parse_iso", "shift"]

GRANULARITIES = ("century", "decade", "year", "half", "season", "month", "day", "time")
_ISO = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class TimeExpression:
    """One time expression found in a text, with offsets into exactly that text."""

    start: int
    end: int
    text: str
    value: str
    precision: str
    earliest: str | None = None
    latest: str | None = None
    flags: frozenset[str] = frozenset()
    mod: str | None = None
    anchor: str = "absolute"
    anchor_value: str | None = None
    parts: tuple[TimeExpression, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class When:
    """A calendar point. ``year`` is a signed historical year (-480 = 480 BC); decades and
    centuries keep their first year (1940, 1800); ``part`` is a season, half or time of day."""

    gran: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    part: str | None = None

    @property
    def value(self) -> str:
        """The TIMEX2 value (``1954-10-13``, ``195``, ``18``, ``BC0480-SP``, ``XXXX-10``)."""
        y = self.year
        era = "BC" if y is not None and y < 0 else ""
        if self.gran == "century":
            return f"{era}{abs(y or 0) // 100:02d}" if y is not None else "XX"
        if self.gran == "decade":
            return f"{era}{abs(y or 0) // 10:03d}" if y is not None else "XXX"
        out = f"{era}{abs(y):04d}" if y is not None else "XXXX"
        if self.gran in ("half", "season"):
            return f"{out}-{self.part}"
        if self.gran == "year":
            return out
        out += f"-{self.month:02d}" if self.month else "-XX"
        if self.gran == "month":
            return out
        out += f"-{self.day:02d}" if self.day else "-XX"
        return f"{out}T{self.part}" if self.gran == "time" and self.part else out


def parse_iso(text: str | None) -> When | None:
    """A ``When`` from an ISO prefix such as ``1947``, ``1947-03`` or ``1947-03-05``."""
    m = _ISO.match(text or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if day:
        return When("day", year, int(month or 1), int(day))
    if month:
        return When("month", year, int(month))
    return When("year", year)


def _astro(year: int) -> int:
    return year + 1 if year < 0 else year


def _historical(astro: int) -> int:
    return astro - 1 if astro <= 0 else astro


def shift(point: When, amount: int, unit: str) -> When | None:
    """``point`` moved by ``amount`` units (D, W, M, Y, DE, CE) at the unit's granularity."""
    if point.year is None:
        return None
    if unit in ("D", "W"):
        if point.month is None or point.day is None or point.year < 1:
            return None
        try:
            moved = date(point.year, point.month, point.day) + timedelta(
                days=amount * (7 if unit == "W" else 1)
            )
        except (ValueError, OverflowError):
            return None
        return When("day", moved.year, moved.month, moved.day)
    if unit == "M":
        if point.month is None:
            return None
        index = _astro(point.year) * 12 + point.month - 1 + amount
        return When("month", _historical(index // 12), index % 12 + 1)
    years = {"Y": 1, "DE": 10, "CE": 100}.get(unit)
    if years is None:
        return None
    gran = {"Y": "year", "DE": "decade", "CE": "century"}[unit]
    moved_year = _historical(_astro(point.year) + amount * years)
    if gran == "decade":
        moved_year = moved_year // 10 * 10 if moved_year > 0 else -(-moved_year // 10 * 10)
    if gran == "century":
        moved_year = moved_year // 100 * 100 if moved_year > 0 else -(-moved_year // 100 * 100)
    return When(gran, moved_year)


def _iso(d: date) -> str:
    return d.isoformat()


def _month_range(year: int, first: int, last: int) -> tuple[date, date]:
    end_year = year + 1 if last < first else year
    return date(year, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])


def _bounds(point: When) -> tuple[date, date] | None:
    y = point.year
    if y is None or y < 1:
        return None
    if point.gran == "century":
        return date(max(y, 1), 1, 1), date(y + 99, 12, 31)
    if point.gran == "decade":
        return date(max(y, 1), 1, 1), date(y + 9, 12, 31)
    if point.gran == "year":
        return date(y, 1, 1), date(y, 12, 31)
    if point.gran == "season":
        first, last = vocab().season_months.get(point.part or "", (1, 12))
        return _month_range(y, first, last)
    if point.gran == "half":
        part = point.part or "H1"
        size = 6 if part.startswith("H") else 3
        first = (int(part[1]) - 1) * size + 1
        return _month_range(y, first, first + size - 1)
    if point.month is None:
        return date(y, 1, 1), date(y, 12, 31)
    if point.gran == "month" or point.day is None:
        return _month_range(y, point.month, point.month)
    d = date(y, point.month, point.day)
    return d, d


def _narrow(lo: date, hi: date, mod: str | None) -> tuple[date, date]:
    span = (hi - lo).days + 1
    third = max(span // 3, 1)
    if mod == "START":
        return lo, lo + timedelta(days=third - 1)
    if mod == "MID":
        return lo + timedelta(days=third), hi - timedelta(days=third)
    if mod == "END":
        return hi - timedelta(days=third - 1), hi
    return lo, hi


def _bc_bounds(point: When) -> tuple[str, str] | None:
    if point.year is None or point.year >= 1:
        return None
    size = {"century": 99, "decade": 9}.get(point.gran, 0)
    first = _astro(point.year - size if point.gran in ("century", "decade") else point.year)
    last = _astro(point.year)
    if point.gran in ("century", "decade"):
        first, last = _astro(point.year - size), _astro(point.year)
    return f"{first:05d}-01-01", f"{last:05d}-12-31"


def interval(point: When, mod: str | None = None) -> tuple[str | None, str | None]:
    """The ISO interval ``[earliest, latest]`` of ``point`` (astronomical years before 1 AD),
    narrowed to a third for START/MID/END and opened on one side for BEFORE/AFTER."""
    try:
        bounds = _bounds(point)
    except ValueError:
        return None, None
    if bounds is None:
        return _bc_bounds(point) or (None, None)
    lo, hi = _narrow(*bounds, mod)
    if mod in ("BEFORE", "ON_OR_BEFORE"):
        return None, _iso(lo if mod == "BEFORE" else hi)
    if mod in ("AFTER", "ON_OR_AFTER"):
        return _iso(hi if mod == "AFTER" else lo), None
    return _iso(lo), _iso(hi)


def with_part(point: When, gran: str, part: str) -> When:
    """``point`` refined to a season, half or time of day."""
    return replace(point, gran=gran, part=part)
