""" "Have we seen this?" for one identifier or thousands, within the caller's visibility."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from jointdesk.authz import Permission, Principal, ensure_readable
from jointdesk.db.uow import UnitOfWork
from jointdesk.indicators import Normalised, Result, canonicalise
from jointdesk.indicators.extract import extract
from jointdesk.intel import registry
from jointdesk.intel import repository as repo
from jointdesk.kernel.errors import InvalidInput

MAX_VALUES = 20_000


class LookupHit(BaseModel):
    query: str
    id_type: str | None
    canonical: str | None
    status: str  # found | not_found | unparseable
    message: str | None = None
    identifier_id: uuid.UUID | None = None
    state: str | None = None
    state_reason: str | None = None
    reports_visible: int = 0
    reports_total: int = 0
    networks: list[str] = []


@dataclass(frozen=True, slots=True)
class _Query:
    text: str
    result: Result | None
    message: str | None


def lookup(
    uow: UnitOfWork,
    principal: Principal,
    values: Sequence[str],
    *,
    id_type: str | None = None,
    region: str | None = None,
) -> list[LookupHit]:
    """Normalise each value like a filing would and report what the caller may see of it."""
    ensure_readable(principal, Permission.INTEL_LOOKUP_RUN)
    cleaned = [v.strip() for v in values if v.strip()]
    if not cleaned:
        raise InvalidInput("give at least one value to look up", field="values")
    if len(cleaned) > MAX_VALUES:
        raise InvalidInput(f"at most {MAX_VALUES:,} values per lookup", field="values")
    if id_type is not None:
        registry.check_type(id_type)
    if region is None and principal.agency_id is not None:
        region = repo.agency_country(uow, principal.agency_id)
    key = uow.secrets.identifier_key
    # Each distinct value is parsed, keyed and looked up once, however often a batch repeats it.
    parsed = {text: _parse(text, id_type, region, key) for text in dict.fromkeys(cleaned)}
    keyed = {
        text: registry.identifier_key(q.result, key) for text, q in parsed.items() if q.result is not None
    }
    seen = repo.seen_by_key(uow, principal, list(dict.fromkeys(keyed.values())))
    hits = {text: _hit(q, seen.get(keyed[text]) if text in keyed else None) for text, q in parsed.items()}
    return [hits[text] for text in cleaned]


def _parse(text: str, id_type: str | None, region: str | None, key: bytes) -> _Query:
    if ":" in text and id_type is None:
        prefix, _, rest = text.partition(":")
        if _known_type(prefix.strip()) and not rest.startswith("//"):
            return _Query(text, canonicalise(prefix.strip(), rest.strip(), region=region, key=key), None)
    if id_type is not None:
        return _Query(text, canonicalise(id_type, text, region=region, key=key), None)
    candidates = [c for c in extract(text, region=region, key=key) if isinstance(c.result, Normalised)]
    covering = [c for c in candidates if (c.end - c.start) >= 0.6 * len(text)]
    if covering:
        return _Query(text, covering[0].result, None)
    return _Query(text, None, "could not tell the identifier type: prefix it, e.g. phone:+8613800138000")


def _known_type(name: str) -> bool:
    try:
        registry.check_type(name)
    except InvalidInput:
        return False
    return True


def _hit(query: _Query, row: repo.SeenIdentifier | None) -> LookupHit:
    if query.result is None:
        return LookupHit(
            query=query.text, id_type=None, canonical=None, status="unparseable", message=query.message
        )
    result = query.result
    shown = (result.display or result.canonical) if isinstance(result, Normalised) else result.raw
    message = None if isinstance(result, Normalised) else f"{result.reason}: {result.message}"
    if row is None:
        return LookupHit(
            query=query.text, id_type=result.id_type, canonical=shown, status="not_found", message=message
        )
    return LookupHit(
        query=query.text,
        id_type=row.id_type,
        canonical=row.display or row.canonical,
        status="found",
        message=message,
        identifier_id=row.id,
        state=row.state,
        state_reason=row.state_reason,
        reports_visible=row.reports_visible,
        reports_total=row.n_reports,
        networks=list(row.networks),
    )
