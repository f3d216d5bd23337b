"""``check`` latency on generated archives, as a ratio to a plain full-text search of the same
claim measured in the same run.

    .venv/bin/python -m bench.check [--documents 1000 10000 ...] [--claims 20]

Each archive is built from ``bench.corpus`` documents with entities from the authority file and
rules only (``ner_model=""``), which keeps building a 100,000-document archive affordable; the
claims themselves are parsed with the full pipeline, as ``dossier check`` does.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.corpus import generate, telegram
from dossier.api import Archive, open_archive
from dossier.settings import Settings
from dossier.store.base import SearchRequest


def _claims(count: int) -> list[str]:
    rng = random.Random(99)
    out = []
    for i in range(count):
        text = telegram(rng, i, paragraphs=1).split("\n\n")[1]
        out.append(text.split(". ")[0].rstrip(".") + ".")
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _latencies(archive: Archive, claims: list[str]) -> dict[str, float]:
    archive.check(claims[0])  # load the claim parser once, as a long-running shell does
    search, check = [], []
    for claim in claims:
        t = time.perf_counter()
        archive.search(SearchRequest(" OR ".join(claim.split()[:8]), limit=10))
        search.append(time.perf_counter() - t)
        t = time.perf_counter()
        archive.check(claim)
        check.append(time.perf_counter() - t)
    return {
        "search_median": statistics.median(search),
        "check_median": statistics.median(check),
        "check_p95": _percentile(check, 0.95),
    }


def measure(documents: int, claims: list[str], index: str) -> dict[str, float]:
    """Build an archive of ``documents`` generated documents, then time search and check."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        words = generate(root, documents, paragraphs=1)
        settings = Settings(db=str(Path(tmp) / "bench.db"), ner_model="", search_index=index)
        with open_archive(settings) as archive:
            started = time.perf_counter()
            archive.ingest([root])
            built = time.perf_counter() - started
            times = _latencies(archive, claims)
    return {"documents": documents, "words": words, "build_s": built, **times}


def measure_existing(db: str, claims: list[str], index: str) -> dict[str, float]:
    """Time search and check on an archive that is already built (``--archive PATH``); the
    tantivy index is rebuilt from the store first."""
    with open_archive(Settings(db=db, ner_model="", search_index=index)) as archive:
        if index != "native":
            archive.reindex(index)
        documents = archive.status().documents
        times = _latencies(archive, claims)
    return {"documents": documents, "words": float("nan"), "build_s": float("nan"), **times}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--claims", type=int, default=20)
    parser.add_argument("--archive", help="measure an existing archive instead of building")
    parser.add_argument("--index", default="native", help="native (FTS5) or tantivy")
    args = parser.parse_args()
    claims = _claims(args.claims)
    table = Table(title=f"check latency, {args.index} index")
    for column in (
        "documents",
        "words",
        "build s",
        "search median ms",
        "check median ms",
        "check p95 ms",
        "check / search",
    ):
        table.add_column(column, justify="right")
    runs: list[int | str] = [args.archive] if args.archive else list(args.documents)
    for run in runs:
        if args.archive:
            r = measure_existing(str(run), claims, args.index)
        else:
            r = measure(int(run), claims, args.index)
        table.add_row(
            f"{r['documents']:,.0f}",
            f"{r['words']:,.0f}",
            f"{r['build_s']:.0f}",
            f"{r['search_median'] * 1000:.1f}",
            f"{r['check_median'] * 1000:.0f}",
            f"{r['check_p95'] * 1000:.0f}",
            f"{r['check_median'] / r['search_median']:.0f}×",
        )
        Console().print(table)


if __name__ == "__main__":
    main()
