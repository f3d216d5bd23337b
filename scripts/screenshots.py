"""Screenshots of every reading-room page at laptop and phone width, for a person to look at.

Ingests the test fixtures (``tests/web/fixtures/room``) into a fresh archive, or uses
``--db`` as it is, serves it with uvicorn on a free port, and drives Chromium with Playwright:

    .venv/bin/python scripts/screenshots.py --out /tmp/dossier-shots [--db dossier.db]
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from dossier.api import Archive
from dossier.settings import Settings
from dossier.web import create_app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "web" / "fixtures"
WIDTHS = {"wide": 1280, "phone": 390}
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _archive(db: str | None) -> Archive:
    if db:
        return Archive(Settings.load(db=db))
    folder = tempfile.mkdtemp(prefix="dossier-shots-")
    settings = Settings(db=f"{folder}/room.db", authority=str(FIXTURES / "room_authority.yaml"))
    archive = Archive(settings)
    archive.ingest([FIXTURES / "room"])
    return archive


def _pages(archive: Archive) -> dict[str, str]:
    docs = archive.documents(1000)
    memo = next((d.id for d in docs if "memo_" in d.source), docs[0].id if docs else "none")
    return {
        "home": "/",
        "search": "/search?q=Port+Arthur",
        "search-filtered": "/search?q=garrison&place=place%3Aport-arthur&sort=date",
        "documents": "/documents",
        "document": f"/documents/{memo}",
        "entities": "/entities",
        "entity-place": "/entities/place:port-arthur",
        "entity-person": "/entities/person:zhou-enlai",
        "timeline": "/timeline",
        "timeline-month": "/timeline?zoom=1954-10",
        "examine": f"/examine/{memo}",
        "check": "/check?claim=The+Soviet+garrison+left+Port+Arthur+on+12+October+1954",
        "error": "/documents/no-such-document",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("/tmp/dossier-shots"))
    parser.add_argument("--db", default=None, help="an existing archive (default: the fixtures)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    archive = _archive(args.db)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(archive.settings, archive), port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
        for label, width in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": 900})
            tab = context.new_page()
            for name, path in _pages(archive).items():
                tab.goto(f"http://127.0.0.1:{port}{path}")
                shot = args.out / f"{name}-{label}.png"
                tab.screenshot(path=str(shot), full_page=True)
                print(shot)
            context.close()
        browser.close()
    server.should_exit = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
