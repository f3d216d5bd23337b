"""Verdicts: a claim against the archive (``check_claim``) and every claim of one document
against the others (``examine_document``), as JSON and as Markdown a historian can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dossier.enrich.claims.extract import extract_claims
from dossier.enrich.claims.model import Claim
from dossier.enrich.claims.stage import parse_claim
from dossier.examine.evidence import Evidence, RankWeights, find_evidence
from dossier.examine.stance import CONFLICTS as _CONFLICTS
from dossier.settings import Settings
from dossier.store.base import Store

__all__ = ["CheckResult", "ExamineReport", "check_claim", "examine_document", "verdict_of"]

MARGIN = 0.15
_HEDGE_FACTOR = 0.8
_ANTONYM_FACTOR = 0.85
_MATCH_WEIGHT = 0.15
_INFERRED = frozenset({"antonym", "negated_predicate"})


@dataclass
class CheckResult:
    """A claim, its verdict with a confidence, and the evidence best first."""

    claim: str
    verdict: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    parsed: Claim | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "verdict": self.verdict,
            "confidence": self.confidence,
            "evidence": [
                {
                    "document": e.hit.document,
                    "source": e.hit.source,
                    "passage": e.hit.passage,
                    "text": e.passage.text,
                    "stance": e.assessment.stance,
                    "reasons": [r.to_dict() for r in e.assessment.reasons],
                    "score": e.score,
                }
                for e in self.evidence
            ],
        }


def _strength(e: Evidence) -> float:
    """How much one passage weighs: its alignment, more with matching dates or numbers, less
    when it rests on an antonym only or is itself hedged."""
    s = min(e.assessment.alignment, 1.0)
    types = {r.type for r in e.assessment.reasons}
    s *= 1.0 + _MATCH_WEIGHT * len(types & {"date_match", "quantity_match"})
    if e.assessment.stance == "contradicts" and types & _CONFLICTS <= _INFERRED:
        s *= _ANTONYM_FACTOR
    return s * _HEDGE_FACTOR if e.assessment.hedged else s


def _aligned(evidence: list[Evidence], stance: str) -> float:
    found = (e.assessment.alignment for e in evidence if e.assessment.stance == stance)
    return max(found, default=0.0)


def verdict_of(evidence: list[Evidence], claim: Claim | None = None) -> tuple[str, float]:
    """``supported``/``contradicted`` when one side clearly outweighs the other, ``conflicting``
    when both are strong and close and the best contradiction is aligned with the claim at least
    as well as the best support (a looser contradiction only lowers the confidence of the
    support), else ``unverified``; the confidence never exceeds the strength of the evidence
    that decided it (and drops for a hedged claim)."""
    sup = max((_strength(e) for e in evidence if e.assessment.stance == "supports"), default=0.0)
    con = max((_strength(e) for e in evidence if e.assessment.stance == "contradicts"), default=0.0)
    if sup == 0.0 and con == 0.0:
        best = max((e.assessment.alignment for e in evidence), default=0.0)
        return "unverified", round(max(0.3, 1.0 - best), 3)
    if sup and con and abs(sup - con) < MARGIN:
        if _aligned(evidence, "contradicts") >= _aligned(evidence, "supports") - 1e-6:
            return "conflicting", round(min(sup, con), 3)
        con = max(0.0, min(con, sup - MARGIN))
    verdict, win, lose = ("supported", sup, con) if sup > con else ("contradicted", con, sup)
    confidence = min(1.0, win) * (1.0 - 0.5 * lose)
    if claim is not None and claim.modality == "hedged":
        confidence *= _HEDGE_FACTOR
    return verdict, round(confidence, 3)


def check_claim(
    store: Store,
    claim: Claim | str,
    settings: Settings,
    *,
    limit: int = 10,
    weights: RankWeights | None = None,
) -> CheckResult:
    """Check ``claim`` (a ``Claim`` or typed text) against the passages of other documents."""
    text = claim if isinstance(claim, str) else claim.text
    parsed = parse_claim(claim, settings) if isinstance(claim, str) else claim
    evidence = find_evidence(store, parsed, limit=limit, weights=weights)
    verdict, confidence = verdict_of(evidence, parsed)
    return CheckResult(text.strip(), verdict, confidence, evidence, parsed)


@dataclass
class ExamineReport:
    """Every claim of one document with its verdict and evidence."""

    document: str
    source: str
    title: str | None
    date: str | None
    results: list[CheckResult]
    titles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "claims": [r.to_dict() for r in self.results],
        }

    def to_markdown(self, cited: int = 3) -> str:
        """A report: each claim, its verdict, and the cited passages with their reasons."""
        head = f"# Claims of {self.title or self.source}"
        lines = [
            head,
            "",
            f"Source: `{self.source}`, " + (f"dated {self.date}" if self.date else "undated"),
            "",
        ]
        for n, r in enumerate(self.results, 1):
            lines += [
                f"## {n}. {r.claim}",
                "",
                f"**Verdict: {r.verdict}** (confidence {r.confidence:.2f})",
                "",
            ]
            bearing = [e for e in r.evidence if e.assessment.stance != "related"][:cited]
            for e in bearing or r.evidence[:1]:
                title = e.hit.title or e.hit.source
                why = "; ".join(f"{x.type}: {x.text}" for x in e.assessment.reasons)
                quote = " ".join(e.passage.text.split())
                quote = quote if len(quote) <= 400 else quote[:400] + "…"
                lines += [
                    f"- *{e.assessment.stance}* — {title} ({e.hit.date or 'undated'}), "
                    f"`{e.hit.source}`, passage {e.hit.passage}",
                    f"  > {quote}",
                    f"  Reasons: {why or 'none'}",
                ]
            lines.append("")
        return "\n".join(lines)


def examine_document(
    store: Store, ref: str, settings: Settings, *, limit: int = 5
) -> ExamineReport:
    """Check every claim of document ``ref`` against the rest of the archive. Claims come from
    the stored ``claim`` spans when the document has them, else they are extracted now."""
    doc = store.document(ref)
    spans = doc.spans_of("claim")
    claims = [Claim.from_dict(s.value) for s in spans] if spans else extract_claims(doc)
    for c in claims:
        c.document = doc.id
    results = [check_claim(store, c, settings, limit=limit) for c in claims]
    return ExamineReport(doc.id, doc.source, doc.record.title, doc.record.date, results)
