"""Commands and read models of persons, trafficking screenings, transfer batches and raid intake.

Person facts reuse the screening vocabulary (``jointdesk.screening.persons``) so a stored record
always validates as a screening ``Person``; personal data (names, birth date, documents) travels
only in :class:`PersonalData`, which is stored encrypted.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from jointdesk.authz import Tlp
from jointdesk.screening.persons import (
    COUNTRY,
    AgeAssessment,
    Interpreter,
    LocationRecord,
    Offence,
    ScreeningSetting,
)
from jointdesk.screening.vocabulary import (
    Answer,
    PersecutionGround,
    PersonCategory,
    ProtectionStatus,
    SourceReliability,
    SubjectStatus,
    TransferRoute,
    Vulnerability,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PersonalData(Strict):
    """The restricted store (encrypted at rest; every read is access-logged)."""

    full_name: str = Field(min_length=1, max_length=200)
    other_names: list[str] = Field(default_factory=list, max_length=20)
    date_of_birth: date | None = None
    place_of_birth: str | None = Field(default=None, max_length=200)
    passport_numbers: list[str] = Field(default_factory=list, max_length=10)
    phone_numbers: list[str] = Field(default_factory=list, max_length=10)
    found_at_site: str | None = Field(default=None, max_length=200)
    notes: str = Field(default="", max_length=4000)


class PersonFacts(Strict):
    """Facts about the person as the screening rules read them (safeguards.md §5.1).

    ``None`` means *not recorded* (the rules fail closed); an empty list means *none apply*.
    """

    source_reliability: SourceReliability | None = None
    accuracy: int | None = Field(default=None, ge=1, le=4)
    nationalities: list[str] | None = None
    stateless: bool = False
    protection_status: ProtectionStatus | None = None
    country_of_feared_persecution: str | None = Field(default=None, pattern=COUNTRY)
    subject_status: list[SubjectStatus] | None = None
    reported_groups: list[str] = Field(default_factory=list)
    languages: list[str] | None = None
    relied_grounds: list[PersecutionGround] = Field(default_factory=list)
    age_assessment: AgeAssessment | None = None
    vulnerabilities: list[Vulnerability] | None = None
    location_history: list[LocationRecord] | None = None
    charges: list[Offence] | None = None


class AssessmentIn(Strict):
    """An assessment (LED Art. 7), kept apart from the facts."""

    text: str = Field(min_length=3, max_length=2000)
    basis: str = Field(default="officer", min_length=2, max_length=60)


class PersonIn(Strict):
    category: PersonCategory = PersonCategory.UNCLASSIFIED
    tlp: Tlp = Tlp.AMBER_STRICT
    facts: PersonFacts = Field(default_factory=PersonFacts)
    personal: PersonalData | None = None
    assessments: list[AssessmentIn] = Field(default_factory=list, max_length=50)


class PersonUpdate(Strict):
    """Replace what is given; what is absent stays as it is."""

    category: PersonCategory | None = None
    tlp: Tlp | None = None
    facts: PersonFacts | None = None
    personal: PersonalData | None = None


class ShareIn(Strict):
    agency_id: uuid.UUID
    user_id: uuid.UUID | None = None


class TipSummary(BaseModel):
    id: uuid.UUID
    outcome: str
    valid: bool
    problems: list[str]
    completed_at: datetime


class PersonView(BaseModel):
    id: uuid.UUID
    ref: str
    owner_agency_id: uuid.UUID
    tlp: str
    category: str
    facts: dict[str, Any]
    assessments: list[dict[str, Any]]
    screening_status: str
    non_punishment: bool
    protection_referral: bool
    reflection_until: date | None
    source: str
    intake_batch: str | None
    intake_ref: str | None
    has_personal_data: bool
    latest_screening: TipSummary | None
    created_at: datetime
    updated_at: datetime


class TipScreeningIn(Strict):
    """Q1-Q15 (safeguards.md §4.2) with the interview language, interpreter and setting (§4.1)."""

    interview_language: str = Field(min_length=2, max_length=16)
    interpreter: Interpreter | None = None
    setting: ScreeningSetting
    answers: dict[str, Answer]
    notes: dict[str, str] = Field(default_factory=dict)
    declared_independent: bool = True
    completed_at: AwareDatetime | None = None


class TipScreeningView(BaseModel):
    id: uuid.UUID
    person_id: uuid.UUID
    outcome: str
    strong_yes: int
    medium_yes: int
    unsettled: list[str]
    valid: bool
    problems: list[str]
    screener_organisation: str
    independent: bool
    completed_at: datetime
    screening_status: str
    category: str
    non_punishment: bool
    protection_referral: bool
    reflection_until: date | None


class BatchIn(Strict):
    receiving_agency_id: uuid.UUID
    route: TransferRoute
    sending_country: str = Field(pattern=COUNTRY)
    destination_country: str = Field(pattern=COUNTRY)
    tlp: Tlp = Tlp.AMBER_STRICT


class AddPersonIn(Strict):
    person_id: uuid.UUID


class ClearanceReviewIn(Strict):
    approve: bool
    reasons: str = Field(min_length=10, max_length=4000)


class MonitoringIn(Strict):
    monitor: str = Field(min_length=2, max_length=200)
    findings: str = Field(min_length=3, max_length=8000)
    concerns: bool = False
    later_charges: list[str] = Field(default_factory=list, max_length=50)


class EntryView(BaseModel):
    person_id: uuid.UUID
    person_ref: str
    category: str
    screening_status: str
    record: dict[str, Any]
    outcome: str | None
    absolute: bool
    cleared: bool
    review_keys: list[str]
    block_keys: list[str]
    missing_inputs: list[str]
    rules: list[dict[str, Any]]
    review: dict[str, Any] | None


class BatchView(BaseModel):
    id: uuid.UUID
    ref: str
    owner_agency_id: uuid.UUID
    receiving_agency_id: uuid.UUID
    route: str
    sending_country: str
    destination_country: str
    status: str
    tlp: str
    created_at: datetime
    counts: dict[str, int]
    entries: list[EntryView]


class MonitoringView(BaseModel):
    id: uuid.UUID
    person_id: uuid.UUID
    batch_id: uuid.UUID | None
    monitor: str
    findings: str
    concerns: bool
    later_charges: list[str]
    speciality_breach: bool
    reported_at: datetime


class RowError(BaseModel):
    row: int
    field: str
    reason: str


class IntakeReport(BaseModel):
    batch: str
    rows: int
    created: int
    existing: int
    errors: list[RowError]


class IntakeRow(BaseModel):
    person_id: uuid.UUID
    ref: str
    intake_ref: str | None
    category: str
    screening_status: str
    nationalities: list[str]
    found_area: str | None


class IntakeSummary(BaseModel):
    batch: str
    total: int
    counts: dict[str, int]
    persons: list[IntakeRow]
