"""Statistics by scam type over the reports a caller may see (typology.md; operations.md §10)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import func, select

from jointdesk.authz import Permission, Principal, ensure_readable
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel import repository as repo
from jointdesk.intel.models import IntelReport, IntelTransaction
from jointdesk.intel.network_view import reference_rates
from jointdesk.typology import load_typology

UNCLASSIFIED = "unclassified"


class TypeRow(BaseModel):
    code: str
    name_en: str
    name_zh: str
    confirmed: int
    suggested_only: int
    loss_usd: Decimal


def by_type(
    uow: UnitOfWork, principal: Principal, *, since: datetime | None = None, until: datetime | None = None
) -> list[TypeRow]:
    """Reports per type (subtypes rolled up): confirmed by a person, or only suggested by the model."""
    ensure_readable(principal, Permission.INTEL_REPORT_READ)
    typology = load_typology()
    stmt = repo.visible_reports_stmt(principal)
    if since is not None:
        stmt = stmt.where(IntelReport.received_at >= since)
    if until is not None:
        stmt = stmt.where(IntelReport.received_at < until)
    confirmed: defaultdict[str, int] = defaultdict(int)
    suggested: defaultdict[str, int] = defaultdict(int)
    code_of: dict[object, str] = {}
    for report in uow.session.scalars(stmt):
        if report.typology_code:
            code = typology.roll_up(report.typology_code)
            confirmed[code] += 1
        else:
            guess = (report.suggestion or {}).get("code")
            code = typology.roll_up(guess) if guess and typology.is_incident_code(guess) else UNCLASSIFIED
            suggested[code] += 1
        code_of[report.id] = code
    losses = _losses(uow, code_of)
    rows = []
    for code in sorted(set(confirmed) | set(suggested), key=lambda c: (-(confirmed[c] + suggested[c]), c)):
        entry = typology.entries.get(code)
        rows.append(
            TypeRow(
                code=code,
                name_en=entry.name_en if entry else "Not classified",
                name_zh=entry.name_zh if entry else "未分类",
                confirmed=confirmed[code],
                suggested_only=suggested[code],
                loss_usd=losses.get(code, Decimal(0)).quantize(Decimal("0.01")),
            )
        )
    return rows


def _losses(uow: UnitOfWork, code_of: dict[object, str]) -> dict[str, Decimal]:
    _, rates = reference_rates()
    totals: defaultdict[str, Decimal] = defaultdict(Decimal)
    ids = list(code_of)
    for start in range(0, len(ids), 500):
        stmt = (
            select(IntelTransaction.report_id, IntelTransaction.currency, func.sum(IntelTransaction.amount))
            .where(IntelTransaction.report_id.in_(ids[start : start + 500]), IntelTransaction.hop == 1)
            .group_by(IntelTransaction.report_id, IntelTransaction.currency)
        )
        for report_id, currency, amount in uow.session.execute(stmt):
            if rates.get(currency):
                totals[code_of[report_id]] += Decimal(amount) / rates[currency]
    return totals
