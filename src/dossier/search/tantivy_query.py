"""The tantivy side of search: the index schema, the analyzers, and a parsed query with its
filters turned into tantivy queries.

Words are cut where FTS5's ``unicode61`` cuts them (at anything that is not a letter or a digit),
lower-cased and folded to ASCII, so ``Lüshun`` is found by ``Lushun``. Query words go through the
same analyzer as passages, and reach tantivy as terms, never as query-language text.
"""

from __future__ import annotations

from dataclasses import dataclass

import tantivy
from tantivy import FieldType, Filter, Occur, Query, TextAnalyzerBuilder, Tokenizer

from dossier.search.query import ParsedQuery
from dossier.store.base import SearchRequest
from dossier.store.dates import interval

__all__ = [
    "SCHEMA_VERSION",
    "Needle",
    "build_schema",
    "day_number",
    "full_query",
    "needles",
    "register_analyzers",
    "sort_key",
    "text_analyzer",
]

SCHEMA_VERSION = 1
TEXT_ANALYZER, LOWER_ANALYZER = "dossier_text", "dossier_lower"
UNDATED = 99_999_999  # sorts after every real day number
MAX_TOKEN_BYTES = 255
_REGEX_META = set("\\.+*?()|[]{}^$#&-~")


def text_analyzer() -> tantivy.TextAnalyzer:
    """Letters and digits, lower-cased and folded to ASCII; absurdly long tokens dropped."""
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(MAX_TOKEN_BYTES))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .build()
    )


def register_analyzers(index: tantivy.Index) -> None:
    """Tokenizers are not saved with an index: register them every time it is opened."""
    index.register_tokenizer(TEXT_ANALYZER, text_analyzer())
    lower = TextAnalyzerBuilder(Tokenizer.raw()).filter(Filter.lowercase()).build()
    index.register_tokenizer(LOWER_ANALYZER, lower)


def build_schema() -> tantivy.Schema:
    """One tantivy document per passage; only the passage id is stored, the store has the rest."""
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("document", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("text", tokenizer_name=TEXT_ANALYZER, index_option="position")
    for name in ("genre", "language"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("source", tokenizer_name=LOWER_ANALYZER, index_option="basic")
    for name in ("earliest", "latest"):
        builder.add_integer_field(name, indexed=True, fast=True)
    builder.add_integer_field("when", fast=True)
    return builder.build()


def day_number(iso: str | None) -> int | None:
    """``1954-10-12`` → ``19541012``: ISO days as integers keep their order."""
    if not iso or len(iso) < 10:
        return None
    try:
        return int(iso[:4] + iso[5:7] + iso[8:10])
    except ValueError:
        return None


def sort_key(earliest: str | None, latest: str | None) -> int:
    """The order of ``sort=date``: earliest day, then latest day; undated last."""
    first, last = day_number(earliest), day_number(latest)
    return (first if first is not None else UNDATED) * 100_000_000 + (last or UNDATED)


@dataclass(frozen=True)
class Needle:
    """One term of a query as the index's tokens: a word, a phrase, or a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False
    alternative: bool = False


def needles(query: ParsedQuery, analyzer: tantivy.TextAnalyzer) -> list[Needle]:
    return [
        Needle(tuple(analyzer.analyze(" ".join(term.words))), term.prefix, term.alternative)
        for term in query.terms
    ]


def _needle_query(schema: tantivy.Schema, needle: Needle) -> Query:
    tokens: list[str | tuple[int, str]] = list(needle.tokens)
    if not tokens:
        return Query.empty_query()
    if needle.prefix:
        return Query.phrase_prefix_query(schema, "text", tokens)
    if len(tokens) == 1:
        return Query.term_query(schema, "text", needle.tokens[0])
    return Query.phrase_query(schema, "text", tokens)


def text_query(schema: tantivy.Schema, terms: list[Needle]) -> Query:
    """Every term must match; a term marked ``alternative`` is OR-ed with the one before it."""
    groups: list[list[Query]] = []
    for needle in terms:
        query = _needle_query(schema, needle)
        if needle.alternative and groups:
            groups[-1].append(query)
        else:
            groups.append([query])
    musts = [
        group[0] if len(group) == 1 else Query.boolean_query([(Occur.Should, q) for q in group])
        for group in groups
    ]
    return musts[0] if len(musts) == 1 else Query.boolean_query([(Occur.Must, q) for q in musts])


def _bound(prefix: str, end: bool) -> int:
    """A date filter's day number; an unreadable prefix compares as text does in SQL."""
    low, high = interval(prefix)
    day = day_number(high if end else low)
    if day is not None:
        return day
    return 99_999_999 if prefix > "9999" else 0


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _REGEX_META else ch for ch in text)


def filter_queries(schema: tantivy.Schema, request: SearchRequest) -> list[Query]:
    """The request's filters, as queries that must match and do not change the score."""
    out: list[Query] = []
    if request.date_from:
        low = _bound(request.date_from, end=False)
        out.append(Query.range_query(schema, "latest", FieldType.Integer, low, UNDATED - 1))
    if request.date_to:
        high = _bound(request.date_to, end=True)
        out.append(Query.range_query(schema, "earliest", FieldType.Integer, 0, high))
    for name in ("genre", "language"):
        value = getattr(request, name)
        if value:
            out.append(Query.term_query(schema, name, value))
    if request.source:
        pattern = _escape(request.source.lower()) + ".*"
        out.append(Query.regex_query(schema, "source", pattern))
    if request.within is not None:
        within = list(request.within)
        out.append(
            Query.term_set_query(schema, "document", within) if within else Query.empty_query()
        )
    return out


def full_query(schema: tantivy.Schema, request: SearchRequest, terms: list[Needle]) -> Query:
    filters = filter_queries(schema, request)
    query = text_query(schema, terms)
    if not filters:
        return query
    clauses = [(Occur.Must, query)]
    clauses += [(Occur.Must, Query.const_score_query(f, 0.0)) for f in filters]
    return Query.boolean_query(clauses)
