"""Full-text search over passages: safe query parsing and one index per backend."""

from dossier.search.query import ParsedQuery, parse_query

__all__ = ["ParsedQuery", "parse_query"]
