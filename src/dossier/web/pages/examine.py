"""``/examine/{id}``: a document's claims with verdicts and cited evidence; ``/check``: any
claim typed by the reader, held against the archive."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from dossier.examine.check import CheckResult
from dossier.examine.evidence import Evidence
from dossier.web.pages.render import ArchiveDep, page

__all__ = ["bearing", "router"]

router = APIRouter()
CITED = 4


def bearing(result: CheckResult) -> list[Evidence]:
    """The evidence worth showing: passages that support or contradict, else the best one."""
    found = [e for e in result.evidence if e.assessment.stance != "related"][:CITED]
    return found or result.evidence[:1]


@router.get("/examine/{ref}", response_class=HTMLResponse)
def examine_page(request: Request, ref: str, archive: ArchiveDep) -> HTMLResponse:
    report = archive.examine(ref)
    results = [(r, bearing(r)) for r in report.results]
    return page(
        request,
        "examine.html",
        title=f"Claims of {report.title or report.source}",
        report=report,
        results=results,
    )


@router.get("/check", response_class=HTMLResponse)
def check_page(
    request: Request,
    archive: ArchiveDep,
    claim: Annotated[str, Query(max_length=1000)] = "",
) -> HTMLResponse:
    result = archive.check(claim) if claim.strip() else None
    return page(
        request,
        "check.html",
        title="Check a claim",
        claim=claim,
        result=result,
        evidence=bearing(result) if result else [],
    )
