"""Anchoring: the narrative's running reference date and the document date, and which of the two
a relative expression counts from."""

from __future__ import annotations

from dataclasses import dataclass

from dossier.enrich.times.expression import When, parse_iso

__all__ = ["Base", "Narrative"]

_UNIT_GRAN = {"D": "day", "W": "day", "M": "month", "Y": "year", "DE": "year", "CE": "year"}


@dataclass(frozen=True)
class Base:
    """The point a relative expression was resolved from, and where it came from."""

    point: When
    anchor: str  # "narrative" or "document"


class Narrative:
    """The most recent dates of a text at day, month and year granularity (kept consistent with
    each other), plus the document date; updated as expressions are read in order."""

    def __init__(self, document_date: str | None = None) -> None:
        self.document = parse_iso(document_date)
        self._memory: dict[str, When | None] = {"year": None, "month": None, "day": None}

    def update(self, point: When) -> None:
        """Remember ``point`` (with a known year) as the latest date of the narrative."""
        y = point.year
        if y is None or point.gran in ("century", "decade"):
            return
        mem = self._memory
        mem["year"] = When("year", y)
        if point.month is not None and point.gran in ("month", "day", "time"):
            mem["month"] = When("month", y, point.month)
            if point.day is not None:
                mem["day"] = When("day", y, point.month, point.day)
            elif not _same(mem["day"], y, point.month):
                mem["day"] = None
            return
        if not _same(mem["month"], y, None):
            mem["month"] = None
        if not _same(mem["day"], y, None):
            mem["day"] = None

    def near(self, year: int, distance: int) -> bool:
        """Whether ``year`` is within ``distance`` years of the narrative (or it has none)."""
        known = self._memory["year"]
        return known is None or known.year is None or abs(known.year - year) <= distance

    def narrative(self, gran: str) -> When | None:
        """The narrative's latest point at ``gran`` (day, month or year), if any."""
        return self._memory.get(gran)

    @property
    def latest(self) -> When | None:
        """The narrative's latest point at its finest known granularity."""
        mem = self._memory
        return mem["day"] or mem["month"] or mem["year"]

    def _document(self, gran: str) -> When | None:
        doc = self.document
        if doc is None:
            return None
        if gran == "day":
            return doc if doc.day is not None else None
        if gran == "month":
            return When("month", doc.year, doc.month) if doc.month is not None else None
        return When("year", doc.year)

    def base(self, unit: str, deictic: bool) -> Base | None:
        """The point to count ``unit`` steps from: the document date first for deictic words
        ("last year", "ago"), the narrative first for anaphoric ones ("the next day")."""
        gran = _UNIT_GRAN.get(unit, unit)
        order = ("document", "narrative") if deictic else ("narrative", "document")
        if not deictic and self.latest is not None and self.narrative(gran) is None:
            return None
        for source in order:
            point = self._document(gran) if source == "document" else self.narrative(gran)
            if point is not None:
                return Base(point, source)
        return None

    def year(self) -> Base | None:
        """Where an expression without a year ("April", "the summer") takes its year from."""
        return self.base("Y", deictic=False)

    def is_bc(self) -> bool:
        """Whether the narrative currently runs before the common era."""
        year = self._memory["year"]
        return year is not None and year.year is not None and year.year < 0


def _same(point: When | None, year: int, month: int | None) -> bool:
    if point is None:
        return False
    return point.year == year and (month is None or point.month == month)
