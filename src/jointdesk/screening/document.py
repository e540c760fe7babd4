"""The screening input document: one request as the rules see it (docs/screening.md lists every field).

Fields follow the Council of Europe T-CY template (operations.md §8) plus what the rules of
safeguards.md §3 need. ``None`` means *not provided* and makes the rules reading it fail closed.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from jointdesk.screening.persons import COUNTRY, Frozen, Offence, Person
from jointdesk.screening.vocabulary import (
    ContactPlan,
    ContextFlag,
    DnaProfileType,
    DnaSearch,
    FamilyMeasure,
    Granularity,
    HandlingCode,
    HolderKind,
    IdentifierKind,
    InterventionKind,
    OrderAuthority,
    RequestType,
    TlpLabel,
    TransferBasis,
    TransferRoute,
    Urgency,
)

SCHEMA_VERSION = "1"


class Authority(Frozen):
    """Requesting or receiving authority (T-CY items 2-3)."""

    authority_id: str = Field(min_length=1)
    name: str
    country: str = Field(pattern=COUNTRY)
    unit: str | None = None
    contact_ref: str | None = None
    time_zone: str | None = None


class LegalBasis(Frozen):
    kind: str = Field(min_length=1)
    reference: str = Field(min_length=1)


class Statement(Frozen):
    """LED Art. 7: every statement is a fact or an assessment."""

    kind: str = Field(pattern=r"^(fact|assessment)$")
    text: str


class FactsSummary(Frozen):
    """GEN-06 structured summary of the person's own conduct."""

    narrative: str | None = None
    conduct_role: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    place: str | None = None
    means: str | None = None
    amount: float | None = Field(default=None, ge=0)
    currency: str | None = None
    victims_count: int | None = Field(default=None, ge=0)
    evidence_refs: list[str] | None = None
    statements: list[Statement] = Field(default_factory=list)


class UrgencyInfo(Frozen):
    level: Urgency
    reason: str | None = None


class Markings(Frozen):
    """GEN-08 / safeguards.md §5.2."""

    handling_codes: list[HandlingCode] | None = None
    h3_restriction: str | None = None
    tlp: TlpLabel | None = None
    onward_transfer_consent: bool | None = None
    originator_consent_ref: str | None = None


class Retention(Frozen):
    """GEN-09 destination and retention."""

    destination_authority_id: str | None = None
    transfer_basis: TransferBasis | None = None
    derogation_reason: str | None = None
    review_date: date | None = None


class Context(Frozen):
    """GEN-03 context: flags, politically interested source, related data declined elsewhere."""

    flags: list[ContextFlag] | None = None
    source_politically_interested: bool | None = None
    prior_declines: list[str] | None = None


class Attribution(Frozen):
    method: str
    sources: list[str]
    # Naive timestamps are accepted here so GEN-11 can flag them (a mis-resolved IP often is one).
    observed_at: datetime | None = None
    time_zone_checked: bool
    second_verification: bool


class Identifier(Frozen):
    """GEN-11: an identifier, and how it was tied to a person if it names one."""

    kind: IdentifierKind
    value: str
    attributed_person_ref: str | None = None
    attribution: Attribution | None = None


class PartnerRecord(Frozen):
    """GEN-10 partner statistics over the last 12 months, taken from the audit log."""

    partner_authority_id: str
    requests_12m: int = Field(ge=0)
    blocked_12m: int = Field(ge=0)
    overridden_found_wrong_12m: int = Field(ge=0)
    oversight_questions_unanswered_12m: int = Field(ge=0)
    misuse_findings: int = Field(ge=0)
    suspended: bool = False


class AccountHolder(Frozen):
    kind: HolderKind
    person_ref: str | None = None
    possible_victim_or_mule: bool | None = None


class FreezeDetails(Frozen):
    """FRZ-01 inputs (and for domestic stop-payment / crypto freeze interventions)."""

    order_ref: str | None = None
    order_authority: OrderAuthority | None = None
    confirmation_deadline: AwareDatetime | None = None
    amount: float | None = Field(default=None, gt=0)
    suspected_proceeds: float | None = Field(default=None, gt=0)
    currency: str | None = None
    expiry: AwareDatetime | None = None
    double_criminality: bool | None = None
    ne_bis_in_idem_clear: bool | None = None
    holder: AccountHolder | None = None


class LocateDetails(Frozen):
    purpose_code: str | None = None
    warrant_ref: str | None = None
    granularity: Granularity | None = None
    contact_plan: ContactPlan | None = None


class TransferDetails(Frozen):
    route: TransferRoute | None = None
    sending_country: str | None = Field(default=None, pattern=COUNTRY)
    destination_country: str | None = Field(default=None, pattern=COUNTRY)
    declared_batch_size: int | None = Field(default=None, ge=0)


class ReferenceProfile(Frozen):
    relation: str
    consent_ref: str | None = None
    search_against_criminal_databases: bool


class DnaDetails(Frozen):
    """DNA-01 inputs."""

    profile_type: DnaProfileType | None = None
    loci: list[str] | None = None
    purpose_code: str | None = None
    case_ref: str | None = None
    profile_refs: list[str] | None = None
    searches: list[DnaSearch] | None = None
    special_search_legal_basis: str | None = None
    reference_profiles: list[ReferenceProfile] = Field(default_factory=list)
    subject_convicted: bool | None = None
    retention_until: date | None = None


class InterventionDetails(Frozen):
    kind: InterventionKind
    affected_person_ref: str | None = None


class ScreeningDocument(BaseModel):
    """One request, as submitted for screening; frozen, extra fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: str = Field(default=SCHEMA_VERSION, pattern=r"^1$")
    request_id: str = Field(min_length=1)
    request_type: RequestType
    created_on: date | None = None
    requesting: Authority | None = None
    receiving: Authority | None = None
    legal_basis: LegalBasis | None = None
    purpose_code: str | None = None
    case_ref: str | None = None
    offences: list[Offence] | None = None
    facts: FactsSummary | None = None
    urgency: UrgencyInfo | None = None
    markings: Markings | None = None
    retention: Retention | None = None
    context: Context | None = None
    declared_family_measures: list[FamilyMeasure] | None = None
    payload_fields: list[str] | None = None
    special_category_justification: str | None = None
    identifiers: list[Identifier] = Field(default_factory=list)
    persons: list[Person] = Field(default_factory=list)
    partner_record: PartnerRecord | None = None
    freeze: FreezeDetails | None = None
    locate: LocateDetails | None = None
    transfer: TransferDetails | None = None
    dna: DnaDetails | None = None
    intervention: InterventionDetails | None = None
    messages: list[str] = Field(default_factory=list)

    def person(self, ref: str | None) -> Person | None:
        return next((p for p in self.persons if p.ref == ref), None) if ref else None


__all__ = [
    "SCHEMA_VERSION",
    "AccountHolder",
    "Attribution",
    "Authority",
    "Context",
    "DnaDetails",
    "FactsSummary",
    "FreezeDetails",
    "Identifier",
    "InterventionDetails",
    "LegalBasis",
    "LocateDetails",
    "Markings",
    "Offence",
    "PartnerRecord",
    "Person",
    "ReferenceProfile",
    "Retention",
    "ScreeningDocument",
    "Statement",
    "TransferDetails",
    "UrgencyInfo",
]
