"""A document's text cut into runs for the reading view: each run is plain text with the layers
that cover it (people, places, times, quotations, claims, editorial marks, normalisations), so
the template can show them as classes without ever treating the text as HTML."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from dossier.model import Document, Span
from dossier.web.pages.render import entity_url

__all__ = ["Block", "Mark", "Run", "blocks_of", "marks_of", "normalisations"]

LAYERS = ("mention", "time", "quote", "claim", "editorial", "normalisation")


@dataclass(frozen=True)
class Mark:
    """One annotation to show: a range, CSS classes, maybe a link and a note (tooltip)."""

    start: int
    end: int
    css: str
    href: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Run:
    text: str
    css: str = ""
    href: str | None = None
    note: str | None = None


@dataclass
class Block:
    """A passage of the document as runs."""

    kind: str
    label: str | None
    page: str | None
    anchor: str
    runs: list[Run] = field(default_factory=list)


def _mention(span: Span, names: dict[str, str]) -> Mark:
    value = span.value
    kind = str(value.get("type") or "other")
    ident = value.get("entity")
    name = names.get(str(ident), str(ident)) if ident else None
    note = f"{kind}: {name}" if name else kind
    href = entity_url(str(ident)) if ident else None
    return Mark(span.start, span.end, f"m m-{_token(kind)}", href, note)


def _token(word: str) -> str:
    """A CSS-safe class suffix."""
    return "".join(c for c in word.lower() if c.isalnum() or c == "-")[:20] or "other"


def _note_of(span: Span) -> str:
    v = span.value
    if span.layer == "time":
        spread = f"{v.get('earliest')} – {v.get('latest')}" if v.get("earliest") else ""
        return f"date {v.get('value')} {spread}".strip()
    if span.layer == "quote":
        who = v.get("speaker") or v.get("source")
        return f"quotation ({v.get('kind')})" + (f", {who}" if who else "")
    if span.layer == "claim":
        return "claim"
    if span.layer == "editorial":
        return f"editorial mark: {v.get('kind')}"
    return f"normalised {v.get('kind')}: {v.get('before')!s} → {v.get('after')!s}"


CSS = {"time": "t", "quote": "q", "claim": "c", "editorial": "e", "normalisation": "n"}


def marks_of(doc: Document, names: dict[str, str]) -> list[Mark]:
    """The marks of every shown layer; entity marks link to the entity's page."""
    out: list[Mark] = []
    for span in doc.spans:
        if span.layer not in LAYERS or span.end <= span.start:
            continue
        if span.layer == "mention":
            out.append(_mention(span, names))
        else:
            css = CSS[span.layer]
            if span.layer == "quote" and span.value.get("kind") != "direct":
                css = "qr"  # reported speech: marked more lightly than a direct quotation
            out.append(Mark(span.start, span.end, css, None, _note_of(span)))
    return out


def runs_of(text: str, start: int, end: int, marks: list[Mark]) -> list[Run]:
    """``text[start:end]`` cut at every mark boundary; each piece carries its covering marks."""
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted(
        {start, end, *(max(start, min(end, x)) for m in inside for x in (m.start, m.end))}
    )
    runs: list[Run] = []
    for a, b in itertools.pairwise(cuts):
        if a == b:
            continue
        cover = sorted(
            (m for m in inside if m.start <= a and m.end >= b), key=lambda m: (m.start, -m.end)
        )
        href = next((m.href for m in cover if m.href), None)
        note = cover[-1].note if cover else None  # the innermost mark says what it is
        css = " ".join(dict.fromkeys(c for m in cover for c in m.css.split()))
        runs.append(Run(text[a:b], css, href, note))
    return runs


def blocks_of(doc: Document, names: dict[str, str]) -> list[Block]:
    """The document's passages (or its whole text when it has none) as blocks of runs."""
    marks = marks_of(doc, names)
    passages = [(p.kind, p.label, p.page, p.start, p.end) for p in doc.passages]
    if not passages:
        passages = [("paragraph", None, None, 0, len(doc.text))]
    return [
        Block(kind, label, page, f"p{n}", runs_of(doc.text, a, b, marks))
        for n, (kind, label, page, a, b) in enumerate(passages)
    ]


def normalisations(doc: Document) -> list[dict[str, Any]]:
    """What the clean stage changed, for the notes under the text."""
    return [
        {
            "text": doc.text[s.start : s.end],
            "kind": s.value.get("kind"),
            "before": s.value.get("before"),
            "after": s.value.get("after"),
        }
        for s in doc.spans_of("normalisation")
    ]
