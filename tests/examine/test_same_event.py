"""A conflict counts only about the claim's own event: invented sentences and documents."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from tests.conftest import Databases

from dossier.api import Archive, open_archive
from dossier.enrich.claims.lexicon import find_quantities, tokenize
from dossier.enrich.claims.model import TimeRef
from dossier.examine.check import check_claim
from dossier.examine.compare import Event, Sentence, different_event
from dossier.settings import Settings

_YEAR = re.compile(r"\b(1[0-9]{3})\b")


def _sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` (split at ``. ``), each year a dated time value."""
    out, pos = [], 0
    for piece in re.split(r"(?<=\.) ", text):
        times = [
            {
                "value": m.group(1),
                "earliest": f"{m.group(1)}-01-01",
                "latest": f"{m.group(1)}-12-31",
                "_start": pos + m.start(),
            }
            for m in _YEAR.finditer(piece)
        ]
        skip = [(m.start(), m.end()) for m in _YEAR.finditer(piece)]
        out.append(
            Sentence(
                pos,
                pos + len(piece),
                piece,
                tokenize(piece, pos),
                times,
                find_quantities(piece, skip),
            )
        )
        pos += len(piece) + 1
    return out


def _event(text: str, verb: str, names: tuple[str, ...], year: str | None = None) -> Event:
    at = tuple(m.start() for name in names for m in re.finditer(re.escape(name), text))
    when = (TimeRef(year, f"{year}-01-01", f"{year}-12-31", year, 0, 4),) if year else ()
    return Event(frozenset({tokenize(verb)[0].concept}), verb, at, bool(names), when)


def _judge(text: str, kind: str, anchor: str, event: Event) -> str | None:
    at = text.index(anchor)
    sentences = _sentences(text)
    n = next(k for k, s in enumerate(sentences) if s.start <= at < s.end)
    return different_event(kind, at, sentences, n, event)


SAME = "No. 4"
CASES = [
    # A date said of the claim's act (or a synonym) and its subject: the same event.
    (
        "Governor Halvard closed the harbour of Velsk in 1921.",
        "date_conflict",
        "1921",
        ("shut", ("Halvard",), None),
        SAME,
    ),
    # Decades apart and about another act: a different event.
    (
        "Governor Halvard signed the charter of Velsk in 1890.",
        "date_conflict",
        "1890",
        ("shut", ("Halvard",), None),
        "does not speak of",
    ),
    # The date of an inserted relative clause belongs to its own verb ...
    (
        "Governor Halvard, who founded the naval school in 1890, closed the harbour of Velsk.",
        "date_conflict",
        "1890",
        ("shut", ("Halvard",), None),
        "does not speak of",
    ),
    # ... while the main clause keeps its subject across the insertion.
    (
        "Governor Halvard, who was born in Tarnow, closed the harbour of Velsk in 1921.",
        "date_conflict",
        "1921",
        ("shut", ("Halvard",), None),
        SAME,
    ),
    # The right act, but a clause about someone else.
    (
        "Governor Halvard was ill; the admiral Brekke closed the harbour of Velsk in 1921.",
        "date_conflict",
        "1921",
        ("shut", ("Halvard",), None),
        "names none",
    ),
    # A number that counts another act's duration.
    (
        "Governor Halvard closed the harbour; the repairs of the quay lasted 25 days.",
        "quantity_conflict",
        "25 days",
        ("shut", ("Halvard",), None),
        "does not speak of",
    ),
    (
        "Governor Halvard closed the harbour for 25 days.",
        "quantity_conflict",
        "25 days",
        ("shut", ("Halvard",), None),
        SAME,
    ),
    # The claim's verb negated about its subject; then about nobody of the claim.
    (
        "Governor Halvard was not arrested by the guards.",
        "negation",
        "arrested",
        ("detained", ("Halvard",), None),
        SAME,
    ),
    (
        "Governor Halvard left the city; the clerks were not arrested.",
        "negation",
        "arrested",
        ("detained", ("Halvard",), None),
        "names none",
    ),
    # A negated attribute speaks of the claim's event when the sentence before does.
    (
        "Governor Halvard received the envoy in the tower. The windows had no glass.",
        "negation",
        "glass",
        ("welcomed", ("Halvard",), None),
        SAME,
    ),
    (
        "Governor Halvard sold the old mill. The windows had no glass.",
        "negation",
        "glass",
        ("welcomed", ("Halvard",), None),
        "around it",
    ),
    # An opposite verb is the claim's act, turned round.
    (
        "Governor Halvard opened the harbour of Velsk.",
        "antonym",
        "opened",
        ("closed", ("Halvard",), None),
        SAME,
    ),
    # Another negated verb is the same event only at the claim's date.
    (
        "Because of the storms, the troops of Velsk could not be sent to Tarnow in 1921.",
        "negated_predicate",
        "sent",
        ("welcomed", ("Velsk", "Tarnow"), "1921"),
        SAME,
    ),
    (
        "Because of the storms, the troops of Velsk could not be sent to Tarnow.",
        "negated_predicate",
        "sent",
        ("welcomed", ("Velsk", "Tarnow"), "1921"),
        "claim's date",
    ),
]


@pytest.mark.parametrize(("text", "kind", "anchor", "claim", "expected"), CASES)
def test_same_event(
    text: str,
    kind: str,
    anchor: str,
    claim: tuple[str, tuple[str, ...], str | None],
    expected: str,
) -> None:
    why = _judge(text, kind, anchor, _event(text, *claim))
    if expected == SAME:
        assert why is None
    else:
        assert why is not None and expected in why


def test_unplaced_conflict_is_judged_as_before() -> None:
    """A conflict with no place in the sentence (a reversed comparison) is not judged here."""
    text = "Governor Halvard signed the charter in 1890."
    event = _event(text, "shut", ("Halvard",))
    assert different_event("comparison_conflict", None, _sentences(text), 0, event) is None


DOCS = {
    "harbour.txt": "Governor Halvard closed the harbour of Velsk in 1921 against the merchants.",
    "charter.txt": (
        "The merchants of Velsk remember Governor Halvard. He signed the charter of the harbour "
        "guild in 1890 and the merchants of Velsk thanked him."
    ),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> Iterator[Archive]:
    root = tmp_path_factory.mktemp("same-event")
    folder = root / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, "utf-8")
    with open_archive(Settings(db=databases.new(root / "a.db"))) as opened:
        opened.ingest([folder])
        yield opened


def test_same_event_date_conflict_contradicts(archive: Archive) -> None:
    result = check_claim(
        archive.store, "Governor Halvard closed the harbour of Velsk in 1951.", archive.settings
    )
    assert result.verdict == "contradicted"
    cited = [e for e in result.evidence if e.hit.source.endswith("harbour.txt")]
    assert cited and cited[0].assessment.stance == "contradicts"
    assert "date_conflict" in {r.type for r in cited[0].assessment.reasons}


def test_different_event_date_conflict_is_related(archive: Archive) -> None:
    result = check_claim(
        archive.store,
        "Governor Halvard closed the harbour guild of Velsk in 1951.",
        archive.settings,
    )
    cited = [e for e in result.evidence if e.hit.source.endswith("charter.txt")]
    assert cited and cited[0].assessment.stance == "related"
    notes = [r.text for r in cited[0].assessment.reasons if r.type == "date_conflict"]
    assert notes and all("another event" in t for t in notes)
