"""Report commands (the unified report record of operations.md §3) and read models."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from jointdesk.authz import Tlp
from jointdesk.intel.linking import Role

COUNTRY_PATTERN = r"^[A-Z]{2}$"


class Channel(StrEnum):
    HOTLINE = "hotline"
    APP = "app"
    WEB = "web"
    BANK_REFERRAL = "bank_referral"
    PLATFORM_REFERRAL = "platform_referral"
    POLICE_COUNTER = "police_counter"
    PARTNER_AGENCY = "partner_agency"


class ReporterRole(StrEnum):
    VICTIM = "victim"
    RELATIVE = "relative"
    BANK = "bank"
    PLATFORM = "platform"
    POLICE = "police"


class Rail(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    INSTANT_PAYMENT = "instant_payment"
    CARD = "card"
    EWALLET = "ewallet"
    CRYPTO = "crypto"
    CASH = "cash"
    GIFT_CARD = "gift_card"
    OTHER = "other"


class AgeBand(StrEnum):
    UNDER_18 = "<18"
    FROM_18 = "18-24"
    FROM_25 = "25-34"
    FROM_35 = "35-44"
    FROM_45 = "45-54"
    FROM_55 = "55-64"
    FROM_65 = "65+"


class Vulnerability(StrEnum):
    ELDERLY = "elderly"
    STUDENT = "student"
    MIGRANT = "migrant"
    DISABILITY = "disability"
    MINOR = "minor"
    REPEAT_VICTIM = "repeat_victim"


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must carry a time zone offset, e.g. 2026-11-29T09:00:00+08:00")
    return value


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone {value!r}") from exc
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
TimeZone = Annotated[str, AfterValidator(_zone)]
Country = Annotated[str, Field(pattern=COUNTRY_PATTERN)]


class IdentifierIn(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    id_type: str = Field(min_length=2, max_length=30)
    value: str = Field(min_length=1, max_length=4096)
    role: Role = Role.SCAM_CONTACT
    region: Country | None = None


class VictimPersonal(BaseModel):
    """Personal identifiers: only in the restricted store, encrypted, reads logged with a purpose."""

    model_config = ConfigDict(str_strip_whitespace=True)

    full_name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)
    national_id: str | None = Field(default=None, max_length=40)
    date_of_birth: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    address: str | None = Field(default=None, max_length=400)

    def is_empty(self) -> bool:
        return not any(self.model_dump().values())


class VictimIn(BaseModel):
    age_band: AgeBand | None = None
    sex: str | None = Field(default=None, pattern=r"^[FMX]$")
    nationality: Country | None = None
    residence_country: Country | None = None
    residence_region: str | None = Field(default=None, max_length=80)
    vulnerability_flags: list[Vulnerability] = Field(default_factory=list)
    personal: VictimPersonal | None = None


class TransactionIn(BaseModel):
    hop: int = Field(default=1, ge=1, le=20)
    occurred_at: AwareDatetime
    occurred_tz: TimeZone = "UTC"
    amount: Decimal = Field(gt=0, max_digits=24, decimal_places=8)
    currency: str = Field(pattern=r"^[A-Z0-9]{3,10}$")
    network: str | None = Field(default=None, max_length=20)
    rail: Rail
    payer: IdentifierIn | None = None
    payee: IdentifierIn | None = None
    institution: str | None = Field(default=None, max_length=120)
    reference: str | None = Field(default=None, max_length=160)


class ReportIn(BaseModel):
    """A fraud report as filed through the form, the API or an import row."""

    model_config = ConfigDict(str_strip_whitespace=True)

    jurisdiction: Country | None = None
    channel_of_report: Channel = Channel.WEB
    received_at: AwareDatetime | None = None
    received_tz: TimeZone = "UTC"
    language: str = Field(default="und", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$|^und$")
    reporter_role: ReporterRole = ReporterRole.VICTIM
    anonymous: bool = False
    victim: VictimIn | None = None
    typology_code: str | None = Field(default=None, max_length=20)
    secondary_codes: list[str] = Field(default_factory=list, max_length=10)
    first_contact_at: AwareDatetime | None = None
    first_contact_channel: str | None = Field(default=None, max_length=30)
    platforms: list[str] = Field(default_factory=list, max_length=20)
    impersonated_entity: str | None = Field(default=None, max_length=200)
    narrative: str = Field(default="", max_length=100_000)
    self_effected: bool | None = None
    transactions: list[TransactionIn] = Field(default_factory=list, max_length=500)
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=2000)
    extract_from_narrative: bool = True
    tlp: Tlp = Tlp.AMBER
    handling_codes: list[str] = Field(default_factory=lambda: ["H0"])
    source_reliability: str = Field(default="X", pattern=r"^[ABCX]$")
    info_accuracy: int = Field(default=4, ge=1, le=4)
    source_ref: str | None = Field(default=None, max_length=160)

    @field_validator("handling_codes")
    @classmethod
    def _handling(cls, codes: list[str]) -> list[str]:
        unknown = sorted(set(codes) - {"H0", "H1", "H2", "H3"})
        if unknown:
            raise ValueError(f"unknown handling codes {unknown}; allowed H0, H1, H2, H3")
        return codes


class IdentifierView(BaseModel):
    id: uuid.UUID
    id_type: str
    display: str
    status: str
    reason: str | None
    state: str
    state_reason: str | None
    linkable: bool
    strength: str
    flags: list[str]
    attrs: dict[str, str]
    normaliser_version: str
    n_reports: int
    first_seen: datetime
    last_seen: datetime


class SightingView(BaseModel):
    identifier: IdentifierView
    role: str
    side: str
    confidence: float
    source: str


class TransactionView(BaseModel):
    hop: int
    occurred_at: datetime
    occurred_tz: str
    amount: Decimal
    currency: str
    network: str | None
    rail: str
    payer: str | None
    payee: str | None
    institution: str | None
    reference: str | None


class VictimView(BaseModel):
    """The pseudonymous part of the victim record; personal identifiers need a logged read."""

    pseudonym: str
    age_band: str | None
    sex: str | None
    nationality: str | None
    residence_country: str | None
    residence_region: str | None
    vulnerability_flags: list[str]
    has_personal_data: bool


class ReportView(BaseModel):
    id: uuid.UUID
    crime_reference_no: str
    owner_agency_id: uuid.UUID
    jurisdiction: str
    channel_of_report: str
    received_at: datetime
    received_tz: str
    language: str
    reporter_role: str
    anonymous: bool
    typology_code: str | None
    secondary_codes: list[str]
    typology_confirmed: bool
    suggestion: dict[str, Any] | None
    first_contact_at: datetime | None
    first_contact_channel: str | None
    platforms: list[str]
    impersonated_entity: str | None
    narrative: str
    self_effected: bool | None
    tlp: str
    handling_codes: list[str]
    source_reliability: str
    info_accuracy: int
    network_id: uuid.UUID | None
    network_label: str | None
    status: str
    source_ref: str | None
    created_at: datetime
    losses: dict[str, Decimal]
    victim: VictimView | None
    transactions: list[TransactionView]
    sightings: list[SightingView]


class FiledReport(BaseModel):
    id: uuid.UUID
    crime_reference_no: str
    network_id: uuid.UUID | None
    rejected_identifiers: list[dict[str, str]]
    duplicate: bool = False
