"""The live-money triage queue: reports whose money may still be frozen, most urgent first.

Urgency follows the "golden hour" of operations.md §4: the victim's loss (hop 1, in the reporting
currency) halves in weight for every hour since the last transfer. Reports older than the window
drop out of the queue (they are still searchable).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import func, select

from jointdesk.authz import Permission, Principal, ensure_readable
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel import repository as repo
from jointdesk.intel.models import IntelReport, IntelTransaction
from jointdesk.intel.network_view import REPORTING_CURRENCY, reference_rates

WINDOW = timedelta(hours=72)
HALF_LIFE_HOURS = 1.0


class TriageItem(BaseModel):
    report_id: uuid.UUID
    crime_reference_no: str
    jurisdiction: str
    typology_code: str | None
    suggested_code: str | None
    minutes_since_transfer: int
    losses: dict[str, Decimal]
    loss_reporting_currency: Decimal
    reporting_currency: str = REPORTING_CURRENCY
    in_network: bool
    urgency: float


def triage_queue(uow: UnitOfWork, principal: Principal, *, limit: int = 50) -> list[TriageItem]:
    """Visible reports with a transfer inside the window, ordered by urgency."""
    ensure_readable(principal, Permission.INTEL_REPORT_READ)
    now = uow.clock.now()
    stmt = (
        repo.visible_reports_stmt(principal)
        .where(IntelReport.last_transfer_at >= now - WINDOW)
        .order_by(IntelReport.last_transfer_at.desc())
        .limit(2000)
    )
    reports = list(uow.session.scalars(stmt))
    losses = _losses(uow, [r.id for r in reports])
    items = [_item(r, losses.get(r.id, {}), now) for r in reports if r.last_transfer_at is not None]
    items.sort(key=lambda item: (-item.urgency, item.minutes_since_transfer))
    return items[:limit]


def _item(report: IntelReport, losses: dict[str, Decimal], now: datetime) -> TriageItem:
    assert report.last_transfer_at is not None  # noqa: S101 - filtered by the caller
    minutes = max(int((now - report.last_transfer_at).total_seconds() // 60), 0)
    converted = _in_reporting_currency(losses)
    urgency = float(converted) * 0.5 ** (minutes / 60 / HALF_LIFE_HOURS)
    return TriageItem(
        report_id=report.id,
        crime_reference_no=report.crime_reference_no,
        jurisdiction=report.jurisdiction,
        typology_code=report.typology_code,
        suggested_code=(report.suggestion or {}).get("code"),
        minutes_since_transfer=minutes,
        losses=losses,
        loss_reporting_currency=converted,
        in_network=report.network_id is not None,
        urgency=round(urgency, 4),
    )


def _in_reporting_currency(losses: dict[str, Decimal]) -> Decimal:
    _, rates = reference_rates()
    total = sum((amount / rates[c] for c, amount in losses.items() if rates.get(c)), Decimal(0))
    return Decimal(total).quantize(Decimal("0.01"))


def _losses(uow: UnitOfWork, report_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, Decimal]]:
    found: defaultdict[uuid.UUID, dict[str, Decimal]] = defaultdict(dict)
    for start in range(0, len(report_ids), 500):
        stmt = (
            select(IntelTransaction.report_id, IntelTransaction.currency, func.sum(IntelTransaction.amount))
            .where(IntelTransaction.report_id.in_(report_ids[start : start + 500]), IntelTransaction.hop == 1)
            .group_by(IntelTransaction.report_id, IntelTransaction.currency)
        )
        for report_id, currency, amount in uow.session.execute(stmt):
            found[report_id][currency] = Decimal(amount)
    return found
