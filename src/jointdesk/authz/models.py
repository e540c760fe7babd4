"""Visibility columns (owner agency, TLP marking) and explicit shares; authz owns them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from jointdesk.db.base import Base
from jointdesk.db.types import UTCDateTime


class Tlp(StrEnum):
    """FIRST TLP 2.0 markings."""

    CLEAR = "CLEAR"
    GREEN = "GREEN"
    AMBER = "AMBER"
    AMBER_STRICT = "AMBER+STRICT"
    RED = "RED"


class AgencyScoped:
    """Rows visible only inside the owning agency (users, tokens, settings)."""

    resource_kind: ClassVar[str]

    @declared_attr
    def owner_agency_id(cls) -> Mapped[uuid.UUID]:  # noqa: N805 - declared_attr takes the class
        return mapped_column(Uuid, ForeignKey("agency.id"), index=True)


class Protected(AgencyScoped):
    """Rows shared beyond the owner by TLP marking and explicit shares with named agencies."""

    id: Mapped[uuid.UUID]

    @declared_attr
    def tlp(cls) -> Mapped[str]:  # noqa: N805
        return mapped_column(String(16), default=Tlp.AMBER_STRICT.value)


class RowShare(Base):
    """An explicit share of one protected row with an agency, or (TLP:RED) a named user there."""

    __tablename__ = "row_share"
    __table_args__ = (
        UniqueConstraint("resource_kind", "resource_id", "agency_id", "user_id"),
        Index("ix_row_share_lookup", "resource_kind", "resource_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    resource_kind: Mapped[str] = mapped_column(String(50))
    resource_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    agency_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("agency.id"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
