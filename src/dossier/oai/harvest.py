"""Harvest another OAI-PMH provider's ``oai_dc`` records into an archive.

Each record is a file of its own: its canonical XML bytes are the original (kept, checksummed),
its OAI identifier the source name, and the ``oai_dc`` reader (``read/oai_dc.py``) makes the
document, which then goes through the pipeline like any ingested file. Re-harvesting is
idempotent (same record, same bytes, skipped); a record the provider changed replaces the
document stored under its identifier. A bad record is recorded as failed with its reason and
never stops the batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from dossier.errors import EmptyDocument, NotFound, ReadError
from dossier.ingest import FileOutcome, IngestReport, failure, record_failure
from dossier.oai.client import Harvested, OaiClient
from dossier.pipeline import Pipeline
from dossier.read import Probe, read_bytes
from dossier.settings import Settings
from dossier.store import Store

__all__ = ["HarvestRequest", "Progress", "harvest", "ingest_record"]

# Called after each record with its outcome and the provider's list size when known.
Progress = Callable[[FileOutcome, int | None], None]


@dataclass(frozen=True)
class HarvestRequest:
    """What to harvest: the provider's base URL and an optional set and date range (OAI
    ``YYYY-MM-DD`` or ``YYYY-MM-DDThh:mm:ssZ``)."""

    url: str
    set_spec: str | None = None
    since: str | None = None
    until: str | None = None

    def params(self) -> dict[str, str]:
        chosen = {"set": self.set_spec, "from": self.since, "until": self.until}
        return {"metadataPrefix": "oai_dc", **{k: v for k, v in chosen.items() if v}}


def _stored_sha(store: Store, source: str) -> str | None:
    try:
        return store.document(source).sha256
    except NotFound:
        return None


def _store_record(
    item: Harvested, sha: str, store: Store, pipeline: Pipeline, settings: Settings
) -> FileOutcome:
    source = item.identifier
    if not source:
        raise ReadError("record without an OAI identifier in its header")
    previous = _stored_sha(store, source)
    read = read_bytes(Probe(source, item.data, sha), source, settings)
    docs = [pipeline.run(doc, settings) for doc in read]
    store.save_file(source, sha, item.data, docs, pipeline.changed_records())
    if previous is not None and previous != sha:
        store.replace_documents(previous, [])
    return FileOutcome(source, "added", [d.id for d in docs])


def ingest_record(
    item: Harvested, store: Store, pipeline: Pipeline, settings: Settings
) -> FileOutcome:
    """Store one harvested record as a document; never raises for a bad record."""
    source = item.identifier or "(record without identifier)"
    sha = hashlib.sha256(item.data).hexdigest()
    if item.deleted:
        return FileOutcome(source, "skipped", reason="deleted at the provider")
    try:
        if store.stored_sha(sha):
            return FileOutcome(source, "skipped")
        return _store_record(item, sha, store, pipeline, settings)
    except EmptyDocument as exc:
        reason = f"{exc.reason} (no title or description)"
        return record_failure(store, source, sha, reason, exc.code)
    except Exception as exc:  # a bug on one record must not end the harvest
        return record_failure(store, source, sha, *failure(exc))


def harvest(
    request: HarvestRequest,
    store: Store,
    pipeline: Pipeline,
    settings: Settings,
    progress: Progress | None = None,
    client: OaiClient | None = None,
) -> IngestReport:
    """Harvest every ``oai_dc`` record ``request`` selects; ``HarvestError`` when the provider
    cannot be reached or refuses the request (a set it does not have, say)."""
    oai = client or OaiClient(request.url)
    report = IngestReport()
    try:
        for page in oai.pages(request.params()):
            for item in page.records:
                outcome = ingest_record(item, store, pipeline, settings)
                report.add(outcome)
                if progress is not None:
                    progress(outcome, page.total)
    finally:
        if client is None:
            oai.close()
    return report
