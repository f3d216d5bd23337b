"""Ingest speed, stage by stage, as ratios against reading alone measured in the same run.

    .venv/bin/python -m bench.ingest [--documents N]

Generates N synthetic documents (``bench.corpus``), then measures words per second of: reading
and cleaning only (the baseline), each enrichment stage on top, the NER model alone on the same
text, and the full ingest into a fresh SQLite archive.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.corpus import generate
from dossier.api import open_archive
from dossier.model import Document
from dossier.pipeline import default_pipeline
from dossier.read import Probe, read_bytes
from dossier.settings import Settings


def _read_all(root: Path, settings: Settings) -> list[Document]:
    docs = []
    for path in sorted(root.rglob("*.txt")):
        data = path.read_bytes()
        docs += read_bytes(
            Probe(path.name, data, hashlib.sha256(data).hexdigest()), path.name, settings
        )
    return docs


def measure(documents: int) -> list[tuple[str, float]]:
    settings = Settings()
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        words = generate(root, documents)
        pipeline = default_pipeline()
        started = time.perf_counter()
        docs = [pipeline.stages[0](d, settings) for d in _read_all(root, settings)]
        rows.append(("read + clean (baseline)", words / (time.perf_counter() - started)))
        for stage in pipeline.stages[1:]:
            started = time.perf_counter()
            docs = [stage(d, settings) for d in docs]
            rows.append((f"{stage.name}@{stage.version}", words / (time.perf_counter() - started)))
        entities = next(s for s in pipeline.stages if s.name == "entities")
        model = getattr(entities, "model", None)
        if model is not None:
            started = time.perf_counter()
            model.annotate([d.text for d in docs])
            rows.append(("NER model alone", words / (time.perf_counter() - started)))
        with open_archive(Settings(db=str(Path(tmp) / "bench.db"))) as archive:
            started = time.perf_counter()
            archive.ingest([root])
            rows.append(("full ingest to SQLite", words / (time.perf_counter() - started)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    rows = measure(args.documents)
    baseline = rows[0][1]
    table = Table(title=f"ingest speed, {args.documents} documents")
    for column in ("step", "words/s", "ratio to baseline"):
        table.add_column(column, justify="right" if column != "step" else "left")
    for name, speed in rows:
        table.add_row(name, f"{speed:,.0f}", f"{speed / baseline:.3f}")
    Console().print(table)


if __name__ == "__main__":
    main()
