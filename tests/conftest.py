"""Shared fixtures. Documents used in tests are written by the project itself; tests on
``../shared/corpus`` are acceptance tests that skip when it is absent."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dossier.read import Probe
from dossier.settings import Settings

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
EVAL = CORPUS.parent / "eval"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=str(tmp_path / "test.db"))


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


def probe_of(name: str, data: bytes) -> Probe:
    return Probe(name, data, hashlib.sha256(data).hexdigest())
