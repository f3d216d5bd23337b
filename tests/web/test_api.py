from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.live import serving

from dossier.api import Archive
from dossier.settings import Settings
from dossier.web import create_app
from dossier.web.api import decode_cursor, encode_cursor

DOCS = {
    "legation/cable-1.md": "---\ntitle: Legation to Ministry\ndate: 1951-03-05\n"
    "genre: telegram\n---\n\n"
    "The harbour agreement on Dairen was signed on March 2, 1951 by the delegations.\n\n"
    "General Petrov inspected the harbour of Dairen with the consul.\n",
    "legation/cable-2.md": "---\ntitle: Second cable on the harbour\ndate: 1953-07-01\n"
    "genre: telegram\n---\n\n"
    "The harbour of Dairen stayed closed to foreign shipping all summer.\n",
    "memoirs/recollection.txt": "Recollections of a Harbour Pilot\n\n"
    "Writing long after the events, the pilot recalls that the harbour agreement on Dairen "
    "was signed on March 9, 1951.\n",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, databases: object) -> Iterator[Archive]:
    folder = tmp_path_factory.mktemp("api")
    for name, text in DOCS.items():
        path = folder / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    url = databases.new(folder / "api.db")  # type: ignore[attr-defined]
    with Archive(Settings(db=url)) as opened:
        report = opened.ingest([folder / "in"])
        assert not report.failed
        yield opened


@pytest.fixture(scope="module")
def client(archive: Archive) -> TestClient:
    return TestClient(create_app(archive.settings, archive))


def test_documents_page_through_with_cursors(client: TestClient) -> None:
    first = client.get("/api/documents", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next"]
    second = client.get("/api/documents", params={"limit": 2, "cursor": first["next"]}).json()
    assert len(second["items"]) == 1 and second["next"] is None
    ids = {d["id"] for d in first["items"] + second["items"]}
    assert len(ids) == 3


def test_a_document_with_its_passages_spans_and_original(client: TestClient) -> None:
    doc_id = client.get("/api/documents").json()["items"][0]["id"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["id"] == doc_id and doc["spans"] and doc["record"]["title"]
    passages = client.get(f"/api/documents/{doc_id}/passages").json()
    assert passages and all(p["document_id"] == doc_id for p in passages)
    original = client.get(f"/api/documents/{doc_id}/original")
    assert original.status_code == 200
    assert original.headers["content-disposition"].startswith("attachment;")
    assert original.content.startswith(b"---") or b"Recollections" in original.content


def test_a_document_cites_itself_in_each_format(client: TestClient) -> None:
    doc_id = next(
        d["id"]
        for d in client.get("/api/documents").json()["items"]
        if d["source"] == "legation/cable-1.md"
    )
    bibtex = client.get(f"/api/documents/{doc_id}/cite", params={"format": "bibtex"}).text
    assert bibtex.startswith("@") and "Legation to Ministry" in bibtex
    ris = client.get(f"/api/documents/{doc_id}/cite", params={"format": "ris"}).text
    assert "TY  - " in ris and "Legation to Ministry" in ris
    chicago = client.get(f"/api/documents/{doc_id}/cite").text
    assert "Legation to Ministry" in chicago and "1951" in chicago
    assert client.get(f"/api/documents/{doc_id}/cite", params={"format": "x"}).status_code == 422


def test_unknown_document_is_a_problem_document(client: TestClient) -> None:
    response = client.get("/api/documents/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404 and "nope" in body["detail"]


def test_search_counts_facets_and_pages(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Dairen", "limit": 1}).json()
    assert body["total"] == 4 and len(body["hits"]) == 1 and body["next"]
    genres = {f["value"]: f["count"] for f in body["facets"]["genre"]}
    assert genres["telegram"] == 3
    years = [f["value"] for f in body["facets"]["year"]]
    assert years == sorted(years) and "1951" in years
    assert "\x02" not in body["hits"][0]["snippet"] and body["hits"][0]["highlights"]
    rest = client.get("/api/search", params={"q": "Dairen", "cursor": body["next"]}).json()
    assert len(rest["hits"]) == 3 and rest["next"] is None


def test_search_sorted_by_date_puts_the_oldest_document_first(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "harbour", "sort": "date"}).json()["hits"]
    dates = [h["date"] for h in hits if h["date"]]
    assert dates == sorted(dates) and len(dates) >= 2


def test_search_filters_by_a_person_through_the_mentions(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "harbour"}).json()
    people = body["facets"]["person"]
    assert people, "the telegram names a general"
    petrov = next(f for f in people if "Petrov" in f["label"])
    narrowed = client.get("/api/search", params={"q": "harbour", "person": petrov["value"]})
    hits = narrowed.json()["hits"]
    assert hits and {h["source"] for h in hits} == {"legation/cable-1.md"}
    assert narrowed.json()["total"] == petrov["count"]


def test_bad_queries_and_cursors_are_400(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "x", "cursor": "%%%"}).status_code == 422
    assert client.get("/api/search", params={"q": "?!"}).json()["notice"]
    assert client.get("/api/search", params={"q": "x", "sort": "size"}).status_code == 422
    assert client.get("/api/documents", params={"limit": 0}).status_code == 422


def test_check_by_get_and_post_give_the_same_verdict(client: TestClient) -> None:
    claim = "The harbour agreement on Dairen was signed on March 9, 1951."
    got = client.get("/api/check", params={"claim": claim}).json()
    posted = client.post("/api/check", json={"claim": claim}).json()
    assert got["verdict"] == posted["verdict"]
    assert set(got) == {"claim", "verdict", "confidence", "evidence"}
    assert any(e["source"] == "legation/cable-1.md" for e in got["evidence"])


def test_entities_timeline_and_examine(client: TestClient) -> None:
    entities = client.get("/api/entities").json()["items"]
    dairen = next(e for e in entities if e["name"] == "Dalian" or "Dairen" in e["name"])
    profile = client.get(f"/api/entities/{dairen['id']}").json()
    assert profile["record"]["id"] == dairen["id"] and profile["mentions"]
    times = client.get("/api/timeline", params={"limit": 200}).json()["items"]
    assert any(t["value"].get("value", "").startswith("1951-03") for t in times)
    doc_id = next(
        d["id"]
        for d in client.get("/api/documents").json()["items"]
        if d["source"] == "memoirs/recollection.txt"
    )
    assert "claims" in client.get(f"/api/documents/{doc_id}/examine").json()


def test_readers_cannot_merge(client: TestClient) -> None:
    response = client.post("/api/merges", json={"source": "a", "target": "b"})
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert client.delete("/api/merges/m1").status_code == 403


def test_an_editor_merges_and_unmerges_under_their_own_name(
    archive: Archive, client: TestClient
) -> None:
    token = archive.create_token("Ada the editor", "editor").secret
    auth = {"Authorization": f"Bearer {token}"}
    first, second = client.get("/api/entities").json()["items"][:2]
    merged = client.post(
        "/api/merges",
        json={"source": first["id"], "target": second["id"], "reason": "same harbour"},
        headers=auth,
    )
    assert merged.status_code == 201
    undone = client.delete(f"/api/merges/{merged.json()['id']}", headers=auth)
    assert undone.status_code == 200 and undone.json()["undone"]
    actors = {(e.action, e.actor) for e in archive.audit_log()}
    assert {a for a, who in actors if who.endswith(":Ada the editor")} >= {"merge", "unmerge"}
    revoked = archive.tokens()[-1].id
    archive.revoke_token(revoked)
    assert client.delete("/api/merges/x", headers=auth).status_code == 403


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("PUT", "/api/check", "GET, POST"), ("PATCH", "/api/merges/m1", "DELETE")],
)
def test_a_wrong_method_is_405_naming_every_allowed_one(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == 405 and response.headers["allow"] == allow


def test_every_response_carries_the_content_security_policy(client: TestClient) -> None:
    policy = client.get("/api/status").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize("offset", [0, 1, 10_000])
def test_cursor_round_trip(offset: int) -> None:
    assert decode_cursor(encode_cursor(offset)) == offset


def test_openapi_describes_every_route(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/documents", "/api/search", "/api/check", "/api/timeline"} <= paths
    assert "Problem" in spec["components"]["schemas"]


def test_schemathesis_finds_no_server_error(archive: Archive, tmp_path: Path) -> None:
    """``schemathesis run --checks all`` against a live server: no 5xx, only documented
    statuses, content types and headers, responses matching the schema, 405 with Allow."""
    with serving(create_app(archive.settings, archive)) as base:
        run = subprocess.run(
            [
                str(Path(sys.executable).with_name("schemathesis")),
                "run",
                f"{base}/api/openapi.json",
                "--checks",
                "all",
                "--max-examples",
                "25",
                "--seed",
                "1954",
            ],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=tmp_path,
        )
    assert run.returncode == 0, run.stdout[-4000:]
