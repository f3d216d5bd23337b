"""Record dates as CSL dates and back.

A record date is an ISO prefix (``1958-09-04``, ``1954-10``, ``1954``), a decade or century with
unknown digits (``195X``, ``18XX``), or a range of prefixes (``1966/1974``,
``1954-10-01/1954-10-14``). CSL writes them as ``{"date-parts": [[1958, 9, 4]]}``, with two
parts for a range; anything else is kept as ``{"literal": ...}``.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

__all__ = ["csl_date", "date_iso", "iso_parts", "parts_iso"]

_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FUZZY = re.compile(r"^(\d{2,3})(X{1,2})$")

Parts = list[int]


def iso_parts(text: str) -> Parts | None:
    """``1954-10`` → ``[1954, 10]``; ``None`` unless it is a valid ISO prefix."""
    m = _PREFIX.match(text.strip())
    if not m:
        return None
    parts = [int(g) for g in m.groups() if g is not None]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return None
    if len(parts) > 2 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
        return None
    return parts


def parts_iso(parts: Parts) -> str:
    """``[1954, 10]`` → ``1954-10``."""
    head, *rest = parts
    return "-".join([f"{head:04d}", *(f"{p:02d}" for p in rest)])


def _fuzzy(text: str) -> list[Parts] | None:
    m = _FUZZY.match(text.strip())
    if not m or len(m.group(1)) + len(m.group(2)) != 4:
        return None
    scale = 10 ** len(m.group(2))
    start = int(m.group(1)) * scale
    return [[start], [start + scale - 1]]


def csl_date(text: str | None) -> dict[str, Any] | None:
    """The CSL date of a record date, or ``None`` when there is none."""
    text = (text or "").strip()
    if not text:
        return None
    fuzzy = _fuzzy(text)
    if fuzzy is not None:
        return {"date-parts": fuzzy}
    ends = [iso_parts(p) for p in text.split("/")] if text.count("/") <= 1 else [None]
    if all(p is not None for p in ends):
        parts = [p for p in ends if p is not None]
        if len(parts) == 2 and parts[0] == parts[1]:
            parts = parts[:1]
        return {"date-parts": parts}
    return {"literal": text}


def date_iso(date: dict[str, Any] | None) -> str | None:
    """A CSL date as an ISO prefix or ``start/end`` range (the literal, for a literal date)."""
    if not date:
        return None
    parts = date.get("date-parts")
    if parts:
        return "/".join(parts_iso(list(p)) for p in parts)
    literal = date.get("literal")
    return str(literal) if literal else None
