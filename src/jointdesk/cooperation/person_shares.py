"""Explicit shares of person records: with the trafficking-screening service's agency (one person or a
whole raid intake), so an independent screener can see them; each share is a logged disclosure."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from jointdesk import audit
from jointdesk.authz import Permission, Principal, RowShare, Tlp, ensure
from jointdesk.cooperation import persons_repository as repo
from jointdesk.cooperation.person_events import CooperationPersonEvent as Event
from jointdesk.cooperation.persons import KIND, log_personal, person_view
from jointdesk.cooperation.persons_schemas import PersonView, ShareIn
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import Conflict, InvalidInput, NotFound
from jointdesk.kernel.ids import new_id


def share_person(
    uow: UnitOfWork,
    principal: Principal,
    person_id: uuid.UUID,
    cmd: ShareIn,
    *,
    purpose: audit.Purpose = audit.Purpose.SCREENING,
) -> PersonView:
    """An explicit share, e.g. with the trafficking-screening service's agency (a disclosure)."""
    row = repo.visible_person(uow, principal, person_id)
    ensure(principal, Permission.COOPERATION_PERSON_MANAGE, row)
    if row.tlp == Tlp.RED.value and cmd.user_id is None:
        raise InvalidInput("TLP:RED is shared with named recipients only", field="user_id")
    if cmd.agency_id == row.owner_agency_id:
        raise InvalidInput("the owning agency already sees its person records", field="agency_id")
    repo.agency(uow, cmd.agency_id)
    existing = repo.shares_of(uow, KIND, row.id)
    if any(s.agency_id == cmd.agency_id and s.user_id == cmd.user_id for s in existing):
        raise Conflict("already shared with that recipient", field="agency_id")
    uow.session.add(_share_row(uow, row.id, cmd))
    try:
        uow.session.flush()
    except IntegrityError as exc:
        raise InvalidInput("no such agency or user", field="user_id") from exc
    log_personal(
        uow,
        principal,
        row,
        audit.Operation.DISCLOSURE,
        "record shared with another agency",
        cmd.agency_id,
        purpose,
    )
    audit.record(
        uow,
        principal,
        Event.PERSON_SHARED,
        target=(KIND, str(row.id)),
        fields={"tlp": row.tlp, "named_user": cmd.user_id is not None, "persons": 1},
        private={"agency_id": str(cmd.agency_id), "user_id": str(cmd.user_id or "")},
    )
    return person_view(row, repo.latest_screening(uow, row.id))


def share_intake(uow: UnitOfWork, principal: Principal, intake_batch: str, cmd: ShareIn) -> int:
    """Share every person of one raid intake with an agency (the screening service); returns new shares."""
    ensure(principal, Permission.COOPERATION_PERSON_MANAGE)
    own = repo.own_intake(uow, principal.agency_id, intake_batch) if principal.agency_id else {}
    if not own:
        raise NotFound("no intake of your agency has this name", field="intake_batch")
    if cmd.agency_id == principal.agency_id:
        raise InvalidInput("share with another agency", field="agency_id")
    repo.agency(uow, cmd.agency_id)
    ids = list(own.values())
    already = repo.shared_ids(uow, KIND, cmd.agency_id, ids)
    fresh = [i for i in ids if i not in already]
    uow.session.add_all([_share_row(uow, i, ShareIn(agency_id=cmd.agency_id)) for i in fresh])
    uow.session.flush()
    audit.log_access(
        uow,
        principal,
        operation=audit.Operation.DISCLOSURE,
        record_kind="coop_intake",
        record_id=intake_batch,
        purpose=audit.Purpose.SCREENING,
        justification="raid intake shared for independent trafficking screening",
        recipient_agency_id=cmd.agency_id,
    )
    audit.record(
        uow,
        principal,
        Event.PERSON_SHARED,
        target=("coop_intake", intake_batch),
        fields={"persons": len(fresh), "named_user": False},
        private={"agency_id": str(cmd.agency_id)},
    )
    return len(fresh)


def _share_row(uow: UnitOfWork, person_id: uuid.UUID, cmd: ShareIn) -> RowShare:
    return RowShare(
        id=new_id(),
        resource_kind=KIND,
        resource_id=person_id,
        agency_id=cmd.agency_id,
        user_id=cmd.user_id,
        created_at=uow.clock.now(),
    )
