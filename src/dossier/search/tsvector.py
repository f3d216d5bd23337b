"""Full-text search on PostgreSQL: a stored ``tsvector`` column with a GIN index, ranked with
``ts_rank_cd`` and highlighted with ``ts_headline``.

The column, the ``dossier`` text search configuration (``simple`` plus ``unaccent`` when the
extension is there) and the ``dossier_fold`` function (a Python-made folding table when it is not)
come from migration ``0003``. A user's words always reach ``to_tsquery`` quoted, never as syntax.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from dossier.search.fts5 import CLOSE, OPEN, filter_clauses, hit_from_row, order_clause
from dossier.search.query import ParsedQuery, parse_query
from dossier.settings import Settings
from dossier.store.base import Hit, SearchRequest

__all__ = ["CONFIG", "TsvectorIndex", "tsquery_expression"]

CONFIG = "dossier"
DOCUMENT = f"to_tsvector('{CONFIG}', dossier_fold(p.text))"


def _quote(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_expression(query: ParsedQuery) -> str:
    """The ``to_tsquery`` text of a parsed query: every word quoted, phrases joined by ``<->``."""
    parts: list[str] = []
    for term in query.terms:
        words = [_quote(w) for w in term.words]
        if term.prefix:
            words[-1] += ":*"
        phrase = " <-> ".join(words)
        phrase = f"({phrase})" if len(words) > 1 else phrase
        if term.alternative and parts:
            parts[-1] = f"({parts[-1]} | {phrase})"
        else:
            parts.append(phrase)
    return " & ".join(parts)


_WITH = "WITH q AS (SELECT to_tsquery('{config}', dossier_fold(:match)) AS query)"
_FROM = """
FROM q, passages p JOIN documents d ON d.id = p.document_id
WHERE p.search @@ q.query {filters}
"""
_SQL = (
    _WITH
    + """
SELECT p.id AS passage, p.document_id AS document, d.source, d.title, d.date, p.kind, p.page,
       p.text, ts_rank_cd(p.search, q.query) AS score,
       ts_headline('{config}', p.text, q.query, :options) AS snippet"""
    + _FROM
    + """ORDER BY {order}
LIMIT :limit OFFSET :offset
"""
)


def headline_options(tokens: int) -> str:
    """``ts_headline`` options giving snippets of about ``tokens`` words with FTS5's markers."""
    most = max(tokens, 4)
    return (
        f'StartSel="{OPEN}", StopSel="{CLOSE}", MaxWords={most}, MinWords={max(most // 2, 2)}, '
        'ShortWord=0, MaxFragments=1, FragmentDelimiter="…"'
    )


def _filters(request: SearchRequest, params: dict[str, Any]) -> str:
    # SQLite's LIKE ignores ASCII case; ILIKE makes the source filter behave the same here.
    return filter_clauses(request, params).replace("d.source LIKE", "d.source ILIKE")


class TsvectorIndex:
    """The index inside the PostgreSQL archive: a generated column, nothing to keep in step."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    def search(self, request: SearchRequest) -> list[Hit]:
        params: dict[str, Any] = {
            "match": tsquery_expression(parse_query(request.query)),
            "options": headline_options(self.settings.snippet_tokens),
            "limit": request.limit,
            "offset": request.offset,
        }
        order = order_clause(request, "score DESC")
        sql = _SQL.format(config=CONFIG, filters=_filters(request, params), order=order)
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), params).all()
        return [hit_from_row(row) for row in rows]

    def matching(self, request: SearchRequest) -> list[str]:
        params: dict[str, Any] = {"match": tsquery_expression(parse_query(request.query))}
        sql = _WITH + " SELECT p.document_id" + _FROM
        sql = sql.format(config=CONFIG, filters=_filters(request, params))
        with self.engine.connect() as conn:
            return [row[0] for row in conn.execute(text(sql), params)]

    def check(self, conn: Connection) -> list[str]:
        """The column must hold what the configuration makes of each passage, and be indexed."""
        problems: list[str] = []
        stale = conn.execute(
            text(f"SELECT COUNT(*) FROM passages p WHERE p.search IS DISTINCT FROM {DOCUMENT}")
        ).scalar_one()
        if stale:
            problems.append(f"full-text index: {stale} passage(s) out of step with their text")
        if conn.execute(text("SELECT to_regclass('ix_passages_search')")).scalar_one() is None:
            problems.append("full-text index: the GIN index ix_passages_search is missing")
        return problems
