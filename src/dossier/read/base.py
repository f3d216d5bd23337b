"""The reader contract, the registry and the choice by score."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, ClassVar, Protocol

from dossier.errors import EmptyDocument, ReadError, UnsafeInput, UnsupportedFormat
from dossier.model import Document, OffsetMap, Passage, Record
from dossier.read.genre import infer_genre
from dossier.settings import Settings

__all__ = [
    "REGISTRY",
    "Probe",
    "Reader",
    "choose_reader",
    "make_document",
    "read_bytes",
    "register",
]


@dataclass(frozen=True)
class Probe:
    """What a reader may look at to score a file: its name, suffix and bytes."""

    name: str
    data: bytes
    sha256: str

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()

    @property
    def head(self) -> bytes:
        return self.data[:4096]


class Reader(Protocol):
    """A reader: ``score`` says how sure it is the bytes are its format (0 = not mine, 1 = sure);
    ``read`` turns them into documents or raises a ``ReadError``."""

    name: ClassVar[str]
    version: ClassVar[str]

    def score(self, probe: Probe) -> float: ...

    def read(self, probe: Probe, source: str, settings: Settings) -> list[Document]: ...


REGISTRY: list[Reader] = []


def make_document(
    reader: Reader,
    probe: Probe,
    source: str,
    record: Record,
    built: tuple[str, list[Passage], OffsetMap],
    **fields: Any,
) -> Document:
    """The document a reader returns: its assembled text, passages and offsets, the record with
    a genre inferred when it has none, and the reader's versioned name."""
    text, passages, offsets = built
    record.genre, record.kind = infer_genre(record, text[:2000])
    return Document(
        source=source,
        sha256=probe.sha256,
        text=text,
        record=record,
        passages=passages,
        offsets=offsets,
        reader=f"{reader.name}@{reader.version}",
        **fields,
    )


def register(reader: Reader) -> Reader:
    REGISTRY.append(reader)
    return reader


def choose_reader(probe: Probe) -> Reader:
    scored = [(r.score(probe), i, r) for i, r in enumerate(REGISTRY)]
    best = max(scored, key=lambda t: (t[0], -t[1]), default=None)
    if best is None or best[0] <= 0:
        raise UnsupportedFormat(f"unknown format (no reader accepts {probe.suffix or 'it'})")
    return best[2]


def read_bytes(probe: Probe, source: str, settings: Settings) -> list[Document]:
    """Read one file's bytes into documents; every failure is a ``ReadError`` naming ``source``."""
    try:
        if not probe.data:
            raise EmptyDocument("empty file")
        if len(probe.data) > settings.max_file_bytes:
            raise UnsafeInput(
                f"file too large ({len(probe.data)} bytes > limit {settings.max_file_bytes})"
            )
        reader = choose_reader(probe)
        docs = reader.read(probe, source, settings)
        if not docs:
            raise EmptyDocument(f"{reader.name} reader found no document")
        for doc in docs:
            if not doc.text.strip():
                raise EmptyDocument(f"{reader.name} reader extracted no text")
        return docs
    except ReadError as exc:
        raise exc.with_source(source) from exc
