"""Memory while ingesting a large corpus: the ingesting process's resident memory as the archive
grows, to show that it streams (memory must not grow with the corpus).

    .venv/bin/python -m bench.memory [--documents 166667] [--every 100000] [--workers 0] [--ner]

Generates the corpus (``bench.corpus``: six passages a document), then ingests it into a fresh
SQLite archive (entities from the authority file and rules unless ``--ner``), reading this
process's resident set size (and its peak) each time another ``--every`` passages are stored.
The baseline is the first reading; the exponent is the slope of log(memory) against
log(passages) over the readings (0 = flat).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.corpus import generate
from bench.growth import exponent
from dossier.api import open_archive
from dossier.ingest import FileOutcome
from dossier.settings import Settings

PASSAGES_PER_DOCUMENT = 6


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(documents: int, every: int, workers: int, ner: bool) -> list[tuple[int, float, float]]:
    """(passages stored, resident MB, peak MB) at every ``every`` passages."""
    readings: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "corpus", documents, seed=3)
        settings = Settings(
            db=str(Path(tmp) / "m.db"), ner_model=Settings().ner_model if ner else ""
        )
        with open_archive(settings) as archive:
            assert archive.pipeline.signature  # loads the stages before the first reading
            stored, started = 0, time.perf_counter()

            def step(outcome: FileOutcome) -> None:
                nonlocal stored
                stored += PASSAGES_PER_DOCUMENT * len(outcome.documents)
                if stored // every > len(readings):
                    readings.append((stored, _rss_mb(), _peak_mb()))
                    Console(stderr=True).print(
                        f"{stored:,} passages, {readings[-1][1]:.0f} MB, "
                        f"{time.perf_counter() - started:.0f} s"
                    )

            archive.ingest([Path(tmp) / "corpus"], step, workers=max(workers, 1))
            readings.append((archive.status().passages, _rss_mb(), _peak_mb()))
    return readings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=166_667)
    parser.add_argument("--every", type=int, default=100_000, help="Passages between readings.")
    parser.add_argument("--workers", type=int, default=0, help="Local processes for reading.")
    parser.add_argument("--ner", action="store_true", help="Run the NER model too.")
    args = parser.parse_args()
    readings = measure(args.documents, args.every, args.workers, args.ner)
    table = Table(title=f"memory while ingesting {args.documents:,} documents")
    for column in ("passages stored", "resident MB", "peak MB", "resident / first"):
        table.add_column(column, justify="right")
    for passages, rss, peak in readings:
        table.add_row(f"{passages:,}", f"{rss:.1f}", f"{peak:.1f}", f"{rss / readings[0][1]:.3f}")
    Console().print(table)
    sizes, rss = [float(r[0]) for r in readings], [r[1] for r in readings]
    Console().print(f"exponent of resident memory against passages: {exponent(sizes, rss):.3f}")


if __name__ == "__main__":
    main()
