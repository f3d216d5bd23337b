"""Full-text search on SQLite FTS5 with BM25 ranking and highlighted snippets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from dossier.search.query import ParsedQuery, parse_query
from dossier.settings import Settings
from dossier.store.base import Hit, SearchRequest
from dossier.store.dates import interval

__all__ = [
    "Fts5Index",
    "filter_clauses",
    "fts5_expression",
    "hit_from_row",
    "order_clause",
    "split_highlights",
]

OPEN, CLOSE = "\x02", "\x03"


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts5_expression(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression of a parsed query; every word is quoted, so none is syntax."""
    parts: list[str] = []
    for term in query.terms:
        phrase = _quote(" ".join(term.words)) + ("*" if term.prefix else "")
        if term.alternative and parts:
            parts[-1] = f"({parts[-1]} OR {phrase})"
        else:
            parts.append(phrase)
    return " AND ".join(parts)


def split_highlights(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove highlight markers from ``marked``; return the text and the highlighted ranges."""
    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    length = 0
    start = 0
    for ch in marked:
        if ch == OPEN:
            start = length
        elif ch == CLOSE:
            ranges.append((start, length))
        else:
            out.append(ch)
            length += 1
    return "".join(out), ranges


_FROM = """
FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid
JOIN documents d ON d.id = p.document_id
WHERE passages_fts MATCH :match {filters}
"""
_SQL = (
    """
SELECT p.id AS passage, p.document_id AS document, d.source, d.title, d.date, p.kind, p.page,
       p.text, -bm25(passages_fts) AS score,
       snippet(passages_fts, 0, :open, :close, '…', :tokens) AS snippet"""
    + _FROM
    + """ORDER BY {order}
LIMIT :limit OFFSET :offset
"""
)
DATE_ORDER = "d.date_earliest IS NULL, d.date_earliest, d.date_latest, p.document_id, p.seq"


def order_clause(request: SearchRequest, relevance: str) -> str:
    """``ORDER BY`` for the request's sort: ``relevance`` (best first) or ``date``."""
    return DATE_ORDER if request.sort == "date" else f"{relevance}, p.id"


def hit_from_row(row: Any) -> Hit:
    """A ``Hit`` from a result row whose snippet carries the highlight markers."""
    snippet, ranges = split_highlights(row.snippet)
    return Hit(
        passage=row.passage,
        document=row.document,
        source=row.source,
        title=row.title,
        date=row.date,
        kind=row.kind,
        page=row.page,
        score=round(float(row.score), 4),
        snippet=snippet,
        highlights=ranges,
        text=row.text,
    )


class Fts5Index:
    """The search index inside the SQLite archive itself, kept in step by triggers."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    def search(self, request: SearchRequest) -> list[Hit]:
        params: dict[str, Any] = {
            "match": fts5_expression(parse_query(request.query)),
            "open": OPEN,
            "close": CLOSE,
            "tokens": self.settings.snippet_tokens,
            "limit": request.limit,
            "offset": request.offset,
        }
        filters = filter_clauses(request, params)
        order = order_clause(request, "bm25(passages_fts)")
        with self.engine.connect() as conn:
            rows = conn.execute(text(_SQL.format(filters=filters, order=order)), params).all()
        return [hit_from_row(row) for row in rows]

    def matching(self, request: SearchRequest) -> list[str]:
        params: dict[str, Any] = {"match": fts5_expression(parse_query(request.query))}
        sql = "SELECT p.document_id" + _FROM.format(filters=filter_clauses(request, params))
        with self.engine.connect() as conn:
            return [row[0] for row in conn.execute(text(sql), params)]

    def check(self, conn: Connection) -> list[str]:
        try:
            conn.execute(
                text("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")
            )
        except Exception as exc:  # the database reports a damaged index as an error
            return [f"full-text index: {exc}"]
        return []


def filter_clauses(request: SearchRequest, params: dict[str, Any]) -> str:
    clauses = []
    if request.date_from:
        clauses.append("d.date_latest >= :date_from")
        params["date_from"] = request.date_from
    if request.date_to:
        clauses.append("d.date_earliest <= :date_to")
        params["date_to"] = _end_of(request.date_to)
    for name in ("genre", "language"):
        if getattr(request, name):
            clauses.append(f"d.{name} = :{name}")
            params[name] = getattr(request, name)
    if request.source:
        clauses.append("d.source LIKE :source ESCAPE '\\'")
        escaped = request.source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["source"] = escaped + "%"
    if request.within is not None:
        names = [f"within{i}" for i in range(len(request.within))]
        params.update(zip(names, request.within, strict=True))
        clauses.append(f"d.id IN ({', '.join(':' + n for n in names)})" if names else "1 = 0")
    return "".join(f" AND {c}" for c in clauses)


def _end_of(prefix: str) -> str:
    return interval(prefix)[1] or prefix
