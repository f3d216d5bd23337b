"""CSL-JSON out and in: a JSON array of items, the format Zotero, Pandoc and citeproc read."""

from __future__ import annotations

import json
from typing import Any

from dossier.cite.item import FIELDS, NAME_FIELDS
from dossier.errors import ReadError

__all__ = ["dumps_csl", "loads_csl", "normalise_item"]


def dumps_csl(items: list[dict[str, Any]]) -> str:
    """Items as a CSL-JSON array (UTF-8 text, two-space indent, newline at the end)."""
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _names(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        return []
    keep = ("family", "given", "literal")
    out = [{k: str(n[k]) for k in keep if isinstance(n, dict) and n.get(k)} for n in value]
    return [n for n in out if n]


def _date(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts:
        return {"date-parts": [[int(p) for p in part] for part in parts if part]}
    literal = value.get("literal") or value.get("raw")
    return {"literal": str(literal)} if literal else None


def normalise_item(data: dict[str, Any]) -> dict[str, Any]:
    """An item with the known fields in ``FIELDS`` order, empty ones left out; unknown fields
    are kept after them as they came."""
    out: dict[str, Any] = {}
    for key in FIELDS:
        value = data.get(key)
        if key in NAME_FIELDS:
            value = _names(value)
        elif key in ("issued", "accessed"):
            value = _date(value)
        elif value is not None:
            value = str(value)
        if value:
            out[key] = value
    out.update({k: v for k, v in data.items() if k not in FIELDS and v not in (None, "", [])})
    return out


def loads_csl(text: str) -> list[dict[str, Any]]:
    """Items from CSL-JSON (an array of items, or one item); ``ReadError`` when it is not."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"not CSL-JSON: {exc}") from exc
    rows = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) for r in rows):
        raise ReadError("not CSL-JSON: expected an object or an array of objects")
    return [normalise_item(r) for r in rows]
