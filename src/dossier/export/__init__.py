"""Exporters: the archive written out in other formats, one module per format."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from dossier.cite.formats import write_bibtex, write_csl, write_ris
from dossier.export.tabular import write_csv, write_json
from dossier.model import Document

__all__ = ["EXPORTERS", "Exporter"]

Exporter = Callable[[Iterable[Document], TextIO], int]

EXPORTERS: dict[str, Exporter] = {"json": write_json, "csv": write_csv}
# citation formats, from ``dossier.cite``
EXPORTERS.update({"csl": write_csl, "bibtex": write_bibtex, "ris": write_ris})
