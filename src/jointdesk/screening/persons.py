"""Per-person inputs of the screening document (safeguards.md §3 TIP/TRF rows, §4, §5.1).

``None`` always means *not provided* and makes the rules reading it fail closed (§2.2); an empty
list means *provided, none apply*.
"""

from __future__ import annotations

from datetime import date

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from jointdesk.screening.vocabulary import (
    Answer,
    AssuranceTrackRecord,
    DecisionAuthorityKind,
    PersecutionGround,
    PersonCategory,
    ProtectionStatus,
    RiskFactor,
    SiteKind,
    SourceReliability,
    SubjectStatus,
    TransferPurpose,
    Vulnerability,
)

COUNTRY = r"^[A-Z]{2}$"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Offence(Frozen):
    """One charge: a rule-set offence code, the statute and its maximum penalty (TRF-04, TRF-06)."""

    code: str = Field(min_length=1)
    statute_ref: str | None = None
    max_penalty_years: float | None = Field(default=None, ge=0)
    life_imprisonment: bool | None = None
    death_penalty: bool | None = None
    likely_add_on: bool = False
    linked_to_organised_crime: bool = False
    # TRF-06 double criminality: the same conduct in the law of the requested/sending state.
    receiving_state_statute_ref: str | None = None
    receiving_state_max_penalty_years: float | None = Field(default=None, ge=0)


class LocationRecord(Frozen):
    country: str = Field(pattern=COUNTRY)
    area: str | None = None
    site_kind: SiteKind = SiteKind.OTHER
    found_in_raid: bool = False
    date_from: date | None = None
    date_to: date | None = None


class Interpreter(Frozen):
    language: str
    independent: bool


class ScreeningSetting(Frozen):
    """Where and how the trafficking screening interview took place (§4.1)."""

    place_kind: str
    before_any_interrogation: bool
    purpose_explained: bool
    non_use_assured: bool
    compound_staff_present: bool
    coworkers_present: bool
    receiving_state_officials_present: bool


class TraffickingScreening(Frozen):
    """A completed independent screening (§4); the outcome is recomputed from the answers."""

    screening_id: str
    screener_ref: str
    screener_organisation: str
    screener_independent_of_requesting_state: bool
    interview_language: str
    interpreter: Interpreter | None = None
    setting: ScreeningSetting
    answers: dict[str, Answer]
    completed_at: AwareDatetime


class AgeAssessment(Frozen):
    assessed_min_age: int = Field(ge=0, le=130)
    disputed: bool
    assessor: str
    assessed_on: date


class BestInterestsDecision(Frozen):
    authority: str
    decision_ref: str
    decided_on: date


class LegalDecision(Frozen):
    """TRF-01: the sending state's formal, appealable decision."""

    decision_ref: str
    authority: str
    authority_kind: DecisionAuthorityKind
    decided_at: AwareDatetime
    appealable: bool
    appeal_window_days: int = Field(ge=0)
    appeal_exhausted: bool = False


class ConsentRecord(Frozen):
    """TRF-01: informed consent to a voluntary return, recorded by an independent interviewer."""

    interviewer: str
    interviewer_independent: bool
    informed: bool
    language_understood: bool
    receiving_state_officials_present: bool
    pressure_on_relatives_reported: bool
    withdrawn: bool = False
    recorded_at: AwareDatetime


class RightsRecord(Frozen):
    """TRF-02: rights information, lawyer, asylum and challenge opportunity."""

    rights_information_given: bool
    lawyer_access: bool
    asylum_opportunity: bool
    challenge_opportunity: bool


class NonRefoulementAssessment(Frozen):
    assessment_ref: str
    written: bool
    substantial_grounds: bool
    personal_factors: list[RiskFactor]


class MonitoringPlan(Frozen):
    consular_access: bool
    lawyer_access: bool
    monitor: str | None = None
    report_dates: list[date] = Field(default_factory=list)


class DeathPenaltyAssurance(Frozen):
    """TRF-04 assurance object tested against the Othman criteria."""

    assurance_id: str
    issuer: str
    binds_state: bool
    scope_offence_codes: list[str]
    track_record: AssuranceTrackRecord
    monitoring_plan: MonitoringPlan | None = None


class FairTrialFacts(Frozen):
    """TRF-05 case facts; the country side comes from the risk register."""

    judgment_in_absentia: bool
    retrial_guaranteed: bool | None = None
    special_or_military_court: bool
    incommunicado_risk: bool
    lawyer_of_choice_denied: bool


class ConsularNotice(Frozen):
    country: str = Field(pattern=COUNTRY)
    notified_at: AwareDatetime


class TransferRecord(Frozen):
    """Everything TRF-01..08 read about one person of a transfer or joint operation."""

    purpose: TransferPurpose | None = None
    remaining_sentence_months: float | None = Field(default=None, ge=0)
    legal_decision: LegalDecision | None = None
    consent: ConsentRecord | None = None
    rights: RightsRecord | None = None
    non_refoulement: NonRefoulementAssessment | None = None
    assurances: list[DeathPenaltyAssurance] = Field(default_factory=list)
    fair_trial: FairTrialFacts | None = None
    prior_final_judgment_same_conduct: bool | None = None
    time_barred: bool | None = None
    amnesty: bool | None = None
    charges_outside_list: list[str] = Field(default_factory=list)
    re_extradition_requested: bool = False
    consular_notice: ConsularNotice | None = None
    best_interests: BestInterestsDecision | None = None


class Person(Frozen):
    """A person the request names; ``ref`` is the case-store id, never a name."""

    ref: str = Field(min_length=1)
    category: PersonCategory | None = None
    source_reliability: SourceReliability | None = None
    accuracy: int | None = Field(default=None, ge=1, le=4)
    nationalities: list[str] | None = None
    stateless: bool = False
    protection_status: ProtectionStatus | None = None
    country_of_feared_persecution: str | None = Field(default=None, pattern=COUNTRY)
    subject_status: list[SubjectStatus] | None = None
    # Special-category data: recorded only when strictly necessary; empty means none recorded.
    reported_groups: list[str] = Field(default_factory=list)
    languages: list[str] | None = None
    relied_grounds: list[PersecutionGround] = Field(default_factory=list)
    date_of_birth: date | None = None
    age_assessment: AgeAssessment | None = None
    vulnerabilities: list[Vulnerability] | None = None
    location_history: list[LocationRecord] | None = None
    non_punishment_flag: bool = False
    trafficking_screening: TraffickingScreening | None = None
    charges: list[Offence] | None = None
    transfer: TransferRecord | None = None
