"""Readers: one per format, chosen by score from the file's name and its first bytes.

Each reader turns bytes into one or more ``Document`` objects whose text is not yet normalised
(``dossier.clean`` does that). Readers register themselves in ``REGISTRY``; ``read_file`` picks
the highest score and never trusts the file name alone.
"""

from __future__ import annotations

from dossier.read.base import REGISTRY, Probe, Reader, choose_reader, read_bytes, register

# Importing the implementations registers them.
from dossier.read import text as _text  # noqa: F401  isort: skip
from dossier.read import tei as _tei  # noqa: F401  isort: skip
from dossier.read import html as _html  # noqa: F401  isort: skip
from dossier.read import frontmatter as _frontmatter  # noqa: F401  isort: skip
from dossier.read import archival as _archival  # noqa: F401  isort: skip
from dossier.read import article as _article  # noqa: F401  isort: skip
from dossier.read import pdf as _pdf  # noqa: F401  isort: skip
from dossier.read import office as _office  # noqa: F401  isort: skip
from dossier.read import oai_dc as _oai_dc  # noqa: F401  isort: skip

__all__ = ["REGISTRY", "Probe", "Reader", "choose_reader", "read_bytes", "register"]
