"""Tokens at the web edge: an editor's bearer token may merge entities; a reader's, a revoked
or a forged one may not (the lead's ``require`` dependency asks ``Archive.token_role``)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from tests.trust.sample import filled, light

from dossier.settings import Settings
from dossier.web import create_app


def test_only_a_live_editor_token_may_merge(tmp_path: Path, settings: Settings) -> None:
    archive, _ = filled(settings, tmp_path)
    editor = archive.create_token("desk", "editor")
    reader = archive.create_token("visitor", "reader")
    revoked = archive.create_token("leaver", "admin")
    archive.revoke_token(revoked.info.id)
    client = TestClient(create_app(light(settings), archive))
    body = {"source": "Moscow", "target": "Dalian", "reason": "test"}

    def post(secret: str | None) -> int:
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        return int(client.post("/api/merges", json=body, headers=headers).status_code)

    refused = [post(None), post(reader.secret), post(revoked.secret), post("dsr_forged")]
    accepted = post(editor.secret)
    archive.close()
    assert refused == [403, 403, 403, 403]
    assert accepted == 201
