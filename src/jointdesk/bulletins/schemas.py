"""Bulletin commands and read models."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from jointdesk.authz import Tlp


class HandlingCode(StrEnum):
    """safeguards.md §5.2 handling codes."""

    H0 = "H0"
    H1 = "H1"
    H2 = "H2"
    H3 = "H3"


class CreateBulletin(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=3, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)
    tlp: Tlp = Tlp.AMBER_STRICT
    handling_codes: list[HandlingCode] = Field(default_factory=lambda: [HandlingCode.H0])


class ChangeMarking(BaseModel):
    tlp: Tlp


class ShareBulletin(BaseModel):
    agency_id: uuid.UUID
    user_id: uuid.UUID | None = None


class BulletinView(BaseModel):
    id: uuid.UUID
    owner_agency_id: uuid.UUID
    title: str
    body: str
    tlp: Tlp
    handling_codes: list[str]
    created_at: datetime
    updated_at: datetime
    shared_with: list[uuid.UUID]
