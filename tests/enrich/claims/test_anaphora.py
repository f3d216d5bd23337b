"""Pronoun subjects and ``there`` tied to an entity named before, with the reason kept."""

from __future__ import annotations

import pytest

from dossier.enrich.claims.model import Claim
from dossier.model import Document, OffsetMap, Passage, Record
from dossier.pipeline import default_pipeline
from dossier.settings import Settings


def _claims(text: str, genre: str = "article") -> list[Claim]:
    doc = Document(
        "t.txt",
        "0" * 64,
        text,
        Record(genre=genre),
        [Passage("paragraph", 0, len(text))],
        OffsetMap.identity(len(text)),
        "t",
    )
    out = default_pipeline().run(doc, Settings())
    return [Claim.from_dict(s.value) for s in out.spans_of("claim")]


def _last(text: str, genre: str = "article") -> Claim:
    return _claims(text, genre)[-1]


def test_we_in_an_article_is_the_salient_actor_and_there_the_last_place() -> None:
    claim = _last("In 1921 Denmark sent a garrison to Port Arthur. We stayed there for nine years.")
    assert [e.name for e in claim.who] == ["Denmark"]
    assert [e.name for e in claim.where] == ["Port Arthur"]
    pronouns = {a.pronoun: a for a in claim.antecedents}
    assert pronouns["we"].slot == "who" and "subject" in pronouns["we"].reason
    assert pronouns["there"].slot == "where" and "Port Arthur" in pronouns["there"].reason
    assert claim.how_many[0].unit == "year"


def test_he_is_the_last_person_named() -> None:
    claim = _last("General Petrov reached Harbin in May 1931. He left the city on 3 June 1931.")
    assert [e.name for e in claim.who] == ["Petrov"]
    assert claim.antecedents[0].reason.startswith('"he" = Petrov')


def test_we_in_a_memoir_is_left_to_the_author() -> None:
    claim = _last(
        "In 1921 Denmark sent a garrison to Port Arthur. We stayed there for nine years.",
        genre="memoir",
    )
    assert claim.who == []
    assert [a.pronoun for a in claim.antecedents] == ["there"]


@pytest.mark.parametrize(
    "text",
    [
        "We stayed there for nine years.",  # nothing before it
        "The rain fell all week on the hills. We stayed there for nine years.",  # no entity
    ],
)
def test_no_antecedent_no_resolution(text: str) -> None:
    claims = _claims(text)
    assert all(c.antecedents == [] and c.who == [] for c in claims)


def test_antecedents_survive_the_stored_span() -> None:
    claim = _last("General Petrov reached Harbin in May 1931. He left the city on 3 June 1931.")
    again = Claim.from_dict(claim.to_dict())
    assert again.antecedents == claim.antecedents
