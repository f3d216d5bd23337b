"""Dossier: a research archive for historical documents that reads, links and cross-examines
them. The public API is ``dossier.api``; the CLI and the web app are thin shells over it."""

__version__ = "0.1.0"

__all__ = ["__version__"]
