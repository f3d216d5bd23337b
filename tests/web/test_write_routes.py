"""Every route that writes refuses a reader: the list comes from the application's own routes,
so a write route added later is covered without editing this test."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from dossier.api import Archive
from dossier.settings import Settings
from dossier.web import create_app
from dossier.web.problems import routes

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
READ_ONLY_POSTS = {"/oai", "/api/check"}  # protocols that read with POST (OAI-PMH, long claims)


def _write_routes(app: FastAPI) -> list[tuple[str, str]]:
    return sorted(
        (method, path)
        for path, methods in routes(app)
        if path not in READ_ONLY_POSTS
        for method in methods & WRITES
    )


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x1", path)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = tmp_path_factory.mktemp("writes") / "w.db"
    return create_app(Settings(db=str(db)), Archive(Settings(db=str(db))))


def test_the_route_list_holds_the_known_writes(app: FastAPI) -> None:
    routes = set(_write_routes(app))
    assert {("POST", "/api/merges"), ("DELETE", "/api/merges/{merge_id}"), ("POST", "/ingest")} <= (
        routes
    )


@pytest.mark.parametrize("token", [None, "dsr_forged", "not-even-a-token"])
def test_every_write_route_refuses_a_reader(app: FastAPI, token: str | None) -> None:
    client = TestClient(app)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    for method, path in _write_routes(app):
        response = client.request(method, _concrete(path), headers=headers, json={})
        assert response.status_code == 403, (method, path, response.status_code)


def test_a_reader_token_is_still_a_reader(app: FastAPI) -> None:
    archive: Archive = app.state.archive
    token = archive.create_token("a reader", "reader").secret
    client = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    for method, path in _write_routes(app):
        assert client.request(method, _concrete(path), json={}).status_code == 403
