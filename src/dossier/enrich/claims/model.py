"""The claim model shared by the claims stage and cross-examination."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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
        out: dict[str, Any] = _plain(self)
        return out

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


_FIELDS: dict[type, tuple[str, ...]] = {
    kind: tuple(f.name for f in fields(kind))
    for kind in (EntityRef, TimeRef, Quantity, Attribution, Antecedent, Claim)
}


_SCALARS = frozenset({str, int, float, bool, type(None)})
_FLAT = frozenset({EntityRef, TimeRef, Quantity, Attribution})


def _plain(value: Any) -> Any:
    """``value`` as plain dicts and lists (what ``dataclasses.asdict`` gives, without its deep
    copies, which cost a tenth of an ingest)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if kind in _FLAT:  # only plain fields: a copy of its attributes is its dict
        return dict(value.__dict__)
    names = _FIELDS.get(kind)
    if names is None:
        return value
    out = {}
    for name in names:
        v = getattr(value, name)
        out[name] = v if type(v) in _SCALARS else _plain(v)
    return out
