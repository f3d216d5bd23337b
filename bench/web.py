"""Requests per second and latency of the reading room on loopback, measured with ``wrk``.

    .venv/bin/python -m bench.web [--documents 300] [--archive PATH] [--workers 2]
                                  [--connections 32] [--seconds 10]

A server (``dossier serve --workers N``) runs over a generated archive (or an existing one); wrk
loads each route in turn. The baseline, measured in the same run, is a static file from the same
server: the ratio says how much of the server's ceiling each page keeps.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.corpus import generate
from dossier.api import open_archive
from dossier.settings import Settings

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _archive(documents: int, folder: Path) -> str:
    generate(folder / "corpus", documents, seed=7)
    db = str(folder / "web.db")
    with open_archive(Settings(db=db, ner_model="")) as archive:
        archive.ingest([folder / "corpus"])
    return db


def _start(db: str, workers: int, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DOSSIER_DB": db}
    command = [sys.executable, "-m", "dossier", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def _ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", value)
    if m is None:
        raise ValueError(value)
    return float(m.group(1)) * _UNITS[m.group(2)]


def wrk(url: str, connections: int, seconds: int) -> dict[str, float]:
    """Requests per second, median and p99 latency (ms) and error count from one wrk run."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rate, "p50": p50, "p99": p99, "errors": float(bad.group(1)) if bad else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--archive", help="An existing archive instead of a generated one.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.archive or _archive(args.documents, Path(tmp))
        with open_archive(Settings(db=db, ner_model="")) as archive:
            doc = archive.documents(1)[0].id
            word = "harbour"
        port = _free_port()
        server = _start(db, args.workers, port)
        base = f"http://127.0.0.1:{port}"
        routes = {
            "static file (baseline)": "/static/reading-room.css",
            "document page": f"/documents/{doc}",
            "search page": f"/search?q={word}",
            "API document": f"/api/documents/{doc}",
            "API search": f"/api/search?q={word}",
        }
        try:
            results = {
                name: wrk(base + path, args.connections, args.seconds)
                for name, path in routes.items()
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    _report(results, args)


def _report(results: dict[str, dict[str, float]], args: argparse.Namespace) -> None:
    base = results["static file (baseline)"]["rps"]
    table = Table(
        title=f"reading room on loopback: {args.workers} worker(s), "
        f"{args.connections} connections, {args.seconds} s each"
    )
    for column in ("route", "req/s", "median ms", "p99 ms", "non-2xx", "ratio to baseline"):
        table.add_column(column, justify="left" if column == "route" else "right")
    for name, r in results.items():
        table.add_row(
            name,
            f"{r['rps']:,.0f}",
            f"{r['p50']:.1f}",
            f"{r['p99']:.1f}",
            f"{r['errors']:.0f}",
            f"{r['rps'] / base:.2f}",
        )
    Console().print(table)


if __name__ == "__main__":
    main()
