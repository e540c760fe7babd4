"""The curated demo set: four recognisable cross-border networks plus background noise.

1. ``lotus``: a Cambodia-based compound's pig-butchering (INV.PB) against CN, TH, VN and PH victims,
   paid into shared first-tier cards, onward to Cambodian second-tier accounts and TRON wallets.
2. ``badge``: a police-impersonation ring (IMP.GOV) in Myanmar calling CN (and a few TH) victims.
3. ``ctv``: a Vietnamese part-time task scam (TASK) run from Laos/Cambodia against VN, LA and KH.
4. ``mirror``: a sextortion crew (EXT) in the Philippines targeting PH and TH victims.
Plus small crews and singletons everywhere. Times are relative to ``now``: the newest reports of
each network have transfers minutes old, so the triage queue shows live-money cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Final

from jointdesk.intel.schemas import ReportIn
from jointdesk.intel.synthetic.crews import Crew
from jointdesk.intel.synthetic.pools import Minter
from jointdesk.intel.synthetic.rows import Rates, RowBuilder
from jointdesk.intel.synthetic.values import FastRandom

DEMO_SEED: Final = 20_261_129
WINDOW_DAYS: Final = 45
LIVE_PER_NETWORK: Final = 3
# name, typology, compound country, victim countries (weighted), reports, share of crypto payments
NETWORKS: Final = (
    ("lotus", "INV.PB", "KH", ("CN", "CN", "CN", "TH", "TH", "VN", "PH"), 60, 0.5),
    ("badge", "IMP.GOV", "MM", ("CN", "CN", "CN", "CN", "TH"), 45, 0.0),
    ("ctv", "TASK", "LA", ("VN", "VN", "VN", "LA", "KH"), 40, 0.1),
    ("mirror", "EXT", "PH", ("PH", "PH", "TH"), 25, 0.2),
)
BACKGROUND: Final = (
    ("IMP.CS", "CN"), ("LOAN", "TH"), ("PHISH", "VN"), ("ROM", "PH"), ("SHOP", "CN"), ("TASK", "CN"),
    ("INV", "TH"), ("PHISH", "CN"), ("LOAN", "PH"), ("IMP.ACQ", "CN"), ("PRIZE", "MM"), ("INV", "KH"),
)  # fmt: skip
BACKGROUND_ROUNDS: Final = 4  # each background crew of size 1..4, four times over


def demo_reports(agencies: Mapping[str, str], *, now: datetime | None = None) -> list[tuple[str, ReportIn]]:
    """(agency key, report) pairs; a report whose country has no agency in ``agencies`` is left out."""
    now = now or datetime.now(UTC)
    rng = FastRandom(DEMO_SEED)
    horizon = WINDOW_DAYS * 86_400.0
    builder = RowBuilder(rng, Minter(rng), now.timestamp() - horizon, Rates(warning=0.05, invalid=0.02))
    out: list[tuple[str, ReportIn]] = []
    for name, code, base, targets, size, crypto in NETWORKS:
        crew = Crew(size, code, base, targets, crypto, start=0.0, span=horizon - 3_600)
        reports = [_report(builder, crew, f"DEMO-{name}-{i:03d}", now) for i in range(size)]
        reports.sort(key=_last_transfer)
        for offset, report in enumerate(reversed(reports[-LIVE_PER_NETWORK:])):
            _make_live(report, now, minutes=7 + 25 * offset + rng.randint(0, 9))
        out += _assigned(agencies, reports)
    for round_no in range(BACKGROUND_ROUNDS):
        for index, (code, country) in enumerate(BACKGROUND):
            size = rng.randint(1, 4)
            crew = Crew(
                size, code, "KH", (country,), 0.1, start=rng.random() * horizon * 0.5, span=horizon * 0.4
            )
            batch = [_report(builder, crew, f"DEMO-bg{round_no}{index:02d}-{i}", now) for i in range(size)]
            out += _assigned(agencies, batch)
    return out


def _report(builder: RowBuilder, crew: Crew, ref: str, now: datetime) -> ReportIn:
    report = ReportIn.model_validate(builder.build(crew, ref))
    if report.received_at is not None and report.received_at > now:
        _shift(report, now - report.received_at - timedelta(minutes=5))
    return report


def _last_transfer(report: ReportIn) -> datetime:
    times = [tx.occurred_at for tx in report.transactions]
    return max(times) if times else (report.received_at or datetime.min.replace(tzinfo=UTC))


def _make_live(report: ReportIn, now: datetime, *, minutes: int) -> None:
    """Shift the report so its last transfer was ``minutes`` ago and it came in right after."""
    _shift(report, now - timedelta(minutes=minutes) - _last_transfer(report))
    if report.transactions:
        report.received_at = _last_transfer(report) + timedelta(minutes=min(5, minutes - 1))


def _shift(report: ReportIn, delta: timedelta) -> None:
    if report.received_at is not None:
        report.received_at += delta
    if report.first_contact_at is not None:
        report.first_contact_at += delta
    for tx in report.transactions:
        tx.occurred_at += delta


def _assigned(agencies: Mapping[str, str], reports: list[ReportIn]) -> list[tuple[str, ReportIn]]:
    return [
        (agencies[r.jurisdiction], r)
        for r in reports
        if r.jurisdiction is not None and r.jurisdiction in agencies
    ]
