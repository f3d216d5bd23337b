"""Dates as records and datelines write them, turned into ISO prefixes.

``September 4, 1958``, ``4 September 1958``, ``March 24, 1949-11 a. m.`` and ``1954-10-14`` give
``1958-09-04`` and so on; ``October 1954`` gives ``1954-10`` and ``1954`` gives ``1954``. Month
names (English, French, German, Russian) live in ``data/months.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from dossier.data import load_data
from dossier.errors import ConfigError

__all__ = ["DateMatch", "find_record_date", "month_number", "parse_record_date"]


@dataclass(frozen=True)
class DateMatch:
    """A date found in a string: its ISO prefix and where it was, ``text[start:end]``."""

    iso: str
    start: int
    end: int

    @property
    def precision(self) -> str:
        return {10: "day", 7: "month"}.get(len(self.iso), "year")


@cache
def _months() -> dict[str, int]:
    data = load_data("months")
    if not isinstance(data, dict):
        raise ConfigError("months.yaml: expected a mapping of month number to names")
    out: dict[str, int] = {}
    for number, names in data.items():
        if not isinstance(number, int) or not 1 <= number <= 12 or not isinstance(names, list):
            raise ConfigError(f"months.yaml: bad entry {number!r}")
        for name in names:
            out[str(name).lower()] = number
    return out


def month_number(name: str) -> int | None:
    """The number of a month name or abbreviation (``Sept.`` → 9), or None."""
    return _months().get(name.lower().rstrip("."))


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], ...], ...]:
    names = sorted(_months(), key=len, reverse=True)
    m = r"(?P<month>" + "|".join(re.escape(n) for n in names) + r")\b\.?"
    year = r"(?P<year>1[4-9]\d\d|20\d\d)(?!\d)"
    day = r"(?P<day>[0-3]?\d)(?!\d)"
    flags = re.IGNORECASE
    full = (
        re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
        re.compile(rf"\b{m}\s*{day}(?:st|nd|rd|th)?,?\s+{year}", flags),
        re.compile(rf"(?<![\d.]){day}(?:st|nd|rd|th|\.)?\s+(?:of\s+)?{m},?\s+{year}", flags),
    )
    partial = (
        re.compile(rf"\b{m},?\s+{year}", flags),
        re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})(?![\d-])"),
    )
    bare = (re.compile(rf"(?<![\d/.\-]){year}"),)
    return full, partial, bare


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"])
    raw_month = groups.get("month")
    if raw_month is None:
        return f"{year:04d}"
    month = int(raw_month) if raw_month.isdigit() else month_number(raw_month)
    if month is None or not 1 <= month <= 12:
        return None
    raw_day = groups.get("day")
    if raw_day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, int(raw_day)).isoformat()
    except ValueError:
        return None


def find_record_date(text: str) -> DateMatch | None:
    """The most precise date in ``text`` (the earliest of that precision), or None."""
    for tier in _patterns():
        found: list[DateMatch] = []
        for pattern in tier:
            for match in pattern.finditer(text):
                iso = _iso(match)
                if iso is not None:
                    found.append(DateMatch(iso, match.start(), match.end()))
                    break
        if found:
            return min(found, key=lambda d: d.start)
    return None


def parse_record_date(text: str) -> str | None:
    """The ISO prefix of the date written in ``text`` (``1958-09-04``, ``1954-10``, ``1954``)."""
    found = find_record_date(text)
    return found.iso if found else None
