"""OAI-PMH datestamps: UTC to the second (``YYYY-MM-DDThh:mm:ssZ``), and the ``from``/``until``
arguments, which may also be days (``YYYY-MM-DD``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from dossier.oai.errors import OaiError

__all__ = ["DAY", "GRANULARITY", "SECOND", "datestamp", "parse_bound"]

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DAY, SECOND = "day", "second"

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def datestamp(moment: datetime) -> str:
    """``moment`` as an OAI-PMH datestamp in UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_bound(name: str, value: str, *, end: bool) -> tuple[datetime, str]:
    """A ``from`` (``end=False``) or ``until`` (``end=True``) argument as a UTC moment and its
    granularity; a day bound covers the whole day. ``badArgument`` for any other form."""
    try:
        if _DAY.match(value):
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            return (day + timedelta(days=1, seconds=-1) if end else day), DAY
        if _SECOND.match(value):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), SECOND
    except ValueError:
        pass
    raise OaiError(
        "badArgument", f"{name}={value!r} is not a UTC date (YYYY-MM-DD or {GRANULARITY})"
    )
