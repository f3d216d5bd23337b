"""RIS out and in.

Archival documents are ``TY  - MANSCPT`` with the archive in ``AV`` and the location in the
archive (collection, box, folder, identifier) in ``AN``; web articles are ``ELEC``, newspaper
articles ``NEWS`` (see ``data/cite.yaml``). Names are ``Family, Given`` (organisations as written):
``AU`` authors, ``A2`` recipients, ``A4`` translators. ``DA`` is ``YYYY/MM/DD/`` with the end of a
range, as an ISO prefix, in its last part; ``PY`` the year. Lines end with CRLF and every record
with ``ER  - ``; values are one line each (items hold one-line text).
"""

from __future__ import annotations

import re
from typing import Any

from dossier.cite.csljson import normalise_item
from dossier.cite.dates import csl_date, date_iso, iso_parts, parts_iso
from dossier.cite.names import clean_text, parse_name, sorted_name
from dossier.cite.vocab import vocab
from dossier.errors import ReadError

__all__ = ["EOL", "dumps_ris", "loads_ris", "ris_record"]

EOL = "\r\n"
TEXT_TAGS = (
    ("title", "TI"),
    ("container-title", "T2"),
    ("genre", "M3"),
    ("publisher", "PB"),
    ("publisher-place", "CY"),
    ("archive", "AV"),
    ("archive_location", "AN"),
    ("archive-place", "C1"),
    ("URL", "UR"),
    ("language", "LA"),
    ("source", "DP"),
    ("abstract", "AB"),
    ("note", "N1"),
)
NAME_TAGS = (("author", "AU"), ("recipient", "A2"), ("translator", "A4"))
_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def _ris_date(date: dict[str, Any]) -> str:
    """``YYYY/MM/DD/other``: a literal date goes whole into ``other``."""
    parts = date.get("date-parts")
    if not parts:
        return f"///{date.get('literal', '')}"
    start = [f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts[0])]
    start += [""] * (3 - len(start))
    end = parts_iso(parts[1]) if len(parts) > 1 else ""
    return "/".join([*start, end])


def _read_ris_date(text: str) -> dict[str, Any] | None:
    pieces = [*text.split("/", 3), "", "", ""][:4]
    if not any(pieces[:3]):
        return csl_date(pieces[3])
    start = iso_parts("-".join(p for p in pieces[:3] if p))
    end = iso_parts(pieces[3]) if pieces[3] else None
    if start is None or (pieces[3] and end is None):
        return {"literal": text}
    return {"date-parts": [start, end] if end else [start]}


def ris_record(item: dict[str, Any]) -> str:
    """One RIS record, CRLF line ends, ending with ``ER  - ``."""
    info = vocab().types[str(item.get("type", "document"))]
    lines = [("TY", info.ris)]
    if item.get("id"):
        lines.append(("ID", str(item["id"])))
    for csl, tag in NAME_TAGS:
        lines += [(tag, sorted_name(n)) for n in item.get(csl, [])]
    issued = item.get("issued")
    if issued:
        year = (date_iso(issued) or "")[:4] if "date-parts" in issued else ""
        lines += [("PY", year)] if year else []
        lines.append(("DA", _ris_date(issued)))
    if item.get("accessed"):
        lines.append(("Y2", _ris_date(item["accessed"])))
    lines += [(tag, str(item[csl])) for csl, tag in TEXT_TAGS if item.get(csl)]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}{EOL}" for tag, value in lines)


def dumps_ris(items: list[dict[str, Any]]) -> str:
    return "".join(ris_record(item) for item in items)


def _item(tags: list[tuple[str, str]]) -> dict[str, Any]:
    first: dict[str, str] = {}
    for tag, value in tags:
        first.setdefault(tag, value)
    item: dict[str, Any] = {
        "id": first.get("ID", ""),
        "type": vocab().type_of_ris(first.get("TY", "")) or "document",
        "issued": _read_ris_date(first.get("DA", "")) or csl_date(first.get("PY")),
        "accessed": _read_ris_date(first.get("Y2", "")),
    }
    for csl, tag in NAME_TAGS:
        names = [parse_name(v) for t, v in tags if t == tag]
        item[csl] = [n for n in names if n]
    item.update({csl: first.get(tag, "") for csl, tag in TEXT_TAGS})
    return normalise_item(item)


def loads_ris(text: str) -> list[dict[str, Any]]:
    """CSL items from RIS (CRLF or LF); ``ReadError`` on a line that is not ``XX  - value``."""
    records: list[dict[str, Any]] = []
    tags: list[tuple[str, str]] = []
    for number, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            raise ReadError(f"RIS line {number}: not a 'XX  - value' line")
        tag, value = m.group(1), clean_text(m.group(2))
        if tag == "ER":
            records.append(_item(tags))
            tags = []
        else:
            tags.append((tag, value))
    return records
