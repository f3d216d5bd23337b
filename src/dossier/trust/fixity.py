"""Fixity: every stored original hashed again and held against the SHA-256 it is filed under,
and every document (and every deleted document that could be restored) checked to have its
original."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from dossier.store import schema as t
from dossier.store.sql import SQLStore
from dossier.trust import audit

__all__ = ["FixityProblem", "FixityReport", "verify"]


@dataclass(frozen=True)
class FixityProblem:
    """An original whose bytes ``changed`` (or whose size did) or that is ``missing``, with the
    documents that depend on it."""

    sha256: str
    problem: str
    detail: str
    documents: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class FixityReport:
    originals: int
    bytes: int
    documents: int
    problems: list[FixityProblem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["ok"] = self.ok
        out["problems"] = [p.to_dict() for p in self.problems]
        return out


def _dependants(store: SQLStore) -> dict[str, list[tuple[str, str]]]:
    """sha256 → (document id, source) of every document and every restorable deleted one."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    d = t.documents.c
    with store.engine.connect() as conn:
        for row in conn.execute(select(d.sha256, d.id, d.source).order_by(d.source, d.id)):
            out[row.sha256].append((row.id, row.source))
    for entry in audit.entries(store.engine, ("delete",)):
        doc = (entry.before or {}).get("document", {})
        if entry.undone_by is None and "sha256" in doc:
            out[doc["sha256"]].append((doc["id"], f"{doc['source']} (deleted, #{entry.id})"))
    return out


def _check_original(store: SQLStore, sha: str, size: int) -> str | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(t.originals.c.data).where(t.originals.c.sha256 == sha)).one()
    data = bytes(row.data)
    found = hashlib.sha256(data).hexdigest()
    if found != sha:
        return f"bytes changed: sha256 is now {found}"
    if len(data) != size:
        return f"size changed: {len(data)} bytes, {size} recorded"
    return None


def verify(store: SQLStore) -> FixityReport:
    """Hash every original again (one at a time, so memory holds one original at most)."""
    dependants = _dependants(store)
    with store.engine.connect() as conn:
        stored = conn.execute(
            select(t.originals.c.sha256, t.originals.c.size).order_by(t.originals.c.sha256)
        ).all()
    problems: list[FixityProblem] = []
    for sha, size in stored:
        detail = _check_original(store, sha, size)
        if detail is not None:
            problems.append(_problem(sha, "changed", detail, dependants.get(sha, [])))
    for sha in sorted(set(dependants) - {row.sha256 for row in stored}):
        problems.append(_problem(sha, "missing", "original not in the archive", dependants[sha]))
    return FixityReport(
        originals=len(stored),
        bytes=sum(int(row.size) for row in stored),
        documents=sum(len(v) for v in dependants.values()),
        problems=problems,
    )


def _problem(sha: str, kind: str, detail: str, docs: list[tuple[str, str]]) -> FixityProblem:
    return FixityProblem(sha, kind, detail, [d for d, _ in docs], [s for _, s in docs])
