"""Evaluate the temporal tagger on WikiWars-style TIMEX2 gold with the reference scorer.

``python -m dossier.evaluate.times [GOLD_DIR] [SCORER]`` prints the scores as JSON.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dossier.enrich.times import TimeExpression, tag_times
from dossier.errors import DossierError

__all__ = ["DEFAULT_GOLD", "DEFAULT_SCORER", "evaluate_wikiwars", "predictions"]

_EVAL = Path(__file__).resolve().parents[4] / "shared" / "eval"
DEFAULT_GOLD = _EVAL / "wikiwars-dev" / "timex2"
DEFAULT_SCORER = _EVAL / "tools" / "timex_eval.py"
_DATETIME = re.compile(r"<DATE_?TIME>\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)", re.IGNORECASE)


def _run(args: list[str]) -> str:
    try:
        done = subprocess.run(args, capture_output=True, check=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        raise DossierError(f"scorer failed: {' '.join(args[:3])}: {exc}") from exc
    return done.stdout.decode("utf-8", "surrogateescape")


def predictions(expressions: list[TimeExpression]) -> list[dict[str, Any]]:
    """Scorer items; a range counts as its two ends, as TIMEX2 annotates them."""
    out: list[dict[str, Any]] = []
    for expr in expressions:
        for piece in expr.parts or (expr,):
            out.append({"start": piece.start, "end": piece.end, "value": piece.value})
    return out


def _document_date(gold: Path) -> str | None:
    """The DATETIME of a gold file's header, when it carries one (WikiWars files do not)."""
    m = _DATETIME.search(gold.read_text("utf-8", "replace")[:2000])
    return m.group(1) if m else None


def evaluate_wikiwars(gold_dir: Path, scorer: Path) -> dict[str, Any]:
    """Tag every ``*.key.xml`` text of ``gold_dir`` and score it with ``scorer``; the scorer's
    metrics plus ``words`` and ``words_per_second`` of the tagging itself."""
    python = sys.executable
    golds = sorted(gold_dir.glob("*.key.xml"))
    if not golds:
        raise DossierError(f"{gold_dir}: no *.key.xml gold files")
    words = 0
    elapsed = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for gold in golds:
            text = _run([python, str(scorer), "text", str(gold)])
            began = time.perf_counter()
            found = tag_times(text, _document_date(gold))
            elapsed += time.perf_counter() - began
            words += len(text.split())
            name = gold.name.removesuffix(".key.xml")
            Path(tmp, f"{name}.json").write_text(json.dumps(predictions(found)), "utf-8")
        output = _run([python, str(scorer), "score", str(gold_dir), tmp])
    lines = [line for line in output.splitlines() if line.startswith("{")]
    if not lines:
        raise DossierError("scorer printed no JSON line")
    scores: dict[str, Any] = json.loads(lines[-1])
    scores["words"] = words
    scores["words_per_second"] = round(words / elapsed) if elapsed else None
    return scores


def main(argv: list[str]) -> int:
    gold = Path(argv[0]) if argv else DEFAULT_GOLD
    scorer = Path(argv[1]) if len(argv) > 1 else DEFAULT_SCORER
    print(json.dumps(evaluate_wikiwars(gold, scorer), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
