"""No token in the server's logs: a request carrying an editor token is logged by path only."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from tests.web.live import serving

from dossier.api import Archive
from dossier.settings import Settings
from dossier.web import create_app


def test_the_access_log_never_holds_a_token(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(db=str(tmp_path / "logs.db"), ner_model="")
    with Archive(settings) as archive:
        secret = archive.create_token("logged editor", "editor").secret
        app = create_app(settings, archive)
        with caplog.at_level(logging.DEBUG), serving(app, access_log=True) as base:
            headers = {"Authorization": f"Bearer {secret}"}
            httpx.get(f"{base}/api/status", headers=headers)
            httpx.post(f"{base}/api/merges", headers=headers, json={"source": "a", "target": "b"})
            httpx.get(f"{base}/ingest", cookies={"dossier_token": secret})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "/api/status" in logged, "the access log was captured"
    assert secret not in logged and secret[4:] not in logged
