"""Fraud reports, the restricted victim store, transactions, identifiers, occurrences, networks.

Storage is linear in sightings (sharing.md §2.2): each normalised identifier is stored once and
``intel_occurrence`` links it to a report; there is no pairwise correlation table. A report's
``network_id`` is its fraud network (NULL while it links to nothing).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from jointdesk.authz.models import Protected
from jointdesk.db.base import Base
from jointdesk.db.types import JSONType, UTCDateTime


class IntelReport(Protected, Base):
    """One fraud report (operations.md §3): intake facts, the incident and its markings."""

    __tablename__ = "intel_report"
    __table_args__ = (UniqueConstraint("owner_agency_id", "source_ref"),)
    resource_kind = "intel_report"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    crime_reference_no: Mapped[str] = mapped_column(String(40), unique=True)
    jurisdiction: Mapped[str] = mapped_column(String(2), index=True)
    channel_of_report: Mapped[str] = mapped_column(String(30))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    received_tz: Mapped[str] = mapped_column(String(64), default="UTC")
    language: Mapped[str] = mapped_column(String(16))
    reporter_role: Mapped[str] = mapped_column(String(20))
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    typology_code: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    secondary_codes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    typology_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    suggestion: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    first_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_contact_channel: Mapped[str | None] = mapped_column(String(30), nullable=True)
    platforms: Mapped[list[str]] = mapped_column(JSONType, default=list)
    impersonated_entity: Mapped[str | None] = mapped_column(String(200), nullable=True)
    narrative: Mapped[str] = mapped_column(Text, default="")
    self_effected: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    handling_codes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    source_reliability: Mapped[str] = mapped_column(String(1), default="X")
    info_accuracy: Mapped[int] = mapped_column(Integer, default=4)
    victim_key: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    last_transfer_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    network_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("intel_network.id"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    # The source's own id from an import: a re-run of the same file skips what is already in.
    source_ref: Mapped[str | None] = mapped_column(String(160), nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IntelVictim(Base):
    """The restricted store: who the victim is. Only pseudonymous facts leave this table."""

    __tablename__ = "intel_victim"

    report_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("intel_report.id"), primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(24), unique=True)
    age_band: Mapped[str | None] = mapped_column(String(10), nullable=True)
    sex: Mapped[str | None] = mapped_column(String(1), nullable=True)
    nationality: Mapped[str | None] = mapped_column(String(2), nullable=True)
    residence_country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    residence_region: Mapped[str | None] = mapped_column(String(80), nullable=True)
    vulnerability_flags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    trafficking_screening: Mapped[str] = mapped_column(String(20), default="not_applicable")
    personal_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class IntelTransaction(Base):
    """One money hop: hop 1 leaves the victim, later hops move between mule accounts."""

    __tablename__ = "intel_transaction"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    report_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("intel_report.id"), index=True)
    hop: Mapped[int] = mapped_column(Integer, default=1)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    occurred_tz: Mapped[str] = mapped_column(String(64), default="UTC")
    amount: Mapped[Decimal] = mapped_column(Numeric(24, 8))
    currency: Mapped[str] = mapped_column(String(12))
    network: Mapped[str | None] = mapped_column(String(20), nullable=True)
    rail: Mapped[str] = mapped_column(String(20))
    payer_identifier_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("intel_identifier.id"), nullable=True
    )
    payee_identifier_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("intel_identifier.id"), nullable=True, index=True
    )
    institution: Mapped[str | None] = mapped_column(String(120), nullable=True)
    reference: Mapped[str | None] = mapped_column(String(160), nullable=True)


class IntelIdentifier(Base):
    """A normalised identifier, stored once per ``(id_type, canonical)`` (digest in ``key``)."""

    __tablename__ = "intel_identifier"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    id_type: Mapped[str] = mapped_column(String(30), index=True)
    canonical: Mapped[str] = mapped_column(String(512))
    display: Mapped[str | None] = mapped_column(String(512), nullable=True)
    status: Mapped[str] = mapped_column(String(12))  # normalised | rejected
    reason: Mapped[str | None] = mapped_column(String(30), nullable=True)
    strength: Mapped[str] = mapped_column(String(1))
    state: Mapped[str] = mapped_column(String(16))  # normal | hot | warninglisted | invalid
    state_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    hot_cleared: Mapped[bool] = mapped_column(Boolean, default=False)
    linkable: Mapped[bool] = mapped_column(Boolean, default=False)
    flags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    attrs: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    normaliser_version: Mapped[str] = mapped_column(String(80))
    n_reports: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)


class IntelOccurrence(Base):
    """One sighting of an identifier in a report, with the role it played there."""

    __tablename__ = "intel_occurrence"
    __table_args__ = (Index("ix_intel_occurrence_identifier_report", "identifier_id", "report_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    identifier_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("intel_identifier.id"))
    report_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("intel_report.id"), index=True)
    role: Mapped[str] = mapped_column(String(24))
    side: Mapped[str] = mapped_column(String(8))  # scam | victim | unknown
    raw_value: Mapped[str | None] = mapped_column(String(512), nullable=True)
    raw_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    confidence: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(16))  # form | narrative | transaction | import
    observed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IntelNetwork(Base):
    """A fraud network: the connected component of reports through linking identifiers.

    IDs are stable: a merge keeps the oldest network, a split leaves the id with the largest part.
    Merged or dissolved networks stay as tombstones so old links can redirect.
    """

    __tablename__ = "intel_network"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    label: Mapped[str] = mapped_column(String(20), unique=True)
    # Birth order (the clock may not tick between two filings): a merge keeps the lowest.
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | merged | dissolved
    merged_into: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IntelNetworkChange(Base):
    """Log of merges and splits (sharing.md §2.5: both are logged)."""

    __tablename__ = "intel_network_change"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    network_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(12))  # created | merged | split | dissolved
    other_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    size: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class IntelHotThreshold(Base):
    """A node's own per-type hot threshold, overriding the default of ``linking.py``."""

    __tablename__ = "intel_hot_threshold"

    id_type: Mapped[str] = mapped_column(String(30), primary_key=True)
    threshold: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IntelBlob(Base):
    """Evidence bytes, content-addressed: the SHA-256 is the key, so a file is stored once."""

    __tablename__ = "intel_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IntelEvidence(Base):
    """A piece of evidence attached to a report (screenshot, chat export, APK…)."""

    __tablename__ = "intel_evidence"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    report_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("intel_report.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("intel_blob.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IntelCustodyEvent(Base):
    """Chain of custody: every hand that touched a piece of evidence, in order."""

    __tablename__ = "intel_custody_event"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    evidence_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("intel_evidence.id"), index=True)
    action: Mapped[str] = mapped_column(String(30))  # received | viewed | exported | transferred
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agency.id"))
    note: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class TypologyModel(Base):
    """A registered model version; at most one is ``active`` (the shipped starter when none is)."""

    __tablename__ = "typology_model"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    version: Mapped[str] = mapped_column(String(80), unique=True)
    directory: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12))  # active | retired
    card: Mapped[dict[str, Any]] = mapped_column(JSONType)
    regression: Mapped[dict[str, Any]] = mapped_column(JSONType)
    activated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    activated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IntelImportBatch(Base):
    """One import file: kept (content-addressed) so a killed import can resume from its cursor."""

    __tablename__ = "intel_import_batch"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    owner_agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agency.id"), index=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str] = mapped_column(String(64), ForeignKey("intel_blob.sha256"))
    status: Mapped[str] = mapped_column(String(12))  # queued | running | done | failed
    rows_seen: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
