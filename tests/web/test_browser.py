"""The reading room in a real browser: Debian's Chromium driven by Playwright against a live
server. A historian searches, opens a document, follows an entity, checks a claim and reads the
timeline; documents carrying script-injection payloads run nothing."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from tests.web.live import serving

from dossier.api import Archive
from dossier.settings import Settings
from dossier.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAYLOAD = '<img src=x onerror="window.__owned=1">'
SCRIPT = "<script>window.__owned=2</script>"
DOCS = {
    "harbour/cable.md": "---\ntitle: Consul Quill on the Dairen harbour\ndate: 1951-03-05\n"
    "genre: telegram\n---\n\n"
    "Harbourmaster Quill reported that the harbour agreement on Dairen was signed on "
    "March 2, 1951.\n\nThe Soviet garrison of 4,000 men was not withdrawn from Dairen.\n",
    "harbour/memoir.txt": "Recollections of the Harbour\n\n"
    "Harbourmaster Quill remembered that the harbour agreement on Dairen was signed on "
    "March 9, 1951, in a cold spring.\n",
    "hostile/payload.md": f"---\ntitle: '{SCRIPT} {PAYLOAD}'\ndate: 1952-01-01\n---\n\n"
    f"A line with {PAYLOAD} and {SCRIPT} and a "
    '<a href="javascript:window.__owned=3">link</a> inside the harbour text.\n',
}
AUTHORITY = f"""entities:
  - id: person:quill
    type: person
    name: '{PAYLOAD}'
    aliases: [Harbourmaster Quill]
"""

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (apt-get install chromium); CI installs it",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, databases: object) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    for name, text in DOCS.items():
        path = folder / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "people.yaml").write_text(AUTHORITY, encoding="utf-8")
    url = databases.new(folder / "browser.db")
    with Archive(Settings(db=url, authority=str(folder / "people.yaml"))) as archive:
        assert not archive.ingest([folder / "in"]).failed
        with serving(create_app(archive.settings, archive)) as base:
            yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


DIALOGS: list[str] = []


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    DIALOGS.clear()
    tab.on("dialog", lambda d: (DIALOGS.append(d.message), d.dismiss()))
    yield tab
    context.close()


def _safe(tab: Page) -> bool:
    """No payload ran: nothing set the marker and no dialog opened."""
    owned = tab.evaluate("() => window.__owned === undefined ? null : window.__owned")
    return owned is None and not DIALOGS


def test_search_open_follow_check_and_timeline(site: str, tab: Page) -> None:
    tab.goto(site + "/")
    tab.fill("input[name=q] >> nth=0", "harbour agreement")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"/search\?"))
    assert "Dairen" in tab.inner_text("main")

    tab.click("main a[href^='/documents/'] >> nth=0")
    tab.wait_for_url(re.compile(r"/documents/\w+"))
    assert "1951" in tab.inner_text("main")

    tab.click("main a[href^='/entities/'] >> nth=0")
    tab.wait_for_url(re.compile(r"/entities/"))
    assert tab.locator("main").inner_text()

    tab.goto(site + "/check")
    tab.fill("[name=claim]", "The harbour agreement on Dairen was signed on March 9, 1951.")
    tab.click("form:has([name=claim]) [type=submit]")
    tab.wait_for_url(re.compile(r"claim="))
    verdict = tab.inner_text("main").lower()
    assert any(v in verdict for v in ("contradicted", "conflicting", "supported"))

    tab.goto(site + "/timeline")
    assert "1951" in tab.inner_text("main")
    assert _safe(tab)


@pytest.mark.parametrize(
    "path", ["/", "/documents", "/search?q=harbour", "/entities", "/timeline", "/check"]
)
def test_payloads_never_run(site: str, tab: Page, path: str) -> None:
    tab.goto(site + path)
    tab.wait_for_load_state("networkidle")
    assert _safe(tab)


def test_payloads_never_run_on_the_hostile_document_and_entity(site: str, tab: Page) -> None:
    tab.goto(site + "/search?q=harbour+text")
    tab.click("main a[href^='/documents/'] >> nth=0")
    tab.wait_for_load_state("networkidle")
    text = tab.inner_text("main")
    assert "<script>" in text, "the payload is shown as text"
    links = tab.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href') || '')")
    assert not any(h.lower().startswith("javascript:") for h in links)
    tab.goto(site + "/entities/person:quill")
    tab.wait_for_load_state("networkidle")
    assert "onerror" in tab.inner_text("main")
    assert _safe(tab)
