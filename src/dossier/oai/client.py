"""A small OAI-PMH client (httpx + lxml): ``ListRecords`` pages followed through resumption
tokens, each record kept as its own canonical XML bytes. Responses are parsed safely (no DTD, no
entities, no network); every failure is a ``HarvestError`` naming the URL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
from lxml import etree

from dossier.errors import HarvestError, ReadError
from dossier.oai.render import OAI_NS
from dossier.read.xmlsafe import parse_xml

__all__ = ["Harvested", "OaiClient", "Page"]

_O = f"{{{OAI_NS}}}"
USER_AGENT = "Dossier-harvester/1 (OAI-PMH 2.0)"


@dataclass(frozen=True)
class Harvested:
    """One record: its OAI identifier and datestamp, whether the provider deleted it, and the
    ``<record>`` element as exclusive canonical XML (same record, same bytes)."""

    identifier: str
    datestamp: str
    deleted: bool
    data: bytes


@dataclass(frozen=True)
class Page:
    records: list[Harvested]
    total: int | None  # the provider's completeListSize, when it says


def _record(element: etree._Element) -> Harvested:
    """The record as harvested; one without a header has an empty identifier (and fails on its
    own when ingested)."""
    head = element.find(f"{_O}header")
    data = bytes(etree.tostring(element, method="c14n", exclusive=True))
    if head is None:
        return Harvested("", "", False, data)
    return Harvested(
        identifier=(head.findtext(f"{_O}identifier") or "").strip(),
        datestamp=(head.findtext(f"{_O}datestamp") or "").strip(),
        deleted=head.get("status") == "deleted",
        data=data,
    )


def _total(token: etree._Element | None, count: int) -> int | None:
    if token is None:
        return count
    size = token.get("completeListSize", "")
    return int(size) if size.isdigit() else None


class OaiClient:
    """Requests to one provider's base URL; retries a 503 after its ``Retry-After``."""

    def __init__(
        self, base_url: str, http: httpx.Client | None = None, retries: int = 3, timeout: float = 60
    ) -> None:
        self.base_url = base_url
        self.http = http or httpx.Client(
            timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
        )
        self.retries = retries

    def close(self) -> None:
        self.http.close()

    def _get(self, params: dict[str, str]) -> bytes:
        for attempt in range(self.retries + 1):
            try:
                response = self.http.get(self.base_url, params=params)
            except httpx.HTTPError as exc:
                raise HarvestError(f"{self.base_url}: {type(exc).__name__}: {exc}") from exc
            if response.status_code == 503 and attempt < self.retries:
                wait = response.headers.get("Retry-After", "")
                time.sleep(min(int(wait), 30) if wait.isdigit() else 2**attempt)
                continue
            if response.status_code != 200:
                raise HarvestError(f"{self.base_url}: HTTP {response.status_code}")
            return response.content
        raise HarvestError(f"{self.base_url}: still unavailable after {self.retries} retries")

    def request(self, params: dict[str, str]) -> etree._Element | None:
        """The verb's element of the response, or None for ``noRecordsMatch``."""
        try:
            root = parse_xml(self._get(params))
        except ReadError as exc:
            raise HarvestError(f"{self.base_url}: not an OAI-PMH response: {exc.reason}") from exc
        if root.tag != f"{_O}OAI-PMH":
            raise HarvestError(f"{self.base_url}: not an OAI-PMH response (root {root.tag})")
        error = root.find(f"{_O}error")
        if error is not None:
            code = error.get("code", "unknown")
            if code == "noRecordsMatch":
                return None
            raise HarvestError(f"{self.base_url}: {code}: {(error.text or '').strip()}")
        body = root.find(f"{_O}{params['verb']}")
        if body is None:
            raise HarvestError(f"{self.base_url}: the response has no {params['verb']} element")
        return body

    def pages(self, params: dict[str, str]) -> Iterator[Page]:
        """``ListRecords`` with ``params`` (``metadataPrefix``, ``set``, ``from``, ``until``),
        page by page until the provider's last token."""
        seen: set[str] = set()
        request = {"verb": "ListRecords", **params}
        while True:
            body = self.request(request)
            if body is None:
                return
            token = body.find(f"{_O}resumptionToken")
            records = [_record(r) for r in body.findall(f"{_O}record")]
            yield Page(records, _total(token, len(records)))
            following = (token.text or "").strip() if token is not None else ""
            if not following:
                return
            if following in seen:
                raise HarvestError(f"{self.base_url}: the provider repeats token {following!r}")
            seen.add(following)
            request = {"verb": "ListRecords", "resumptionToken": following}
