"""A stored document's record as a CSL-JSON item: the one source of every citation format.

Archival genres (telegram, memorandum, letter, record of conversation, memoir …) become
``manuscript`` items with ``archive`` (the repository), ``archive_location`` (collection, box,
folder, file number and identifier, as the record has them) and ``archive-place``; articles
become ``webpage`` or ``article-newspaper`` / ``article-magazine`` when the record names the
periodical. The mapping from genre to type is data (``data/cite.yaml``).

Every text value is one clean line (see ``names.clean_text``); empty values are left out, so an
item holds only what the record says.
"""

from __future__ import annotations

import re
from typing import Any

from dossier.cite.dates import csl_date
from dossier.cite.names import clean_text, parse_names
from dossier.cite.vocab import vocab
from dossier.model import Document, Record

__all__ = ["FIELDS", "NAME_FIELDS", "csl_item", "csl_type", "is_archival", "language_tag"]

NAME_FIELDS = ("author", "recipient", "translator")
DATE_FIELDS = ("issued", "accessed")
TEXT_FIELDS = (
    "title",
    "genre",
    "container-title",
    "publisher",
    "publisher-place",
    "archive",
    "archive_location",
    "archive-place",
    "URL",
    "language",
    "source",
    "abstract",
    "note",
)
FIELDS = ("id", "type", TEXT_FIELDS[0], *NAME_FIELDS, *DATE_FIELDS, *TEXT_FIELDS[1:])

_URL = re.compile(r"^(https?|ftp)://[^\s{}\\\"<>]+$", re.IGNORECASE)


def csl_type(record: Record) -> str:
    """The CSL type of a record: by genre, then by the periodical an article names, then by
    kind."""
    words = vocab()
    genre = (record.genre or "").strip().lower()
    kind = record.kind if record.kind in words.default_type else "unknown"
    chosen = words.genres.get(genre) or words.default_type[kind]
    if genre == "article":
        extra = {k.lower(): v for k, v in record.extra.items() if clean_text(v)}
        chosen = next((t for k, t in words.article_containers.items() if k in extra), chosen)
    return chosen


def is_archival(item: dict[str, Any]) -> bool:
    info = vocab().types.get(str(item.get("type")))
    return bool(info and info.archival)


def language_tag(language: str | None) -> str:
    """``English`` → ``en``; tags and unknown names pass through cleaned."""
    text = clean_text(language)
    return vocab().languages.get(text.lower(), text)


def _location(record: Record) -> str:
    extra = {k.lower(): clean_text(v) for k, v in record.extra.items()}
    parts = [clean_text(record.collection)]
    for key, label in vocab().location_parts:
        value = extra.get(key)
        if value:
            parts.append(f"{label} {value}" if label else value)
    parts.append(clean_text(record.identifier))
    return ", ".join(p for p in parts if p)


def _note(record: Record) -> str:
    pieces = [
        ("Original language", record.original_language),
        ("Classification", record.classification),
        ("Completeness", record.completeness),
        ("Rights", record.rights),
    ]
    return "; ".join(f"{label}: {clean_text(v)}" for label, v in pieces if clean_text(v))


def _container(record: Record) -> str:
    extra = {k.lower(): v for k, v in record.extra.items()}
    keys = [*vocab().article_containers, "container", "container_title"]
    return next((clean_text(extra[k]) for k in keys if clean_text(extra.get(k))), "")


def _text_fields(record: Record, kind: str) -> dict[str, str]:
    archival = vocab().types[kind].archival
    url = clean_text(record.source_url)
    extra = {k.lower(): v for k, v in record.extra.items()}
    return {
        "title": clean_text(record.title),
        "genre": clean_text(record.genre) if archival else "",
        "container-title": _container(record),
        "publisher": clean_text(extra.get("publisher") or ("" if archival else record.provider)),
        "publisher-place": clean_text(record.place),
        "archive": clean_text(record.repository),
        "archive_location": _location(record),
        "archive-place": clean_text(extra.get("archive_place") or extra.get("repository_place")),
        "URL": url if _URL.match(url) else "",
        "language": language_tag(record.language),
        "source": clean_text(record.provider) if archival else "",
        "abstract": clean_text(record.summary),
        "note": _note(record),
    }


def csl_item(doc: Document) -> dict[str, Any]:
    """The CSL-JSON item of ``doc`` (keys in ``FIELDS`` order, empty values left out)."""
    record = doc.record
    kind = csl_type(record)
    item: dict[str, Any] = {"id": doc.id, "type": kind}
    names = {
        "author": parse_names(record.creators),
        "recipient": parse_names(record.recipients),
        "translator": parse_names([record.translator] if record.translator else []),
    }
    extra = {k.lower(): v for k, v in record.extra.items()}
    dates = {
        "issued": csl_date(clean_text(record.date)),
        "accessed": csl_date(clean_text(extra.get("accessed"))),
    }
    values: dict[str, Any] = {**names, **dates, **_text_fields(record, kind)}
    for key in FIELDS[2:]:
        value = values.get(key)
        if value:
            item[key] = value
    return item
