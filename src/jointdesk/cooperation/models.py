"""Cross-border requests, their screenings and human decisions, messages, domestic interventions,
persons (restricted store), trafficking screenings and transfer batches (issue #5).

A request is owned by the requesting agency; the receiving agency sees it once it is sent.
Screening results are stored with the rule-set hash and the hash of the exact document screened,
so an amendment voids the decision and an auditor can replay it (INV-3, INV-4).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from jointdesk.authz.models import AgencyScoped, Protected
from jointdesk.db.base import Base
from jointdesk.db.types import JSONType, UTCDateTime


class CoopRequest(Protected, Base):
    """A cross-border request; ``document`` holds the T-CY fields as the screening engine reads them."""

    __tablename__ = "coop_request"
    resource_kind = "coop_request"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    request_type: Mapped[str] = mapped_column(String(30), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    receiving_agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agency.id"), index=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSONType)
    person_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    report_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    identifier_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    network_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    urgency: Mapped[str] = mapped_column(String(12))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    amount_requested: Mapped[Decimal | None] = mapped_column(Numeric(24, 8), nullable=True)
    amount_secured: Mapped[Decimal | None] = mapped_column(Numeric(24, 8), nullable=True)
    currency: Mapped[str | None] = mapped_column(String(12), nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    document_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    screening_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    approval_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    batch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    executed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CoopTransition(Base):
    """The request's timeline (the audit log holds the same transitions as coded events)."""

    __tablename__ = "coop_transition"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("coop_request.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    agency_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class RulesetPublication(Base):
    """INV-3: a rule-set version is hashed and published (audited) before any decision uses it."""

    __tablename__ = "screening_ruleset"

    ruleset_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(20))
    canonical: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CoopScreening(Base):
    """One screening run of one exact document under one published rule set."""

    __tablename__ = "coop_screening"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("coop_request.id"), index=True)
    ruleset_version: Mapped[str] = mapped_column(String(20))
    ruleset_hash: Mapped[str] = mapped_column(String(64), ForeignKey("screening_ruleset.ruleset_hash"))
    document_hash: Mapped[str] = mapped_column(String(64))
    aggregate: Mapped[str] = mapped_column(String(8))
    absolute: Mapped[bool] = mapped_column(Boolean)
    result: Mapped[dict[str, Any]] = mapped_column(JSONType)
    document: Mapped[dict[str, Any]] = mapped_column(JSONType)
    screened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    screened_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)


class CoopDecision(Base):
    """A human act on a screening: a rights review, one half of an override, or the approval."""

    __tablename__ = "coop_decision"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("coop_request.id"), index=True)
    screening_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("coop_screening.id"))
    kind: Mapped[str] = mapped_column(String(12))  # review | override | approval
    verdict: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    actor_agency_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    actor_unit: Mapped[str] = mapped_column(String(120), default="")
    rule_keys: Mapped[list[str]] = mapped_column(JSONType, default=list)
    reason_codes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    reasons: Mapped[str] = mapped_column(Text)
    oversight_notice: Mapped[str | None] = mapped_column(String(80), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class CoopMessage(Base):
    """The thread between the requesting and the receiving agency."""

    __tablename__ = "coop_message"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("coop_request.id"), index=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agency.id"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class CoopAttachment(Base):
    """A file attached to a request (bytes content-addressed in ``intel_blob``)."""

    __tablename__ = "coop_attachment"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("coop_request.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("intel_blob.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agency.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Intervention(AgencyScoped, Base):
    """A domestic action (operations.md §5) with the timestamps time-to-freeze is measured on."""

    __tablename__ = "coop_intervention"
    resource_kind = "coop_intervention"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    target_identifier_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("intel_identifier.id"), nullable=True
    )
    target: Mapped[str] = mapped_column(String(512))
    partner: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(String(200))
    report_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("intel_report.id"), nullable=True)
    request_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    affected_person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    amount_requested: Mapped[Decimal | None] = mapped_column(Numeric(24, 8), nullable=True)
    amount_secured: Mapped[Decimal | None] = mapped_column(Numeric(24, 8), nullable=True)
    currency: Mapped[str | None] = mapped_column(String(12), nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    screening: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    transfer_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    executed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)


class CoopPerson(Protected, Base):
    """A person named in requests: facts and assessments apart; personal data encrypted (§5.1)."""

    __tablename__ = "coop_person"
    __table_args__ = (UniqueConstraint("owner_agency_id", "intake_batch", "intake_ref"),)
    resource_kind = "coop_person"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    ref: Mapped[str] = mapped_column(String(24), unique=True)
    category: Mapped[str] = mapped_column(String(24), index=True)
    facts: Mapped[dict[str, Any]] = mapped_column(JSONType)
    assessments: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    personal_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    screening_status: Mapped[str] = mapped_column(String(24), index=True)
    non_punishment: Mapped[bool] = mapped_column(Boolean, default=False)
    protection_referral: Mapped[bool] = mapped_column(Boolean, default=False)
    reflection_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str] = mapped_column(String(20))  # manual | raid_intake
    intake_batch: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    intake_ref: Mapped[str | None] = mapped_column(String(120), nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TipScreeningRecord(Base):
    """A trafficking-victim screening (safeguards.md §4) by an independent screener."""

    __tablename__ = "coop_tip_screening"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("coop_person.id"), index=True)
    screener_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSONType)
    outcome: Mapped[str] = mapped_column(String(24))
    score: Mapped[dict[str, Any]] = mapped_column(JSONType)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TransferBatch(Protected, Base):
    """A list of persons to transfer; each must be individually cleared (TRF-02)."""

    __tablename__ = "coop_transfer_batch"
    resource_kind = "coop_transfer_batch"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    receiving_agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agency.id"))
    route: Mapped[str] = mapped_column(String(30))
    sending_country: Mapped[str] = mapped_column(String(2))
    destination_country: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(20))
    request_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TransferBatchEntry(Base):
    """One person of a batch with the transfer record the TRF rules read and its clearance."""

    __tablename__ = "coop_transfer_entry"
    __table_args__ = (UniqueConstraint("batch_id", "person_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    batch_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("coop_transfer_batch.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("coop_person.id"), index=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    clearance: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    cleared: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MonitoringReport(Base):
    """Post-transfer monitoring of a returned person (and speciality checks on later charges)."""

    __tablename__ = "coop_monitoring_report"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("coop_person.id"), index=True)
    batch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    monitor: Mapped[str] = mapped_column(String(200))
    findings: Mapped[str] = mapped_column(Text)
    concerns: Mapped[bool] = mapped_column(Boolean, default=False)
    later_charges: Mapped[list[str]] = mapped_column(JSONType, default=list)
    speciality_breach: Mapped[bool] = mapped_column(Boolean, default=False)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
