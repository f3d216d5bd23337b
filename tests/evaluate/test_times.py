"""Quality gate: the temporal tagger on the WikiWars dev set (skips when the set is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.enrich.times import tag_times
from dossier.evaluate.times import evaluate_wikiwars, predictions

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
GOLD = EVAL / "wikiwars-dev" / "timex2"
SCORER = EVAL / "tools" / "timex_eval.py"


def test_ranges_are_scored_as_their_two_ends() -> None:
    items = predictions(tag_times("It ran 1945–1955 and ended in 1956."))
    assert [(i["start"], i["end"], i["value"]) for i in items] == [
        (7, 11, "1945"),
        (12, 16, "1955"),
        (30, 34, "1956"),
    ]


@pytest.mark.skipif(not SCORER.is_file() or not GOLD.is_dir(), reason="../shared/eval absent")
def test_wikiwars_scores_stay_above_their_floors() -> None:
    scores = evaluate_wikiwars(GOLD, SCORER)
    assert scores["strict_val_f1"] >= 0.82
    assert scores["lenient_val_f1"] >= 0.85
    assert scores["lenient_f1"] >= 0.93
