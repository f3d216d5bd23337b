"""Semantic search at scale: exact numpy search (the baseline) against the HNSW index, and the
embedding model's speed.

    .venv/bin/python -m bench.vectors [--sizes 100000 1000000] [--queries 200] [--passages 2000]

For each size N, N synthetic vectors of 384 float32 numbers are written through the project's
vector files (``dossier.vectors.storage``): clustered (N/1000 centres in a 64-number space,
mapped into 384 numbers with a little noise everywhere, then normalised), since embeddings of
real text also fill only a few directions. Queries are new points from the same distribution.
Both searches run through ``VectorIndex`` (the class ``similar`` and ``check`` use): exact
search maps the vectors from disk and multiplies them a block at a time; HNSW is built with the
default settings (M 16, ef_construction 200, ef 100). Recall@10 is HNSW's share of the exact
top ten. Memory is what a query needs in memory to be fast: the vectors file for exact search
(mapped, read whole by every query), the saved index for HNSW (hnswlib keeps its own copy of the
vectors with the graph); the process's peak resident set is printed at the end.

The model is measured on passages of generated telegrams (``bench.corpus``): passages per second
embedded in batches, the time to embed one query, and HNSW recall on those real vectors too.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rich.console import Console
from rich.table import Table

from bench.corpus import telegram
from dossier.settings import Settings
from dossier.vectors.embed import load_embedder
from dossier.vectors.index import VectorIndex
from dossier.vectors.storage import VectorFiles

DIM = 384
LATENT = 64
CHUNK = 100_000
Matrix = npt.NDArray[np.float32]


class Clusters:
    """Points around ``centres`` in a ``LATENT``-number space, mapped into ``DIM`` numbers."""

    def __init__(self, centres: int, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.centres = rng.standard_normal((centres, LATENT)).astype(np.float32)
        self.mapping = rng.standard_normal((LATENT, DIM)).astype(np.float32) / np.sqrt(LATENT)

    def sample(self, n: int, seed: int) -> Matrix:
        rng = np.random.default_rng(seed)
        picked = self.centres[rng.integers(0, len(self.centres), n)]
        latent = picked + 0.5 * rng.standard_normal((n, LATENT), dtype=np.float32)
        out = latent @ self.mapping + 0.02 * rng.standard_normal((n, DIM), dtype=np.float32)
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


def write(folder: Path, clusters: Clusters, n: int) -> VectorFiles:
    files = VectorFiles.create(folder, "synthetic", DIM)
    for start in range(files.count, n, CHUNK):
        stop = min(start + CHUNK, n)
        ids = np.arange(start + 1, stop + 1, dtype=np.int64)
        files.append(clusters.sample(stop - start, seed=start + 1), ids, ids)
    return files


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def timed(
    search: Callable[[Matrix], list[int]], queries: Matrix
) -> tuple[list[float], list[list[int]]]:
    search(queries[0])  # warm up
    times, found = [], []
    for query in queries:
        started = time.perf_counter()
        found.append(search(query))
        times.append(time.perf_counter() - started)
    return times, found


@dataclasses.dataclass
class Row:
    label: str
    method: str
    build: float
    memory: float
    times: list[float]
    recall: float | None


def _top10(index: VectorIndex) -> Callable[[Matrix], list[int]]:
    return lambda query: [n.passage for n in index.search(query, 10)]


def compare(files: VectorFiles, queries: Matrix, label: str, settings: Settings) -> list[Row]:
    """Exact search and HNSW on the same vectors and queries."""
    exact = VectorIndex(
        files, dataclasses.replace(settings, semantic_ann_threshold=files.count + 1)
    )
    times, truth = timed(_top10(exact), queries)
    mapped = files.path("vectors").stat().st_size / 2**20
    rows = [Row(label, "exact numpy (baseline)", 0.0, mapped, times, None)]
    del exact
    gc.collect()
    for saved in files.ann_paths():  # measure a build, not a load
        saved.unlink()
    ann = VectorIndex(files, dataclasses.replace(settings, semantic_ann_threshold=1))
    started = time.perf_counter()
    ann.prepare()
    build = time.perf_counter() - started
    times, found = timed(_top10(ann), queries)
    recall = statistics.mean(len(set(a) & set(b)) / 10 for a, b in zip(found, truth, strict=True))
    held = sum(p.stat().st_size for p in files.ann_paths()) / 2**20
    rows.append(Row(label, "hnswlib HNSW", build, held, times, recall))
    del ann
    gc.collect()
    return rows


def passages(count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    number = 0
    while len(out) < count:
        out += telegram(rng, number).strip().split("\n\n")[1:-1]  # paragraphs only
        number += 1
    return out[:count]


def model_speed(workdir: Path, count: int, settings: Settings, console: Console) -> list[Row]:
    """Embedding speed of the model, and HNSW against exact search on its real vectors."""
    model = load_embedder(settings)
    texts = passages(count + 100)
    model.embed(texts[:32])  # warm up
    started = time.perf_counter()
    vectors = model.embed(texts[:count])
    seconds = time.perf_counter() - started
    one = []
    for text in texts[count:]:
        started = time.perf_counter()
        model.embed([text])
        one.append(time.perf_counter() - started)
    words = sum(len(t.split()) for t in texts[:count]) / count
    console.print(
        f"model {model.name}: {count:,} passages (about {words:.0f} words each) in "
        f"{seconds:.1f} s = {count / seconds:.0f} passages/s; one query: median "
        f"{statistics.median(one) * 1000:.1f} ms, p99 {_p99(one) * 1000:.1f} ms"
    )
    files = VectorFiles.create(workdir / "real", model.name, model.dim)
    ids = np.arange(1, count + 1, dtype=np.int64)
    files.append(vectors, ids, ids)
    queries = model.embed(texts[count:])
    return compare(files, queries, f"{count:,} real MiniLM vectors", settings)


def table(rows: list[Row], queries: int) -> Table:
    out = Table(title=f"nearest 10 of 384-number vectors, {queries} queries per row")
    columns = ["vectors", "method", "build s", "memory MB", "median ms", "p99 ms",
               "median / exact", "recall@10"]  # fmt: skip
    for column in columns:
        out.add_column(column, justify="left" if column in ("vectors", "method") else "right")
    base: dict[str, float] = {}
    for row in rows:
        median = statistics.median(row.times)
        base.setdefault(row.label, median)
        out.add_row(
            row.label, row.method, f"{row.build:.1f}" if row.build else "–", f"{row.memory:,.1f}",
            f"{median * 1000:.2f}", f"{_p99(row.times) * 1000:.2f}",
            f"{median / base[row.label]:.3f}",
            f"{row.recall:.3f}" if row.recall is not None else "(truth)",
        )  # fmt: skip
    return out


def run(workdir: Path, args: argparse.Namespace, console: Console) -> Table:
    settings = Settings()
    rows: list[Row] = []
    if args.passages:
        rows += model_speed(workdir, args.passages, settings, console)
    for size in args.sizes:
        clusters = Clusters(max(16, size // 1000))
        started = time.perf_counter()
        files = write(workdir / f"n{size}", clusters, size)
        console.print(
            f"{size:,} synthetic vectors written in {time.perf_counter() - started:.1f} s"
        )
        queries = clusters.sample(args.queries, seed=10**9)
        rows += compare(files, queries, f"{size:,} synthetic", settings)
        if size != args.sizes[-1]:
            console.print(table(rows, args.queries))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    console.print(f"peak resident set of the run: {peak:,.0f} MB")
    return table(rows, args.queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--passages", type=int, default=2_000, help="0 skips the model")
    parser.add_argument("--workdir", type=Path, help="keep (and reuse) the vectors here")
    args = parser.parse_args()
    console = Console(width=130)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        console.print(run(args.workdir, args, console))
        return
    with tempfile.TemporaryDirectory() as tmp:
        console.print(run(Path(tmp), args, console))


if __name__ == "__main__":
    main()
