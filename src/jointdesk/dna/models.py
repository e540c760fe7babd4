"""DNA profiles (no personal data), the restricted person link, matches, partner queries, follow-ups."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from jointdesk.authz.models import AgencyScoped, Protected
from jointdesk.db.base import Base
from jointdesk.db.types import JSONType, UTCDateTime


class DnaProfile(Protected, Base):
    """An STR profile (dna.md §2.2). ``profile_ref`` is the only id that ever leaves the node."""

    __tablename__ = "dna_profile"
    __table_args__ = (UniqueConstraint("owner_agency_id", "source_ref"),)
    resource_kind = "dna_profile"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    profile_ref: Mapped[str] = mapped_column(String(40), unique=True)
    specimen_category: Mapped[str] = mapped_column(String(40), index=True)
    category_raw: Mapped[str | None] = mapped_column(String(80), nullable=True)
    identified: Mapped[bool] = mapped_column(Boolean)
    mixture: Mapped[bool] = mapped_column(Boolean, default=False)
    loci: Mapped[dict[str, Any]] = mapped_column(JSONType)
    amel: Mapped[str] = mapped_column(String(8), default="")
    kit: Mapped[str | None] = mapped_column(String(80), nullable=True)
    lab: Mapped[str | None] = mapped_column(String(80), nullable=True)
    case_ref: Mapped[str | None] = mapped_column(String(80), nullable=True)
    purpose: Mapped[str] = mapped_column(String(40))
    legal_basis: Mapped[str] = mapped_column(String(80))
    retention_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    consent_ref: Mapped[str | None] = mapped_column(String(80), nullable=True)
    sandbox: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # The lab's own sample id from an import: a re-run of the same file skips what is already in.
    source_ref: Mapped[str | None] = mapped_column(String(120), nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DnaPersonLink(Base):
    """The person behind an identified profile, encrypted; every read is access-logged (§2.4)."""

    __tablename__ = "dna_person_link"

    profile_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dna_profile.id"), primary_key=True)
    person_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DnaMatch(AgencyScoped, Base):
    """A candidate from a search; not a hit until a person confirms it (§3.3)."""

    __tablename__ = "dna_match"
    resource_kind = "dna_match"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    query_profile_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dna_profile.id"), index=True)
    candidate_profile_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dna_profile.id"))
    mode: Mapped[str] = mapped_column(String(20))
    quality: Mapped[str] = mapped_column(String(30))
    loci_compared: Mapped[int] = mapped_column(Integer)
    likelihood_ratio: Mapped[float | None] = mapped_column(Float, nullable=True)
    flags: Mapped[list[str]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(20), default="candidate")
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DnaPartnerQuery(AgencyScoped, Base):
    """A cross-border hit/no-hit query (§3.5 step 1). Owned by the requesting agency; the answer
    holds only hit/no-hit, match quality and opaque references."""

    __tablename__ = "dna_partner_query"
    resource_kind = "dna_partner_query"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    target_agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agency.id"))
    query_profile_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dna_profile.id"))
    hits: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    # None when the audited system principal (CLI) asked.
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DnaFollowUp(Base):
    """Step 2: a request to release the personal data behind a hit; approved by the holding agency."""

    __tablename__ = "dna_follow_up"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    partner_query_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dna_partner_query.id"), index=True)
    profile_ref: Mapped[str] = mapped_column(String(40))
    requesting_agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agency.id"))
    holding_agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agency.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    legal_basis: Mapped[str] = mapped_column(String(80))
    justification: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    requested_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    decision_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DnaImportBatch(AgencyScoped, Base):
    """One imported file: counts and every rejected row with its reason (nothing silently lost)."""

    __tablename__ = "dna_import_batch"
    resource_kind = "dna_import_batch"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    format: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    imported: Mapped[int] = mapped_column(Integer)
    already_present: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
