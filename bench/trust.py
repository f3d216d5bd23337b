"""The cost of Dossier's promises: re-hashing every original, checking a token, writing a BagIt
bag, validating it in full and importing it back.

    .venv/bin/python -m bench.trust [--originals 1000] [--size 50000]

The archive is filled directly with read (not enriched) documents of generated text, so that
the figures are those of the trust features, not of reading. The baseline, measured in the same
run, is reading every original's bytes out of the store without hashing them.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
from pathlib import Path

import bagit
from rich.console import Console
from rich.table import Table

from bench.corpus import telegram
from dossier.api import Archive
from dossier.read import Probe, read_bytes
from dossier.settings import Settings


def _fill(archive: Archive, originals: int, size: int) -> int:
    rng = random.Random(4)
    total = 0
    for i in range(originals):
        text = ""
        while len(text) < size:
            text += telegram(rng, i) + "\n\n"
        data = text[:size].encode("utf-8", "ignore")
        sha = hashlib.sha256(data).hexdigest()
        docs = read_bytes(Probe(f"t{i}.txt", data, sha), f"t{i}.txt", archive.settings)
        archive.store.save_file(f"t{i}.txt", sha, data, docs)
        total += len(data)
    return total


def _timed(step: object) -> float:
    started = time.perf_counter()
    step()  # type: ignore[operator]
    return time.perf_counter() - started


def measure(originals: int, size: int, tmp: Path) -> list[tuple[str, float, str]]:
    settings = Settings(db=str(tmp / "trust.db"), ner_model="")
    rows: list[tuple[str, float, str]] = []
    with Archive(settings) as archive:
        total = _fill(archive, originals, size)
        shas = [d.sha256 for d in archive.documents(originals)]
        baseline = _timed(lambda: [archive.store.original(s) for s in shas])
        rows.append(("read every original (baseline)", baseline, f"{total / 1e6:.1f} MB"))
        report = archive.verify()
        assert report.ok
        took = _timed(archive.verify)
        rows.append(("verify: re-hash every original", took, f"{total / took / 1e6:.0f} MB/s"))
        secret = archive.create_token("bench", "editor").secret
        checks = 1000
        took = _timed(lambda: [archive.token_role(secret) for _ in range(checks)])
        rows.append(("token_role, valid token (per call)", took / checks, ""))
        took = _timed(lambda: [archive.token_role("dsr_" + "x" * 43) for _ in range(checks)])
        rows.append(("token_role, unknown token (per call)", took / checks, ""))
        took = _timed(lambda: archive.export_bag(tmp / "bag"))
        rows.append(("bag export", took, f"{originals} originals"))
    took = _timed(lambda: bagit.Bag(str(tmp / "bag")).validate())
    rows.append(("bagit validate (full, checksums)", took, ""))
    with Archive(Settings(db=str(tmp / "back.db"), ner_model="")) as back:
        took = _timed(lambda: back.import_bag(tmp / "bag"))
        rows.append(("bag import (validation + loading)", took, ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--originals", type=int, default=1000)
    parser.add_argument("--size", type=int, default=50_000, help="Bytes per original.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(args.originals, args.size, Path(tmp))
    baseline = rows[0][1]
    table = Table(title=f"trust, {args.originals} originals of {args.size:,} bytes (SQLite)")
    for column in ("step", "seconds", "ratio to baseline", "note"):
        table.add_column(column, justify="left" if column in ("step", "note") else "right")
    for name, seconds, note in rows:
        table.add_row(name, f"{seconds:.6f}", f"{seconds / baseline:.2f}", note)
    Console().print(table)


if __name__ == "__main__":
    main()
