"""A two-agency world for the authorisation matrix: callers per role and owned objects."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from fastapi.testclient import TestClient

from authz import coop_world, dna_world, intel_io_world, intel_world, persons_world
from jointdesk import bulletins, dna, identity
from jointdesk.authz import ROLE_PERMISSIONS, Permission, Principal, Role, Tlp, permissions_for
from jointdesk.db import UnitOfWorkFactory
from jointdesk.identity.rules import totp_code
from jointdesk.kernel.clock import FixedClock
from support import PASSWORD, Member, make_agency, make_user


def role_with(permission: Permission) -> Role | None:
    return next((r for r in Role if permission in permissions_for({r})), None)


def role_without(permission: Permission) -> Role | None:
    return next((r for r in Role if permission not in permissions_for({r})), None)


@dataclass
class Caller:
    member: Member
    token: str
    cookies: dict[str, str]
    csrf: str


@dataclass
class World:
    uow_factory: UnitOfWorkFactory
    clock: FixedClock
    client: TestClient
    home: uuid.UUID
    other: uuid.UUID
    callers: dict[tuple[str, Role], Caller] = field(default_factory=dict)
    _evidence: tuple[uuid.UUID, uuid.UUID] = (uuid.UUID(int=0), uuid.UUID(int=0))
    _third_agency: uuid.UUID | None = None
    _last_request: uuid.UUID = field(default_factory=lambda: uuid.UUID(int=0))

    def caller(self, agency: str, role: Role) -> Caller:
        key = (agency, role)
        if key not in self.callers:
            self.callers[key] = self._make_caller(agency, role)
        return self.callers[key]

    def caller_in(self, agency_id: uuid.UUID, role: Role) -> Principal:
        """A principal in any agency (third parties of DNA exchanges)."""
        return make_user(self.uow_factory, agency_id, f"x.{uuid.uuid4().hex[:8]}", role).principal

    def _make_caller(self, agency: str, role: Role) -> Caller:
        agency_id = self.home if agency == "home" else self.other
        member = make_user(self.uow_factory, agency_id, f"{agency}.{role.value}".replace("_", "-"), role)
        with self.uow_factory() as uow:
            scopes = sorted(permissions_for({role}))
            issued = identity.create_token(
                uow, member.principal, cmd=identity.CreateToken(name="matrix", scopes=scopes)
            )
            uow.commit()
        cookies, csrf = self._web_session(member)
        return Caller(member, issued.token, cookies, csrf)

    def _web_session(self, member: Member) -> tuple[dict[str, str], str]:
        with self.uow_factory() as uow:
            result = identity.login(
                uow, username=member.username, password=PASSWORD, max_failures=5, session_hours=8
            )
            if result.next_step == "totp":
                assert member.totp_secret is not None
                code = totp_code(member.totp_secret, self.clock.now())
                assert identity.verify_totp(uow, token=result.session_token, code=code, max_failures=5)
            uow.commit()
            state = identity.resolve_session(uow, result.session_token)
        assert state is not None and state.complete
        return {"jd_session": result.session_token}, state.csrf_token

    def owned_object(self, param: str, caller: Caller, route_path: str = "") -> str:
        """An object of the home agency for a path parameter (the matrix fails on unknown ones)."""
        examiner = self.caller("home", Role.DNA_EXAMINER).member.principal
        sandbox = "/sandbox/" in route_path
        makers = {
            "profile_id": lambda: str(self._profile(examiner, route_path, sandbox=sandbox)),
            "match_id": lambda: str(dna_world.match(self.uow_factory, examiner, sandbox=sandbox)),
            "follow_up_id": lambda: str(self._follow_up(route_path)),
            "user_id": lambda: str(
                make_user(self.uow_factory, self.home, f"target{uuid.uuid4().hex[:6]}").user_id
            ),
            "bulletin_id": self._bulletin,
            "token_id": lambda: self._token(caller),
            "job_id": self._dead_job,
            "report_id": lambda: self._report_for(route_path),
            "evidence_id": lambda: str(self._evidence[1]),
            "other_report_id": lambda: str(intel_world.report(self.uow_factory, self._investigator())),
            "node_id": lambda: str(intel_world.report(self.uow_factory, self._investigator())),
            "kind": lambda: "report",
            "network_id": lambda: str(intel_world.network(self.uow_factory, self._investigator())),
            "attachment_id": lambda: str(
                coop_world.attachment(self.uow_factory, self._last_request, self.home)
            ),
            "request_id": lambda: self._request_for(route_path),
            "incoming_request_id": lambda: str(
                coop_world.request(
                    self.uow_factory, self._third(), self.home, document=coop_world.TO_HOME, until="sent"
                )
            ),
            "screened_request_id": lambda: str(
                coop_world.request(
                    self.uow_factory,
                    self._third(),
                    self.other,
                    document=coop_world.OVERRIDABLE
                    if route_path.endswith("/override")
                    else coop_world.NEEDS_REVIEW,
                    until="screened",
                )
            ),
            "intervention_id": lambda: str(coop_world.intervention(self.uow_factory, self._investigator())),
            "identifier_id": lambda: str(
                intel_world.hot_identifier(
                    self.uow_factory, self._investigator(), self.caller("home", Role.ANALYST).member.principal
                )
            ),
        }
        for hooks in (intel_io_world.MAKERS, persons_world.MAKERS):
            if param in hooks:
                return hooks[param](self, caller, route_path)
        return makers[param]()

    def _report_for(self, route_path: str) -> str:
        """A plain report, or the one holding the evidence when the route also names an attachment."""
        if "{evidence_id}" in route_path:
            self._evidence = intel_world.evidence(self.uow_factory, self._investigator())
            return str(self._evidence[0])
        return str(intel_world.report(self.uow_factory, self._investigator()))

    def _request_for(self, route_path: str) -> str:
        """A home request in the state the route acts on (remembered for an attachment in the path)."""
        self._last_request = coop_world.request(
            self.uow_factory, self.home, self._third(), document=coop_world.PASSING,
            until=coop_world.stage_for(route_path),
        )  # fmt: skip
        return str(self._last_request)

    def _third(self) -> uuid.UUID:
        """An agency that is neither home nor other (a request's partner, a reviewer pool's client)."""
        if self._third_agency is None:
            self._third_agency = coop_world.third_agency(self.uow_factory)
        return self._third_agency

    def _investigator(self) -> Principal:
        return self.caller("home", Role.INVESTIGATOR).member.principal

    def _profile(self, examiner: Principal, route_path: str, *, sandbox: bool) -> uuid.UUID:
        category = dna.Category.FORENSIC_UNKNOWN if sandbox else dna.Category.OFFENDER
        if route_path.endswith("/kinship-search"):
            dna_world.profile(self.uow_factory, examiner, dna.Category.RELATIVE_REFERENCE, consent="C-1")
            category = dna.Category.UNIDENTIFIED_REMAINS
        person = category is dna.Category.OFFENDER and not route_path.endswith("/person")
        return dna_world.profile(self.uow_factory, examiner, category, sandbox=sandbox, person=person)

    def _follow_up(self, route_path: str) -> uuid.UUID:
        """Home decides a follow-up it holds; home reads the person of one it requested."""
        third = make_agency(self.uow_factory, f"Third Unit {uuid.uuid4().hex[:4]}", "TH")
        if route_path.endswith("/decision"):
            requester = make_user(
                self.uow_factory, third, f"req.{uuid.uuid4().hex[:6]}", Role.DNA_EXAMINER
            ).principal
            return dna_world.follow_up(self.uow_factory, requester, self.home, approved=False)
        requester = self.caller("home", Role.DNA_EXAMINER).member.principal
        return dna_world.follow_up(self.uow_factory, requester, third, approved=True)

    def _bulletin(self) -> str:
        author = self.caller("home", Role.ANALYST).member
        with self.uow_factory() as uow:
            cmd = bulletins.CreateBulletin(title="Matrix bulletin", body="text", tlp=Tlp.AMBER_STRICT)
            view = bulletins.create_bulletin(uow, author.principal, cmd=cmd)
            uow.commit()
        return str(view.id)

    def _token(self, caller: Caller) -> str:
        with self.uow_factory() as uow:
            cmd = identity.CreateToken(name="target", scopes=[Permission.DASHBOARD_HOME_VIEW])
            issued = identity.create_token(uow, caller.member.principal, cmd=cmd)
            uow.commit()
        return str(issued.view.id)

    def _dead_job(self) -> str:
        from jointdesk.db.models import Job

        with self.uow_factory() as uow:
            job_id = uow.enqueue("matrix.none", {})
            job = uow.session.get(Job, job_id)
            assert job is not None
            job.status, job.attempts = "dead", job.max_attempts
            uow.commit()
        return str(job_id)


# Objects that belong to the whole platform rather than to one agency (no 404 for other agencies).
PLATFORM_SCOPED = {
    "job_id",
    "screened_request_id",
}  # reviewers are the node's pool, any agency but the requester


def build_world(uow_factory: UnitOfWorkFactory, clock: FixedClock, client: TestClient) -> World:
    return World(
        uow_factory,
        clock,
        client,
        make_agency(uow_factory, "Home Unit"),
        make_agency(uow_factory, "Other Unit", "MM"),
    )


def all_role_permissions() -> set[Permission]:
    return set().union(*ROLE_PERMISSIONS.values())
