"""``tag_times``: find, normalise and anchor every time expression of a text, in order."""

from __future__ import annotations

from dossier.enrich.times.anchor import Narrative
from dossier.enrich.times.expression import TimeExpression
from dossier.enrich.times.extract import find_candidates
from dossier.enrich.times.normalise import HANDLERS, Handler, normalise
from dossier.enrich.times.relative import RELATIVE_HANDLERS

__all__ = ["tag_narrative", "tag_times"]

_HANDLERS: dict[str, Handler] = HANDLERS | RELATIVE_HANDLERS


def tag_narrative(text: str, narrative: Narrative, offset: int = 0) -> list[TimeExpression]:
    """Tag ``text`` continuing ``narrative`` (so anchoring runs across pieces of one document);
    offsets are shifted by ``offset``."""
    found: list[TimeExpression] = []
    for cand in find_candidates(text):
        handler = _HANDLERS.get(cand.kind)
        expr = (
            normalise(cand, text, narrative) if handler is None else handler(cand, text, narrative)
        )
        if expr is not None:
            found.append(_shifted(expr, offset) if offset else expr)
    return found


def _shifted(expr: TimeExpression, offset: int) -> TimeExpression:
    from dataclasses import replace

    parts = tuple(_shifted(p, offset) for p in expr.parts)
    return replace(expr, start=expr.start + offset, end=expr.end + offset, parts=parts)


def tag_times(text: str, document_date: str | None = None) -> list[TimeExpression]:
    """Every time expression in ``text`` (offsets into exactly ``text``), anchored to the
    narrative's earlier dates or to ``document_date`` (an ISO prefix) as fits each one."""
    return tag_narrative(text, Narrative(document_date))
