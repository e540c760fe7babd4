"""Time-to-freeze and time-to-takedown as first-class figures (operations.md §5 KPIs), per partner
and per action type, over domestic interventions and cross-border freeze requests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel

from jointdesk.authz import Permission, Principal, ensure_readable
from jointdesk.cooperation import repository as repo
from jointdesk.db.uow import UnitOfWork

FREEZES = {"stop_payment", "crypto_freeze", "freeze"}
TAKEDOWNS = {"takedown", "disable_account", "block_number", "terminate_sim"}


class Kpi(BaseModel):
    group: str  # "kind:stop_payment" or "partner:Bank of X"
    metric: str  # time_to_freeze | time_to_takedown | partner_latency
    n: int
    p50_minutes: float | None
    p90_minutes: float | None
    secured: dict[str, Decimal]
    requested: dict[str, Decimal]


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return round(ordered[index], 1)


def _minutes(end: datetime | None, start: datetime | None) -> float | None:
    return None if end is None or start is None else (end - start).total_seconds() / 60


def kpis(uow: UnitOfWork, principal: Principal) -> list[Kpi]:
    """p50/p90 minutes from report to execution, per action type and per partner."""
    ensure_readable(principal, Permission.COOPERATION_INTERVENTION_READ)
    samples: defaultdict[tuple[str, str], list[float]] = defaultdict(list)
    secured: defaultdict[tuple[str, str], defaultdict[str, Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    requested: defaultdict[tuple[str, str], defaultdict[str, Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    for kind, partner, reported, executed, sent, amounts in _rows(uow, principal):
        metric = (
            "time_to_freeze"
            if kind in FREEZES
            else "time_to_takedown"
            if kind in TAKEDOWNS
            else "time_to_action"
        )
        for group in (f"kind:{kind}", f"partner:{partner}"):
            key = (group, metric)
            minutes = _minutes(executed, reported)
            if minutes is not None:
                samples[key].append(minutes)
            latency = _minutes(executed, sent)
            if latency is not None:
                samples[(group, "partner_latency")].append(latency)
            currency, asked, got = amounts
            if currency:
                requested[key][currency] += asked or Decimal(0)
                secured[key][currency] += got or Decimal(0)
    keys = sorted(set(samples) | set(requested))
    return [
        Kpi(
            group=group,
            metric=metric,
            n=len(samples[(group, metric)]),
            p50_minutes=_percentile(samples[(group, metric)], 0.5),
            p90_minutes=_percentile(samples[(group, metric)], 0.9),
            secured=dict(secured[(group, metric)]),
            requested=dict(requested[(group, metric)]),
        )
        for group, metric in keys
    ]


Row = tuple[
    str,
    str,
    datetime | None,
    datetime | None,
    datetime | None,
    tuple[str | None, Decimal | None, Decimal | None],
]


def _rows(uow: UnitOfWork, principal: Principal) -> Iterable[Row]:
    for item in repo.visible_interventions(uow, principal, limit=100_000):
        amounts = (item.currency, item.amount_requested, item.amount_secured)
        yield item.kind, item.partner, item.reported_at, item.executed_at, item.sent_at, amounts
    for request in repo.visible_requests(uow, principal, limit=100_000):
        if request.owner_agency_id != principal.agency_id and not principal.is_system:
            continue
        partner = repo.agency(uow, request.receiving_agency_id).name
        amounts = (request.currency, request.amount_requested, request.amount_secured)
        reported = request.reported_at or request.created_at
        yield request.request_type, partner, reported, request.executed_at, request.sent_at, amounts
