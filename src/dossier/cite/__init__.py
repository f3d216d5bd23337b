"""Citations of stored documents.

``csl_item(document)`` turns a document's record into a CSL-JSON item; every format is written
from that item: Chicago notes and bibliography (citeproc-py), CSL-JSON, BibTeX and RIS, plus the
meta tags, JSON-LD and unAPI id a document page needs (``page_metadata``). CSL-JSON, BibTeX and
RIS can be read back (``FORMATS[name].loads``) to the same item.
"""

from __future__ import annotations

from dossier.cite.bibtex import dumps_bibtex, loads_bibtex
from dossier.cite.chicago import Chicago, chicago, chicago_many, chicago_notes
from dossier.cite.csljson import dumps_csl, loads_csl
from dossier.cite.formats import (
    FORMATS,
    CiteFormat,
    dumps_chicago,
    format_of,
    render,
    write_bibtex,
    write_csl,
    write_ris,
)
from dossier.cite.item import csl_item, csl_type
from dossier.cite.meta import PageMeta, dublin_core, highwire, json_ld, page_metadata
from dossier.cite.names import parse_name
from dossier.cite.ris import dumps_ris, loads_ris

__all__ = [
    "FORMATS",
    "Chicago",
    "CiteFormat",
    "PageMeta",
    "chicago",
    "chicago_many",
    "chicago_notes",
    "csl_item",
    "csl_type",
    "dublin_core",
    "dumps_bibtex",
    "dumps_chicago",
    "dumps_csl",
    "dumps_ris",
    "format_of",
    "highwire",
    "json_ld",
    "loads_bibtex",
    "loads_csl",
    "loads_ris",
    "page_metadata",
    "parse_name",
    "render",
    "write_bibtex",
    "write_csl",
    "write_ris",
]
