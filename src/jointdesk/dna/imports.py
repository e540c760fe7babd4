"""Bulk import of lab exports: good profiles are kept, every bad row is reported and stored with
its reason, and re-running the same file (after a crash) adds nothing twice."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import select

from jointdesk import audit
from jointdesk.authz import Permission, Principal, Tlp, ensure
from jointdesk.db.uow import UnitOfWork
from jointdesk.dna import formats
from jointdesk.dna.compute import Profile
from jointdesk.dna.events import DnaEvent
from jointdesk.dna.formats.categories import map_cmf_category
from jointdesk.dna.models import DnaImportBatch, DnaProfile
from jointdesk.dna.rules import IDENTIFIED, Category, loci_to_json
from jointdesk.dna.service import new_profile_ref
from jointdesk.kernel.errors import InvalidInput
from jointdesk.kernel.ids import new_id


class ImportFormat(StrEnum):
    GENEMAPPER = "genemapper"
    CMF = "cmf"
    LRMIX = "lrmix"


class ImportReport(BaseModel):
    batch_id: str
    format: str
    imported: int
    already_present: int
    rejected: list[dict[str, object]]


Importer = Callable[[bytes], formats.ImportResult[Profile]]


def _importer(fmt: ImportFormat, category: Category) -> Importer:
    if fmt is ImportFormat.CMF:
        return formats.import_cmf
    if fmt is ImportFormat.GENEMAPPER:
        return lambda data: formats.import_genemapper(data, specimen_category=category.value)
    return lambda data: formats.import_lrmix(data, specimen_category=category.value)


def import_profiles(
    uow: UnitOfWork,
    principal: Principal,
    *,
    data: bytes,
    fmt: ImportFormat,
    filename: str,
    category: Category,
    legal_basis: str,
    for_agency: uuid.UUID | None = None,
) -> ImportReport:
    """Import a file for the caller's agency (the CLI's system principal names ``for_agency``)."""
    ensure(principal, Permission.DNA_PROFILE_CREATE)
    agency_id = for_agency if principal.is_system and for_agency else _agency(principal)
    if not data.strip():
        raise InvalidInput("the file is empty", field="file")
    result = _importer(fmt, category)(data)
    existing = _existing_sources(uow, agency_id)
    fresh = [p for p in result.profiles if p.profile_ref not in existing]
    for profile in fresh:
        uow.session.add(_row(uow, principal, agency_id, profile, category, legal_basis))
    rejected: list[dict[str, object]] = [
        {"line": e.line, "sample": e.sample_id, "field": e.field, "reason": e.reason} for e in result.errors
    ]
    counts = (len(fresh), len(result.profiles) - len(fresh))
    batch = _batch(uow, principal, agency_id, (fmt, filename, data), counts, rejected)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        DnaEvent.PROFILES_IMPORTED,
        target=("dna_import_batch", str(batch.id)),
        fields={
            "format": fmt.value,
            "imported": batch.imported,
            "rejected": len(rejected),
            "present": batch.already_present,
        },
    )
    return ImportReport(
        batch_id=str(batch.id),
        format=fmt.value,
        imported=batch.imported,
        already_present=batch.already_present,
        rejected=rejected,
    )


def _existing_sources(uow: UnitOfWork, agency_id: uuid.UUID) -> set[str]:
    stmt = select(DnaProfile.source_ref).where(  # convention: allow - own agency's import keys
        DnaProfile.owner_agency_id == agency_id, DnaProfile.source_ref.is_not(None)
    )
    return {ref for ref in uow.session.scalars(stmt) if ref}


def _agency(principal: Principal) -> uuid.UUID:
    if principal.agency_id is None:
        raise InvalidInput("profiles belong to an agency", field="agency")
    return principal.agency_id


def _row(
    uow: UnitOfWork,
    principal: Principal,
    agency_id: uuid.UUID,
    profile: Profile,
    default: Category,
    legal_basis: str,
) -> DnaProfile:
    category = _category(profile.specimen_category, default)
    return DnaProfile(
        id=new_id(),
        owner_agency_id=agency_id,
        tlp=Tlp.RED.value,
        profile_ref=new_profile_ref(),  # the file's sample id stays a local source reference
        source_ref=profile.profile_ref,
        specimen_category=category.value,
        category_raw=profile.specimen_category,
        identified=IDENTIFIED[category],
        mixture=profile.mixture,
        loci=loci_to_json(profile),
        amel="".join(profile.amel),
        purpose="investigation",
        legal_basis=legal_basis,
        sandbox=False,
        created_by=principal.user_id,
        created_at=uow.clock.now(),
    )


def _category(raw: str | None, default: Category) -> Category:
    if raw is None:
        return default
    try:
        return Category(raw)
    except ValueError:
        mapped, _identified = map_cmf_category(raw)
        return Category(mapped) if mapped in {c.value for c in Category} else Category.OTHER


def _batch(
    uow: UnitOfWork,
    principal: Principal,
    agency_id: uuid.UUID,
    source: tuple[ImportFormat, str, bytes],
    counts: tuple[int, int],
    rejected: list[dict[str, object]],
) -> DnaImportBatch:
    fmt, filename, data = source
    imported, present = counts
    batch = DnaImportBatch(
        id=new_id(),
        owner_agency_id=agency_id,
        format=fmt.value,
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        imported=imported,
        already_present=present,
        rejected=rejected,
        created_by=principal.user_id,
        created_at=uow.clock.now(),
    )
    uow.session.add(batch)
    return batch
