"""Every reader, fed random bytes and mutated files of its own format, either reads them or
refuses them with a ``ReadError``; nothing else escapes (``bench/fuzz.py`` runs the same for
longer)."""

from __future__ import annotations

import pytest
from bench.fuzz import SEEDS, Outcome, fuzz

from dossier.read.base import REGISTRY


@pytest.mark.parametrize("reader", REGISTRY, ids=lambda r: r.name)
def test_a_reader_only_reads_or_refuses(reader: object) -> None:
    outcome = Outcome(reader.name)  # type: ignore[attr-defined]
    fuzz(reader, SEEDS[reader.name](), 60, outcome)  # type: ignore[arg-type, attr-defined]
    assert outcome.inputs >= 60 and outcome.refused > 0
    assert not outcome.findings, outcome.findings[:3]


def test_every_reader_has_a_seed() -> None:
    assert {r.name for r in REGISTRY} <= set(SEEDS)
