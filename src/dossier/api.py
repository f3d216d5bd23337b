"""The library API: every CLI command and web page calls these functions and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from dossier.annotate import annotate_text
from dossier.cite import render as cite_render
from dossier.enrich.entities import AuthorityIndex, Linker, load_authority
from dossier.errors import ConfigError, QueryError
from dossier.examine.check import CheckResult, ExamineReport, check_claim, examine_document
from dossier.examine.conflicts import DateConflict, date_conflicts
from dossier.examine.entities import (
    EntityProfile,
    EntitySummary,
    active_merges,
    entity_names,
    entity_profile,
    entity_summaries,
    follow,
)
from dossier.examine.layers import LayerEntry, layer_entries
from dossier.examine.profiles import SourceProfile, source_profile, source_profiles
from dossier.examine.quotations import QuoteTrace, trace_quotations
from dossier.examine.timeline import timeline, timeline_counts
from dossier.export import EXPORTERS
from dossier.ingest import FileOutcome, IngestReport, discover, ingest_files
from dossier.model import Document
from dossier.oai import respond as oai_respond
from dossier.oai.harvest import HarvestRequest, harvest
from dossier.oai.harvest import Progress as HarvestProgress
from dossier.pipeline import Pipeline, default_pipeline
from dossier.read import Probe, read_bytes
from dossier.search.facets import narrow, search_page
from dossier.settings import Settings
from dossier.store import Store, open_store
from dossier.store.base import (
    SORTS,
    DocumentSummary,
    Hit,
    SearchPage,
    SearchRequest,
    Status,
    StoredPassage,
)
from dossier.store.dates import valid_prefix
from dossier.trust import save_merge
from dossier.trust.archive import TrustMixin
from dossier.trust.audit import AuditEntry
from dossier.trust.db import sql_store
from dossier.trust.edits import reapply
from dossier.trust.undo import undo as undo_entry
from dossier.vectors import embed_archive, load_embedder
from dossier.vectors import similar as similar_passages

__all__ = ["Archive", "annotate", "open_archive"]


class Archive(TrustMixin):
    """An open archive: one store, one pipeline, one ``Settings``; the trust methods (tokens,
    audited edits, history, fixity, bags) come from ``TrustMixin``."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self.store: Store = open_store(settings)
        self._pipeline = pipeline

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = default_pipeline(
                self.store.entity_records(), self.authority, self.settings.ner_model or None
            )
        return self._pipeline

    def files(self, paths: list[Path]) -> Iterator[tuple[Path, str]]:
        """The files an ingest of ``paths`` would read, with their source names, as found."""
        return discover(paths)

    def ingest(
        self,
        paths: list[Path],
        progress: Callable[[FileOutcome], None] | None = None,
        files: Iterable[tuple[Path, str]] | None = None,
        workers: int = 1,
        scheduler: str | None = None,
    ) -> IngestReport:
        """Read ``paths`` into the archive: in this process, on ``workers`` local processes,
        or on the Dask cluster at ``scheduler``; the archive comes out the same."""
        chosen = self.files(paths) if files is None else files
        run = self.store, self.pipeline, self.settings
        if workers <= 1 and scheduler is None:
            return ingest_files(chosen, *run, progress)
        from dossier.distribute import dask_executor, local_executor

        executor = dask_executor(scheduler) if scheduler else local_executor(workers)
        return ingest_files(chosen, *run, progress, executor, window=2 * max(workers, 2))

    def status(self) -> Status:
        return self.store.status()

    def documents(self, limit: int = 100, offset: int = 0) -> list[DocumentSummary]:
        return self.store.documents(limit, offset)

    def linked_entities(self) -> int:
        """How many distinct entities the archive's mentions are linked to (merges aside)."""
        return self.store.linked_entities()

    def recent(self, limit: int = 10) -> list[DocumentSummary]:
        """The documents stored last, newest first."""
        return self.store.recent(limit)

    def document(self, ref: str) -> Document:
        return self.store.document(ref)

    def passages(self, ref: str) -> list[StoredPassage]:
        return self.store.passages(ref)

    def original(self, ref: str) -> bytes:
        return self.store.original(self.store.document(ref).sha256)

    def search(self, request: SearchRequest) -> list[Hit]:
        return self.store.search(self._narrow(request))

    def search_page(self, request: SearchRequest) -> SearchPage:
        """A page of hits with the total number of matching passages and the facets."""
        redirect = active_merges(self.store)
        names = entity_names(self.store, self.authority)
        return search_page(
            self.store,
            self._narrow(request, redirect),
            lambda ident: follow(ident, redirect),
            lambda ident: names.get(ident, ident),
        )

    def _narrow(
        self, request: SearchRequest, redirect: dict[str, str] | None = None
    ) -> SearchRequest:
        if request.sort not in SORTS:
            raise QueryError(f"unknown sort {request.sort!r} (known: {', '.join(SORTS)})")
        for bound in (request.date_from, request.date_to):
            if bound is not None and not valid_prefix(bound):
                raise QueryError(f"not a date: {bound!r} (use 1954, 1954-10 or 1954-10-13)")
        if not (request.person or request.place):
            return request
        redirect = active_merges(self.store) if redirect is None else redirect
        return narrow(self.store, request, redirect, lambda ident: follow(ident, redirect))

    def cite(self, refs: list[str], fmt: str) -> str:
        """The citations of documents ``refs`` in format ``fmt`` (``chicago``, ``csl``,
        ``bibtex``, ``ris``; see ``dossier.cite.FORMATS``)."""
        return cite_render([self.store.document(ref) for ref in refs], fmt)

    def cite_search(self, request: SearchRequest, fmt: str) -> str:
        """The citations of the documents a search finds, best first, each once."""
        ids = list(dict.fromkeys(hit.document for hit in self.search(request)))
        return self.cite(ids, fmt)

    def export(self, fmt: str, out: TextIO) -> int:
        exporter = EXPORTERS.get(fmt)
        if exporter is None:
            raise ConfigError(f"unknown export format {fmt!r} (known: {', '.join(EXPORTERS)})")
        return exporter(self.store.iter_documents(), out)

    def oai(self, arguments: list[tuple[str, str]], base_url: str, host: str) -> bytes:
        """The OAI-PMH 2.0 response to one request's ``(name, value)`` arguments."""
        return oai_respond(self.store, self.settings, arguments, base_url, host)

    def harvest(
        self, request: HarvestRequest, progress: HarvestProgress | None = None
    ) -> IngestReport:
        """Harvest another OAI-PMH provider's ``oai_dc`` records into this archive."""
        return harvest(request, self.store, self.pipeline, self.settings, progress)

    def integrity_check(self) -> list[str]:
        return self.store.integrity_check()

    def reindex(
        self, kind: str | None = None, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Rebuild the search index ``kind`` (``native`` or ``tantivy``; the archive's own by
        default) from the stored passages; ``progress(done, total)`` as it goes."""
        return self.store.reindex(kind, progress)

    def embed(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Embed every passage that has no vector yet (needs the optional model); returns how
        many were embedded. ``progress(seen, total)`` as it goes."""
        return embed_archive(self.store, self.settings, load_embedder(self.settings), progress)

    def similar(self, text: str, limit: int = 10) -> list[Hit]:
        """The passages nearest in meaning to ``text`` (score: cosine similarity)."""
        return similar_passages(
            self.store, self.settings, load_embedder(self.settings), text, limit
        )

    def timeline(
        self, *, period: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[LayerEntry]:
        """Dated time expressions in time order; ``period`` (``195X``, ``1954``, ``1954-10``)
        keeps those beginning inside it; ``limit`` and ``offset`` page through them."""
        return timeline(self.store, period=period, limit=limit, offset=offset)

    def timeline_counts(self, width: int, period: str | None = None) -> dict[str, int]:
        """Dated time expressions per decade (``width`` 3), year (4) or month (7)."""
        return timeline_counts(self.store, width, period)

    @cached_property
    def authority(self) -> AuthorityIndex:
        """The project's authority records plus the user's files (``Settings.authority``)."""
        return load_authority(self.settings.authority_files())

    def entities(
        self, kind: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[EntitySummary]:
        return entity_summaries(self.store, self.authority, kind, limit, offset)

    def entity(self, ref: str) -> EntityProfile:
        return entity_profile(self.store, self.authority, ref)

    def entity_names(self) -> dict[str, str]:
        """Entity id → preferred name, for every entity the archive or the authority knows."""
        return entity_names(self.store, self.authority)

    def merge(self, source: str, target: str, reason: str, *, actor: str = "cli") -> dict[str, Any]:
        """Record that entity ``source`` is ``target`` (reversible with ``unmerge``); audited."""
        source_id = self.entity(source).record["id"]
        target_id = self.entity(target).record["id"]
        if source_id == target_id:
            raise ConfigError(f"{source!r} and {target!r} are already one entity ({target_id})")
        linker = self._linker()
        record = asdict(linker.merge(source_id, target_id, reason))
        save_merge(sql_store(self.store), {"kind": "merge", **record}, actor, reason)
        return record

    def unmerge(
        self, merge_id: str, *, actor: str = "cli", reason: str | None = None
    ) -> dict[str, Any]:
        """Undo a merge; its record stays, marked undone; audited."""
        record = asdict(self._linker().unmerge(merge_id))
        save_merge(sql_store(self.store), {"kind": "merge", **record}, actor, reason)
        return record

    def undo(self, audit_id: int, *, actor: str = "cli") -> AuditEntry:
        """Revert an audited deletion, merge, record edit or verdict override; the new entry."""
        return undo_entry(self, audit_id, actor)

    def _linker(self) -> Linker:
        return Linker.from_records(self.store.entity_records(), self.authority)

    def check(self, claim: str, limit: int = 10) -> CheckResult:
        """Hold a typed claim against the archive: verdict, confidence, cited evidence."""
        return check_claim(self.store, claim, self.settings, limit=limit)

    def examine(self, ref: str) -> ExamineReport:
        """Every claim of one document checked against the other documents."""
        return examine_document(self.store, ref, self.settings)

    def conflicts(self, window: tuple[str, str] | None = None) -> list[DateConflict]:
        """Events that different sources date differently (with a date inside ``window``,
        earliest and latest ISO date, when given)."""
        return date_conflicts(self.store, window)

    def quotation_traces(self) -> list[QuoteTrace]:
        """Quotations found in several documents, or attributed to sources the archive lacks."""
        return trace_quotations(self.store)

    def profile(self, ref: str) -> SourceProfile:
        return source_profile(self.store, ref)

    def profiles(self) -> list[SourceProfile]:
        return source_profiles(self.store)

    def quotes(self) -> list[LayerEntry]:
        return layer_entries(self.store, "quote")

    def enrich(
        self, *, everything: bool = False, progress: Callable[[str], None] | None = None
    ) -> int:
        """Re-run the pipeline on every stored document whose stages differ from the current
        ones (or on all with ``everything``), reading again from the kept originals."""
        wanted = self.pipeline.signature
        done = 0
        for sha, (source, stages) in self.store.pipelines().items():
            if stages != wanted or everything:
                data = self.store.original(sha)
                base = source.split("#", 1)[0]
                read = read_bytes(Probe(base.rsplit("/", 1)[-1], data, sha), base, self.settings)
                docs = [self.pipeline.run(d, self.settings) for d in read]
                self.store.replace_documents(sha, reapply(sql_store(self.store), docs))
                done += 1
            if progress is not None:
                progress(source)
        return done


def open_archive(settings: Settings, pipeline: Pipeline | None = None) -> Archive:
    return Archive(settings, pipeline)


def annotate(text: str, settings: Settings, date: str | None = None) -> list[dict[str, Any]]:
    """Every span the reading stages find in ``text``, without opening or storing an archive."""
    authority = load_authority(settings.authority_files())
    pipeline = default_pipeline(None, authority, settings.ner_model or None)
    return annotate_text(text, pipeline, settings, date)
