"""API: health, bearer tokens, RFC 9457 problem details naming the field, OpenAPI."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jointdesk import identity
from jointdesk.authz import Permission, Role
from jointdesk.db import UnitOfWorkFactory
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
