"""Intervals of ISO date prefixes, used to filter documents by date."""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = ["interval", "valid_prefix"]

_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def interval(prefix: str | None) -> tuple[str | None, str | None]:
    """``1954`` → (1954-01-01, 1954-12-31); ``1954-02`` → (1954-02-01, 1954-02-28)."""
    m = _PREFIX.match(prefix or "")
    if not m:
        return None, None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if day:
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}"
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def valid_prefix(prefix: str) -> bool:
    """Whether ``prefix`` is a real year, month or day (``1954-02-30`` is not)."""
    m = _PREFIX.fullmatch(prefix)
    if not m:
        return False
    try:
        date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return False
    return True
