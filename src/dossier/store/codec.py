"""JSON for the store's columns: orjson where it can encode a value, the standard library where
it cannot (a lone surrogate, an integer beyond 64 bits). Both give text that decodes to the same
value; orjson writes non-ASCII characters as themselves rather than as escapes."""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["dumps", "loads"]

_OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> str:
    """``value`` as JSON text."""
    try:
        return orjson.dumps(value, option=_OPTIONS).decode()
    except (orjson.JSONEncodeError, UnicodeDecodeError):
        return json.dumps(value)


def loads(text: str | bytes) -> Any:
    """The value of JSON ``text``; what ``dumps`` wrote, and what the standard library wrote
    (``NaN`` included), both decode."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
