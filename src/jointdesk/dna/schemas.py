"""DNA commands and read models (shared by api/, web/, cli/). No personal data in profile views."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from jointdesk.authz import Tlp
from jointdesk.dna.rules import Category, SearchMode


class CreateProfile(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    specimen_category: Category
    loci: dict[str, str] = Field(min_length=1, description="locus name → alleles, e.g. {'D8S1179': '13,14'}")
    required: dict[str, str] = Field(default_factory=dict, description="obligate alleles per locus")
    mixture: bool = False
    amel: str = ""
    kit: str | None = None
    lab: str | None = None
    case_ref: str | None = Field(default=None, max_length=80)
    purpose: str = Field(default="investigation", max_length=40)
    legal_basis: str = Field(min_length=2, max_length=80)
    retention_until: date | None = None
    consent_ref: str | None = Field(default=None, max_length=80)
    tlp: Tlp = Tlp.RED
    sandbox: bool = False


class PersonDetails(BaseModel):
    """The restricted person link (encrypted at rest, read only with purpose, access-logged)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    full_name: str = Field(min_length=1, max_length=200)
    date_of_birth: date | None = None
    nationality: str | None = Field(default=None, max_length=2)
    document_ref: str | None = Field(default=None, max_length=80)


class ProfileView(BaseModel):
    id: uuid.UUID
    profile_ref: str
    owner_agency_id: uuid.UUID
    specimen_category: Category
    identified: bool
    mixture: bool
    loci: dict[str, list[str]]
    required: dict[str, list[str]]
    amel: str
    case_ref: str | None
    legal_basis: str
    retention_until: date | None
    sandbox: bool
    has_person_link: bool
    created_at: datetime


class SearchRequest(BaseModel):
    mode: SearchMode = SearchMode.MODERATE
    min_loci: int = Field(default=8, ge=1, le=30)


class KinshipSearchRequest(BaseModel):
    relationship: str = Field(
        default="parent_child", description="parent_child, full_siblings, half_siblings, ..."
    )
    theta: float = Field(default=0.01, ge=0, le=0.25)


class MatchView(BaseModel):
    id: uuid.UUID
    query_profile_ref: str
    candidate_profile_ref: str
    candidate_category: str
    mode: str
    quality: str
    loci_compared: int
    likelihood_ratio: float | None
    flags: list[str]
    status: str
    reason: str | None


class DecideMatch(BaseModel):
    confirm: bool
    reason: str = Field(min_length=5, max_length=2000)


class PartnerQuery(BaseModel):
    target_agency_id: uuid.UUID
    profile_id: uuid.UUID


class PartnerHit(BaseModel):
    """Everything a partner learns in step 1: no personal fields can be expressed here."""

    profile_ref: str
    profile_type: str
    quality: str


class PartnerQueryView(BaseModel):
    id: uuid.UUID
    reference: str
    target_agency_id: uuid.UUID
    hit: bool
    hits: list[PartnerHit]
    created_at: datetime


class RequestFollowUp(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    partner_query_id: uuid.UUID
    profile_ref: str
    purpose: str = Field(default="investigation", max_length=40)
    legal_basis: str = Field(min_length=2, max_length=80)
    justification: str = Field(min_length=10, max_length=4000)


class DecideFollowUp(BaseModel):
    approve: bool
    reason: str = Field(min_length=5, max_length=2000)


class FollowUpView(BaseModel):
    id: uuid.UUID
    partner_query_id: uuid.UUID
    profile_ref: str
    requesting_agency_id: uuid.UUID
    holding_agency_id: uuid.UUID
    purpose: str
    legal_basis: str
    justification: str
    status: str
    decision_reason: str | None
    created_at: datetime
