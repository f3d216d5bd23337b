"""Quality gate: verdict accuracy and evidence recall on the claims dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.evaluate.claims import evaluate_claims

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"


def test_claims_dev_floors(corpus: Path) -> None:
    if not (EVAL / "claims-dev.jsonl").is_file():
        pytest.skip("../shared/eval is absent")
    result = evaluate_claims(EVAL / "claims-dev.jsonl", corpus, EVAL / "tools" / "claims_eval.py")
    assert result["answered"] == result["claims"]
    assert result["verdict_accuracy"] >= 0.9
    assert result["evidence_recall_at_5"] >= 0.9
