from __future__ import annotations

import pytest

from dossier.enrich.entities import link
from dossier.enrich.entities.authority import AuthorityIndex, load_authority
from dossier.enrich.entities.link import Link, Linker, given_compatible
from dossier.enrich.entities.rules import AliasMatcher, Mention, extract_mentions
from dossier.errors import NotFound


def _mentions(text: str, names: list[str]) -> list[Mention]:
    """Person mentions at the given surfaces, in order, as the model would give them."""
    out, at = [], 0
    for name in names:
        start = text.index(name, at)
        at = start + len(name)
        out.append(Mention(start, at, name, "person", "model-person"))
    return out


def _links(linker: Linker, doc: str, text: str, names: list[str] | None = None) -> dict[str, Link]:
    if names is None:
        mentions = extract_mentions(text, AliasMatcher(linker.authority))
    else:
        mentions = _mentions(text, names)
    return {text[link.start : link.end]: link for link in linker.link_document(doc, mentions)}


def _link(linker: Linker, doc: str, text: str, names: list[str] | None = None) -> dict[str, str]:
    return {surface: link.entity for surface, link in _links(linker, doc, text, names).items()}


@pytest.fixture
def blank() -> Linker:
    return Linker(AuthorityIndex())


def test_surname_then_full_name_in_another_document_is_one_person(blank: Linker) -> None:
    first = _links(blank, "d1", "Comrade Varennikov spoke for an hour.")
    second = _link(blank, "d2", "Then Boris Varennikov left.", ["Boris Varennikov"])
    assert blank.resolve(first["Varennikov"].entity) == second["Boris Varennikov"]
    merge = blank.merges[0]
    assert "only full name" in blank.explain(first["Varennikov"])
    blank.unmerge(merge.id)
    assert blank.resolve(first["Varennikov"].entity) != second["Boris Varennikov"]
    with pytest.raises(NotFound):
        blank.unmerge(merge.id)


def test_new_entities_get_the_same_stable_id_in_two_documents(blank: Linker) -> None:
    a = _link(blank, "d1", "A letter from Ilse Marendorf arrived.", ["Ilse Marendorf"])
    b = _links(blank, "d2", "Ilse Marendorf replied at once.", ["Ilse Marendorf"])
    assert a["Ilse Marendorf"] == b["Ilse Marendorf"].entity == "person:ilse-marendorf"
    assert b["Ilse Marendorf"].method == "same-name"


def test_two_people_with_one_surname_stay_apart(blank: Linker) -> None:
    a = _link(blank, "d1", "Then Ivan Petrovsky spoke.", ["Ivan Petrovsky"])
    b = _link(blank, "d2", "Then Boris Petrovsky spoke.", ["Boris Petrovsky"])
    assert a["Ivan Petrovsky"] != b["Boris Petrovsky"]


def test_bare_surname_goes_to_the_nearest_preceding_full_mention(blank: Linker) -> None:
    text = (
        "Ivan Petrovsky came first. Petrovsky sat down. "
        "Then Boris Petrovsky came. Petrovsky stood up."
    )
    names = ["Ivan Petrovsky", "Petrovsky", "Boris Petrovsky", "Petrovsky"]
    links = blank.link_document("d1", _mentions(text, names))
    people = [(text[x.start : x.end], x.entity, x.method) for x in links]
    assert people[1][1] == people[0][1] and people[1][2] == "same-document-fullname"
    assert people[3][1] == people[2][1] != people[0][1]


def test_authority_kovalevs_are_told_apart_by_given_name() -> None:
    linker = Linker(load_authority())
    found = _link(linker, "d1", "They sent [E.] Kovalev and later [Ivan] Kovalev.")
    assert found["[E.] Kovalev"] == "person:evgenii-kovalev"
    assert found["[Ivan] Kovalev"] == "person:ivan-kovalev"


@pytest.mark.parametrize(
    ("text", "surface", "method"),
    [
        ("Nikita Khrushchev arrived.", "Nikita Khrushchev", "authority-alias"),
        (
            "Khrushchev, Nikita Sergeevich signed.",
            "Khrushchev, Nikita Sergeevich",
            "authority-alias",
        ),
        ("Then Nikita S. Khrushchev spoke.", "Nikita S. Khrushchev", "authority-name"),
        ("Khrushchev spoke.", "Khrushchev", "surname"),
    ],
)
def test_forms_of_one_authority_person(text: str, surface: str, method: str) -> None:
    link = _links(Linker(load_authority()), "d1", text)[surface]
    assert (link.entity, link.method) == ("person:nikita-khrushchev", method)
    assert 0 < link.score <= 1


def test_bare_surname_of_two_authority_people_is_flagged_ambiguous() -> None:
    (link,) = _links(Linker(load_authority()), "d1", "Kovalev wrote it down.").values()
    assert link.method == "surname-ambiguous" and link.score < 0.5
    assert link.entity in {"person:ivan-kovalev", "person:evgenii-kovalev"}


def test_state_round_trips_through_plain_records(blank: Linker) -> None:
    first = _links(blank, "d1", "Comrade Varennikov spoke.")["Varennikov"]
    _link(blank, "d2", "Boris Varennikov left.", ["Boris Varennikov"])
    records = blank.to_records()
    assert {r["kind"] for r in records} == {"entity", "merge"}
    restored = Linker.from_records(records, AuthorityIndex())
    assert restored.resolve("person:varennikov") == "person:boris-varennikov"
    assert restored.explain(first) == blank.explain(first)
    again = _link(restored, "d3", "Varennikov again.", ["Varennikov"])
    assert again["Varennikov"] == "person:boris-varennikov"


def test_linking_a_document_again_replaces_its_counts(blank: Linker) -> None:
    """A bare surname goes to the most mentioned bearer; re-linking a document must not count
    its mentions twice (the linker keeps only entity ids per document, not the links)."""
    _link(blank, "d1", "Ivan Petrovsky and Ivan Petrovsky.", ["Ivan Petrovsky", "Ivan Petrovsky"])
    for _ in range(3):
        _link(blank, "d2", "Boris Petrovsky spoke.", ["Boris Petrovsky"])
    found = _link(blank, "d3", "Then Petrovsky left.", ["Petrovsky"])
    assert found["Petrovsky"] == "person:ivan-petrovsky"


def test_the_linker_remembers_only_the_recent_documents(
    blank: Linker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays flat: past ``RECENT`` documents the oldest is forgotten, and linking it
    again adds to the counts instead of replacing them."""
    monkeypatch.setattr(link, "RECENT", 2)
    _link(blank, "d1", "Ivan Petrovsky and Ivan Petrovsky.", ["Ivan Petrovsky", "Ivan Petrovsky"])
    for n in range(2, 5):
        _link(blank, f"d{n}", "Boris Petrovsky spoke.", ["Boris Petrovsky"])
        assert len(blank._by_doc) <= 2
    ivan, boris = "person:ivan-petrovsky", "person:boris-petrovsky"
    assert (blank._counts[ivan], blank._counts[boris]) == (2, 3)
    _link(blank, "d4", "Boris Petrovsky spoke.", ["Boris Petrovsky"])  # recent: replaced
    assert blank._counts[boris] == 3
    _link(blank, "d1", "Ivan Petrovsky and Ivan Petrovsky.", ["Ivan Petrovsky", "Ivan Petrovsky"])
    assert blank._counts[ivan] == 4  # forgotten: added


@pytest.mark.parametrize(
    ("given", "ok"),
    [
        (["Nikita"], True),
        (["N."], True),
        (["Nikita", "S."], True),
        (["Ivan"], False),
        (["I."], False),
    ],
)
def test_given_compatible(given: list[str], ok: bool) -> None:
    entity = load_authority().get("person:nikita-khrushchev")
    assert entity is not None
    assert given_compatible(given, entity) is ok
