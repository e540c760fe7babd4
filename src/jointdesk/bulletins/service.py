"""Bulletin use cases: create, read, re-mark and share with named agencies."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from jointdesk import audit
from jointdesk.authz import Permission, Principal, RowShare, Tlp, ensure, ensure_readable
from jointdesk.bulletins import repository as repo
from jointdesk.bulletins.events import BulletinEvent
from jointdesk.bulletins.models import Bulletin
from jointdesk.bulletins.schemas import BulletinView, ChangeMarking, CreateBulletin, ShareBulletin
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import Conflict, Forbidden, InvalidInput
from jointdesk.kernel.ids import new_id


def _view(uow: UnitOfWork, bulletin: Bulletin) -> BulletinView:
    return BulletinView(
        id=bulletin.id,
        owner_agency_id=bulletin.owner_agency_id,
        title=bulletin.title,
        body=bulletin.body,
        tlp=Tlp(bulletin.tlp),
        handling_codes=list(bulletin.handling_codes),
        created_at=bulletin.created_at,
        updated_at=bulletin.updated_at,
        shared_with=sorted({s.agency_id for s in repo.shares(uow, bulletin.id)}),
    )


def create_bulletin(uow: UnitOfWork, principal: Principal, *, cmd: CreateBulletin) -> BulletinView:
    ensure(principal, Permission.BULLETINS_BULLETIN_CREATE)
    if principal.agency_id is None or principal.user_id is None:
        raise Forbidden("bulletins are written by members of an agency")
    now = uow.clock.now()
    bulletin = Bulletin(
        id=new_id(),
        owner_agency_id=principal.agency_id,
        tlp=cmd.tlp.value,
        title=cmd.title,
        body=cmd.body,
        handling_codes=sorted({c.value for c in cmd.handling_codes}),
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(bulletin)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        BulletinEvent.BULLETIN_CREATED,
        target=("bulletin", str(bulletin.id)),
        fields={"tlp": bulletin.tlp, "handling": bulletin.handling_codes},
    )
    return _view(uow, bulletin)


def list_bulletins(uow: UnitOfWork, principal: Principal) -> list[BulletinView]:
    ensure_readable(principal, Permission.BULLETINS_BULLETIN_READ)
    return [_view(uow, b) for b in repo.visible(uow, principal)]


def get_bulletin(uow: UnitOfWork, principal: Principal, bulletin_id: uuid.UUID) -> BulletinView:
    ensure_readable(principal, Permission.BULLETINS_BULLETIN_READ)
    return _view(uow, repo.get_visible(uow, principal, bulletin_id))


def change_marking(
    uow: UnitOfWork, principal: Principal, *, bulletin_id: uuid.UUID, cmd: ChangeMarking
) -> BulletinView:
    bulletin = repo.get_visible(uow, principal, bulletin_id)
    ensure(principal, Permission.BULLETINS_BULLETIN_UPDATE, bulletin)
    old = bulletin.tlp
    bulletin.tlp, bulletin.updated_at = cmd.tlp.value, uow.clock.now()
    audit.record(
        uow,
        principal,
        BulletinEvent.BULLETIN_MARKING_CHANGED,
        target=("bulletin", str(bulletin.id)),
        fields={"from": old, "to": bulletin.tlp},
    )
    return _view(uow, bulletin)


def share_bulletin(
    uow: UnitOfWork, principal: Principal, *, bulletin_id: uuid.UUID, cmd: ShareBulletin
) -> BulletinView:
    bulletin = repo.get_visible(uow, principal, bulletin_id)
    ensure(principal, Permission.BULLETINS_BULLETIN_SHARE, bulletin)
    if bulletin.tlp == Tlp.RED.value and cmd.user_id is None:
        raise InvalidInput("TLP:RED is shared with named recipients only", field="user_id")
    if cmd.agency_id == bulletin.owner_agency_id:
        raise InvalidInput("the owning agency already sees its bulletin", field="agency_id")
    existing = repo.shares(uow, bulletin.id)
    if any(s.agency_id == cmd.agency_id and s.user_id == cmd.user_id for s in existing):
        raise Conflict("already shared with that recipient")
    uow.session.add(
        RowShare(
            id=new_id(),
            resource_kind=Bulletin.resource_kind,
            resource_id=bulletin.id,
            agency_id=cmd.agency_id,
            user_id=cmd.user_id,
            created_at=uow.clock.now(),
        )
    )
    try:
        uow.session.flush()
    except IntegrityError as exc:
        raise InvalidInput("no such agency or user", field="agency_id") from exc
    audit.record(
        uow,
        principal,
        BulletinEvent.BULLETIN_SHARED,
        target=("bulletin", str(bulletin.id)),
        fields={"tlp": bulletin.tlp, "named_user": cmd.user_id is not None},
        private={"agency_id": str(cmd.agency_id), "user_id": str(cmd.user_id or "")},
    )
    return _view(uow, bulletin)
