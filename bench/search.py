"""Search latency with snippets, FTS5 against tantivy, as ratios to a raw FTS5 query measured in
the same run.

    .venv/bin/python -m bench.search [--passages 100000] [--queries 100] [--workdir DIR]

Builds (or reuses, in ``--workdir``) a SQLite archive of about N passages of generated telegrams
(``bench.corpus``; read, not enriched: search needs only passages and records), then a tantivy
index of it with ``Archive.reindex``. Queries are 1, 2 and 3 words taken from one passage each
(so most have hits), and the 2-word queries again with a genre filter, a stand-in for a facet.
Each query is run once to warm up and once timed, through four paths:

- raw FTS5: a plain ``sqlite3`` MATCH query with ``snippet()``, ten best by BM25 (the baseline);
- FTS5 through the Store: ``Archive.search`` with ``search_index = "native"``;
- tantivy through the Store: ``Archive.search`` with ``search_index = "tantivy"``;
- raw tantivy: the searcher's ten best and their passage ids, without snippets.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import tantivy
from rich.console import Console
from rich.table import Table

from bench.corpus import telegram
from dossier.api import open_archive
from dossier.model import Document, OffsetMap, Passage, Record
from dossier.search.tantivy_query import register_analyzers, text_analyzer
from dossier.settings import Settings
from dossier.store.base import SearchRequest

GENRES = ["telegram", "memorandum", "memoir", "article"]
BATCH = 500  # documents per stored original (one transaction)
Run = Callable[[str, str | None], object]


def _document(rng: random.Random, number: int, sha: str) -> Document:
    body = telegram(rng, number)
    passages, at = [], 0
    for piece in body.split("\n\n"):
        passages.append(Passage("paragraph", at, at + len(piece.rstrip("\n"))))
        at += len(piece) + 2
    year, month, day = rng.randint(1945, 1955), rng.randint(1, 12), rng.randint(1, 28)
    record = Record(
        title=body.split("\n", 1)[0],
        date=f"{year}-{month:02d}-{day:02d}",
        genre=rng.choice(GENRES),
        language="en",
    )
    return Document(
        source=f"bench/t{number:07d}.txt",
        sha256=sha,
        text=body,
        record=record,
        passages=passages,
        offsets=OffsetMap.identity(len(body)),
        reader="bench",
        fragment=str(number),
    )


def build(settings: Settings, passages: int, console: Console) -> None:
    """Store about ``passages`` passages (six per generated document) in batches; a batch
    already stored is skipped, so an interrupted build resumes."""
    documents = max(1, passages // 6)
    started, added = time.perf_counter(), 0
    with open_archive(settings) as archive:
        for first in range(0, documents, BATCH):
            sha = hashlib.sha256(f"batch {first}".encode()).hexdigest()
            if archive.store.stored_sha(sha):
                continue
            rng = random.Random(first)
            docs = [_document(rng, n, sha) for n in range(first, min(documents, first + BATCH))]
            archive.store.save_file(f"bench/batch{first}", sha, sha.encode(), docs)
            added += len(docs)
    if added:
        console.print(f"stored {added:,} documents in {time.perf_counter() - started:.0f} s")


def queries(db: str, count: int, seed: int = 3) -> dict[int, list[str]]:
    """``count`` queries of 1, 2 and 3 words, each taken from one random passage."""
    rng = random.Random(seed)
    with sqlite3.connect(db) as conn:
        top = conn.execute("SELECT MAX(id) FROM passages").fetchone()[0]
        out: dict[int, list[str]] = {1: [], 2: [], 3: []}
        while any(len(v) < count for v in out.values()):
            row = conn.execute(
                "SELECT text FROM passages WHERE id >= ? LIMIT 1", (rng.randint(1, top),)
            ).fetchone()
            words = [w.strip('.,;:“”’"[]') for w in row[0].split()]
            words = [w for w in words if w.isalpha() and len(w) > 3]
            for size, bucket in out.items():
                if len(words) >= size and len(bucket) < count:
                    bucket.append(" ".join(rng.sample(words, size)))
    return out


def _raw_fts5(db: str) -> Run:
    conn = sqlite3.connect(db, check_same_thread=False)
    sql = (
        "SELECT p.id, snippet(passages_fts, 0, '[', ']', '…', 24) FROM passages_fts "
        "JOIN passages p ON p.id = passages_fts.rowid JOIN documents d ON d.id = p.document_id "
        "WHERE passages_fts MATCH ? {genre} ORDER BY rank LIMIT 10"
    )

    def run(query: str, genre: str | None) -> object:
        match = " AND ".join(f'"{w}"' for w in query.split())
        if genre is None:
            return conn.execute(sql.format(genre=""), (match,)).fetchall()
        return conn.execute(sql.format(genre="AND d.genre = ?"), (match, genre)).fetchall()

    return run


def _raw_tantivy(path: str) -> Run:
    index = tantivy.Index.open(path)
    register_analyzers(index)
    schema = index.schema
    searcher = index.searcher()
    analyzer = text_analyzer()

    def run(query: str, genre: str | None) -> object:
        words = [
            (tantivy.Occur.Must, tantivy.Query.term_query(schema, "text", w))
            for w in analyzer.analyze(query)
        ]
        if genre is not None:
            words.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, "genre", genre)))
        hits = searcher.search(tantivy.Query.boolean_query(words), 10).hits
        return searcher.fast_field_values("id", [address for _, address in hits])

    return run


def _through_store(settings: Settings) -> tuple[Run, Callable[[], None]]:
    archive = open_archive(settings)

    def run(query: str, genre: str | None) -> object:
        return archive.search(SearchRequest(query, limit=10, genre=genre))

    return run, archive.close


def _time(run: Run, batch: list[str], genre: str | None) -> list[float]:
    for query in batch:
        run(query, genre)
    times = []
    for query in batch:
        started = time.perf_counter()
        run(query, genre)
        times.append(time.perf_counter() - started)
    return times


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def measure(workdir: Path, passages: int, count: int, console: Console) -> Table:
    db = str(workdir / "bench.db")
    native = Settings(db=db, ner_model="")
    scaled = Settings(
        db=db, ner_model="", search_index="tantivy", index_path=str(workdir / "index")
    )
    build(native, passages, console)
    with open_archive(scaled) as archive:
        started = time.perf_counter()
        indexed = archive.reindex("tantivy")
        console.print(
            f"tantivy index of {indexed:,} passages built in {time.perf_counter() - started:.0f} s"
        )
    batches = queries(db, count)
    for name, chosen in (("native", native), ("tantivy", scaled)):
        started = time.perf_counter()
        with open_archive(chosen) as archive:
            archive.search(SearchRequest(batches[1][0]))
            opened = time.perf_counter() - started
            started = time.perf_counter()
            total = len(archive.store.matching(SearchRequest(batches[1][0])))
            counted = time.perf_counter() - started
        console.print(
            f"{name}: open + first search {opened * 1000:.0f} ms (the index's check against "
            f"the store); matching() of {total:,} passages {counted * 1000:.0f} ms"
        )
    fts5_store, close_fts5 = _through_store(native)
    tantivy_store, close_tantivy = _through_store(scaled)
    paths: dict[str, Run] = {
        "raw FTS5 (baseline)": _raw_fts5(db),
        "FTS5 via Store": fts5_store,
        "tantivy via Store": tantivy_store,
        "raw tantivy (no snippets)": _raw_tantivy(scaled.index_path),
    }
    table = Table(title=f"search latency, {indexed:,} passages, {count} queries per row")
    for column in ("queries", "path", "median ms", "p99 ms", "median / raw FTS5", "p99 / raw FTS5"):
        table.add_column(column, justify="left" if column in ("queries", "path") else "right")
    cases = [(f"{n} word{'s' if n > 1 else ''}", batches[n], None) for n in (1, 2, 3)]
    cases.append(("2 words + genre", batches[2], "telegram"))
    for label, batch, genre in cases:
        base: tuple[float, float] | None = None
        for name, run in paths.items():
            times = _time(run, batch, genre)
            median, p99 = statistics.median(times), _p99(times)
            base = base or (median, p99)
            table.add_row(label, name, f"{median * 1000:.2f}", f"{p99 * 1000:.2f}",
                          f"{median / base[0]:.2f}", f"{p99 / base[1]:.2f}")  # fmt: skip
    close_fts5()
    close_tantivy()
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the archive here")
    args = parser.parse_args()
    console = Console(width=120)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        console.print(measure(args.workdir, args.passages, args.queries, console))
        return
    with tempfile.TemporaryDirectory() as tmp:
        console.print(measure(Path(tmp), args.passages, args.queries, console))


if __name__ == "__main__":
    main()
