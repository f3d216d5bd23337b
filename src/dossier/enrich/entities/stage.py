"""The ``entities`` stage: mention spans linked to entities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace
from typing import Any, ClassVar

from dossier.enrich.entities.authority import load_authority, vocabulary
from dossier.enrich.entities.gazetteer import default_gazetteer
from dossier.enrich.entities.link import Link, Linker
from dossier.enrich.entities.model import DEFAULT_MODEL, ModelMention, NerModel, load_ner
from dossier.enrich.entities.rules import AliasMatcher, Mention, extract_mentions
from dossier.model import Document, Provenance, Span
from dossier.settings import Settings

__all__ = ["EXCLUDED_EDITORIAL", "EntityStage"]

EXCLUDED_EDITORIAL = frozenset({"page", "note"})


def _excluded(doc: Document) -> list[tuple[int, int]]:
    return [
        (s.start, s.end)
        for s in doc.spans_of("editorial")
        if s.value.get("kind") in EXCLUDED_EDITORIAL
    ]


def _reader_mention(doc: Document, span: Span) -> Mention:
    name = " ".join(doc.text[span.start : span.end].split())
    kind = str(span.value.get("type") or "person")
    if kind not in vocabulary().types:
        kind = "person"
    return Mention(span.start, span.end, name, kind, "reader")


class EntityStage:
    """``entities@1``: a ``mention`` span per person, place, organisation, event or work, with
    ``value = {type, name, entity, score, method, title?}``. Reader-made mention spans (TEI
    ``persName``) are kept and given the entity link instead of being duplicated."""

    name: ClassVar[str] = "entities"
    version: ClassVar[str] = "2"
    requires: ClassVar[frozenset[str]] = frozenset({"normalised"})
    adds: ClassVar[frozenset[str]] = frozenset({"mention"})
    stateful: ClassVar[bool] = True  # the linker remembers what earlier documents found

    def __init__(
        self, linker: Linker | None = None, model: NerModel | str | None = DEFAULT_MODEL
    ) -> None:
        self.linker = linker or Linker(load_authority(), default_gazetteer())
        self.model = load_ner(model) if isinstance(model, str) else model
        self.matcher = AliasMatcher(self.linker.authority)
        self._emitted: set[str] = set()

    def __call__(self, doc: Document, settings: Settings) -> Document:
        return self.run_many([doc], settings)[0]

    def records(self) -> list[dict[str, Any]]:
        """Entities the linker discovered since the last call (they never change once found)
        and its merges (which can be undone); links live in the mention spans."""
        new = [e for ident, e in self.linker.found.items() if ident not in self._emitted]
        self._emitted.update(e.id for e in new)
        entities = [{"kind": "entity", **e.to_dict()} for e in new]
        return entities + [{"kind": "merge", **asdict(m)} for m in self.linker.merges]

    def run_many(self, docs: Sequence[Document], settings: Settings) -> list[Document]:
        """Annotate several documents, batching them through the model together."""
        found = self.detect(docs)
        return [self.apply(d, m, settings) for d, m in zip(docs, found, strict=True)]

    def detect(self, docs: Sequence[Document]) -> list[list[Mention]]:
        """The mentions in each document (model and rules): no state, any process may run it."""
        found: list[list[ModelMention]] = [[] for _ in docs]
        if self.model is not None:
            found = self.model.annotate([d.text for d in docs])
        return [
            extract_mentions(
                d.text,
                self.matcher,
                f,
                exclude=_excluded(d),
                fixed=[_reader_mention(d, s) for s in d.spans_of("mention")],
            )
            for d, f in zip(docs, found, strict=True)
        ]

    def prepare_many(self, docs: list[Document], settings: Settings) -> list[list[Mention]]:
        return self.detect(docs)

    def apply(self, doc: Document, mentions: list[Mention], settings: Settings) -> Document:
        """Link ``mentions`` (found by ``detect``) and add them as spans: the stateful half."""
        links = self.linker.link_document(doc.id, mentions)
        provenance = Provenance(
            self.name,
            self.version,
            model=self.model.label if self.model is not None else None,
            settings=settings.digest(),
        )
        by_place = {(m.start, m.end): (m, link) for m, link in zip(mentions, links, strict=True)}
        spans: list[Span] = []
        for span in doc.spans:
            pair = by_place.pop((span.start, span.end), None) if span.layer == "mention" else None
            spans.append(span if pair is None else self._enrich_reader(span, pair[1]))
        spans.extend(self._span(m, link, provenance) for m, link in by_place.values())
        return replace(doc, spans=spans, layers=doc.layers | self.adds)

    def _value(self, m: Mention, link: Link) -> dict[str, Any]:
        value: dict[str, Any] = {
            "type": link.type,
            "name": m.name,
            "entity": link.entity,
            "score": link.score,
            "method": link.method,
            "reason": link.reason,
        }
        if m.title:
            value["title"] = m.title
        return value

    def _span(self, m: Mention, link: Link, provenance: Provenance) -> Span:
        return Span("mention", m.start, m.end, self._value(m, link), provenance, link.score)

    def _enrich_reader(self, span: Span, link: Link) -> Span:
        value = {
            **span.value,
            "entity": link.entity,
            "score": link.score,
            "method": link.method,
            "reason": link.reason,
            "linked_by": f"{self.name}@{self.version}",
        }
        value.setdefault("type", link.type)
        return replace(span, value=value)
