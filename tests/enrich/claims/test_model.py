"""A claim's dict (what is stored in its span) is what ``dataclasses.asdict`` would give, and
reads back to the same claim."""

from __future__ import annotations

import json
from dataclasses import asdict

from dossier.enrich.claims.model import (
    Antecedent,
    Attribution,
    Claim,
    EntityRef,
    Quantity,
    TimeRef,
)


def _claim() -> Claim:
    consul = EntityRef("person:weber", "person", "Weber", 4, 9)
    harbin = EntityRef(None, "place", "Harbin", 30, 36)
    return Claim(
        text="The consul Weber left Harbin on 4 May 1932 with 300 men.",
        start=0,
        end=57,
        who=[consul],
        predicate="left",
        predicate_lemmas=["leave"],
        where=[harbin],
        entities=[consul, harbin],
        when=[TimeRef("1932-05-04", "1932-05-04", "1932-05-04", "4 May 1932", 40, 50)],
        how_many=[Quantity(300.0, "man", "300 men", 56, 63, None)],
        attribution=Attribution("reported", "the clerk", None),
        antecedents=[Antecedent("he", 0, 2, consul, "who", '"he" = Weber')],
        document="d0123456789abcde",
    )


def test_a_claims_dict_is_its_asdict_and_reads_back() -> None:
    claim = _claim()
    data = claim.to_dict()
    assert data == asdict(claim)
    assert list(data) == list(asdict(claim))
    assert Claim.from_dict(json.loads(json.dumps(data))) == claim
