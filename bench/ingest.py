"""Ingest speed, stage by stage, as ratios against reading alone measured in the same run.

    .venv/bin/python -m bench.ingest [--documents N] [--workers 2 ...] [--dask W]

Generates N synthetic documents (``bench.corpus``), then measures words per second of: reading
and cleaning only (the baseline), each enrichment stage on top, the NER model alone on the same
text, and the full ingest into a fresh SQLite archive: in one process, on ``--workers`` local
processes, and on a local Dask cluster of ``--dask`` workers. Each parallel archive's digest
(every document, text and span) is compared with the single-process one.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from bench.corpus import generate
from dossier.api import Archive, open_archive
from dossier.model import Document
from dossier.pipeline import default_pipeline
from dossier.read import Probe, read_bytes
from dossier.settings import Settings
from dossier.store import schema as t


def _read_all(root: Path, settings: Settings) -> list[Document]:
    docs = []
    for path in sorted(root.rglob("*.txt")):
        data = path.read_bytes()
        docs += read_bytes(
            Probe(path.name, data, hashlib.sha256(data).hexdigest()), path.name, settings
        )
    return docs


def digest(archive: Archive) -> str:
    """A hash of every document id, text and span (provenance times aside)."""
    store: Any = archive.store
    sha = hashlib.sha256()
    with store.engine.connect() as conn:
        for row in conn.execute(
            select(t.documents.c.id, t.documents.c.text).order_by(t.documents.c.id)
        ):
            sha.update(f"{row.id}\x00{row.text}".encode())
        rows = conn.execute(
            select(
                t.spans.c.document_id,
                t.spans.c.layer,
                t.spans.c.start,
                t.spans.c.end,
                t.spans.c.value,
            )
        )
        for line in sorted(json.dumps(list(r), sort_keys=True) for r in rows):
            sha.update(line.encode())
    return sha.hexdigest()[:16]


def _run(stage: Any, docs: list[Document], settings: Settings) -> list[Document]:
    """One stage over every document, in batches of 32 where the stage takes batches (the NER
    model), as ingest runs it."""
    many = getattr(stage, "run_many", None)
    if many is None:
        return [stage(d, settings) for d in docs]
    return [d for i in range(0, len(docs), 32) for d in many(docs[i : i + 32], settings)]


def _full(root: Path, db: Path, words: int, **how: Any) -> tuple[float, str]:
    with open_archive(Settings(db=str(db))) as archive:
        started = time.perf_counter()
        archive.ingest([root], **how)
        speed = words / (time.perf_counter() - started)
        return speed, digest(archive)


def _stages(root: Path, words: int) -> list[tuple[str, float]]:
    """Words per second of reading and of each stage over every document held in memory, and of
    the NER model alone on the same texts."""
    settings = Settings()
    rows: list[tuple[str, float]] = []
    pipeline = default_pipeline()
    started = time.perf_counter()
    docs = [pipeline.stages[0](d, settings) for d in _read_all(root, settings)]
    rows.append(("read + clean (baseline)", words / (time.perf_counter() - started)))
    # The model alone runs first, on the cleaned texts (what every later stage sees), while
    # few objects are alive: later, the annotated documents make each collection slower.
    entities = next(s for s in pipeline.stages if s.name == "entities")
    model = getattr(entities, "model", None)
    ner = None
    if model is not None:
        started = time.perf_counter()
        model.annotate([d.text for d in docs])
        ner = ("NER model alone", words / (time.perf_counter() - started))
    for stage in pipeline.stages[1:]:
        started = time.perf_counter()
        docs = _run(stage, docs, settings)
        rows.append((f"{stage.name}@{stage.version}", words / (time.perf_counter() - started)))
    return rows + ([ner] if ner else [])


def measure(documents: int, workers: list[int], dask: int) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        words = generate(root, documents)
        rows = _stages(root, words)
        gc.collect()  # the stages' documents are gone before the ingests (and the pool's forks)
        speed, single = _full(root, Path(tmp) / "single.db", words)
        rows.append(("full ingest to SQLite", speed))
        for n in workers:
            speed, got = _full(root, Path(tmp) / f"pool{n}.db", words, workers=n)
            rows.append((f"full ingest, --workers {n} ({_same(got, single)})", speed))
        if dask:
            from distributed import LocalCluster

            with LocalCluster(n_workers=dask, threads_per_worker=1, dashboard_address=None) as c:
                speed, got = _full(
                    root, Path(tmp) / "dask.db", words, scheduler=c.scheduler_address
                )
            rows.append((f"full ingest, Dask {dask} workers ({_same(got, single)})", speed))
    return rows


def _same(got: str, single: str) -> str:
    return "same archive" if got == single else f"DIFFERENT archive {got} != {single}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="*", default=[], help="Pool sizes to run.")
    parser.add_argument("--dask", type=int, default=0, help="Workers of a local Dask cluster.")
    args = parser.parse_args()
    rows = measure(args.documents, args.workers, args.dask)
    baseline = rows[0][1]
    ner = dict(rows).get("NER model alone")
    table = Table(title=f"ingest speed, {args.documents} documents")
    for column in ("step", "words/s", "ratio to baseline", "ratio to NER alone"):
        table.add_column(column, justify="right" if column != "step" else "left")
    for name, speed in rows:
        to_ner = f"{speed / ner:.3f}" if ner else "-"
        table.add_row(name, f"{speed:,.0f}", f"{speed / baseline:.3f}", to_ner)
    Console().print(table)


if __name__ == "__main__":
    main()
