"""Every state-changing service records its audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from jointdesk import bulletins, identity
from jointdesk.audit.models import AuditEvent
from jointdesk.authz import Permission, Role, Tlp
from jointdesk.db import UnitOfWork, UnitOfWorkFactory
from jointdesk.jobs import retry_job
from support import PASSWORD, SYSTEM, make_agency, make_user


def _events(uow_factory: UnitOfWorkFactory) -> list[str]:
    with uow_factory() as uow:
        return list(uow.session.scalars(select(AuditEvent.event_type).order_by(AuditEvent.seq)))


def _expect(uow_factory: UnitOfWorkFactory, action: Callable[[UnitOfWork], object], event: str) -> None:
    before = len(_events(uow_factory))
    with uow_factory() as uow:
        action(uow)
        uow.commit()
    after = _events(uow_factory)
    assert event in after[before:], f"{event} not recorded (got {after[before:]})"


def test_each_service_records_its_event(uow_factory: UnitOfWorkFactory) -> None:
    home, other = make_agency(uow_factory, "Home Unit"), make_agency(uow_factory, "Other Unit", "MM")
    admin = make_user(uow_factory, home, "admin.h", Role.ADMINISTRATOR)
    analyst = make_user(uow_factory, home, "ana.h", Role.ANALYST)
    assert _events(uow_factory)[-1] == "user.created"
    p = admin.principal
    _expect(
        uow_factory,
        lambda u: identity.change_roles(u, p, user_id=analyst.user_id, roles=frozenset({Role.SUPERVISOR})),
        "user.roles_changed",
    )
    _expect(uow_factory, lambda u: identity.unlock_user(u, p, user_id=analyst.user_id), "user.unlocked")
    _expect(
        uow_factory, lambda u: identity.deactivate_user(u, p, user_id=analyst.user_id), "user.deactivated"
    )
    issued = identity.IssuedToken.model_construct()
    token_cmd = identity.CreateToken(name="t", scopes=[Permission.DASHBOARD_HOME_VIEW])

    def create_token(uow: UnitOfWork) -> None:
        nonlocal issued
        issued = identity.create_token(uow, p, cmd=token_cmd)

    _expect(uow_factory, create_token, "token.created")
    _expect(uow_factory, lambda u: identity.revoke_token(u, p, token_id=issued.view.id), "token.revoked")
    writer = make_user(uow_factory, home, "writer.h", Role.ANALYST).principal
    created = bulletins.BulletinView.model_construct()

    def create_bulletin(uow: UnitOfWork) -> None:
        nonlocal created
        created = bulletins.create_bulletin(uow, writer, cmd=bulletins.CreateBulletin(title="abc", body="b"))

    _expect(uow_factory, create_bulletin, "bulletin.created")
    _expect(
        uow_factory,
        lambda u: bulletins.change_marking(
            u, writer, bulletin_id=created.id, cmd=bulletins.ChangeMarking(tlp=Tlp.AMBER)
        ),
        "bulletin.marking_changed",
    )
    _expect(
        uow_factory,
        lambda u: bulletins.share_bulletin(
            u, writer, bulletin_id=created.id, cmd=bulletins.ShareBulletin(agency_id=other)
        ),
        "bulletin.shared",
    )
    token: list[str] = []

    def sign_in(uow: UnitOfWork) -> None:
        token.append(
            identity.login(
                uow, username="writer.h", password=PASSWORD, max_failures=5, session_hours=1
            ).session_token
        )

    _expect(uow_factory, sign_in, "session.started")
    _expect(uow_factory, lambda u: identity.logout(u, token=token[0]), "session.ended")

    def retry(uow: UnitOfWork) -> None:
        from jointdesk.db.models import Job

        job_id = uow.enqueue("t.none", {})
        job = uow.session.get(Job, job_id)
        assert job is not None
        job.status = "dead"
        uow.flush()
        retry_job(uow, SYSTEM, job.id)

    _expect(uow_factory, retry, "job.retried")
