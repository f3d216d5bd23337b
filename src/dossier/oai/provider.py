"""The OAI-PMH 2.0 provider, independent of any web framework: ``respond`` takes a request's
arguments (as ``(name, value)`` pairs, so repeated arguments can be refused) and returns the
response document.

Identifiers are ``oai:<repository>:<document id>``, where the repository is
``Settings.oai_repository_id`` or, when that is empty, the host the request was sent to.
Datestamps are the UTC second at which a document was stored (re-enrichment stores it again, so
its datestamp moves). Deleted records are not kept (``deletedRecord`` is ``no``). Sets are made
from record fields (``data/oai.yaml``): ``genre:<genre>``, ``collection:<collection>``,
``repository:<repository>``, each under its family set (``genre`` …), which holds every document
with a value for that field.

The ``oai_dc`` record (mapping in ``data/oai.yaml``): title → dc:title; creators → dc:creator;
recipients and translator → dc:contributor (simple Dublin Core has no addressee); summary →
dc:description; provider and repository → dc:publisher; date (an ISO prefix) → dc:date; genre →
dc:type, followed by the DCMI type ``Text``; identifier and source URL → dc:identifier;
citation → dc:source; language → dc:language; collection → dc:relation; place → dc:coverage;
rights → dc:rights.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from dossier.oai.context import FORMATS, Context, metadata_format
from dossier.oai.dates import GRANULARITY, datestamp
from dossier.oai.errors import OaiError
from dossier.oai.listing import list_items, record_element
from dossier.oai.render import OAI_NS, add, clean, envelope, serialise
from dossier.oai.sets import catalogue
from dossier.settings import Settings
from dossier.store import Store

__all__ = ["VERBS", "check_arguments", "respond"]

OAI_IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"

Handler = Callable[[Context, str, dict[str, str]], etree._Element]


@dataclass(frozen=True)
class Verb:
    """A verb's arguments: ``required`` unless a resumption token is given, ``optional``, and
    whether it accepts an (exclusive) ``resumptionToken``."""

    handler: Handler
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    resumable: bool = False


def _body(verb: str) -> etree._Element:
    return etree.Element(f"{{{OAI_NS}}}{verb}")


def _identify(ctx: Context, verb: str, args: dict[str, str]) -> etree._Element:
    body = _body(verb)
    earliest = ctx.earliest()
    add(body, "repositoryName", ctx.settings.oai_repository_name)
    add(body, "baseURL", ctx.base_url)
    add(body, "protocolVersion", "2.0")
    add(body, "adminEmail", ctx.settings.oai_admin_email)
    add(body, "earliestDatestamp", datestamp(earliest.stored_at if earliest else _now()))
    add(body, "deletedRecord", "no")
    add(body, "granularity", GRANULARITY)
    if ctx.describable:
        _describe_identifiers(add(body, "description"), ctx, earliest.id if earliest else "d0")
    return body


def _describe_identifiers(parent: etree._Element, ctx: Context, sample: str) -> None:
    ns = f"{{{OAI_IDENTIFIER_NS}}}"
    nsmap: dict[Any, str] = {None: OAI_IDENTIFIER_NS}
    about = etree.SubElement(parent, f"{ns}oai-identifier", nsmap=nsmap)
    about.set(f"{XSI}schemaLocation", f"{OAI_IDENTIFIER_NS} {OAI_IDENTIFIER_SCHEMA}")
    for tag, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", ctx.repository_id),
        ("delimiter", ":"),
        ("sampleIdentifier", ctx.identifier(sample)),
    ):
        add(about, f"{ns}{tag}", text)


def _list_metadata_formats(ctx: Context, verb: str, args: dict[str, str]) -> etree._Element:
    if "identifier" in args:
        ctx.lookup(args["identifier"])
    body = _body(verb)
    for fmt in FORMATS.values():
        item = add(body, "metadataFormat")
        add(item, "metadataPrefix", fmt.prefix)
        add(item, "schema", fmt.schema)
        add(item, "metadataNamespace", fmt.namespace)
    return body


def _list_sets(ctx: Context, verb: str, args: dict[str, str]) -> etree._Element:
    if "resumptionToken" in args:
        raise OaiError("badResumptionToken", "ListSets is always complete; there is no token")
    sets = catalogue(ctx.store)
    if not sets:
        raise OaiError("noSetHierarchy", "this repository has no sets")
    body = _body(verb)
    for found in sets:
        item = add(body, "set")
        add(item, "setSpec", found.spec)
        add(item, "setName", found.name)
    return body


def _get_record(ctx: Context, verb: str, args: dict[str, str]) -> etree._Element:
    change = ctx.lookup(args["identifier"])
    metadata_format(args["metadataPrefix"])
    body = _body(verb)
    body.append(record_element(ctx, change))
    return body


_LIST = frozenset({"from", "until", "set"})
VERBS: dict[str, Verb] = {
    "Identify": Verb(_identify),
    "ListMetadataFormats": Verb(_list_metadata_formats, optional=frozenset({"identifier"})),
    "ListSets": Verb(_list_sets, resumable=True),
    "ListIdentifiers": Verb(list_items, frozenset({"metadataPrefix"}), _LIST, resumable=True),
    "ListRecords": Verb(list_items, frozenset({"metadataPrefix"}), _LIST, resumable=True),
    "GetRecord": Verb(_get_record, frozenset({"identifier", "metadataPrefix"})),
}


def check_arguments(arguments: Sequence[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """The verb and its other arguments; ``badVerb`` for a missing, repeated or unknown verb,
    ``badArgument`` for unknown, repeated, missing or non-exclusive arguments."""
    verbs = [value for name, value in arguments if name == "verb"]
    if len(verbs) != 1 or verbs[0] not in VERBS:
        shown = "missing" if not verbs else "repeated" if len(verbs) > 1 else repr(verbs[0])
        raise OaiError("badVerb", f"the verb is {shown}; known verbs: {', '.join(VERBS)}")
    verb, spec = verbs[0], VERBS[verbs[0]]
    names = [name for name, _ in arguments if name != "verb"]
    args = {name: value for name, value in arguments if name != "verb"}
    allowed = spec.required | spec.optional | ({"resumptionToken"} if spec.resumable else set())
    problems = [
        *(f"{n} is repeated" for n in sorted({n for n in names if names.count(n) > 1})),
        *(f"{n} is not an argument of {verb}" for n in sorted(set(names) - allowed)),
    ]
    if "resumptionToken" in args and len(args) > 1:
        problems.append("resumptionToken is an exclusive argument")
    elif "resumptionToken" not in args:
        problems += [f"{n} is required" for n in sorted(spec.required - set(names))]
    if problems:
        raise OaiError("badArgument", "; ".join(problems))
    return verb, args


def _now() -> datetime:
    return datetime.now(UTC)


def respond(
    store: Store,
    settings: Settings,
    arguments: Sequence[tuple[str, str]],
    base_url: str,
    host: str,
) -> bytes:
    """The OAI-PMH response (UTF-8 XML) to ``arguments`` sent to ``base_url`` on ``host``."""
    root = envelope(datestamp(_now()), base_url, {})
    try:
        verb, args = check_arguments(arguments)
        root[1].attrib.update({k: clean(v) for k, v in {"verb": verb, **args}.items()})
        ctx = Context(store, settings, base_url, settings.oai_repository_id or host.lower())
        root.append(VERBS[verb].handler(ctx, verb, args))
    except OaiError as exc:
        if exc.oai_code in ("badVerb", "badArgument"):
            root[1].attrib.clear()
        add(root, "error", str(exc), code=exc.oai_code)
    return serialise(root)
