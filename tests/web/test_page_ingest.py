"""``/ingest``: an editor uploads files or names a folder; the ingest runs in the background and
its page shows the outcome. The editor holds a real editor token; readers are refused in
``test_pages.py``."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dossier.api import Archive
from dossier.settings import Settings
from dossier.web import create_app
from dossier.web.pages import ingest

MEMO = b"""---
title: Note on the Harbour Pilots
date: 1951-05-02
genre: memorandum
---

The harbour pilots at Dairen asked for new charts in May 1951.
"""


def _client(settings: Settings, role: str) -> TestClient:
    archive = Archive(settings)
    token = archive.create_token(f"test {role}", role).secret
    return TestClient(create_app(settings, archive), headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def editor_client(settings: Settings) -> TestClient:
    return _client(settings, "editor")


@pytest.fixture
def admin_client(settings: Settings) -> TestClient:
    return _client(settings, "admin")


def _wait(client: TestClient, url: str) -> str:
    for _ in range(600):
        html = client.get(url).text
        if 'http-equiv="refresh"' not in html:
            return html
        time.sleep(0.1)
    raise AssertionError(f"the ingest at {url} did not finish")


def test_upload_is_staged_by_hash_and_ingested(editor_client: TestClient) -> None:
    form = editor_client.get("/ingest").text
    assert 'enctype="multipart/form-data"' in form
    files = [("files", ("../../etc/pilots.md", MEMO, "text/markdown"))]
    response = editor_client.post("/ingest", files=files, follow_redirects=False)
    assert response.status_code == 303
    html = _wait(editor_client, response.headers["location"])
    assert "Done: 1 added" in html and "pilots.md" in html and "../" not in html
    listing = editor_client.get("/documents").text
    assert "Note on the Harbour Pilots" in listing
    assert "pilots.md" in editor_client.get("/ingest").text  # the job is listed


def test_folder_on_the_server_is_ingested(admin_client: TestClient, tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "pilots.md").write_bytes(MEMO)
    (folder / "empty.txt").write_bytes(b"")
    response = admin_client.post("/ingest", data={"folder": str(folder)})
    html = _wait(admin_client, str(response.url))
    assert "Done: 1 added" in html and "1 failed" in html, html[html.find("<main") :]
    assert 'class="o-failed"' in html


def test_an_editor_may_not_name_a_server_folder(editor_client: TestClient) -> None:
    """A server folder may hold anything the server can read (``/etc``); editors upload."""
    response = editor_client.post("/ingest", data={"folder": "/etc"})
    assert response.status_code == 403 and "admin" in response.text
    assert "passwd" not in editor_client.get("/documents").text


@pytest.mark.parametrize(
    ("data", "shown"),
    [({"folder": "/no/such/folder"}, "no folder"), ({}, "choose files")],
)
def test_bad_ingest_requests_say_why(
    admin_client: TestClient, data: dict[str, str], shown: str
) -> None:
    response = admin_client.post("/ingest", data=data, headers={"accept": "text/html"})
    assert response.status_code == 400 and shown in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_a_form_from_another_site_is_refused(editor_client: TestClient) -> None:
    response = editor_client.post(
        "/ingest", data={"folder": "/tmp"}, headers={"origin": "https://elsewhere.example"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("sent", "label"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\memo.txt", "memo.txt"),
        (".hidden", "hidden"),
        ("", "upload"),
        ("bad\x00name\u202e.md", "badname.md"),
    ],
)
def test_upload_names_are_labels_only(sent: str, label: str) -> None:
    assert ingest.label_of(sent) == label
