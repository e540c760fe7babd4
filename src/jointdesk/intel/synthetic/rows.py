"""One synthetic report as a JSON-ready dict (the shape of ``ReportIn.model_dump(mode="json")``)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from jointdesk.intel.synthetic import victims
from jointdesk.intel.synthetic.countries import COUNTRIES, PER_USDT, Country
from jointdesk.intel.synthetic.crews import CONTACT_KINDS, SITE_RATE, Crew
from jointdesk.intel.synthetic.narrative import Slot, compose
from jointdesk.intel.synthetic.pools import BANK_HOTLINES, USDT_TRC20, Ident, Minter
from jointdesk.intel.synthetic.values import mistype

Row = dict[str, Any]
LOSS_FACTOR: Final = {
    "INV.PB": 3.0, "INV": 2.0, "IMP.GOV": 2.5, "TASK": 0.6, "PHISH": 0.5, "EXT": 0.2, "LOAN": 0.1,
    "IMP.CS": 0.8, "ROM": 0.7,
}  # fmt: skip
FIRST_CONTACT: Final = {
    "INV": "social_media", "INV.PB": "dating_app", "IMP.GOV": "call", "IMP.CS": "call",
    "TASK": "messaging_app", "ROM": "dating_app", "LOAN": "search_ad", "PHISH": "sms",
    "EXT": "social_media", "OTHER": "call",
}  # fmt: skip
PLATFORM_OF_SLOT: Final = {"telegram": "Telegram", "whatsapp": "WhatsApp", "line": "LINE", "wechat": "WeChat"}
CHANNELS: Final = ("hotline", "hotline", "app", "web", "web", "police_counter", "bank_referral")
REPORTERS: Final = ("victim",) * 8 + ("relative",)
# (channel, reporter role, source reliability, information accuracy), drawn in one go.
INTAKE: Final = tuple(
    (channel, "bank" if channel == "bank_referral" else reporter, reliability, accuracy)
    for channel in CHANNELS
    for reporter in REPORTERS
    for reliability in "ABCX"
    for accuracy in (2, 3, 3, 4)
)
_ZONES: dict[str, ZoneInfo] = {}
_FIXED: dict[str, tuple[int, str] | None] = {}
_DAYS: dict[int, str] = {}


@dataclass(frozen=True, slots=True)
class Rates:
    """Per-report rates of planted noise and of optional identifiers."""

    warning: float = 0.03
    invalid: float = 0.01
    victim_phone: float = 0.25
    victim_account: float = 0.3
    second_payment: float = 0.15
    second_hop: float = 0.15
    device: float = 0.02
    loss_free: float = 0.12


def iso(ts: float, zone: str) -> str:
    """ISO 8601 local time with offset, as pydantic writes it (``Z`` for UTC)."""
    if zone not in _FIXED:
        _FIXED[zone] = _fixed_offset(zone)
    fixed = _FIXED[zone]
    if fixed is None:
        tz = _ZONES.get(zone) or _ZONES.setdefault(zone, ZoneInfo(zone))
        text = datetime.fromtimestamp(int(ts), tz).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    day, second = divmod(int(ts) + fixed[0], 86_400)
    date = _DAYS.get(day) or _DAYS.setdefault(
        day, datetime.fromtimestamp(day * 86_400, UTC).strftime("%Y-%m-%d")
    )
    hour, rest = divmod(second, 3_600)
    return f"{date}T{hour:02d}:{rest // 60:02d}:{rest % 60:02d}{fixed[1]}"


def _fixed_offset(zone: str) -> tuple[int, str] | None:
    """(seconds, "+HH:MM") for zones without daylight saving since 2000; ``None`` otherwise."""
    tz = ZoneInfo(zone)
    offsets = {datetime(year, month, 15, tzinfo=tz).utcoffset() for year in (2000, 2026) for month in (1, 7)}
    if len(offsets) != 1:
        return None
    offset = offsets.pop()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    if seconds == 0:
        return None
    sign = "+" if seconds > 0 else "-"
    return seconds, f"{sign}{abs(seconds) // 3_600:02d}:{abs(seconds) % 3_600 // 60:02d}"


def ident(item: Ident, role: str) -> dict[str, Any]:
    return {"id_type": item.id_type, "value": item.value, "role": role, "region": item.region}


def amount_text(value: float, decimals: int) -> str:
    return f"{max(value, 1.0):.{decimals}f}"


class RowBuilder:
    """Builds report rows for one run; all randomness from the run's ``rng``."""

    def __init__(self, rng: random.Random, minter: Minter, epoch: float, rates: Rates) -> None:
        self.rng = rng
        self.minter = minter
        self.epoch = epoch
        self.rates = rates

    def build(self, crew: Crew, source_ref: str, country_code: str | None = None) -> Row:
        rng = self.rng
        country = COUNTRIES[country_code or rng.choice(crew.targets)]
        language = rng.choice(country.languages)
        paid_at = self.epoch + crew.start + rng.random() * crew.span
        identifiers, slots = self._contacts(crew, country)
        loss_free = rng.random() < self.rates.loss_free
        transactions = [] if loss_free else self._payments(crew, country, paid_at, slots)
        victim, own = victims.victim(self.minter, country, language, paid_at, rng)
        identifiers += self._victim_side(own, country, transactions)
        identifiers += self._noise(crew, country)
        total = _local_total(transactions, country)
        narrative, entity = compose(language, crew.code, country.code, slots, total, country.currency, rng)
        received = paid_at + rng.lognormvariate(8.0, 2.0)
        row = _row(
            crew, country, language, victim, narrative, transactions, identifiers, source_ref, received,
            paid_at - _grooming(crew.code, rng), slots, rng,
        )  # fmt: skip
        row["impersonated_entity"] = entity or None
        return row

    def _contacts(self, crew: Crew, country: Country) -> tuple[list[dict[str, Any]], list[Slot]]:
        rng = self.rng
        found: list[dict[str, Any]] = []
        slots: list[Slot] = []
        kind = rng.choice(CONTACT_KINDS.get(crew.family, CONTACT_KINDS["OTHER"]))
        if kind == "line" and country.code != "TH":
            kind = "telegram"
        if kind == "whatsapp" and country.code == "CN":
            kind = "wechat"
        where = crew.base if kind in ("phone", "whatsapp") and rng.random() < 0.5 else country.code
        contact = crew.pick(kind, where, self.minter, rng)
        found.append(ident(contact, "scam_contact"))
        slots.append(Slot(contact, country.code))
        if rng.random() < SITE_RATE.get(crew.family, 0.2):
            site = crew.pick("site", "", self.minter, rng)
            found.append(ident(site, "scam_site"))
            slots.append(Slot(site, country.code))
        if rng.random() < self.rates.device:
            found.append(ident(crew.pick("imei", "", self.minter, rng), "scam_device"))
        return found, slots

    def _payments(self, crew: Crew, country: Country, at: float, slots: list[Slot]) -> list[dict[str, Any]]:
        rng = self.rng
        count = (
            1 + (rng.random() < self.rates.second_payment) + (rng.random() < self.rates.second_payment / 3)
        )
        median = country.median_loss * LOSS_FACTOR.get(crew.code, 1.0) / count
        txs: list[dict[str, Any]] = []
        for number in range(count):
            when = at - (count - 1 - number) * rng.uniform(3_600, 5 * 86_400)
            local = median * rng.lognormvariate(0.0, 1.0) * (1.5 if number else 1.0)
            if rng.random() < crew.crypto_rate:
                txs += self._crypto(crew, country, when, local, slots)
            else:
                txs += self._fiat(crew, country, when, local, slots)
        return txs

    def _fiat(
        self, crew: Crew, country: Country, at: float, local: float, slots: list[Slot]
    ) -> list[dict[str, Any]]:
        rng = self.rng
        wallet = rng.random() < 0.25
        payee = crew.pick("wallet" if wallet else "tier1", country.code, self.minter, rng)
        rail = "ewallet" if payee.id_type == "ewallet" else "instant_payment" if wallet else "bank_transfer"
        slots.append(Slot(payee, country.code))
        amount = _round_amount(local, country.decimals, rng)
        hops = [_tx(1, at, country, amount, country.currency, rail, None, ident(payee, "payee"), payee.bank)]
        if rng.random() < self.rates.second_hop:
            onward = rng.choice((country.code, country.code, crew.base))
            tier2 = crew.pick("tier2", onward, self.minter, rng)
            moved = amount_text(float(amount) * rng.uniform(0.9, 1.0), country.decimals)
            currency = COUNTRIES[onward].currency if onward == country.code else country.currency
            hops.append(
                _tx(2, at + rng.uniform(60, 900), country, moved, currency, "bank_transfer",
                    ident(payee, "payee"), ident(tier2, "intermediary"), tier2.bank)
            )  # fmt: skip
        return hops

    def _crypto(
        self, crew: Crew, country: Country, at: float, local: float, slots: list[Slot]
    ) -> list[dict[str, Any]]:
        rng = self.rng
        wallet = crew.pick("tron", "", self.minter, rng)
        slots.append(Slot(wallet, country.code))
        usdt = amount_text(local / PER_USDT[country.currency], 2)
        own = (
            ident(self.minter.tron(), "victim_account") if rng.random() < self.rates.victim_account else None
        )
        hops = [
            _tx(1, at, country, usdt, "USDT", "crypto", own, ident(wallet, "payee"), None, network="TRC20")
        ]
        if rng.random() < self.rates.second_hop:
            upstream = crew.pick("tron2", "", self.minter, rng)
            moved = amount_text(float(usdt) * rng.uniform(0.95, 1.0), 2)
            hops.append(
                _tx(2, at + rng.uniform(120, 3_600), country, moved, "USDT", "crypto", ident(wallet, "payee"),
                    ident(upstream, "intermediary"), None, network="TRC20")
            )  # fmt: skip
        return hops

    def _victim_side(
        self, phone: Ident, country: Country, transactions: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        rng = self.rng
        found = []
        if rng.random() < self.rates.victim_phone:
            found.append(ident(phone, "victim_contact"))
        first = transactions[0] if transactions else None
        if first is not None and first["rail"] != "crypto" and rng.random() < self.rates.victim_account:
            first["payer"] = ident(self.minter.account(country.code), "victim_account")
        return found

    def _noise(self, crew: Crew, country: Country) -> list[dict[str, Any]]:
        rng = self.rng
        found = []
        if rng.random() < self.rates.warning:
            found.append(self._warning(country))
        if rng.random() < self.rates.invalid:
            found.append(self._invalid(country))
        return found

    def _warning(self, country: Country) -> dict[str, Any]:
        rng = self.rng
        choice = rng.random()
        if country.code == "CN" and choice < 0.5:
            return {
                "id_type": "phone",
                "value": rng.choice(BANK_HOTLINES),
                "role": "scam_contact",
                "region": "CN",
            }
        if choice < 0.75:
            return ident(self.minter.shortener(), "scam_site")
        return {"id_type": "tron_address", "value": USDT_TRC20, "role": "payee", "region": None}

    def _invalid(self, country: Country) -> dict[str, Any]:
        rng = self.rng
        if rng.random() < 0.5:
            number = self.minter.phone_number(country.code)
            return {"id_type": "phone", "value": number[:-5], "role": "scam_contact", "region": country.code}
        wallet = self.minter.tron().value
        return {"id_type": "tron_address", "value": mistype(wallet, rng), "role": "payee", "region": None}


def _tx(
    hop: int, at: float, country: Country, amount: str, currency: str, rail: str,
    payer: dict[str, Any] | None, payee: dict[str, Any] | None, institution: str | None,
    *, network: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    return {
        "hop": hop, "occurred_at": iso(at, country.zone), "occurred_tz": country.zone, "amount": amount,
        "currency": currency, "network": network, "rail": rail, "payer": payer, "payee": payee,
        "institution": institution, "reference": None,
    }  # fmt: skip


def _round_amount(value: float, decimals: int, rng: random.Random) -> str:
    if rng.random() < 0.6:
        magnitude = 10 ** max(0, int(math.log10(max(value, 10.0))) - 1)
        return amount_text(round(value / magnitude) * magnitude, decimals)
    return amount_text(value, decimals)


def _local_total(transactions: list[dict[str, Any]], country: Country) -> str | None:
    first_hops = [tx for tx in transactions if tx["hop"] == 1]
    if not first_hops:
        return None
    total = sum(
        float(tx["amount"]) * (PER_USDT[country.currency] if tx["currency"] == "USDT" else 1.0)
        for tx in first_hops
    )
    return amount_text(total, country.decimals)


def _grooming(code: str, rng: random.Random) -> float:
    days = {"INV.PB": 30.0, "ROM": 45.0, "INV": 10.0, "TASK": 2.0}.get(code, 0.1)
    return rng.uniform(0.2, 1.0) * days * 86_400


def _row(
    crew: Crew, country: Country, language: str, victim: dict[str, Any], narrative: str,
    transactions: list[dict[str, Any]], identifiers: list[dict[str, Any]], source_ref: str, received: float,
    first_contact: float, slots: list[Slot], rng: random.Random,
) -> dict[str, Any]:  # fmt: skip
    channel, reporter, reliability, accuracy = rng.choice(INTAKE)
    platforms = sorted({PLATFORM_OF_SLOT[s.item.slot] for s in slots if s.item.slot in PLATFORM_OF_SLOT})
    return {
        "jurisdiction": country.code,
        "channel_of_report": channel,
        "received_at": iso(received, country.zone),
        "received_tz": country.zone,
        "language": language,
        "reporter_role": reporter,
        "anonymous": False,
        "victim": victim,
        "typology_code": crew.code,
        "secondary_codes": ["ROM"] if crew.code == "INV.PB" else [],
        "first_contact_at": iso(first_contact, country.zone),
        "first_contact_channel": FIRST_CONTACT[crew.family],
        "platforms": platforms,
        "impersonated_entity": None,
        "narrative": narrative,
        "self_effected": crew.code != "PHISH",
        "transactions": transactions,
        "identifiers": identifiers,
        "extract_from_narrative": True,
        "tlp": "AMBER",
        "handling_codes": ["H0"],
        "source_reliability": reliability,
        "info_accuracy": accuracy,
        "source_ref": source_ref,
    }
