"""Vocabulary as data: YAML files shipped with the package, validated on load."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from dossier.errors import ConfigError

__all__ = ["load_data"]


@cache
def load_data(name: str) -> Any:
    """Load ``dossier/data/<name>.yaml``; raises ``ConfigError`` when it is missing or broken."""
    try:
        text = resources.files("dossier.data").joinpath(f"{name}.yaml").read_text("utf-8")
        return yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"data file {name}.yaml: {exc}") from exc
