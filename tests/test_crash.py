"""Kill ingest with SIGKILL at random moments: the archive stays sound and the resumed run ends
with exactly one copy of every document."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

FILES = 2000
KILLS = 10

PLACES = ["Port Arthur", "Dairen", "Mukden", "Harbin", "Changchun", "Peking", "Tsingtao"]
pytestmark = pytest.mark.sqlite_only(reason="reads the archive file with sqlite3")

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


def _ingest(db: Path, root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dossier", "--db", str(db), "ingest", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _check(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "documents" not in tables:  # killed before the schema was created
            assert not tables & {"passages", "spans", "files"}
            return 0, 0
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
                "(SELECT 1 FROM passages p WHERE p.document_id = d.id)"
            ).fetchone()[0]
            == 0
        )
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM documents d LEFT JOIN files f ON f.sha256 = d.sha256 "
                "WHERE f.status IS NOT 'ok'"
            ).fetchone()[0]
            == 0
        )
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM passages p WHERE (SELECT COUNT(*) FROM passages q "
                "WHERE q.document_id = p.document_id) != 2"
            ).fetchone()[0]
            == 0
        )
        fts = conn.execute(
            "SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH 'garrison'"
        ).fetchone()[0]
        docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        assert fts == docs
        dupes = conn.execute("SELECT COUNT(*) - COUNT(DISTINCT source) FROM documents")
        assert dupes.fetchone()[0] == 0
        return docs, conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    finally:
        conn.close()


def _committed(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _wait_for_progress(db: Path, proc: subprocess.Popen[bytes], before: int) -> bool:
    """Wait until the running ingest has committed something new (so the kill lands while it
    writes, not while it starts up)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if _committed(db) > before:
            return True
        time.sleep(0.05)
    return proc.poll() is None


@pytest.mark.slow
def test_sigkill_during_ingest_loses_nothing_committed(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    _corpus(root)
    db = tmp_path / "archive.db"
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
