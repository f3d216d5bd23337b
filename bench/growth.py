"""How Dossier's costs grow with its work: the same measures at 1×, 10× and 100× a corpus, with
the exponent of a power-law fit (1.0 = linear; for per-query latency, 0 = flat).

    .venv/bin/python -m bench.growth [--base 300] [--factors 1 10 100] [--ner]

Each size runs in a fresh process, so its peak memory (max RSS) is its own: generate the
corpus, ingest it into a new SQLite archive (entities from the authority file and rules unless
``--ner``), then time 3-word searches and ``check``. The baseline is the smallest size.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.corpus import PEOPLE, PLACES, generate, telegram
from dossier.api import open_archive
from dossier.settings import Settings
from dossier.store.base import SearchRequest

MEASURES = {
    "ingest_s": "ingest seconds",
    "words_per_s": "words/s",
    "ingest_peak_mb": "peak memory MB, ingest",
    "peak_mb": "peak memory MB, all",
    "search_ms": "search median ms",
    "check_ms": "check median ms",
}


def _queries(n: int) -> list[str]:
    rng = random.Random(5)
    words = [w for name in PEOPLE + PLACES for w in name.split()]
    return [" ".join(rng.sample(words, 3)) for _ in range(n)]


def run_one(documents: int, ner: bool) -> dict[str, float | str]:
    """Measure one size in this process (called in a child process)."""
    with tempfile.TemporaryDirectory() as tmp:
        words = generate(Path(tmp) / "corpus", documents, seed=3)
        settings = Settings(
            db=str(Path(tmp) / "g.db"), ner_model=Settings().ner_model if ner else ""
        )
        with open_archive(settings) as archive:
            pipeline = archive.pipeline.signature  # loads the stages before the clock starts
            started = time.perf_counter()
            archive.ingest([Path(tmp) / "corpus"])
            ingest = time.perf_counter() - started
            ingest_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            passages = archive.status().passages
            search = []
            for q in _queries(50):
                t = time.perf_counter()
                archive.search(SearchRequest(q, limit=10))
                search.append(time.perf_counter() - t)
            claims = [telegram(random.Random(i), i, 1).split("\n\n")[1] for i in range(10)]
            archive.check(claims[0])
            check = []
            for claim in claims:
                t = time.perf_counter()
                archive.check(claim)
                check.append(time.perf_counter() - t)
    return {
        "pipeline": pipeline,
        "documents": documents,
        "passages": passages,
        "words": words,
        "ingest_s": ingest,
        "words_per_s": words / ingest,
        "ingest_peak_mb": ingest_peak,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "search_ms": 1000 * statistics.median(search),
        "check_ms": 1000 * statistics.median(check),
    }


def exponent(sizes: list[float], values: list[float]) -> float:
    """The slope of log(value) against log(size), by least squares."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(v, 1e-9)) for v in values]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=300, help="Documents at 1×.")
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--ner", action="store_true", help="Run the NER model too.")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.ner)))
        return
    rows = []
    for factor in args.factors:
        command = [sys.executable, "-m", "bench.growth", "--one", str(args.base * factor)]
        out = subprocess.run(
            command + (["--ner"] if args.ner else []), capture_output=True, text=True, check=True
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        rows[-1].pop("pipeline")
        Console(stderr=True).print(f"{factor}×: {rows[-1]}")
    _report(rows, args)


def _report(rows: list[dict[str, float]], args: argparse.Namespace) -> None:
    table = Table(title=f"growth from {args.base} documents ({'NER' if args.ner else 'rules'})")
    table.add_column("measure")
    for row in rows:
        table.add_column(f"{row['documents']:,.0f} docs / {row['passages']:,.0f} passages")
    table.add_column("ratio last/first")
    table.add_column("exponent")
    sizes = [r["passages"] for r in rows]
    for key, label in MEASURES.items():
        values = [r[key] for r in rows]
        cells = [f"{v:,.1f}" for v in values]
        table.add_row(
            label, *cells, f"{values[-1] / values[0]:.2f}", f"{exponent(sizes, values):.2f}"
        )
    Console().print(table)


if __name__ == "__main__":
    main()
