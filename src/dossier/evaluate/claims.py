"""Evaluate claim checking on a claims set with the reference scorer.

``python -m dossier.evaluate.claims [CLAIMS] [CORPUS] [SCORER] [--ablation] [--semantic]``
builds a temporary archive of the corpus, checks every claim, scores the predictions and prints
the scorer's JSON line (plus ``seconds_per_claim``). ``--ablation`` also scores ranking variants;
``--semantic`` embeds the archive first (the optional model), so that evidence retrieval adds
each claim's nearest passages in meaning to the full-text candidates.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from dossier.errors import DossierError
from dossier.examine.check import check_claim
from dossier.examine.evidence import RankWeights
from dossier.settings import Settings
from dossier.store.base import Store

__all__ = [
    "DEFAULT_CLAIMS",
    "DEFAULT_CORPUS",
    "DEFAULT_SCORER",
    "evaluate_claims",
    "predict",
    "score",
]

_SHARED = Path(__file__).resolve().parents[4] / "shared"
DEFAULT_CLAIMS = _SHARED / "eval" / "claims-dev.jsonl"
DEFAULT_CORPUS = _SHARED / "corpus"
DEFAULT_SCORER = _SHARED / "eval" / "tools" / "claims_eval.py"


def predict(
    store: Store, claims: list[dict[str, Any]], settings: Settings, weights: RankWeights | None
) -> tuple[list[dict[str, Any]], float]:
    """One ``CheckResult.to_dict()`` per claim, and the mean seconds per claim."""
    out = []
    started = time.perf_counter()
    for item in claims:
        out.append(check_claim(store, item["claim"], settings, weights=weights).to_dict())
    return out, (time.perf_counter() - started) / max(1, len(claims))


def score(scorer: Path, claims: Path, predictions: list[dict[str, Any]]) -> dict[str, Any]:
    """The scorer's last JSON line for ``predictions``."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        fh.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions)
        path = fh.name
    try:
        done = subprocess.run(
            [sys.executable, str(scorer), str(claims), path],
            capture_output=True,
            check=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise DossierError(f"claims scorer failed: {exc}") from exc
    finally:
        Path(path).unlink(missing_ok=True)
    lines = [x for x in done.stdout.decode("utf-8", "replace").splitlines() if x.startswith("{")]
    if not lines:
        raise DossierError("claims scorer printed no JSON line")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


_VARIANTS = {
    "fts_only": RankWeights(fts=1.0, alignment=0.0, entities=0.0, time=0.0, stance=0.0),
    "no_stance_boost": RankWeights(stance=0.0),
    "no_entities": RankWeights(entities=0.0),
}


def evaluate_claims(
    claims: Path = DEFAULT_CLAIMS,
    corpus: Path = DEFAULT_CORPUS,
    scorer: Path = DEFAULT_SCORER,
    *,
    ablation: bool = False,
    semantic: bool = False,
) -> dict[str, Any]:
    """Build a temporary archive of ``corpus``, check every claim and score the results."""
    from dossier.api import open_archive

    items = [json.loads(x) for x in claims.read_text("utf-8").splitlines() if x.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db=str(Path(tmp) / "claims.db"))
        with open_archive(settings) as archive:
            archive.ingest([corpus])
            if semantic:
                archive.embed()
            preds, seconds = predict(archive.store, items, settings, None)
            result = score(scorer, claims, preds) | {"seconds_per_claim": round(seconds, 3)}
            if ablation:
                for name, weights in _VARIANTS.items():
                    variant, _ = predict(archive.store, items, replace(settings), weights)
                    result[name] = score(scorer, claims, variant)
    return result


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    paths = [Path(a) for a in args]
    defaults = [DEFAULT_CLAIMS, DEFAULT_CORPUS, DEFAULT_SCORER]
    chosen = paths + defaults[len(paths) :]
    result = evaluate_claims(*chosen, ablation="--ablation" in argv, semantic="--semantic" in argv)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
