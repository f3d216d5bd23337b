"""``ListIdentifiers`` and ``ListRecords``: selective harvesting by ``from``, ``until`` and
``set``, in pages of ``Settings.oai_page_size`` continued by resumption tokens."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from lxml import etree

from dossier.oai.context import Context, metadata_format
from dossier.oai.dates import datestamp, parse_bound
from dossier.oai.errors import OaiError
from dossier.oai.render import OAI_NS, add, dublin_core, header
from dossier.oai.sets import SET_SPEC, OaiSet, catalogue, specs_of
from dossier.oai.tokens import ListState, decode_token, encode_token
from dossier.store.base import Change, ChangeQuery

__all__ = ["list_items", "record_element"]


def _state(verb: str, args: dict[str, str]) -> ListState:
    token = args.get("resumptionToken")
    if token is not None:
        return decode_token(token, verb)
    return ListState(
        verb, args["metadataPrefix"], args.get("from"), args.get("until"), args.get("set")
    )


def _bounds(state: ListState) -> tuple[datetime | None, datetime | None]:
    since = parse_bound("from", state.since, end=False) if state.since is not None else None
    until = parse_bound("until", state.until, end=True) if state.until is not None else None
    if since and until:
        if since[1] != until[1]:
            raise OaiError("badArgument", "from and until must have the same granularity")
        if since[0] > until[0]:
            raise OaiError("badArgument", "from is later than until")
    return (since[0] if since else None), (until[0] if until else None)


def _chosen_set(ctx: Context, spec: str | None) -> OaiSet | None:
    if spec is None:
        return None
    if not SET_SPEC.match(spec):
        raise OaiError("badArgument", f"set={spec!r} is not a setSpec")
    sets = catalogue(ctx.store)
    if not sets:
        raise OaiError("noSetHierarchy", "this repository has no sets")
    found = next((s for s in sets if s.spec == spec), None)
    if found is None:
        raise OaiError("noRecordsMatch", f"no set {spec!r} in this repository")
    return found


def _query(ctx: Context, state: ListState) -> ChangeQuery:
    since, until = _bounds(state)
    chosen = _chosen_set(ctx, state.set_spec)
    return ChangeQuery(
        since=since,
        until=until,
        after=state.after,
        field=chosen.field if chosen else None,
        values=chosen.values if chosen else (),
        limit=max(ctx.settings.oai_page_size, 1) + 1,
    )


def _header(parent: etree._Element, ctx: Context, change: Change) -> None:
    header(parent, ctx.identifier(change.id), datestamp(change.stored_at), specs_of(change.record))


def record_element(ctx: Context, change: Change) -> etree._Element:
    """A ``<record>`` with its header and ``oai_dc`` metadata."""
    record = etree.Element(f"{{{OAI_NS}}}record")
    _header(record, ctx, change)
    dublin_core(add(record, "metadata"), change.record)
    return record


def _resumption(
    parent: etree._Element, state: ListState, following: ListState | None, total: int
) -> None:
    """The page's ``resumptionToken``: a token for ``following`` when more items follow, an empty
    one on the last page of a list that took several pages, none for a one-page list."""
    if following is None and state.cursor == 0:
        return
    token = encode_token(following) if following is not None else None
    add(parent, "resumptionToken", token, completeListSize=str(total), cursor=str(state.cursor))


def list_items(ctx: Context, verb: str, args: dict[str, str]) -> etree._Element:
    """The body of a ListIdentifiers or ListRecords response."""
    state = _state(verb, args)
    metadata_format(state.prefix)
    total, changes = ctx.store.changes(_query(ctx, state))
    if not changes:
        raise OaiError("noRecordsMatch", "no records match these arguments")
    page = changes[: max(ctx.settings.oai_page_size, 1)]
    body = etree.Element(f"{{{OAI_NS}}}{verb}")
    for change in page:
        if verb == "ListRecords":
            body.append(record_element(ctx, change))
        else:
            _header(body, ctx, change)
    following = None
    if len(changes) > len(page):
        last = page[-1]
        following = replace(state, cursor=state.cursor + len(page), after=(last.stored_at, last.id))
    _resumption(body, state, following, max(total, state.cursor + len(page)))
    return body
