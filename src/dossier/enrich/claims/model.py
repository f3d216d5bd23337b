"""The claim model shared by the claims stage and cross-examination."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Antecedent", "Attribution", "Claim", "EntityRef", "Quantity", "TimeRef"]


@dataclass(frozen=True)
class EntityRef:
    """A linked mention inside the claim: entity id (or None), type, name as written."""

    entity: str | None
    type: str
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class TimeRef:
    """A time expression inside the claim (values as produced by the times stage)."""

    value: str
    earliest: str | None
    latest: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Quantity:
    """A number with its unit: ``25 years``, ``$300 million``, ``9 days``, ``30-year``."""

    value: float
    unit: str
    text: str
    start: int
    end: int
    high: float | None = None  # upper bound of a range: ``4-5 o'clock``


@dataclass(frozen=True)
class Attribution:
    """Whose words: ``author``, or ``reported``/``quoted`` with the speaker as written."""

    kind: str
    speaker: str | None = None
    speaker_entity: str | None = None


@dataclass(frozen=True)
class Antecedent:
    """A pronoun of the claim (``we``, ``he``, ``there``) tied to an entity named before it,
    the slot it fills (``who`` or ``where``) and why it was chosen."""

    pronoun: str
    start: int
    end: int
    entity: EntityRef
    slot: str
    reason: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Antecedent:
        return cls(**(data | {"entity": EntityRef(**data["entity"])}))


@dataclass
class Claim:
    """A checkable assertion: a sentence or clause with its slots. Offsets index the text of the
    document (or of the typed-in claim) it was found in."""

    text: str
    start: int
    end: int
    who: list[EntityRef] = field(default_factory=list)
    predicate: str | None = None
    predicate_lemmas: list[str] = field(default_factory=list)
    to_whom: list[EntityRef] = field(default_factory=list)
    where: list[EntityRef] = field(default_factory=list)
    entities: list[EntityRef] = field(default_factory=list)
    when: list[TimeRef] = field(default_factory=list)
    how_many: list[Quantity] = field(default_factory=list)
    polarity: str = "positive"
    negations: list[str] = field(default_factory=list)
    modality: str | None = None
    hedges: list[str] = field(default_factory=list)
    attribution: Attribution = field(default_factory=lambda: Attribution("author"))
    checkworthiness: float = 0.0
    document: str | None = None  # id of the document the claim was found in, if any
    antecedents: list[Antecedent] = field(default_factory=list)  # resolved pronouns

    def to_dict(self) -> dict[str, Any]:
        """The claim as plain dicts and lists, field by field: what ``dataclasses.asdict``
        gives, without its deep copies and its walk over every value."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "who": [v.__dict__.copy() for v in self.who],
            "predicate": self.predicate,
            "predicate_lemmas": list(self.predicate_lemmas),
            "to_whom": [v.__dict__.copy() for v in self.to_whom],
            "where": [v.__dict__.copy() for v in self.where],
            "entities": [v.__dict__.copy() for v in self.entities],
            "when": [v.__dict__.copy() for v in self.when],
            "how_many": [v.__dict__.copy() for v in self.how_many],
            "polarity": self.polarity,
            "negations": list(self.negations),
            "modality": self.modality,
            "hedges": list(self.hedges),
            "attribution": self.attribution.__dict__.copy(),
            "checkworthiness": self.checkworthiness,
            "document": self.document,
            "antecedents": [
                {**a.__dict__, "entity": a.entity.__dict__.copy()} for a in self.antecedents
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        out = dict(data)
        for key, kind in (
            ("who", EntityRef),
            ("to_whom", EntityRef),
            ("where", EntityRef),
            ("entities", EntityRef),
            ("when", TimeRef),
            ("how_many", Quantity),
        ):
            out[key] = [kind(**item) for item in data.get(key, [])]
        out["attribution"] = Attribution(**data.get("attribution", {"kind": "author"}))
        out["antecedents"] = [Antecedent.from_dict(a) for a in data.get("antecedents", [])]
        return cls(**out)
