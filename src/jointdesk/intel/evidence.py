"""Evidence files stored by SHA-256 (a file is kept once) with a chain of custody per attachment.

Every hand that touches an attachment — received, viewed (downloaded), exported — adds a custody
event; a download re-hashes the bytes so a changed blob is caught before it is served.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import select

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure, ensure_readable
from jointdesk.db.uow import UnitOfWork
from jointdesk.indicators import Normalised
from jointdesk.indicators.extract import extract
from jointdesk.intel import repository as repo
from jointdesk.intel.events import IntelEvent
from jointdesk.intel.models import IntelBlob, IntelCustodyEvent, IntelEvidence
from jointdesk.kernel.errors import Conflict, InvalidInput
from jointdesk.kernel.ids import new_id

MAX_BYTES = 25 * 1024 * 1024
TEXT_TYPES = ("text/", "application/json")


class EvidenceKind(StrEnum):
    SCREENSHOT = "screenshot"
    CHAT_EXPORT = "chat_export"
    RECORDING = "recording"
    EMAIL_HEADERS = "email_headers"
    APK = "apk"
    BANK_STATEMENT = "bank_statement"
    OTHER = "other"


class CustodyView(BaseModel):
    action: str
    agency_id: uuid.UUID
    actor_id: uuid.UUID | None
    note: str
    at: datetime


class EvidenceView(BaseModel):
    id: uuid.UUID
    sha256: str
    filename: str
    media_type: str
    kind: str
    size: int
    created_at: datetime
    custody: list[CustodyView]
    identifiers_found: list[str] = []


def add_evidence(
    uow: UnitOfWork,
    principal: Principal,
    report_id: uuid.UUID,
    *,
    data: bytes,
    filename: str,
    media_type: str,
    kind: EvidenceKind,
) -> EvidenceView:
    """Attach a file to an own report; identical bytes are stored once."""
    report = repo.visible_report(uow, principal, report_id)
    ensure(principal, Permission.INTEL_REPORT_CREATE, report)
    if not data:
        raise InvalidInput("the file is empty", field="file")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"files are limited to {MAX_BYTES // (1024 * 1024)} MB", field="file")
    digest = hashlib.sha256(data).hexdigest()
    now = uow.clock.now()
    if uow.session.get(IntelBlob, digest) is None:
        uow.session.add(IntelBlob(sha256=digest, size=len(data), content=data, created_at=now))
        uow.session.flush()
    evidence = IntelEvidence(
        id=new_id(),
        report_id=report.id,
        sha256=digest,
        filename=filename[:255] or "upload",
        media_type=media_type[:120] or "application/octet-stream",
        kind=kind.value,
        created_at=now,
    )
    uow.session.add(evidence)
    uow.session.flush()  # the custody row references it
    _custody(uow, principal, evidence.id, report.owner_agency_id, "received", f"uploaded as {filename[:200]}")
    uow.session.flush()
    audit.record(
        uow,
        principal,
        IntelEvent.EVIDENCE_ADDED,
        target=("intel_report", str(report.id)),
        fields={"kind": kind.value, "bytes": len(data)},
        private={"sha256": digest, "filename": filename},
    )
    return _view(uow, evidence, found=_identifiers_in(data, media_type, report.jurisdiction))


def _identifiers_in(data: bytes, media_type: str, region: str) -> list[str]:
    """Chat exports and headers are text: show which identifiers they mention (for the analyst)."""
    if not media_type.startswith(TEXT_TYPES):
        return []
    text = data[:200_000].decode("utf-8", errors="replace")
    found = extract(text, region=region)
    return sorted(
        {
            f"{c.id_type}:{c.result.display or c.result.canonical}"
            for c in found
            if isinstance(c.result, Normalised)
        }
    )


def list_evidence(uow: UnitOfWork, principal: Principal, report_id: uuid.UUID) -> list[EvidenceView]:
    ensure_readable(principal, Permission.INTEL_REPORT_READ)
    report = repo.visible_report(uow, principal, report_id)
    stmt = (
        select(IntelEvidence).where(IntelEvidence.report_id == report.id).order_by(IntelEvidence.created_at)
    )
    return [_view(uow, e) for e in uow.session.scalars(stmt)]


def download(
    uow: UnitOfWork, principal: Principal, report_id: uuid.UUID, evidence_id: uuid.UUID
) -> tuple[EvidenceView, bytes]:
    """The bytes of one attachment, checked against their hash, with a custody entry."""
    ensure_readable(principal, Permission.INTEL_REPORT_READ)
    report = repo.visible_report(uow, principal, report_id)
    evidence = uow.session.get(IntelEvidence, evidence_id)
    if evidence is None or evidence.report_id != report.id:
        raise InvalidInput("no such attachment on this report", field="evidence_id")
    blob = uow.session.get(IntelBlob, evidence.sha256)
    if blob is None or hashlib.sha256(blob.content).hexdigest() != evidence.sha256:
        raise Conflict("the stored file no longer matches its SHA-256; it is not served")
    _custody(uow, principal, evidence.id, report.owner_agency_id, "viewed", "downloaded")
    uow.session.flush()
    return _view(uow, evidence), blob.content


def _custody(
    uow: UnitOfWork, principal: Principal, evidence_id: uuid.UUID, owner: uuid.UUID, action: str, note: str
) -> None:
    """``owner`` stands in for the system principal, which belongs to no agency."""
    agency = principal.agency_id or owner
    uow.session.add(
        IntelCustodyEvent(
            id=new_id(),
            evidence_id=evidence_id,
            action=action,
            actor_id=principal.user_id,
            agency_id=agency,
            note=note[:500],
            at=uow.clock.now(),
        )
    )


def _view(uow: UnitOfWork, evidence: IntelEvidence, found: list[str] | None = None) -> EvidenceView:
    uow.session.flush()
    events = uow.session.scalars(
        select(IntelCustodyEvent)
        .where(IntelCustodyEvent.evidence_id == evidence.id)
        .order_by(IntelCustodyEvent.at)
    )
    blob = uow.session.get(IntelBlob, evidence.sha256)
    return EvidenceView(
        id=evidence.id,
        sha256=evidence.sha256,
        filename=evidence.filename,
        media_type=evidence.media_type,
        kind=evidence.kind,
        size=blob.size if blob else 0,
        created_at=evidence.created_at,
        custody=[
            CustodyView(action=e.action, agency_id=e.agency_id, actor_id=e.actor_id, note=e.note, at=e.at)
            for e in events
        ],
        identifiers_found=found or [],
    )
