"""Commands and read models shared by api/, web/ and cli/."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from enum import StrEnum

import pycountry
from pydantic import BaseModel, ConfigDict, Field, field_validator

from jointdesk.authz import Permission, Role

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,63}$")


class AgencyKind(StrEnum):
    POLICE_UNIT = "police_unit"
    CENTRAL_AUTHORITY = "central_authority"
    FINANCIAL_INTELLIGENCE_UNIT = "financial_intelligence_unit"
    OVERSIGHT_BODY = "oversight_body"
    TRAINING_INSTITUTE = "training_institute"
    NGO_SCREENING_SERVICE = "ngo_screening_service"


def check_country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


class CreateAgency(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=2, max_length=200)
    country: str
    kind: AgencyKind

    _country = field_validator("country")(check_country)


class CreateUser(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    agency_id: uuid.UUID
    username: str
    display_name: str = Field(min_length=1, max_length=200)
    password: str = Field(repr=False)
    roles: list[Role] = Field(min_length=1)

    @field_validator("username")
    @classmethod
    def _username(cls, value: str) -> str:
        lowered = value.lower()
        if not USERNAME.match(lowered):
            msg = "3-64 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter"
            raise ValueError(msg)
        return lowered


class CreateToken(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    scopes: list[Permission] = Field(min_length=1)
    days: int = Field(default=30, ge=1, le=365)


class AgencyView(BaseModel):
    id: uuid.UUID
    name: str
    country: str
    kind: AgencyKind


class UserView(BaseModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    username: str
    display_name: str
    roles: list[Role]
    totp_enabled: bool
    is_active: bool
    locked_until: datetime | None
    last_login_at: datetime | None


class TokenView(BaseModel):
    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class IssuedToken(BaseModel):
    """Returned once at creation; the clear token is never stored or shown again."""

    token: str
    view: TokenView
