"""The archival-record export of a digital archive: a date heading, a title heading, then headed
fields (``Citation:``, ``Summary:``, ``Credits:``, ``Original Language:``, ``Contents:``), with
or without Markdown markers (``#### **Citation:**``). The fields fill the record; the body is
what follows ``Contents:``, where lines such as ``Translation - English`` and ``Version 1`` are
editorial passages.

Also home of the label → ``Record`` field table (``data/record_fields.yaml``) that other readers
use for their keys (``field_for``, ``apply_field``, ``record_from_mapping``)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from typing import Any, ClassVar

from dossier.data import load_data
from dossier.errors import ConfigError
from dossier.model import Document, Record
from dossier.read.assemble import Piece, assemble, split_blocks, split_lines
from dossier.read.base import Probe, make_document, register
from dossier.read.dates import find_record_date, parse_record_date
from dossier.read.decode import decode_text, looks_binary
from dossier.read.text import TEXT_SUFFIXES
from dossier.settings import Settings

__all__ = [
    "ArchivalRecordReader",
    "apply_field",
    "citation_fields",
    "field_for",
    "record_from_mapping",
    "record_sections",
]

_LABEL = re.compile(
    r"^[ \t]*(?P<md>#{1,6}[ \t]*)?(?:\*\*|__)?(?P<label>[A-Z][A-Za-z ]{2,40}?)[ \t]*:"
    r"[ \t]*(?:\*\*|__)?[ \t]*(?P<value>.*?)[ \t]*$",
    re.MULTILINE,
)
_LAYOUT_LABELS = ("citation", "summary", "credits", "original language", "contents")
_EDITORIAL = re.compile(
    r"^(?:(?P<role>Translation|Original|Transcript|Transcription|Original Scan)\s*[-–—:]\s*"
    r"(?P<language>[A-Z][a-z]+)|Version \d+|\[[^\[\]]+\])$"
)
_URL = re.compile(r"<(?P<angle>https?://[^>\s]+)>|(?P<bare>https?://[^\s<>\"]+)")
_TRANSLATOR = re.compile(r"\bTranslated (?:from \w+ )?by (?P<who>[^.<]+?)(?:\s+for\s|\.|<|$)")
_PROVIDER = re.compile(r"\b(?P<clause>Provided (?:to|by)\s[^.<]+?)\s*(?:\.|<|$)")
_RIGHTS = re.compile(r"\b(?P<clause>With (?:the )?permission (?:of|from)\s[^.<]+?)\s*(?:\.|<|$)")
_QUOTED = re.compile(r"^\s*[\"“][^\"”]*[\"”],?\s*")
_LIST_FIELDS = {"creators", "recipients"}


@cache
def _aliases() -> dict[str, str]:
    data = load_data("record_fields")
    table = data.get("aliases") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ConfigError("record_fields.yaml: expected an 'aliases' mapping")
    known = set(Record.__dataclass_fields__) - {"extra"}
    out: dict[str, str] = {}
    for name, aliases in table.items():
        if name not in known or not isinstance(aliases, list):
            raise ConfigError(f"record_fields.yaml: {name!r} is not a record field")
        for alias in [name, *aliases]:
            out[_label_key(str(alias))] = name
    return out


def _label_key(label: str) -> str:
    return re.sub(r"[\s\-.]+", "_", label.strip().strip("*:").strip().lower())


def field_for(label: str) -> str | None:
    """The ``Record`` field a key or label names (``url`` → ``source_url``), or None."""
    return _aliases().get(_label_key(label))


def _as_text(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, default=str, ensure_ascii=False)
    return "" if value is None else str(value).strip()


def _as_date(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return parse_record_date(str(value))


def apply_field(record: Record, label: str, value: Any) -> None:
    """Set the field ``label`` names (first value wins), or ``record.extra[label]``."""
    name = field_for(label)
    text = _as_text(value)
    if name == "source_note" and re.match(r"https?://\S+$", text):
        name = "source_url"
    if name == "date" and value is not None and (iso := _as_date(value)):
        value = iso
    elif name == "date":
        name = None
    if name in _LIST_FIELDS:
        items = value if isinstance(value, list) else [value]
        current: list[str] = getattr(record, name)
        current.extend(t for t in map(_as_text, items) if t and t not in current)
    elif name is not None and getattr(record, name) is None and text:
        setattr(record, name, value if name == "date" else text)
    elif name is None and text:
        record.extra.setdefault(label.strip(), text)


def record_from_mapping(mapping: dict[str, Any]) -> Record:
    """A ``Record`` from front matter keys, through the alias table."""
    record = Record()
    for key, value in mapping.items():
        apply_field(record, str(key), value)
    return record


@cache
def _repository_words() -> re.Pattern[str]:
    data = load_data("record_fields")
    words = data.get("repository_words", []) if isinstance(data, dict) else []
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def _labels(original: str) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    for m in _LABEL.finditer(original):
        name = m.group("label").strip().lower()
        if m.group("md") or name in _LAYOUT_LABELS or field_for(name):
            out.append(m)
        if name == "contents":
            break
    return out


def record_sections(original: str) -> tuple[list[tuple[str, str]], int, int] | None:
    """The headed fields as (label, value), where the first label starts and where the body
    (after ``Contents:``) starts; None when there is no ``Contents:`` label."""
    labels = _labels(original)
    if not labels or labels[-1].group("label").strip().lower() != "contents":
        return None
    sections: list[tuple[str, str]] = []
    for m, after in zip(labels, [*labels[1:], None], strict=True):
        if after is None:
            break
        value = m.group("value") + original[m.end() : after.start()]
        sections.append((m.group("label").strip(), value.strip().strip("*_").strip()))
    contents = labels[-1]
    body_start = contents.start("value") if contents.group("value") else contents.end()
    return sections, labels[0].start(), body_start


def citation_fields(citation: str) -> dict[str, str]:
    """Translator, provider, rights, source URL and repository named in a citation."""
    out: dict[str, str] = {}
    if url := _URL.search(citation):
        out["source_url"] = (url.group("angle") or url.group("bare")).rstrip(".,)")
    for key, pattern, group in (
        ("translator", _TRANSLATOR, "who"),
        ("provider", _PROVIDER, "clause"),
        ("rights", _RIGHTS, "clause"),
    ):
        if found := pattern.search(citation):
            out[key] = found.group(group).strip()
    for segment in re.split(r"[,.]\s+", _QUOTED.sub("", citation)):
        if segment.startswith(("Provided", "With", "Translated", "<", "http")):
            continue
        if _repository_words().search(segment):
            out["repository"] = segment.strip()
            break
    return out


def _head_record(original: str, start: int, end: int, record: Record) -> None:
    for a, b in split_lines(original, start, end):
        line = original[a:b].strip("#*_ \t")
        if not line:
            continue
        found = find_record_date(line)
        if record.date is None and found and len(line) - (found.end - found.start) <= 3:
            record.date = found.iso
        elif record.title is None:
            record.title = line


def _body_pieces(original: str, start: int, record: Record) -> list[Piece]:
    pieces: list[Piece] = []
    for a, b in split_blocks(original, start):
        editorial = _EDITORIAL.match(original[a:b])
        if editorial and editorial.group("language"):
            language = editorial.group("language")
            if editorial.group("role") == "Translation":
                record.language = record.language or language
            else:
                record.original_language = record.original_language or language
                record.language = record.language or language
        pieces.append(Piece("editorial" if editorial else "paragraph", a, b))
    return pieces


def _record_pieces(original: str, body_start: int, record: Record) -> list[Piece]:
    """The title (a heading) and the archive's summary (an editorial passage), located in the
    record part of the original, so they are searchable and read like the body."""
    pieces: list[Piece] = []
    for kind, value in (("heading", record.title), ("editorial", record.summary)):
        at = original.find(value, 0, body_start) if value else -1
        if value and at >= 0:
            pieces.append(Piece(kind, at, at + len(value)))
    return pieces


class ArchivalRecordReader:
    """``archival@1``: a digital archive's record export (citation, summary, contents…)."""

    name: ClassVar[str] = "archival"
    version: ClassVar[str] = "1"

    def score(self, probe: Probe) -> float:
        if probe.suffix not in TEXT_SUFFIXES or looks_binary(probe.head):
            return 0.0
        head = probe.head.decode("utf-8", errors="replace")
        seen = {m.group("label").strip().lower() for m in _LABEL.finditer(head)}
        found = seen & set(_LAYOUT_LABELS)
        return 0.85 if "citation" in found and len(found) >= 3 else 0.0

    def read(self, probe: Probe, source: str, settings: Settings) -> list[Document]:
        original, encoding = decode_text(probe.data)
        record = Record()
        parsed = record_sections(original)
        if parsed is None:
            pieces = [Piece("paragraph", a, b) for a, b in split_blocks(original)]
        else:
            sections, first_label, body_start = parsed
            _head_record(original, 0, first_label, record)
            for label, value in sections:
                apply_field(record, label, value)
            for key, value in citation_fields(record.citation or "").items():
                apply_field(record, key, value)
            pieces = _record_pieces(original, body_start, record)
            pieces += _body_pieces(original, body_start, record)
        built = assemble(original, pieces)
        return [make_document(self, probe, source, record, built, encoding=encoding)]


register(ArchivalRecordReader())
