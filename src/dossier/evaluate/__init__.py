"""Evaluation against reference sets (scores that the quality gates pin)."""
