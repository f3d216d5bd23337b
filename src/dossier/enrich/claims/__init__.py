"""Claims: checkable assertions with their slots (who, did what, to whom, when, where, how
many, polarity, modality, attribution) and a check-worthiness score."""

from dossier.enrich.claims.model import Attribution, Claim, EntityRef, Quantity, TimeRef

__all__ = ["Attribution", "Claim", "EntityRef", "Quantity", "TimeRef"]
