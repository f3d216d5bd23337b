"""The pieces the pages are built from: text runs, the network and map geometry, timeline
groups, search snippets and the small formatting helpers."""

from __future__ import annotations

import pytest

from dossier.examine.layers import LayerEntry
from dossier.store.base import Hit
from dossier.web.pages.graphics import map_view, network
from dossier.web.pages.markup import Mark, runs_of
from dossier.web.pages.render import entity_url, query_url, safe_link, when
from dossier.web.pages.search import pieces_of
from dossier.web.pages.timeline import group_entries


def test_runs_cut_at_every_boundary_and_keep_the_innermost_note() -> None:
    text = "Zhou Enlai came on 12 October 1954."
    marks = [
        Mark(0, 35, "c", None, "claim"),
        Mark(0, 10, "m m-person", "/entities/person:zhou-enlai", "person: Zhou Enlai"),
        Mark(19, 34, "t", None, "date 1954-10-12"),
    ]
    runs = runs_of(text, 0, len(text), marks)
    assert "".join(r.text for r in runs) == text
    assert [(r.text, r.css, r.note) for r in runs] == [
        ("Zhou Enlai", "c m m-person", "person: Zhou Enlai"),
        (" came on ", "c", "claim"),
        ("12 October 1954", "c t", "date 1954-10-12"),
        (".", "c", "claim"),
    ]
    assert runs[0].href == "/entities/person:zhou-enlai"


def test_runs_clip_marks_to_the_passage() -> None:
    runs = runs_of("abcdefgh", 2, 6, [Mark(0, 4, "q"), Mark(5, 9, "t")])
    assert [(r.text, r.css) for r in runs] == [("cd", "q"), ("e", ""), ("f", "t")]


def test_network_layout_is_deterministic() -> None:
    others = [(f"person:p{i}", f"P{i}", 10 - i) for i in range(10)]
    first, second = network("place:x", "X", others), network("place:x", "X", others)
    assert first == second
    assert len(first.nodes) == 10 and len(first.edges) == 10
    top = first.nodes[0]
    assert (top.x, top.anchor) == (first.centre.x, "middle") and top.y < first.centre.y
    assert first.edges[0].width > first.edges[-1].width  # more shared documents, thicker


def test_map_marks_the_place_in_the_middle_over_land() -> None:
    view = map_view(45.75, 126.65)  # Harbin
    assert (view.x, view.y) == (view.width / 2, view.height / 2)
    assert view.paths and all(p.startswith("M") and p.endswith("Z") for p in view.paths)
    assert {label for _, _, label in view.labels} >= {"120°E", "130°E", "40°N", "50°N"}


def _entry(doc: str, start: int, earliest: str) -> LayerEntry:
    value = {"value": earliest, "earliest": earliest, "latest": earliest}
    return LayerEntry(doc, doc, None, None, start, start + 4, "date", value, "A sentence.")


def test_timeline_groups_by_year_then_month() -> None:
    entries = [_entry("a", 0, "1954-10-12"), _entry("b", 5, "1954-11-01"), _entry("a", 9, "1955")]
    assert [g.key for g in group_entries(entries, [], None)] == ["1954", "1955"]
    assert [g.label for g in group_entries(entries, [], "1954")] == [
        "October 1954",
        "November 1954",
    ]
    assert [g.key for g in group_entries(entries, [], "195X")] == ["1954", "1955"]
    assert group_entries(entries, [], "1960") == []


def test_snippet_pieces_mark_the_matches() -> None:
    hit = Hit(1, "d1", "s", None, None, "paragraph", None, 1.0, "left Port Arthur", [(5, 9)], "")
    assert [(p.text, p.hit) for p in pieces_of(hit)] == [
        ("left ", False),
        ("Port", True),
        (" Arthur", False),
    ]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ({"value": "1954-10-12"}, "12 Oct 1954"),
        ({"value": "1954-09", "flags": ["approximate"]}, "c. Sep 1954"),
        ({"value": "1954-FA"}, "autumn 1954"),
        ({"value": "195X"}, "195X"),
    ],
)
def test_when_says_dates_as_readers_do(value: dict[str, object], said: str) -> None:
    assert when(value) == said


def test_links_stay_inside_the_site() -> None:
    assert entity_url('x"><script>/../y') == "/entities/x%22%3E%3Cscript%3E%2F..%2Fy"
    assert safe_link("javascript:alert(1)") is None
    assert safe_link("https://example.org/a") == "https://example.org/a"
    assert query_url("/search", {"q": "a b", "genre": "memo"}, genre=None, page=2) == (
        "/search?q=a+b&page=2"
    )
