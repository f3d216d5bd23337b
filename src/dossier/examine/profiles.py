"""Source profiles: what kind of witness a document is.

Primary or secondary (the record's kind, else its genre's kind from ``genres.yaml``), genre, the
gap in years between its writing (record date) and the events it describes (its dated time
spans, record lines and imprecise spans left out), its translation and editorial layers, its
quotations, and the verdicts on its claims once a claims layer exists.
"""

from __future__ import annotations

import bisect
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dossier.examine.conflicts import is_record_line
from dossier.model import Document, Span
from dossier.read.genre import genre_kind
from dossier.store import Store

__all__ = ["SourceProfile", "document_profile", "source_profile", "source_profiles"]

MAX_EVENT_DAYS = 366
"""Time spans wider than this (a century, a decade, a range of years) date no event."""

_VERDICTS = {"supported": "corroborated", "contradicted": "contradicted"}


@dataclass(frozen=True)
class SourceProfile:
    """A document as a source; dates are ISO days, gaps are years (writing minus events)."""

    document: str
    source: str
    title: str | None
    date: str | None
    genre: str | None
    kind: str | None
    kind_from: str | None
    language: str | None
    original_language: str | None
    translator: str | None
    translated: bool
    events: int
    earliest_event: str | None
    median_event: str | None
    latest_event: str | None
    after_writing: int
    outliers: int
    gap_years: float | None
    gap_earliest_years: float | None
    gap_latest_years: float | None
    editorial: dict[str, int] = field(default_factory=dict)
    normalisation: int = 0
    quotations: dict[str, int] = field(default_factory=dict)
    attributed_quotations: int = 0
    claims: dict[str, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _day(iso: Any) -> date | None:
    try:
        return date.fromisoformat(str(iso)[:10])
    except ValueError:
        return None


def _midpoint(span: Span) -> date | None:
    a, b = _day(span.value.get("earliest")), _day(span.value.get("latest") or "")
    b = b or a
    if a is None or b is None or b < a or (b - a).days > MAX_EVENT_DAYS:
        return None
    if "duration" in (span.value.get("flags") or []):
        return None
    return a + (b - a) / 2


def event_dates(doc: Document) -> list[date]:
    """Midpoints of the document's dated time spans, record lines left out, sorted."""
    sentences = sorted((s.start, s.end) for s in doc.spans_of("sentence"))
    out = []
    for span in doc.spans_of("time"):
        mid = _midpoint(span)
        if mid is None:
            continue
        i = bisect.bisect_right(sentences, (span.start, len(doc.text))) - 1
        bounds = sentences[i] if 0 <= i < len(sentences) else (span.start, span.end)
        if not is_record_line(doc, span, bounds):
            out.append(mid)
    return sorted(out)


def _inliers(dates: list[date]) -> list[date]:
    """``dates`` without outliers (beyond three interquartile ranges), when there are four or more:
    a file number read as a year should not stretch a document's span of events."""
    if len(dates) < 4:
        return dates
    q1, _, q3 = statistics.quantiles([d.toordinal() for d in dates], n=4)
    reach = 3 * max(q3 - q1, 365)
    return [d for d in dates if q1 - reach <= d.toordinal() <= q3 + reach]


def _years(later: date | None, earlier: date | None) -> float | None:
    if later is None or earlier is None:
        return None
    return round((later - earlier).days / 365.25, 1)


def _claims(doc: Document) -> dict[str, int] | None:
    verdicts = [str(s.value["verdict"]) for s in doc.spans_of("claim") if s.value.get("verdict")]
    if not verdicts:
        return None
    counts = Counter(verdicts)
    out = {name: counts.get(verdict, 0) for verdict, name in _VERDICTS.items()}
    out.update({k: v for k, v in counts.items() if k not in _VERDICTS})
    out["total"] = len(verdicts)
    return out


def _kind(doc: Document) -> tuple[str | None, str | None]:
    if doc.record.kind:
        return doc.record.kind, "record"
    kind = genre_kind(doc.record.genre)
    return kind, ("genre" if kind else None)


def document_profile(doc: Document) -> SourceProfile:
    """The profile of one document already in hand."""
    r = doc.record
    written = _day(r.date) if r.date else None
    dates = event_dates(doc)
    candidates = [d for d in dates if written is None or d <= written]
    before = _inliers(candidates)
    median = statistics.median_low(before) if before else None
    kind, kind_from = _kind(doc)
    quotes = doc.spans_of("quote")
    translated = bool(r.translator or (r.original_language and r.original_language != r.language))
    return SourceProfile(
        document=doc.id,
        source=doc.source,
        title=r.title,
        date=r.date,
        genre=r.genre,
        kind=kind,
        kind_from=kind_from,
        language=r.language,
        original_language=r.original_language,
        translator=r.translator,
        translated=translated,
        events=len(before),
        earliest_event=before[0].isoformat() if before else None,
        median_event=median.isoformat() if median else None,
        latest_event=before[-1].isoformat() if before else None,
        outliers=len(candidates) - len(before),
        after_writing=sum(1 for d in dates if written is not None and d > written),
        gap_years=_years(written, median),
        gap_earliest_years=_years(written, before[0] if before else None),
        gap_latest_years=_years(written, before[-1] if before else None),
        editorial=dict(Counter(str(s.value.get("kind")) for s in doc.spans_of("editorial"))),
        normalisation=len(doc.spans_of("normalisation")),
        quotations=dict(Counter(str(s.value.get("kind")) for s in quotes)),
        attributed_quotations=sum(1 for s in quotes if s.value.get("source")),
        claims=_claims(doc),
    )


def source_profile(store: Store, ref: str) -> SourceProfile:
    """The profile of one document (an id, a unique id prefix or a source path)."""
    return document_profile(store.document(ref))


def source_profiles(store: Store) -> list[SourceProfile]:
    """Profiles of every document, in archive order."""
    return [document_profile(doc) for doc in store.iter_documents()]
