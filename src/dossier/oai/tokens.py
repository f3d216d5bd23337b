"""Resumption tokens: the list request they continue (verb, format, from, until, set), how many
items came before, and the key of the last item sent (storage time and document id), so a page
never shifts when documents are stored meanwhile. Encoded as URL-safe base64 of compact JSON."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dossier.oai.errors import OaiError

__all__ = ["ListState", "decode_token", "encode_token"]


@dataclass(frozen=True)
class ListState:
    """Where a ListIdentifiers or ListRecords request stands."""

    verb: str
    prefix: str
    since: str | None = None
    until: str | None = None
    set_spec: str | None = None
    cursor: int = 0
    after: tuple[datetime, str] | None = None


def encode_token(state: ListState) -> str:
    after = None if state.after is None else [state.after[0].isoformat(), state.after[1]]
    payload = [state.verb, state.prefix, state.since, state.until, state.set_spec, state.cursor]
    blob = json.dumps([*payload, after], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(blob).decode().rstrip("=")


def _after(raw: Any) -> tuple[datetime, str] | None:
    if raw is None:
        return None
    when, doc_id = raw
    if not isinstance(when, str) or not isinstance(doc_id, str):
        raise TypeError("bad key")
    return datetime.fromisoformat(when), doc_id


def _optional(raw: Any) -> str | None:
    if raw is not None and not isinstance(raw, str):
        raise TypeError("bad argument")
    return raw


def decode_token(token: str, verb: str) -> ListState:
    """The state ``token`` stands for; ``badResumptionToken`` unless this provider issued it for
    ``verb``."""
    try:
        blob = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        raw = json.loads(blob)
        made_for, prefix, since, until, set_spec, cursor, after = raw
        if made_for != verb or not isinstance(prefix, str) or type(cursor) is not int or cursor < 0:
            raise TypeError("not for this verb")
        optional = (_optional(since), _optional(until), _optional(set_spec))
        return ListState(verb, prefix, *optional, cursor, _after(after))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise OaiError(
            "badResumptionToken", f"resumptionToken {token[:40]!r} is not valid"
        ) from exc
