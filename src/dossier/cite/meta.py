"""What a document page needs to be cited and saved by reference managers: Highwire
``citation_*`` and Dublin Core ``DC.*`` meta tags, schema.org JSON-LD, the Chicago note and
bibliography entry, and the unAPI id."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from dossier.cite.chicago import chicago
from dossier.cite.dates import date_iso
from dossier.cite.item import csl_item, is_archival
from dossier.cite.names import display_name
from dossier.cite.vocab import vocab
from dossier.model import Document

__all__ = ["PageMeta", "dublin_core", "highwire", "json_ld", "page_metadata", "script_json"]

_SCRIPT_SAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


@dataclass(frozen=True)
class PageMeta:
    """Citation metadata for one document page.

    - ``meta_tags``: ``(name, content)`` pairs, Highwire (``citation_title``,
      ``citation_author``, ``citation_date`` …) then Dublin Core (``DC.title`` …); write each as
      ``<meta name="{name}" content="{content}">``, escaping both as HTML attributes.
    - ``json_ld``: schema.org JSON-LD (``ArchiveComponent`` with ``holdingArchive`` for archival
      documents), already safe inside ``<script type="application/ld+json">``: ``<``, ``>`` and
      ``&`` are written ``\\u003c``, ``\\u003e``, ``\\u0026``. Insert it as it is, unescaped.
    - ``chicago_note`` / ``chicago_bibliography``: plain text (escape when inserting);
      ``chicago_note_html`` / ``chicago_bibliography_html``: HTML fragments whose record text is
      escaped already and whose only tags are the style's ``<i>``/``<b>``; insert as they are.
    - ``unapi_id``: the id for ``<abbr class="unapi-id" title="{unapi_id}"></abbr>``, with
      ``<link rel="unapi-server" type="application/xml" title="unAPI" href="/unapi">`` in the
      head, so Zotero can save the page through ``/unapi``.
    - ``item``: the CSL-JSON item everything above was made from.
    """

    meta_tags: list[tuple[str, str]]
    json_ld: str
    chicago_note: str
    chicago_bibliography: str
    chicago_note_html: str
    chicago_bibliography_html: str
    unapi_id: str
    item: dict[str, Any] = field(default_factory=dict)


def _names(item: dict[str, Any], key: str) -> list[str]:
    return [display_name(n) for n in item.get(key, [])]


def _slashed(item: dict[str, Any]) -> str:
    """The start of ``issued`` as ``YYYY/MM/DD`` (or ``YYYY/MM``, ``YYYY``), as Highwire wants."""
    parts = (item.get("issued") or {}).get("date-parts")
    if not parts:
        return ""
    return "/".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts[0]))


def highwire(item: dict[str, Any]) -> list[tuple[str, str]]:
    """``citation_*`` tags, as Google Scholar and Zotero read them."""
    holder = item.get("archive") if is_archival(item) else item.get("publisher")
    tags = [("citation_title", item.get("title", ""))]
    tags += [("citation_author", n) for n in _names(item, "author")]
    tags += [
        ("citation_date", _slashed(item)),
        ("citation_publisher", holder or ""),
        ("citation_archive", item.get("archive", "")),
        ("citation_archive_location", item.get("archive_location", "")),
        ("citation_journal_title", item.get("container-title", "")),
        ("citation_language", item.get("language", "")),
        ("citation_public_url", item.get("URL", "")),
    ]
    return [(k, v) for k, v in tags if v]


def dublin_core(item: dict[str, Any], rights: str | None = None) -> list[tuple[str, str]]:
    """``DC.*`` tags."""
    tags = [("DC.title", item.get("title", ""))]
    tags += [("DC.creator", n) for n in _names(item, "author")]
    tags += [("DC.contributor", n) for n in _names(item, "translator")]
    tags += [
        ("DC.date", date_iso(item.get("issued")) or ""),
        ("DC.type", item.get("genre") or item.get("type", "")),
        ("DC.language", item.get("language", "")),
        ("DC.publisher", item.get("archive") or item.get("publisher", "")),
        ("DC.source", item.get("archive_location", "")),
        ("DC.identifier", item.get("URL") or item.get("id", "")),
        ("DC.description", item.get("abstract", "")),
        ("DC.rights", rights or ""),
    ]
    return [(k, v) for k, v in tags if v]


def _agents(item: dict[str, Any], key: str) -> list[dict[str, str]]:
    out = []
    for name in item.get(key, []):
        if "literal" in name:
            out.append({"name": name["literal"]})
            continue
        person = {"@type": "Person", "name": display_name(name), "familyName": name["family"]}
        out.append({**person, "givenName": name["given"]} if name.get("given") else person)
    return out


def json_ld(item: dict[str, Any]) -> dict[str, Any]:
    """A schema.org description of the item (a dictionary; see ``script_json``)."""
    info = vocab().types.get(str(item.get("type")))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": info.schema if info else "CreativeWork",
        "identifier": item.get("id"),
        "name": item.get("title"),
        "author": _agents(item, "author"),
        "translator": _agents(item, "translator"),
        "dateCreated": date_iso(item.get("issued")),
        "inLanguage": item.get("language"),
        "genre": item.get("genre"),
        "url": item.get("URL"),
        "description": item.get("abstract"),
    }
    if item.get("archive"):
        holder = {"@type": "ArchiveOrganization", "name": item["archive"]}
        if item.get("archive-place"):
            holder["location"] = item["archive-place"]
        data["holdingArchive" if info and info.archival else "provider"] = holder
    if item.get("archive_location"):
        data["itemLocation"] = item["archive_location"]
    if item.get("publisher-place") and info and info.archival:
        data["locationCreated"] = {"@type": "Place", "name": item["publisher-place"]}
    if item.get("container-title"):
        data["isPartOf"] = {"@type": "CreativeWork", "name": item["container-title"]}
    return {k: v for k, v in data.items() if v}


def script_json(data: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line
    separators appear literally (they only ever occur inside strings, as escapes)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(_SCRIPT_SAFE.get(ch, ch) for ch in text)


def page_metadata(document: Document) -> PageMeta:
    """Everything a document page needs for citation; see ``PageMeta`` for how to embed it."""
    item = csl_item(document)
    plain = chicago(item)
    marked = chicago(item, as_html=True)
    return PageMeta(
        meta_tags=highwire(item) + dublin_core(item, document.record.rights),
        json_ld=script_json(json_ld(item)),
        chicago_note=plain.note,
        chicago_bibliography=plain.bibliography,
        chicago_note_html=marked.note,
        chicago_bibliography_html=marked.bibliography,
        unapi_id=document.id,
        item=item,
    )
