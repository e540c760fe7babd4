"""Oversight log (coded leaves), its case-store openings, head, checkpoints and the access log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from jointdesk.db.base import Base
from jointdesk.db.types import JSONType, UTCDateTime


class AuditEvent(Base):
    """One leaf of the append-only Merkle tree. ``entry`` is the exact leaf input (canonical
    JSON of codes, pseudonyms and a commitment); nothing here identifies a person."""

    __tablename__ = "audit_event"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    event_type: Mapped[str] = mapped_column(String(60), index=True)
    actor_role: Mapped[str] = mapped_column(String(40))
    actor_pseudonym: Mapped[str] = mapped_column(String(64))
    target_kind: Mapped[str | None] = mapped_column(String(40), nullable=True)
    target_pseudonym: Mapped[str | None] = mapped_column(String(64), nullable=True)
    entry: Mapped[str] = mapped_column(Text)
    leaf_hash: Mapped[str] = mapped_column(String(64))


class AuditOpening(Base):
    """The case-store side of a leaf: salt and full record. Deleting the salt shreds it."""

    __tablename__ = "audit_opening"

    seq: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("audit_event.seq"), primary_key=True, autoincrement=False
    )
    salt: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    record: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AuditHead(Base):
    """Single row: tree size and right-edge peaks, locked by every append."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(BigInteger)
    peaks: Mapped[list[list[int | str]]] = mapped_column(JSONType)
    root: Mapped[str] = mapped_column(String(64))


class LogCheckpoint(Base):
    """A signed tree head (C2SP signed note)."""

    __tablename__ = "log_checkpoint"

    size: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    root: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    key_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LogKey(Base):
    """Public keys the node has signed checkpoints with (the private key never enters the DB)."""

    __tablename__ = "log_key"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    vkey: Mapped[str] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AccessLogEntry(Base):
    """LED Art. 25 log of personal-data operations; closed batches become one leaf each."""

    __tablename__ = "access_log"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    agency_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    operation: Mapped[str] = mapped_column(String(20))
    record_kind: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(40))
    justification: Mapped[str] = mapped_column(Text)
    recipient_agency_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    batch_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)
