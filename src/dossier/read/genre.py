"""The genre of a document (telegram, memorandum, memoir, article…) and its kind (primary or
secondary source), from phrases kept in ``data/genres.yaml``.

Evidence is weighed in this order: the record's own genre; a label line near the top of the text
(a short line that starts or ends with a genre's name: ``761.93/2–447: Telegram``, ``MEMO``,
``Memorandum of Conversation``); then a genre named anywhere in the title.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from dossier.data import load_data
from dossier.errors import ConfigError
from dossier.model import Record

__all__ = ["GenreInfo", "genre_kind", "genres", "infer_genre"]

LABEL_LINES = 40
LABEL_MAX_CHARS = 80
_EDGE_PUNCT = " \t*#_:;,.!?()[]“”\"'‘’"


@dataclass(frozen=True)
class GenreInfo:
    name: str
    kind: str
    phrases: tuple[str, ...]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@cache
def genres() -> dict[str, GenreInfo]:
    """The genres of ``genres.yaml``, validated."""
    data = load_data("genres")
    if not isinstance(data, dict):
        raise ConfigError("genres.yaml: expected a mapping of genre to kind and phrases")
    out: dict[str, GenreInfo] = {}
    for name, spec in data.items():
        if not isinstance(spec, dict) or spec.get("kind") not in ("primary", "secondary"):
            raise ConfigError(f"genres.yaml: {name!r} needs kind primary or secondary")
        phrases = spec.get("phrases") or []
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ConfigError(f"genres.yaml: {name!r} phrases must be a list of strings")
        out[str(name)] = GenreInfo(str(name), spec["kind"], tuple(phrases))
    return out


def genre_kind(genre: str | None) -> str | None:
    """``primary`` or ``secondary`` for a known genre, else None."""
    if not genre:
        return None
    info = genres().get(genre) or _by_folded().get(_fold(genre).strip())
    return info.kind if info else None


@cache
def _by_folded() -> dict[str, GenreInfo]:
    out: dict[str, GenreInfo] = {}
    for info in genres().values():
        out[_fold(info.name)] = info
        for phrase in info.phrases:
            out.setdefault(_fold(phrase), info)
    return out


@cache
def _phrase_pattern() -> re.Pattern[str]:
    phrases = sorted(_by_folded(), key=len, reverse=True)
    alternation = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<![\w-])(?P<phrase>{alternation})s?(?![\w-])")


def _genre_of(phrase: str) -> str:
    return _by_folded()[phrase].name


def _label_genre(line: str) -> str | None:
    folded = _fold(line).strip(_EDGE_PUNCT)
    if not folded or len(folded) > LABEL_MAX_CHARS:
        return None
    matches = list(_phrase_pattern().finditer(folded))
    if not matches:
        return None
    first, last = matches[0], matches[-1]
    if first.start() == 0:
        return _genre_of(first.group("phrase"))
    if last.end() == len(folded):
        return _genre_of(last.group("phrase"))
    return None


def _title_genre(title: str) -> str | None:
    found = _phrase_pattern().search(_fold(title))
    return _genre_of(found.group("phrase")) if found else None


def infer_genre(record: Record, text: str) -> tuple[str | None, str | None]:
    """(genre, kind) of a document: the record's own genre when it has one, else a label line
    among the first lines of ``text``, else a genre named in the title."""
    if record.genre:
        return record.genre, record.kind or genre_kind(record.genre)
    lines = [line for line in text.splitlines() if line.strip()][:LABEL_LINES]
    for line in lines:
        genre = _label_genre(line)
        if genre:
            return genre, genre_kind(genre)
    if record.title:
        genre = _title_genre(record.title)
        if genre:
            return genre, genre_kind(genre)
    return None, record.kind
