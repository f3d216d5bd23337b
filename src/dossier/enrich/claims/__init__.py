"""Claims: checkable assertions with their slots (who, did what, to whom, when, where, how
many, polarity, modality, attribution) and a check-worthiness score."""

from dossier.enrich.claims.model import (
    Antecedent,
    Attribution,
    Claim,
    EntityRef,
    Quantity,
    TimeRef,
)

__all__ = ["Antecedent", "Attribution", "Claim", "EntityRef", "Quantity", "TimeRef"]
