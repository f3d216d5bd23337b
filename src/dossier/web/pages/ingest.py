"""``/ingest`` (editors only): upload files or name a folder on the server; the ingest runs in a
background thread and its page refreshes itself until it is done.

Uploaded files are staged under a temporary folder by the hash of their bytes; the name the
browser sent is only ever a label (the document's source), never part of a path.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dossier.api import Archive
from dossier.errors import ConfigError, NotFound, UnsafeInput
from dossier.ingest import FileOutcome
from dossier.web.deps import Caller, require
from dossier.web.pages.render import ArchiveDep, page
from dossier.web.problems import Forbidden

__all__ = ["Job", "label_of", "router"]

router = APIRouter()
editor = require("editor")
Editor = Annotated[Caller, Depends(editor)]
CHUNK = 1 << 20


@dataclass
class Job:
    """One ingest started from the reading room."""

    id: str
    what: str
    total: int
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    outcomes: list[FileOutcome] = field(default_factory=list)
    state: str = "running"  # running | done | failed
    error: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def _jobs(request: Request) -> dict[str, Job]:
    jobs: dict[str, Job] | None = getattr(request.app.state, "ingest_jobs", None)
    if jobs is None:
        jobs = request.app.state.ingest_jobs = {}
    return jobs


def label_of(filename: str | None) -> str:
    """A display name from the browser's file name: its last part, no control characters."""
    base = re.split(r"[\\/]", filename or "")[-1]
    cleaned = "".join(c for c in base if c.isprintable()).strip().lstrip(".")
    return cleaned[:200] or "upload"


def _suffix(label: str) -> str:
    found = re.search(r"\.([A-Za-z0-9]{1,10})$", label)
    return "." + found.group(1).lower() if found else ""


def _same_origin(request: Request) -> None:
    """Refuse a form posted from another site (the token may ride in a cookie)."""
    origin = request.headers.get("origin")
    if origin and origin.rstrip("/") != str(request.base_url).rstrip("/"):
        raise Forbidden("a form from another site cannot start an ingest")


async def _stage(uploads: list[UploadFile], staging: Path, limit: int) -> list[tuple[Path, str]]:
    """Write each upload under ``staging`` named by its hash; (path, label) pairs."""
    out: list[tuple[Path, str]] = []
    for upload in uploads:
        label = label_of(upload.filename)
        digest, size, part = hashlib.sha256(), 0, staging / f"part-{uuid.uuid4().hex}"
        with part.open("wb") as fh:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UnsafeInput(f"{label}: file too large (limit {limit} bytes)")
                digest.update(chunk)
                fh.write(chunk)
        target = staging / f"{digest.hexdigest()}{_suffix(label)}"
        part.replace(target)
        out.append((target, label))
    return out


def _folder(value: str) -> list[tuple[Path, str]] | None:
    if not value.strip():
        return None
    folder = Path(value.strip()).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"no folder {value.strip()!r} on the server")
    return [(folder, folder.name)]


def _run(archive: Archive, job: Job, files: list[tuple[Path, str]], staging: Path) -> None:
    try:
        archive.ingest([], job.outcomes.append, files)
        job.state = "done"
    except Exception as exc:  # the thread must record any failure for the page
        job.state, job.error = "failed", f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request, role: Editor) -> HTMLResponse:
    jobs = sorted(_jobs(request).values(), key=lambda j: j.started, reverse=True)
    return page(request, "ingest.html", title="Add documents", jobs=jobs)


@router.post("/ingest")
async def ingest_start(
    request: Request,
    caller: Editor,
    archive: ArchiveDep,
    files: Annotated[list[UploadFile], File(default_factory=list)],
    folder: Annotated[str, Form()] = "",
) -> Response:
    _same_origin(request)
    if folder.strip() and caller.role != "admin":
        # A folder on the server may hold anything the server can read; once ingested, every
        # reader could see it. Editors upload; only an admin names a server folder.
        raise Forbidden("naming a folder on the server needs the admin role; upload the files")
    staging = Path(tempfile.mkdtemp(prefix="dossier-staging-"))
    try:
        chosen = [u for u in files if u.filename]
        staged = await _stage(chosen, staging, archive.settings.max_file_bytes)
        named = _folder(folder)
        todo = staged + (list(archive.files([named[0][0]])) if named else [])
    except Exception:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not todo:
        shutil.rmtree(staging, ignore_errors=True)
        raise ConfigError("choose files to upload or name a folder on the server")
    what = named[0][1] if named else ", ".join(label for _, label in staged[:3])
    job = Job(uuid.uuid4().hex[:12], what, len(todo))
    _jobs(request)[job.id] = job
    worker = threading.Thread(target=_run, args=(archive, job, todo, staging), daemon=True)
    worker.start()
    return RedirectResponse(f"/ingest/{job.id}", status_code=303)


@router.get("/ingest/{job_id}", response_class=HTMLResponse)
def ingest_job(request: Request, job_id: str, role: Editor) -> HTMLResponse:
    job = _jobs(request).get(job_id)
    if job is None:
        raise NotFound(f"no ingest {job_id!r}")
    return page(request, "ingest_job.html", title="Ingest", job=job)
