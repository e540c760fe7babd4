"""Operational bulletins: marked notices agencies share (scam patterns, alerts, contacts)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from jointdesk.authz.models import Protected
from jointdesk.db.base import Base
from jointdesk.db.types import JSONType, UTCDateTime


class Bulletin(Protected, Base):
    __tablename__ = "bulletin"
    resource_kind = "bulletin"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    handling_codes: Mapped[list[str]] = mapped_column(JSONType)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
