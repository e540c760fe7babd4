"""Generated authorisation matrix: every route × {anonymous, without the permission, with it,
with it in another agency}. Expected codes follow docs/architecture.md §5."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from authz import coop_world, dna_world, intel_io_world, intel_world, persons_world
from authz.world import PLATFORM_SCOPED, Caller, World, build_world, role_with, role_without
from jointdesk import dna
from jointdesk.authz import Role
from jointdesk.db import UnitOfWorkFactory
from jointdesk.kernel.clock import FixedClock
from routes import RouteInfo, iter_routes
from support import make_agency

PARAM = re.compile(r"{([a-z_]+)}")
Body = Callable[[World, Caller], dict[str, object]]


def _new_user(world: World, caller: Caller) -> dict[str, object]:
    return {
        "agency_id": str(caller.member.agency_id),
        "username": f"new.{caller.member.username}",
        "display_name": "New",
        "password": "correct-horse-battery-9",
        "roles": ["analyst"],
    }


def _own_stain(world: World, caller: Caller) -> str:
    return str(dna_world.profile(world.uow_factory, caller.member.principal, dna.Category.FORENSIC_UNKNOWN))


def _partner_query(world: World, caller: Caller) -> dict[str, object]:
    third = make_agency(world.uow_factory, f"Holder {caller.member.username}", "LA")
    dna_world.profile(world.uow_factory, world.caller_in(third, Role.DNA_EXAMINER), dna.Category.OFFENDER)
    return {"target_agency_id": str(third), "profile_id": _own_stain(world, caller)}


def _follow_up_request(world: World, caller: Caller) -> dict[str, object]:
    third = make_agency(world.uow_factory, f"Holder {caller.member.username}", "LA")
    query_id, ref = dna_world.hit_query(world.uow_factory, caller.member.principal, third)
    return {
        "partner_query_id": str(query_id),
        "profile_ref": ref,
        "legal_basis": "MLA",
        "justification": "identify the suspect now",
    }


MULTIPART = {
    "/cooperation/requests/{request_id}/attachments": b"bank statement of the mule account",
    "/api/v1/cooperation/requests/{request_id}/attachments": b"bank statement of the mule account",
    "/intel/reports/{report_id}/evidence": b"chat export: pay 6222020200001234",
    "/api/v1/intel/reports/{report_id}/evidence": b"chat export: pay 6222020200001234",
    "/api/v1/dna/imports": (
        Path(__file__).parents[1] / "unit/dna/fixtures/dna_formats_gm_long.txt"
    ).read_bytes(),
}
DNA_PROFILE = {"specimen_category": "forensic_unknown", "loci": dna_world.LOCI, "legal_basis": "CPL art. 1"}
WEB_LOCI = "\n".join(f"{k}={v}" for k, v in dna_world.LOCI.items())
DECISION = {"confirm": True, "reason": "checked the electropherograms"}


# Valid bodies so "with the permission" exercises the real action, not only validation.
BODIES: dict[tuple[str, str], Body] = {
    ("POST", "/api/v1/agencies"): lambda w, c: {
        "name": f"Agency of {c.member.username}",
        "country": "LA",
        "kind": "police_unit",
    },
    ("POST", "/api/v1/users"): _new_user,
    ("PUT", "/api/v1/users/{user_id}/roles"): lambda w, c: {"roles": ["analyst"]},
    ("POST", "/api/v1/bulletins"): lambda w, c: {"title": "Matrix", "body": "text", "tlp": "GREEN"},
    ("PUT", "/api/v1/bulletins/{bulletin_id}/marking"): lambda w, c: {"tlp": "AMBER"},
    ("POST", "/api/v1/bulletins/{bulletin_id}/shares"): lambda w, c: {"agency_id": str(w.other)},
    ("POST", "/agencies"): lambda w, c: {
        "name": f"Web agency of {c.member.username}",
        "country": "VN",
        "kind": "police_unit",
    },
    ("POST", "/users"): lambda w, c: _new_user(w, c) | {"roles": "analyst"},
    ("POST", "/bulletins"): lambda w, c: {"title": "Matrix", "body": "text", "tlp": "GREEN"},
    ("POST", "/bulletins/{bulletin_id}/marking"): lambda w, c: {"tlp": "AMBER"},
    ("POST", "/bulletins/{bulletin_id}/share"): lambda w, c: {"agency_id": str(w.other)},
    ("POST", "/users/{user_id}/roles"): lambda w, c: {"roles": "analyst"},
    ("POST", "/tokens"): lambda w, c: {"name": "t", "scopes": "dashboard:home:view"},
    ("POST", "/api/v1/dna/profiles"): lambda w, c: DNA_PROFILE,
    ("PUT", "/api/v1/dna/profiles/{profile_id}/person"): lambda w, c: {"full_name": "Test Person"},
    ("POST", "/api/v1/dna/profiles/{profile_id}/person/read"): lambda w, c: {
        "justification": "checking the suspect"
    },
    ("POST", "/api/v1/dna/profiles/{profile_id}/search"): lambda w, c: {"mode": "moderate"},
    ("POST", "/api/v1/dna/profiles/{profile_id}/kinship-search"): lambda w, c: {
        "relationship": "parent_child"
    },
    ("POST", "/api/v1/dna/matches/{match_id}/decision"): lambda w, c: DECISION,
    ("POST", "/api/v1/dna/partner-queries"): _partner_query,
    ("POST", "/api/v1/dna/follow-ups"): _follow_up_request,
    ("POST", "/api/v1/dna/follow-ups/{follow_up_id}/decision"): lambda w, c: {
        "approve": True,
        "reason": "lawful",
    },
    ("POST", "/api/v1/dna/follow-ups/{follow_up_id}/person"): lambda w, c: {
        "justification": "arrest warrant 42"
    },
    ("POST", "/api/v1/dna/sandbox/exercises"): lambda w, c: {"size": 5},
    ("POST", "/api/v1/dna/imports"): lambda w, c: {
        "format": "genemapper",
        "specimen_category": "offender",
        "legal_basis": "CPL",
    },
    ("POST", "/api/v1/dna/sandbox/profiles/{profile_id}/search"): lambda w, c: {"mode": "moderate"},
    ("POST", "/api/v1/dna/sandbox/matches/{match_id}/decision"): lambda w, c: DECISION,
    ("POST", "/dna/profiles"): lambda w, c: {
        "specimen_category": "forensic_unknown",
        "loci": WEB_LOCI,
        "legal_basis": "CPL",
    },
    ("POST", "/dna/profiles/{profile_id}/search"): lambda w, c: {"mode": "moderate"},
    ("POST", "/dna/profiles/{profile_id}/kinship-search"): lambda w, c: {"relationship": "parent_child"},
    ("POST", "/dna/matches/{match_id}/decision"): lambda w, c: {
        "decision": "confirm",
        "reason": "checked it",
    },
    ("POST", "/dna/profiles/{profile_id}/partner-query"): lambda w, c: {"target_agency_id": str(w.other)},
    ("POST", "/dna/follow-ups"): _follow_up_request,
    ("POST", "/dna/follow-ups/{follow_up_id}/decision"): lambda w, c: {
        "decision": "approve",
        "reason": "lawful",
    },
    ("POST", "/dna/sandbox/exercises"): lambda w, c: {"size": 5},
    ("POST", "/api/v1/intel/reports"): lambda w, c: intel_world.report_in().model_dump(mode="json"),
    ("POST", "/api/v1/intel/reports/{report_id}/withdraw"): lambda w, c: {"reason": "filed twice by mistake"},
    ("POST", "/api/v1/intel/reports/{report_id}/victim/read"): lambda w, c: {
        "justification": "calling the victim back"
    },
    ("PUT", "/api/v1/intel/reports/{report_id}/typology"): lambda w, c: {"code": "IMP.GOV"},
    ("POST", "/api/v1/intel/lookup"): lambda w, c: {"values": [intel_world.HOT_PHONE, "6222020200001234"]},
    ("POST", "/api/v1/intel/identifiers/{identifier_id}/clear-hot"): lambda w, c: {
        "reason": "a real scam line shared by a ring"
    },
    ("PUT", "/api/v1/intel/hot-thresholds"): lambda w, c: {"id_type": "phone", "threshold": 60},
    ("POST", "/api/v1/intel/reports/{report_id}/evidence"): lambda w, c: {"kind": "chat_export"},
    ("POST", "/intel/reports"): lambda w, c: {
        "id_type_0": "bank_account",
        "value_0": intel_world.MULE["value"],
        "role_0": "payee",
        "narrative": "Transferred money to a safe account.",
    },
    ("POST", "/intel/reports/{report_id}/typology"): lambda w, c: {"code": "IMP.GOV"},
    ("POST", "/intel/suggest"): lambda w, c: {
        "text": "Police officer said my account is used for laundering"
    },
    ("POST", "/api/v1/cooperation/requests"): lambda w, c: {
        "request_type": "freeze",
        "receiving_agency_id": str(w._third()),
        "document": coop_world.PASSING,
    },
    ("PUT", "/api/v1/cooperation/requests/{request_id}/document"): lambda w, c: {
        "document": coop_world.PASSING
    },
    ("POST", "/api/v1/cooperation/requests/{request_id}/approve"): lambda w, c: {
        "reasons": "lawful and needed"
    },
    ("POST", "/api/v1/cooperation/requests/{request_id}/withdraw"): lambda w, c: {
        "reason": "the money came back"
    },
    ("POST", "/api/v1/cooperation/requests/{request_id}/renew-hold"): lambda w, c: {
        "reason": "order pending"
    },
    ("POST", "/api/v1/cooperation/requests/{request_id}/messages"): lambda w, c: {"body": "Any news?"},
    ("POST", "/api/v1/cooperation/inbox/{incoming_request_id}/result"): lambda w, c: {
        "outcome": "executed",
        "result": "frozen",
        "amount_secured": "900",
    },
    ("POST", "/api/v1/cooperation/reviews/{screened_request_id}/review"): lambda w, c: {
        "verdict": "approve",
        "rule_keys": ["FRZ-01"],
        "reason_codes": ["tip_checked"],
        "reasons": "holder screened, no indicators",
    },
    ("POST", "/api/v1/cooperation/reviews/{screened_request_id}/override"): lambda w, c: {
        "rule_keys": ["FRZ-01"],
        "reason_codes": ["judicial_check"],
        "reasons": "court confirmed dual criminality",
    },
    ("POST", "/api/v1/cooperation/interventions"): lambda w, c: {
        "kind": "block_number",
        "target": "phone:+8613800138000",
        "partner": "China Mobile",
        "legal_basis": "Anti-Telecom Fraud Law art. 11",
    },
    ("POST", "/api/v1/cooperation/interventions/{intervention_id}/steps"): lambda w, c: {"step": "send"},
    ("POST", "/cooperation/requests"): lambda w, c: (
        coop_world.WEB_FORM | {"receiving_agency_id": str(w._third())}
    ),
    ("POST", "/cooperation/requests/{request_id}/approve"): lambda w, c: {"reasons": "lawful and needed"},
    ("POST", "/cooperation/requests/{request_id}/withdraw"): lambda w, c: {"reason": "the money came back"},
    ("POST", "/cooperation/requests/{request_id}/renew-hold"): lambda w, c: {"reason": "court order pending"},
    ("POST", "/cooperation/requests/{request_id}/messages"): lambda w, c: {"body": "Any news?"},
    ("POST", "/cooperation/inbox/{incoming_request_id}/result"): lambda w, c: {
        "outcome": "executed",
        "result": "frozen",
        "amount_secured": "900",
    },
    ("POST", "/cooperation/reviews/{screened_request_id}/review"): lambda w, c: {
        "verdict": "approve",
        "rule_keys": "FRZ-01",
        "reason_codes": "tip_checked",
        "reasons": "holder screened, no indicators",
    },
    ("POST", "/cooperation/reviews/{screened_request_id}/override"): lambda w, c: {
        "rule_keys": "FRZ-01",
        "reason_codes": "judicial_check",
        "reasons": "court confirmed dual criminality",
    },
    ("POST", "/cooperation/interventions"): lambda w, c: {
        "kind": "block_number",
        "target": "phone:+8613800138000",
        "partner": "China Mobile",
        "legal_basis": "Anti-Telecom Fraud Law art. 11",
    },
    ("POST", "/cooperation/interventions/{intervention_id}/steps"): lambda w, c: {"step": "send"},
    ("POST", "/intel/reports/{report_id}/evidence"): lambda w, c: {"kind": "chat_export"},
    ("POST", "/intel/reports/{report_id}/withdraw"): lambda w, c: {"reason": "filed twice by mistake"},
    ("POST", "/intel/reports/{report_id}/victim"): lambda w, c: {"justification": "calling the victim back"},
    ("POST", "/intel/lookup"): lambda w, c: {"values": f"{intel_world.HOT_PHONE}\n6222020200001234"},
}


BODIES |= intel_io_world.BODIES | persons_world.BODIES
MULTIPART |= intel_io_world.MULTIPART | persons_world.MULTIPART


def _protected_routes() -> list[RouteInfo]:
    from jointdesk.asgi import create_app  # route list only; no database is touched

    return [r for r in iter_routes(_bare_app(create_app)) if r.permission is not None]


def _bare_app(factory: object) -> FastAPI:
    from unittest.mock import MagicMock

    return factory(container=MagicMock())  # type: ignore[operator, no-any-return]


ROUTES = _protected_routes()


QUERIES = {
    "/api/v1/audit/proofs/inclusion": "?seq=0&tree_size=2",
    "/api/v1/audit/proofs/consistency": "?first=1&second=2",
    "/api/v1/intel/lookup": "?value=%2B8613800138000",
}


def _send(world: World, route: RouteInfo, path: str, caller: Caller | None) -> httpx.Response:
    client = world.client
    path += QUERIES.get(route.path, "")
    client.cookies.clear()
    make_body = BODIES.get((route.method, route.path))
    entitled = caller is not None and route.permission in caller.member.principal.permissions
    body = make_body(world, caller) if make_body and caller and entitled else {}
    if route.is_api:
        headers = {"Authorization": f"Bearer {caller.token}"} if caller else {}
        if route.path in MULTIPART and route.method == "POST":
            return client.post(
                path, headers=headers, data=body, files={"file": ("run.txt", MULTIPART[route.path])}
            )
        if route.method in {"POST", "PUT"}:
            return client.request(route.method, path, headers=headers, json=body)
        return client.request(route.method, path, headers=headers)
    if caller is not None:
        client.cookies.update(caller.cookies)
    if route.method == "POST":
        form = body | {"csrf_token": caller.csrf if caller else ""}
        files = {"file": ("upload.txt", MULTIPART[route.path])} if route.path in MULTIPART else None
        return client.post(path, data=form, files=files, follow_redirects=False)
    return client.get(path, follow_redirects=False)


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.method} {r.path}" for r in ROUTES])
def test_route_matrix(
    route: RouteInfo, uow_factory: UnitOfWorkFactory, clock: FixedClock, client: TestClient
) -> None:
    world = build_world(uow_factory, clock, client)
    assert route.permission is not None
    granted = role_with(route.permission)
    assert granted is not None, f"no role holds {route.permission}"
    owner = world.caller("home", granted)
    params = PARAM.findall(route.path)
    path = route.path
    for param in params:
        path = path.replace("{" + param + "}", world.owned_object(param, owner, route.path))

    anonymous = _send(world, route, path, None)
    if route.is_api:
        assert anonymous.status_code == 401, anonymous.text
        assert anonymous.headers["content-type"].startswith("application/problem+json")
    else:
        assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")

    lacking = role_without(route.permission)
    if lacking is not None:
        denied = _send(world, route, path, world.caller("home", lacking))
        assert denied.status_code == 403, denied.text

    platform_scoped = bool(params) and set(params) <= PLATFORM_SCOPED
    if platform_scoped:  # the owner acts first; the same action elsewhere may then conflict
        _assert_allowed(_send(world, route, path, owner))
    foreign = _send(world, route, path, world.caller("other", granted))
    if params and not platform_scoped:
        assert foreign.status_code == 404, foreign.text
    else:
        assert foreign.status_code in {200, 201, 303, 409}, foreign.text
    if not platform_scoped:  # after the foreign call, so a share by the owner cannot mask a leak
        _assert_allowed(_send(world, route, path, owner))


def _assert_allowed(response: httpx.Response) -> None:
    assert response.status_code in {200, 201, 303}, response.text
    assert response.status_code != 303 or not response.headers["location"].startswith("/login")
