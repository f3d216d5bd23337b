"""Normalisation that never loses the original: NFC, mixed-script repair, hyphenation across
line breaks, whitespace. Every change is mapped back, and meaningful ones are recorded as
``normalisation`` spans."""

from dossier.clean.normalise import CleanStage, normalise_passage

__all__ = ["CleanStage", "normalise_passage"]
