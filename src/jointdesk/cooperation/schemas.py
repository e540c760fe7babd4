"""Request and intervention commands and read models."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from jointdesk.screening.vocabulary import InterventionKind, RequestType


class Status(StrEnum):
    DRAFT = "draft"
    SCREENED = "screened"  # nothing open: waits for the human approval (a PASS is never approval)
    REVIEW = "review"  # a REVIEW item waits for a rights reviewer outside the requesting unit
    BLOCKED = "blocked"  # a BLOCK stands: amend, or (non-absolute) two reviewers override
    APPROVED = "approved"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    EXECUTED = "executed"
    PARTLY_EXECUTED = "partly_executed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    RELEASED = "released"


CLOSED = frozenset(
    {Status.EXECUTED, Status.PARTLY_EXECUTED, Status.REFUSED, Status.WITHDRAWN, Status.RELEASED}
)


class RequestDraft(BaseModel):
    """What the requester writes. ``document`` carries the T-CY fields in the screening schema
    (docs/screening.md) without ``request_id``, ``request_type``, ``requesting``, ``receiving`` and
    ``persons``: the service fills those from the agencies and the person records."""

    model_config = ConfigDict(str_strip_whitespace=True)

    request_type: RequestType
    receiving_agency_id: uuid.UUID
    document: dict[str, Any] = Field(default_factory=dict)
    person_ids: list[uuid.UUID] = Field(default_factory=list, max_length=5000)
    person_records: dict[str, dict[str, Any]] = Field(default_factory=dict)
    report_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)
    identifier_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)
    network_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    due_at: datetime | None = None
    amount_requested: Decimal | None = Field(default=None, gt=0)
    currency: str | None = Field(default=None, pattern=r"^[A-Z0-9]{3,10}$")
    batch_id: uuid.UUID | None = None


class Amendment(BaseModel):
    document: dict[str, Any]
    person_ids: list[uuid.UUID] | None = None
    person_records: dict[str, dict[str, Any]] | None = None


class RuleView(BaseModel):
    key: str
    rule_id: str
    outcome: str
    absolute: bool
    overridable: bool
    explanation: str
    missing_inputs: list[str]
    person_ref: str | None


class ScreeningView(BaseModel):
    id: uuid.UUID
    aggregate: str
    absolute: bool
    ruleset_version: str
    ruleset_hash: str
    document_hash: str
    screened_at: datetime
    rules: list[RuleView]
    open_blocks: list[str]
    open_reviews: list[str]


class DecisionView(BaseModel):
    kind: str
    verdict: str
    actor_agency_id: uuid.UUID | None
    reasons: str
    rule_keys: list[str]
    at: datetime


class MessageView(BaseModel):
    agency_id: uuid.UUID
    body: str
    at: datetime


class TransitionView(BaseModel):
    from_status: str
    to_status: str
    note: str
    at: datetime


class RequestView(BaseModel):
    id: uuid.UUID
    ref: str
    request_type: str
    status: str
    owner_agency_id: uuid.UUID
    receiving_agency_id: uuid.UUID
    urgency: str
    document: dict[str, Any]
    person_ids: list[str]
    report_ids: list[str]
    identifier_ids: list[str]
    network_ids: list[str]
    due_at: datetime | None
    hold_expires_at: datetime | None
    renewals: int
    amount_requested: Decimal | None
    amount_secured: Decimal | None
    currency: str | None
    result: str | None
    created_at: datetime
    sent_at: datetime | None
    acknowledged_at: datetime | None
    executed_at: datetime | None
    screening: ScreeningView | None
    decisions: list[DecisionView]
    messages: list[MessageView]
    timeline: list[TransitionView]


class InterventionDraft(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    kind: InterventionKind
    target_identifier_id: uuid.UUID | None = None
    target: str = Field(default="", max_length=512)
    partner: str = Field(min_length=2, max_length=200)
    legal_basis: str = Field(min_length=2, max_length=200)
    report_id: uuid.UUID | None = None
    affected_person_id: uuid.UUID | None = None
    amount_requested: Decimal | None = Field(default=None, gt=0)
    currency: str | None = Field(default=None, pattern=r"^[A-Z0-9]{3,10}$")
    hold_days: int | None = Field(default=None, ge=1, le=180)
    # What FRZ-01 needs for a freeze: the order, the offence and who holds the account.
    order_ref: str | None = Field(default=None, max_length=120)
    order_authority: str = Field(
        default="urgent_statutory", pattern=r"^(judicial|prosecutor|urgent_statutory|fiu)$"
    )
    offence_code: str = Field(default="fraud_telecom", max_length=40)
    statute_ref: str | None = Field(default=None, max_length=200)
    max_penalty_years: float | None = Field(default=None, ge=0)
    holder_kind: str = Field(default="individual", pattern=r"^(individual|business|ngo|media|political)$")
    holder_possibly_coerced: bool = False


class InterventionView(BaseModel):
    id: uuid.UUID
    ref: str
    kind: str
    status: str
    target: str
    partner: str
    legal_basis: str
    report_id: uuid.UUID | None
    amount_requested: Decimal | None
    amount_secured: Decimal | None
    currency: str | None
    result: str | None
    screening: dict[str, Any] | None
    reported_at: datetime | None
    transfer_at: datetime | None
    drafted_at: datetime
    sent_at: datetime | None
    acknowledged_at: datetime | None
    executed_at: datetime | None
    expires_at: datetime | None
    minutes_to_freeze: float | None
