"""Helpers several rule families share: missing-field lists, free text, registers, ages, TIP triggers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from jointdesk.screening.document import ScreeningDocument
from jointdesk.screening.outcomes import Finding
from jointdesk.screening.persons import Person
from jointdesk.screening.registry import ScreeningContext
from jointdesk.screening.ruleset import CountryRisk
from jointdesk.screening.vocabulary import CROSS_BORDER_TYPES, PersonCategory, RequestType, SiteKind

ALL_TYPES = frozenset(RequestType)
CROSS_BORDER = CROSS_BORDER_TYPES
TRANSFER_TYPES = frozenset({RequestType.TRANSFER, RequestType.JOINT_OPERATION})
SUSPECT_LIKE = frozenset(
    {PersonCategory.SUSPECT, PersonCategory.CONVICTED, PersonCategory.UNCLASSIFIED, None}
)


def absent(fields: Iterable[tuple[str, object]]) -> list[str]:
    """Names of the fields whose value is None or an empty string (an empty list is a value)."""
    return [name for name, value in fields if value is None or value == ""]


def empty(fields: Iterable[tuple[str, object]]) -> list[str]:
    """Names of the fields that must hold at least one item but are None or empty."""
    return [name for name, value in fields if not value]


def free_text(doc: ScreeningDocument) -> str:
    """Every free-text field of the request, for the scans of GEN-02, GEN-06 and LOC-02."""
    parts: list[str] = list(doc.messages)
    if doc.facts is not None:
        parts.append(doc.facts.narrative or "")
        parts.extend(s.text for s in doc.facts.statements)
    if doc.urgency is not None and doc.urgency.reason:
        parts.append(doc.urgency.reason)
    if doc.markings is not None and doc.markings.h3_restriction:
        parts.append(doc.markings.h3_restriction)
    return "\n".join(parts)


def country_entry(ctx: ScreeningContext, country: str | None) -> CountryRisk | None:
    return ctx.ruleset.country_risk.get(country) if country else None


def overdue_register(ctx: ScreeningContext, review_date: date, what: str) -> Finding | None:
    """Reference data past its review date is still used, but a human must look (REVIEW)."""
    if review_date < ctx.now.date():
        return Finding.review(
            "register_entry_overdue",
            f"The {what} entry was due for review on {review_date.isoformat()}; a reviewer must confirm it.",
        )
    return None


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def requesting_country(doc: ScreeningDocument) -> str | None:
    return doc.requesting.country if doc.requesting else None


def tip_triggered(ctx: ScreeningContext, person: Person) -> bool | None:
    """TIP-01 trigger (§3): from a scam site, fraud charge with a known-hub location, or a status
    offence. None when the location history needed to decide is absent."""
    offences = ctx.offences_of(person) or []
    lists = ctx.ruleset.config.offences
    codes = {o.code for o in offences}
    if codes & set(lists.status_offences):
        return True
    history = person.location_history
    if history is None:
        return None
    if any(loc.site_kind is SiteKind.SCAM_COMPOUND or loc.found_in_raid for loc in history):
        return True
    if not codes & set(lists.fraud_family):
        return False
    hubs = {(h.country, h.area.casefold()) for h in ctx.ruleset.config.scam_hubs}
    hub_countries = {country for country, _ in hubs}
    # An unknown area in a country with known hubs counts as a hub location (stricter reading).
    return any(
        (loc.country, (loc.area or "").casefold()) in hubs
        or (loc.area is None and loc.country in hub_countries)
        for loc in history
    )
