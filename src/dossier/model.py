"""The core model: a ``Document`` with its record, passages and stand-off spans.

Offsets are Python string indices into ``Document.text`` (the normalised text). ``offsets`` maps
them back to the original: character offsets into the decoded original for text formats
(``Document.encoding`` says how it was decoded; ``original_byte_offset`` turns them into bytes),
or into the reader's extraction for binary formats such as PDF and DOCX (``encoding`` is None).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "PASSAGE_KINDS",
    "Document",
    "OffsetMap",
    "Passage",
    "Provenance",
    "Record",
    "Span",
    "TextBuilder",
    "document_id",
]

PASSAGE_KINDS = ("heading", "paragraph", "footnote", "editorial")


@dataclass
class Record:
    """Dublin Core plus archival fields. Dates are ISO prefixes (``1958-09-04``, ``1954-10``)."""

    title: str | None = None
    date: str | None = None
    creators: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    place: str | None = None
    language: str | None = None
    original_language: str | None = None
    translator: str | None = None
    repository: str | None = None
    collection: str | None = None
    identifier: str | None = None
    citation: str | None = None
    summary: str | None = None
    credits: str | None = None
    rights: str | None = None
    provider: str | None = None
    source_url: str | None = None
    source_note: str | None = None
    classification: str | None = None
    completeness: str | None = None
    genre: str | None = None
    kind: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, [], {}):
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Passage:
    """A paragraph, footnote, heading or editorial note: what search returns and evidence cites."""

    kind: str
    start: int
    end: int
    page: str | None = None
    label: str | None = None

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Provenance:
    stage: str
    version: str
    model: str | None = None
    settings: str | None = None
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Span:
    """A stand-off annotation ``[start, end)`` over the normalised text."""

    layer: str
    start: int
    end: int
    value: dict[str, Any]
    provenance: Provenance
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as the store and the API give it (no deep copies: values are JSON)."""
        return {
            "layer": self.layer,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "confidence": self.confidence,
            "provenance": self.provenance.to_dict(),
        }


@dataclass(frozen=True)
class _Segment:
    text_start: int
    text_end: int
    orig_start: int
    orig_end: int


def _coalesced(segments: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """``segments`` with each run of adjacent verbatim copies (equal lengths, contiguous on
    both sides) joined into one; the map they make is the same."""
    out: list[tuple[int, int, int, int]] = []
    for seg in segments:
        if out:
            ts, te, os_, oe = out[-1]
            if (
                te == seg[0]
                and oe == seg[2]
                and te - ts == oe - os_
                and seg[1] - seg[0] == seg[3] - seg[2]
            ):
                out[-1] = (ts, seg[1], os_, seg[3])
                continue
        out.append(seg)
    return out


class OffsetMap:
    """Piecewise map from text offsets to original offsets.

    Each segment says that ``text[ts:te]`` came from ``original[os:oe]``. Equal lengths map one
    to one; unequal lengths (a replacement, an inserted separator) map every offset inside to the
    segment's original start, and its end to the original end.
    """

    def __init__(self, segments: list[tuple[int, int, int, int]] | None = None) -> None:
        self._segments = [_Segment(*s) for s in _coalesced(segments or [])]
        self._starts = [s.text_start for s in self._segments]

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls([(0, length, 0, length)])

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """The original offset of text ``offset``; ``end=True`` reads it as the end of a range,
        so it lands after the previous piece rather than before the next one."""
        if not self._segments:
            return offset
        probe = bisect.bisect_left if end else bisect.bisect_right
        i = max(probe(self._starts, offset) - 1, 0)
        seg = self._segments[i]
        if offset >= seg.text_end:
            return seg.orig_end
        if offset <= seg.text_start:
            return seg.orig_start
        if seg.text_end - seg.text_start == seg.orig_end - seg.orig_start:
            return seg.orig_start + (offset - seg.text_start)
        return seg.orig_end if end else seg.orig_start

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """A map from this map's text to ``inner``'s original (our original is ``inner``'s text)."""
        cuts = sorted(
            {s.text_start for s in inner._segments} | {s.text_end for s in inner._segments}
        )
        out: list[tuple[int, int, int, int]] = []
        for seg in self._segments:
            pieces = [(seg.text_start, seg.text_end, seg.orig_start, seg.orig_end)]
            if seg.text_end - seg.text_start == seg.orig_end - seg.orig_start:
                lo = bisect.bisect_right(cuts, seg.orig_start)
                hi = bisect.bisect_left(cuts, seg.orig_end)
                points = [seg.orig_start, *cuts[lo:hi], seg.orig_end]
                shift = seg.text_start - seg.orig_start
                pieces = [(a + shift, b + shift, a, b) for a, b in itertools.pairwise(points)]
            out.extend(
                (ts, te, inner.to_original(a), inner.to_original(b, end=True))
                for ts, te, a, b in pieces
            )
        return OffsetMap(out)

    def inverse(self) -> OffsetMap:
        """The map the other way round; exact for maps whose segments keep original order."""
        return OffsetMap(
            [(s.orig_start, s.orig_end, s.text_start, s.text_end) for s in self._segments]
        )

    def to_list(self) -> list[list[int]]:
        return [[s.text_start, s.text_end, s.orig_start, s.orig_end] for s in self._segments]

    @classmethod
    def from_list(cls, data: list[list[int]]) -> OffsetMap:
        return cls([(a, b, c, d) for a, b, c, d in data])


class TextBuilder:
    """Builds a text piece by piece while recording where each piece came from."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[tuple[int, int, int, int]] = []
        self._length = 0
        self._last_orig = 0

    def __len__(self) -> int:
        return self._length

    def add(self, piece: str, orig_start: int | None = None, orig_end: int | None = None) -> None:
        """Append ``piece``. With only ``orig_start`` it is a verbatim copy of the original there;
        with ``orig_end`` too it replaces ``original[orig_start:orig_end]``; with neither it is
        inserted (a separator) and maps to where the previous piece ended."""
        if orig_start is None:
            orig_start = orig_end = self._last_orig
        elif orig_end is None:
            orig_end = orig_start + len(piece)
        if not piece and orig_start == orig_end:
            return
        self._segments.append((self._length, self._length + len(piece), orig_start, orig_end))
        self._parts.append(piece)
        self._length += len(piece)
        self._last_orig = orig_end

    def tail(self, n: int = 1) -> str:
        """The last ``n`` characters built so far."""
        joined = "".join(self._parts[-n:]) if self._parts else ""
        return joined[-n:]

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(self._segments)


def document_id(sha256: str, fragment: str | None) -> str:
    """Stable id: the same bytes (and fragment) always give the same id."""
    key = sha256 if not fragment else f"{sha256}#{fragment}"
    return "d" + hashlib.sha256(key.encode()).hexdigest()[:15]


@dataclass
class Document:
    """One document: what a reader produced, then every stage's additions."""

    source: str
    sha256: str
    text: str
    record: Record
    passages: list[Passage]
    offsets: OffsetMap
    reader: str
    encoding: str | None = None
    fragment: str | None = None
    media_type: str = "text/plain"
    spans: list[Span] = field(default_factory=list)
    layers: set[str] = field(default_factory=set)
    boilerplate: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return document_id(self.sha256, self.fragment)

    def spans_of(self, layer: str) -> list[Span]:
        """The spans of ``layer`` in their order, from an index built once per spans list (the
        stages replace the list, never change it in place; a changed length rebuilds it)."""
        spans = self.spans
        index = self.__dict__.get("_by_layer")
        if index is None or index[0] is not spans or index[1] != len(spans):
            by_layer: dict[str, list[Span]] = {}
            for span in spans:
                by_layer.setdefault(span.layer, []).append(span)
            index = self.__dict__["_by_layer"] = (spans, len(spans), by_layer)
        return list(index[2].get(layer, ()))
