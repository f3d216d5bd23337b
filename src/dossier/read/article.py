"""Plain-text web articles: a title line repeated as the next non-blank line (the page's title
and the article's heading), paragraphs in blocks, and maybe a trailing line of links to other
articles, which is boilerplate: left out of the text, kept in ``Document.boilerplate``."""

from __future__ import annotations

import re
from typing import ClassVar

from dossier.model import Document, Record
from dossier.read.assemble import Piece, assemble, split_blocks, split_lines
from dossier.read.base import Probe, make_document, register
from dossier.read.decode import decode_text, looks_binary
from dossier.read.text import TEXT_SUFFIXES
from dossier.settings import Settings

__all__ = ["ArticleReader", "is_link_line", "repeated_title", "title_case_ratio"]

SMALL_WORDS = frozenset(
    "a an and as at but by for from in into is of on or per the to vs via with".split()  # noqa: SIM905
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = tuple('.!?:;,"”»)…')
MAX_TITLE_CHARS = 200
MIN_LINK_WORDS = 5


def title_case_ratio(text: str) -> float:
    """Share of the words (short function words aside) that begin with a capital letter."""
    words = [w for w in _WORD.findall(text) if w.lower() not in SMALL_WORDS]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def is_link_line(text: str) -> bool:
    """True for a line made of titles of other articles: no sentence punctuation at its end,
    mostly Title Case words."""
    text = text.strip()
    if not text or text.endswith(_SENTENCE_END) or "\n" in text:
        return False
    return len(_WORD.findall(text)) >= MIN_LINK_WORDS and title_case_ratio(text) >= 0.7


def repeated_title(original: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The ranges of the first line and of its repetition as the next non-blank line."""
    lines = split_lines(original, 0, min(len(original), 2 * MAX_TITLE_CHARS + 64))
    if len(lines) < 2:
        return None
    (a, b), (c, d) = lines[0], lines[1]
    title = original[a:b]
    if title != original[c:d] or len(title) > MAX_TITLE_CHARS or not _WORD.search(title):
        return None
    if title.endswith((".", ",", ";", ":")) or title.startswith(("---", "#", "<")):
        return None
    return (a, b), (c, d)


class ArticleReader:
    """``article@1``: a web article saved as text, with its title repeated at the top."""

    name: ClassVar[str] = "article"
    version: ClassVar[str] = "1"

    def score(self, probe: Probe) -> float:
        if probe.suffix not in TEXT_SUFFIXES or looks_binary(probe.head):
            return 0.0
        head = probe.head.decode("utf-8", errors="replace").lstrip("\ufeff")
        return 0.7 if repeated_title(head) else 0.0

    def read(self, probe: Probe, source: str, settings: Settings) -> list[Document]:
        original, encoding = decode_text(probe.data)
        found = repeated_title(original.lstrip("\ufeff"))
        lead = len(original) - len(original.lstrip("\ufeff"))
        blocks: list[tuple[int, int]] = []
        record = Record(genre="article")
        pieces: list[Piece] = []
        if found:
            (a, b), (_, body_start) = found
            record.title = original[lead + a : lead + b]
            pieces.append(Piece("heading", lead + a, lead + b))
            blocks = split_blocks(original, lead + body_start)
        else:
            blocks = split_blocks(original)
        boilerplate: list[str] = []
        while len(blocks) > 1 and is_link_line(original[slice(*blocks[-1])]):
            boilerplate.insert(0, original[slice(*blocks.pop())])
        pieces.extend(Piece("paragraph", s, e) for s, e in blocks)
        built = assemble(original, pieces)
        return [
            make_document(
                self, probe, source, record, built, encoding=encoding, boilerplate=boilerplate
            )
        ]


register(ArticleReader())
