"""The embedding model: the real MiniLM when it is installed, and the one-line message naming
what to install when it is not (simulated by making the loader's import fail)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from dossier.errors import ConfigError
from dossier.settings import Settings
from dossier.vectors import embed
from dossier.vectors.embed import INSTALL_HINT, load_embedder


def _missing(package: str) -> tuple[object, Path]:
    raise ImportError("No module named 'sentence_transformers'")


def test_a_missing_model_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "_import_backend", _missing)
    with pytest.raises(ConfigError) as caught:
        load_embedder(Settings())
    message = str(caught.value)
    assert message.startswith(INSTALL_HINT) and "\n" not in message
    assert "pip install 'dossier[semantic]'" in message and "sentence_transformers" in message


def test_an_absent_package_and_a_switched_off_model_are_config_errors() -> None:
    with pytest.raises(ConfigError, match=r"dossier\[semantic\]"):
        load_embedder(Settings(semantic_model="no_such_model_package_here"))
    with pytest.raises(ConfigError, match="switched off"):
        load_embedder(Settings(semantic_model=""))


def test_minilm_ranks_a_paraphrase_above_an_unrelated_sentence() -> None:
    pytest.importorskip("sentence_transformers")
    model = load_embedder(Settings())
    vectors = model.embed(
        [
            "The customs house at the river mouth was shut to every trading vessel.",
            "No merchant ships were allowed into the estuary port any longer.",
            "My aunt baked a plum cake for the village fair.",
        ]
    )
    assert vectors.shape == (3, model.dim) == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    close, far = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert close > far + 0.2
    assert model.embed([]).shape == (0, 384)
    assert load_embedder(dataclasses.replace(Settings(), db="other.db")) is model  # loaded once
