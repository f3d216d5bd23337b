"""The entity list, one entity's profile and a timeline page on generated archives, read through
the store's span lookups, as ratios to the baseline measured in the same run: the same results
computed by walking every document of the archive (what these lists did before).

    .venv/bin/python -m bench.lists [--documents 2000 20000] [--paragraphs 4] [--archive PATH]

Archives are built from ``bench.corpus`` documents with entities from the authority file and
rules only (``ner_model=""``); four paragraphs make six passages a document. The new figures
are medians of ``--repeat`` runs; the baseline runs once. The reading room's own pages are timed
too (``GET`` through the in-process client), for the new code only.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from rich.console import Console
from rich.table import Table

from bench.corpus import generate
from dossier.api import Archive, open_archive
from dossier.examine.conflicts import date_conflicts
from dossier.examine.entities import active_merges, follow
from dossier.examine.layers import LayerEntry, layer_entries
from dossier.settings import Settings
from dossier.web import create_app

PAGE = 200


def _linked(archive: Archive) -> list[LayerEntry]:
    redirect = active_merges(archive.store)
    out = [m for m in layer_entries(archive.store, "mention") if m.value.get("entity")]
    for m in out:
        m.value["entity"] = follow(m.value["entity"], redirect)
    return out


def walk_entities(archive: Archive) -> list[tuple[str, int, int]]:
    """The baseline entity list: every mention of every document counted."""
    counts: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    for m in _linked(archive):
        counts[m.value["entity"]] += 1
        docs[m.value["entity"]].add(m.document)
    return sorted(((i, n, len(docs[i])) for i, n in counts.items()), key=lambda r: -r[1])


def walk_profile(archive: Archive, ident: str) -> dict[str, Any]:
    """The baseline profile: mentions, names and co-occurrences from every document."""
    linked = _linked(archive)
    mine = [m for m in linked if m.value["entity"] == ident]
    with_me = {m.document for m in mine}
    together: dict[str, set[str]] = defaultdict(set)
    for m in linked:
        if m.document in with_me and m.value["entity"] != ident:
            together[m.value["entity"]].add(m.document)
    return {"mentions": mine[:50], "names": Counter(m.text for m in mine), "with": together}


def walk_timeline(archive: Archive) -> list[LayerEntry]:
    """The baseline timeline: every time span of every document, sorted, then one page."""
    entries = [e for e in layer_entries(archive.store, "time") if e.value.get("earliest")]
    entries.sort(key=lambda e: (e.value["earliest"], e.value.get("latest") or "", e.source))
    return entries[:PAGE]


def new_timeline_page(archive: Archive) -> None:
    """What ``/timeline`` asks of the archive: one page, the counts, its window's conflicts."""
    shown = archive.timeline(limit=PAGE)
    archive.timeline_counts(4)
    archive.timeline_counts(3)
    latest = max(str(e.value.get("latest") or e.value["earliest"]) for e in shown)
    archive.conflicts((str(shown[0].value["earliest"]), latest))


def _timed(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pages(archive: Archive, ident: str, repeat: int) -> dict[str, float]:
    client = TestClient(create_app(archive.settings, archive))
    html = {"accept": "text/html"}
    urls = {
        "GET /entities": "/entities",
        "GET /entities/{id}": f"/entities/{ident}",
        "GET /timeline": "/timeline",
        "GET /timeline?zoom=1950-06": "/timeline?zoom=1950-06",
        "GET /api/entities": "/api/entities",
        "GET /api/timeline": "/api/timeline",
    }
    out = {}
    for label, url in urls.items():
        out[label] = _timed(lambda u=url: client.get(u, headers=html).raise_for_status(), repeat)
    return out


def measure(archive: Archive, repeat: int, baseline: bool) -> dict[str, Any]:
    status = archive.status()
    ident = archive.entities(limit=1)[0].id
    new = {
        "entity list": _timed(archive.entities, repeat),
        "entity profile": _timed(lambda: archive.entity(ident), repeat),
        "timeline, first page": _timed(lambda: archive.timeline(limit=PAGE), repeat),
        "timeline page (+ counts, conflicts)": _timed(lambda: new_timeline_page(archive), repeat),
    }
    pages = _pages(archive, ident, repeat)
    rss_new = _rss_mb()
    old: dict[str, float] = {}
    if baseline:
        old = {
            "entity list": _timed(lambda: walk_entities(archive), 1),
            "entity profile": _timed(lambda: walk_profile(archive, ident), 1),
            "timeline, first page": _timed(lambda: walk_timeline(archive), 1),
            "timeline page (+ counts, conflicts)": _timed(
                lambda: (walk_timeline(archive), date_conflicts(archive.store)), 1
            ),
        }
    return {"status": status, "new": new, "old": old, "pages": pages, "rss": (rss_new, _rss_mb())}


def _report(label: str, result: dict[str, Any]) -> None:
    status = result["status"]
    title = f"{label}: {status.documents:,} documents, {status.passages:,} passages, "
    title += f"{status.spans:,} spans"
    table = Table(title=title)
    for column in ("list", "new ms", "document walk ms", "walk / new"):
        table.add_column(column, justify="right")
    for name, seconds in result["new"].items():
        old = result["old"].get(name)
        table.add_row(
            name,
            f"{seconds * 1000:,.1f}",
            f"{old * 1000:,.0f}" if old else "—",
            f"{old / seconds:,.0f}×" if old else "—",
        )
    for name, seconds in result["pages"].items():
        table.add_row(name, f"{seconds * 1000:,.1f}", "—", "—")
    rss_new, rss_all = result["rss"]
    table.caption = f"peak RSS {rss_new:,.0f} MB after the new lists, {rss_all:,.0f} MB after all"
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--paragraphs", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--archive", help="measure an existing archive instead of building")
    parser.add_argument("--no-baseline", action="store_true", help="skip the document walk")
    args = parser.parse_args()
    if args.archive:
        with open_archive(Settings(db=args.archive, ner_model="")) as archive:
            _report(args.archive, measure(archive, args.repeat, not args.no_baseline))
        return
    for documents in args.documents:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "corpus"
            generate(root, documents, paragraphs=args.paragraphs)
            with open_archive(Settings(db=str(Path(tmp) / "bench.db"), ner_model="")) as archive:
                archive.ingest([root])
                _report(f"{documents:,} generated", measure(archive, args.repeat, True))


if __name__ == "__main__":
    main()
