"""DNA profile use cases: create, read, the restricted person link, statistics. Never commits."""

from __future__ import annotations

import json
import secrets
import uuid

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure, ensure_readable
from jointdesk.db.uow import UnitOfWork
from jointdesk.dna import formats
from jointdesk.dna import repository as repo
from jointdesk.dna.compute import (
    DnaError,
    Profile,
    RmpMethod,
    build_profile,
    load_frequency_table,
    profile_rmp,
)
from jointdesk.dna.events import DnaEvent
from jointdesk.dna.models import DnaPersonLink, DnaProfile
from jointdesk.dna.rules import IDENTIFIED, Category, loci_to_json, profile_from_json
from jointdesk.dna.schemas import CreateProfile, PersonDetails, ProfileView
from jointdesk.kernel.errors import Conflict, InvalidInput
from jointdesk.kernel.fieldcrypt import decrypt_field, encrypt_field
from jointdesk.kernel.ids import new_id


def new_profile_ref() -> str:
    """Opaque and random: the only identifier that ever leaves the node (dna.md §2.2)."""
    return "P-" + secrets.token_hex(8).upper()


def to_compute(profile: DnaProfile) -> Profile:
    return profile_from_json(
        profile.profile_ref, profile.loci, mixture=profile.mixture, category=profile.specimen_category
    )


def view(profile: DnaProfile, *, has_link: bool) -> ProfileView:
    return ProfileView(
        id=profile.id,
        profile_ref=profile.profile_ref,
        owner_agency_id=profile.owner_agency_id,
        specimen_category=Category(profile.specimen_category),
        identified=profile.identified,
        mixture=profile.mixture,
        loci={name: list(stored["alleles"]) for name, stored in profile.loci.items()},
        required={
            name: list(stored["required"]) for name, stored in profile.loci.items() if stored["required"]
        },
        amel=profile.amel,
        case_ref=profile.case_ref,
        legal_basis=profile.legal_basis,
        retention_until=profile.retention_until,
        sandbox=profile.sandbox,
        has_person_link=has_link,
        created_at=profile.created_at,
    )


def parse_profile(cmd: CreateProfile, profile_ref: str) -> Profile:
    """Validate loci and alleles through the compute core; errors name the locus."""
    rows: dict[str, str] = dict(cmd.loci)
    if cmd.amel:
        rows["AMEL"] = cmd.amel
    try:
        return build_profile(
            profile_ref,
            rows,
            required={k: v.split(",") for k, v in cmd.required.items()},
            mixture=cmd.mixture,
            specimen_category=cmd.specimen_category.value,
        )
    except DnaError as exc:
        raise InvalidInput(str(exc), field="loci") from exc


def create_profile(uow: UnitOfWork, principal: Principal, *, cmd: CreateProfile) -> ProfileView:
    ensure(principal, Permission.DNA_SANDBOX_USE if cmd.sandbox else Permission.DNA_PROFILE_CREATE)
    if cmd.specimen_category is Category.RELATIVE_REFERENCE and not cmd.consent_ref and not cmd.sandbox:
        raise InvalidInput(
            "a relative's reference profile needs the consent reference (DNA-01)", field="consent_ref"
        )
    profile_ref = new_profile_ref()
    parsed = parse_profile(cmd, profile_ref)
    if not parsed.typed_loci:
        raise InvalidInput("no typed locus", field="loci")
    row = _row(uow, principal, cmd, parsed)
    uow.session.add(row)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        DnaEvent.PROFILE_CREATED,
        target=("dna_profile", str(row.id)),
        fields={"category": row.specimen_category, "loci": len(parsed.typed_loci), "sandbox": row.sandbox},
    )
    return view(row, has_link=False)


def _row(uow: UnitOfWork, principal: Principal, cmd: CreateProfile, parsed: Profile) -> DnaProfile:
    agency_id = principal.agency_id
    if agency_id is None:
        raise InvalidInput("profiles belong to an agency", field="agency")
    return DnaProfile(
        id=new_id(),
        owner_agency_id=agency_id,
        tlp=cmd.tlp.value,
        profile_ref=parsed.profile_ref,
        specimen_category=cmd.specimen_category.value,
        identified=IDENTIFIED[cmd.specimen_category],
        mixture=cmd.mixture,
        loci=loci_to_json(parsed),
        amel="".join(parsed.amel),
        kit=cmd.kit,
        lab=cmd.lab,
        case_ref=cmd.case_ref,
        purpose=cmd.purpose,
        legal_basis=cmd.legal_basis,
        retention_until=cmd.retention_until,
        consent_ref=cmd.consent_ref,
        sandbox=cmd.sandbox,
        created_by=principal.user_id,
        created_at=uow.clock.now(),
    )


def list_profiles(uow: UnitOfWork, principal: Principal, *, sandbox: bool = False) -> list[ProfileView]:
    ensure_readable(principal, Permission.DNA_SANDBOX_USE if sandbox else Permission.DNA_PROFILE_READ)
    rows = repo.visible_profiles(uow, principal, sandbox=sandbox)
    linked = repo.has_person_links(uow, [r.id for r in rows])
    return [view(r, has_link=r.id in linked) for r in rows]


def get_profile(uow: UnitOfWork, principal: Principal, profile_id: uuid.UUID) -> ProfileView:
    row = repo.visible_profile(uow, principal, profile_id)
    ensure_readable(principal, Permission.DNA_SANDBOX_USE if row.sandbox else Permission.DNA_PROFILE_READ)
    return view(row, has_link=repo.person_link(uow, row.id) is not None)


def link_person(
    uow: UnitOfWork, principal: Principal, *, profile_id: uuid.UUID, person: PersonDetails
) -> ProfileView:
    """Attach the person behind an identified profile; only the owning agency may."""
    row = repo.visible_profile(uow, principal, profile_id)
    ensure(principal, Permission.DNA_PROFILE_CREATE, row)
    if not row.identified:
        raise InvalidInput("only identified profiles have a person behind them", field="profile_id")
    if repo.person_link(uow, row.id) is not None:
        raise Conflict("this profile already has a person link")
    plain = json.dumps(person.model_dump(mode="json"), ensure_ascii=False)
    uow.session.add(
        DnaPersonLink(
            profile_id=row.id,
            person_encrypted=encrypt_field(uow.secrets.field_key, plain),
            created_at=uow.clock.now(),
        )
    )
    audit.log_access(
        uow,
        principal,
        operation=audit.Operation.COLLECTION,
        record_kind="dna_person_link",
        record_id=str(row.id),
        purpose=audit.Purpose.INVESTIGATION,
        justification=f"person link recorded for profile {row.profile_ref}",
    )
    return view(row, has_link=True)


def read_person(
    uow: UnitOfWork,
    principal: Principal,
    *,
    profile_id: uuid.UUID,
    purpose: audit.Purpose,
    justification: str,
) -> PersonDetails:
    """Open the person link of an own profile: permission, purpose and justification, logged."""
    row = repo.visible_profile(uow, principal, profile_id)
    ensure(principal, Permission.DNA_PERSON_LINK_READ, row)
    link = repo.person_link(uow, row.id)
    if link is None:
        raise InvalidInput("this profile has no person link", field="profile_id")
    audit.log_access(
        uow,
        principal,
        operation=audit.Operation.CONSULTATION,
        record_kind="dna_person_link",
        record_id=str(row.id),
        purpose=purpose,
        justification=justification,
    )
    return PersonDetails.model_validate_json(decrypt_field(uow.secrets.field_key, link.person_encrypted))


def profile_statistics(
    uow: UnitOfWork,
    principal: Principal,
    *,
    profile_id: uuid.UUID,
    table: str = "nist1036",
    population: str | None = None,
    theta: float = 0.01,
) -> dict[str, object]:
    """RMP of a stored single-source profile (NRC II 4.10 with theta, and the product rule)."""
    row = repo.visible_profile(uow, principal, profile_id)
    ensure_readable(principal, Permission.DNA_STATISTICS_RUN)
    freq = load_frequency_table(table, population)
    profile = to_compute(row)
    try:
        nrc = profile_rmp(profile, freq, method=RmpMethod.NRC_4_10, theta=theta)
        product = profile_rmp(profile, freq, method=RmpMethod.PRODUCT)
    except DnaError as exc:
        raise InvalidInput(str(exc), field="profile_id") from exc
    return {
        "profile_ref": row.profile_ref,
        "table": freq.name,
        "population": freq.population,
        "theta": theta,
        "rmp_nrc_4_10": nrc.rmp,
        "rmp_product_rule": product.rmp,
        "one_in": 1 / nrc.rmp,
        "table_sha256": nrc.table_sha256,
        "loci_used": len(nrc.loci),
        "skipped": dict(nrc.skipped),
    }


def profile_id_by_ref(uow: UnitOfWork, principal: Principal, profile_ref: str) -> uuid.UUID:
    """Resolve a reference to an id the caller may see (404 otherwise)."""
    row = repo.profile_by_ref(uow, profile_ref)
    if row is None:
        raise InvalidInput(f"no profile {profile_ref!r}", field="profile_ref")
    return repo.visible_profile(uow, principal, row.id).id


def export_prum(
    uow: UnitOfWork, principal: Principal, *, profile_id: uuid.UUID, country: str, reference: str
) -> str:
    """The profile in the Prüm-logical exchange format: opaque reference, type, two values per
    locus, wildcards; mixtures and never-exchanged categories are refused."""
    row = repo.visible_profile(uow, principal, profile_id)
    ensure(principal, Permission.DNA_PARTNER_QUERY_RUN, row)
    try:
        record = formats.prum_record(to_compute(row))
    except DnaError as exc:
        raise InvalidInput(str(exc), field="profile_id") from exc
    header = formats.PrumHeader(country=country, reference=reference, created=uow.clock.now().isoformat())
    audit.record(
        uow,
        principal,
        DnaEvent.PROFILES_EXPORTED,
        target=("dna_profile", str(row.id)),
        fields={"format": "prum"},
    )
    return formats.write_prum([record], header)
