"""API: health, bearer tokens, RFC 9457 problem details naming the field, OpenAPI."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from jointdesk import identity
from jointdesk.authz import Permission, Role
from jointdesk.bootstrap import Container
from jointdesk.db import UnitOfWork, UnitOfWorkFactory
from support import make_agency, make_user


def _token(uow_factory: UnitOfWorkFactory, *scopes: Permission) -> str:
    member = make_user(uow_factory, make_agency(uow_factory, "API Unit"), "api.sup", Role.SUPERVISOR)
    with uow_factory() as uow:
        issued = identity.create_token(
            uow, member.principal, cmd=identity.CreateToken(name="t", scopes=list(scopes))
        )
        uow.commit()
    return issued.token


def test_health_is_public(client: TestClient) -> None:
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["database"] in {"sqlite", "postgresql"}


def test_missing_token_is_a_problem_document(client: TestClient) -> None:
    response = client.get("/api/v1/bulletins")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 401 and response.headers["www-authenticate"] == "Bearer"


def test_validation_error_names_the_field(client: TestClient, uow_factory: UnitOfWorkFactory) -> None:
    token = _token(uow_factory, Permission.BULLETINS_BULLETIN_CREATE)
    response = client.post(
        "/api/v1/bulletins",
        json={"title": "ok title", "body": "b", "tlp": "PURPLE"},
        headers={"Authorization": f"Bearer {token}"},
    )
    problem = response.json()
    assert response.status_code == 422 and problem["errors"][0]["field"] == "tlp"
    assert "tlp" in problem["detail"]


def test_scopes_limit_a_token(client: TestClient, uow_factory: UnitOfWorkFactory) -> None:
    token = _token(uow_factory, Permission.BULLETINS_BULLETIN_READ)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/bulletins", headers=headers).status_code == 200
    created = client.post("/api/v1/bulletins", json={"title": "abc", "body": "b"}, headers=headers)
    assert created.status_code == 403 and created.json()["detail"].endswith("bulletins:bulletin:create")


def test_openapi_lists_the_routes(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/bulletins" in spec["paths"] and "/audit/proofs/inclusion" in spec["paths"]


def test_lookups_record_token_use_and_honour_revocation(
    client: TestClient, uow_factory: UnitOfWorkFactory
) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "API Unit", "CN"), "api.ana", Role.ANALYST)
    with uow_factory() as uow:
        cmd = identity.CreateToken(name="t", scopes=[Permission.INTEL_LOOKUP_RUN])
        issued = identity.create_token(uow, member.principal, cmd=cmd)
        uow.commit()
    headers = {"Authorization": f"Bearer {issued.token}"}
    hit = client.get("/api/v1/intel/lookup", params={"value": "phone:+8613800138000"}, headers=headers)
    assert hit.status_code == 200 and hit.json()["status"] == "not_found"
    batch = client.post(
        "/api/v1/intel/lookup", json={"values": ["phone:+8613800138000"] * 2}, headers=headers
    )
    assert batch.status_code == 200 and len(batch.json()) == 2
    with uow_factory() as uow:
        assert identity.list_tokens(uow, member.principal)[0].last_used_at is not None
        identity.revoke_token(uow, member.principal, token_id=issued.view.id)
        uow.commit()
    again = client.get("/api/v1/intel/lookup", params={"value": "phone:+8613800138000"}, headers=headers)
    assert again.status_code == 401


def test_only_routes_marked_read_only_get_a_read_only_unit_of_work(
    client: TestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    real = container.uow_factory

    def recording(*, read_only: bool = False) -> UnitOfWork:
        asked.append(read_only)
        return real(read_only=read_only)

    monkeypatch.setattr(container, "uow_factory", recording)
    token = _token(real, Permission.INTEL_LOOKUP_RUN, Permission.BULLETINS_BULLETIN_READ)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/intel/lookup", params={"value": "x"}, headers=headers).status_code == 200
    assert client.post("/api/v1/intel/lookup", json={"values": ["x"]}, headers=headers).status_code == 200
    assert client.get("/api/v1/bulletins", headers=headers).status_code == 200
    assert asked == [True, True, False]
