"""The library API: every CLI command and web page calls these functions and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from dossier.annotate import annotate_text
from dossier.enrich.entities import AuthorityIndex, Linker, load_authority
from dossier.errors import ConfigError
from dossier.examine.check import CheckResult, ExamineReport, check_claim, examine_document
from dossier.examine.conflicts import DateConflict, date_conflicts
from dossier.examine.entities import (
    EntityProfile,
    EntitySummary,
    entity_profile,
    entity_summaries,
)
from dossier.examine.layers import LayerEntry, layer_entries
from dossier.examine.profiles import SourceProfile, source_profile, source_profiles
from dossier.examine.quotations import QuoteTrace, trace_quotations
from dossier.examine.timeline import timeline
from dossier.export import EXPORTERS
from dossier.ingest import FileOutcome, IngestReport, discover, ingest_files
from dossier.model import Document
from dossier.pipeline import Pipeline, default_pipeline
from dossier.read import Probe, read_bytes
from dossier.settings import Settings
from dossier.store import Store, open_store
from dossier.store.base import DocumentSummary, Hit, SearchRequest, Status, StoredPassage

__all__ = ["Archive", "annotate", "open_archive"]


class Archive:
    """An open archive: one store, one pipeline, one ``Settings``."""

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

    def files(self, paths: list[Path]) -> list[tuple[Path, str]]:
        """The files an ingest of ``paths`` would read, with their source names."""
        return list(discover(paths))

    def ingest(
        self,
        paths: list[Path],
        progress: Callable[[FileOutcome], None] | None = None,
        files: list[tuple[Path, str]] | None = None,
    ) -> IngestReport:
        chosen = self.files(paths) if files is None else files
        return ingest_files(chosen, self.store, self.pipeline, self.settings, progress)

    def status(self) -> Status:
        return self.store.status()

    def documents(self, limit: int = 100, offset: int = 0) -> list[DocumentSummary]:
        return self.store.documents(limit, offset)

    def document(self, ref: str) -> Document:
        return self.store.document(ref)

    def passages(self, ref: str) -> list[StoredPassage]:
        return self.store.passages(ref)

    def original(self, ref: str) -> bytes:
        return self.store.original(self.store.document(ref).sha256)

    def search(self, request: SearchRequest) -> list[Hit]:
        return self.store.search(request)

    def export(self, fmt: str, out: TextIO) -> int:
        exporter = EXPORTERS.get(fmt)
        if exporter is None:
            raise ConfigError(f"unknown export format {fmt!r} (known: {', '.join(EXPORTERS)})")
        return exporter(self.store.iter_documents(), out)

    def integrity_check(self) -> list[str]:
        return self.store.integrity_check()

    def timeline(self) -> list[LayerEntry]:
        return timeline(self.store)

    @cached_property
    def authority(self) -> AuthorityIndex:
        """The project's authority records plus the user's files (``Settings.authority``)."""
        return load_authority(self.settings.authority_files())

    def entities(self, kind: str | None = None) -> list[EntitySummary]:
        return entity_summaries(self.store, self.authority, kind)

    def entity(self, ref: str) -> EntityProfile:
        return entity_profile(self.store, self.authority, ref)

    def merge(self, source: str, target: str, reason: str) -> dict[str, Any]:
        """Record that entity ``source`` is ``target`` (reversible with ``unmerge``)."""
        source_id = self.entity(source).record["id"]
        target_id = self.entity(target).record["id"]
        if source_id == target_id:
            raise ConfigError(f"{source!r} and {target!r} are already one entity ({target_id})")
        linker = self._linker()
        record = asdict(linker.merge(source_id, target_id, reason))
        self.store.save_records([{"kind": "merge", **record}])
        return record

    def unmerge(self, merge_id: str) -> dict[str, Any]:
        """Undo a merge; its record stays, marked undone."""
        record = asdict(self._linker().unmerge(merge_id))
        self.store.save_records([{"kind": "merge", **record}])
        return record

    def _linker(self) -> Linker:
        return Linker.from_records(self.store.entity_records(), self.authority)

    def check(self, claim: str, limit: int = 10) -> CheckResult:
        """Hold a typed claim against the archive: verdict, confidence, cited evidence."""
        return check_claim(self.store, claim, self.settings, limit=limit)

    def examine(self, ref: str) -> ExamineReport:
        """Every claim of one document checked against the other documents."""
        return examine_document(self.store, ref, self.settings)

    def conflicts(self) -> list[DateConflict]:
        """Events that different sources date differently."""
        return date_conflicts(self.store)

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
                self.store.replace_documents(sha, docs)
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
