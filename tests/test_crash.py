"""Kill ingest with SIGKILL at random moments: the archive stays sound and the resumed run ends
with exactly one copy of every document."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from dossier.settings import Settings
from dossier.store import open_store, url_of
from dossier.store.base import SearchRequest

FILES = 2000
KILLS = 10

PLACES = ["Port Arthur", "Dairen", "Mukden", "Harbin", "Changchun", "Peking", "Tsingtao"]

PEOPLE = ["the Ambassador", "the Consul", "the Minister", "the General", "the Secretary"]


def _corpus(root: Path) -> None:
    rng = random.Random(7)
    for i in range(FILES):
        place, person = rng.choice(PLACES), rng.choice(PEOPLE)
        paragraphs = [
            f"Report {i}. On {rng.randint(1, 28)} March {rng.randint(1945, 1955)} {person} "
            f"visited {place} and met the garrison commander.",
            f"He said that {rng.randint(2, 90)} ships were in the harbour of {place}.",
        ]
        folder = root / f"batch{i % 20:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"r{i:05d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")


def _ingest(db: str, root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dossier", "--db", db, "ingest", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


_INVARIANTS = {
    "document without passages": "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
    "(SELECT 1 FROM passages p WHERE p.document_id = d.id)",
    "document without a completed file": "SELECT COUNT(*) FROM documents d LEFT JOIN files f "
    "ON f.sha256 = d.sha256 AND f.status = 'ok' WHERE f.source IS NULL",
    "document with a partial set of passages": "SELECT COUNT(*) FROM passages p WHERE "
    "(SELECT COUNT(*) FROM passages q WHERE q.document_id = p.document_id) != 2",
    "document stored twice": "SELECT COUNT(*) - COUNT(DISTINCT source) FROM documents",
}


def _check(db: str) -> tuple[int, int]:
    """The archive's own integrity check, Dossier's invariants, and one index hit per document;
    returns (documents, files)."""
    store = open_store(Settings(db=db))
    try:
        assert store.integrity_check() == []
        engine = create_engine(url_of(db))
        with engine.connect() as conn:
            for problem, query in _INVARIANTS.items():
                assert conn.execute(text(query)).scalar_one() == 0, problem
            docs = int(conn.execute(text("SELECT COUNT(*) FROM documents")).scalar_one())
            files = int(conn.execute(text("SELECT COUNT(*) FROM files")).scalar_one())
        engine.dispose()
        hits = store.search(SearchRequest("garrison", limit=FILES + 1))
        assert len(hits) == docs
        return docs, files
    finally:
        store.close()


def _committed(db: str) -> int:
    engine = create_engine(url_of(db))
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM documents")).scalar_one())
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def _wait_for_progress(db: str, proc: subprocess.Popen[bytes], before: int) -> bool:
    """Wait until the running ingest has committed something new (so the kill lands while it
    writes, not while it starts up)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if _committed(db) > before:
            return True
        time.sleep(0.05)
    return proc.poll() is None


@pytest.mark.slow
def test_sigkill_during_ingest_loses_nothing_committed(tmp_path: Path, db_url: str) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    _corpus(root)
    db = db_url
    rng = random.Random(int.from_bytes(os.urandom(4), "big"))
    killed = 0
    counts = []
    while killed < KILLS:
        proc = _ingest(db, root)
        if not _wait_for_progress(db, proc, counts[-1] if counts else 0):
            break
        time.sleep(rng.uniform(0.0, 0.6))
        if proc.poll() is not None:
            break
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed += 1
        counts.append(_check(db)[0])
    assert killed == KILLS, f"ingest finished before {KILLS} kills; counts {counts}"
    assert counts == sorted(counts)
    final = _ingest(db, root)
    assert final.wait(timeout=600) == 0
    assert _check(db) == (FILES, FILES)
