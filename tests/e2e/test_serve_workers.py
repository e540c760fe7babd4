"""``jointdesk serve --workers N``: several server processes answer authenticated lookups."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from jointdesk import identity
from jointdesk.authz import Permission, Role
from jointdesk.config import Settings
from jointdesk.db import UnitOfWorkFactory
from support import make_agency, make_user


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.fixture
def server(settings: Settings) -> Iterator[tuple[str, int]]:
    port = _free_port()
    env = os.environ | {
        "JOINTDESK_DATABASE_URL": settings.database_url,
        "JOINTDESK_SECRET_KEY": settings.secret_key.get_secret_value(),
        "JOINTDESK_MODE": "test",
        "JOINTDESK_VAR_DIR": str(settings.var_dir),
    }
    jointdesk = str(Path(sys.executable).parent / "jointdesk")
    command = [jointdesk, "serve", "--no-worker", "--workers", "2", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_two_worker_processes_serve_authenticated_lookups(
    server: tuple[str, int], uow_factory: UnitOfWorkFactory
) -> None:
    base, pid = server
    member = make_user(uow_factory, make_agency(uow_factory, "Unit A", "CN"), "ana.a", Role.ANALYST)
    with uow_factory() as uow:
        cmd = identity.CreateToken(name="t", scopes=[Permission.INTEL_LOOKUP_RUN])
        token = identity.create_token(uow, member.principal, cmd=cmd).token
        uow.commit()
    assert len(_children(pid)) >= 2
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10) as http:
        for _ in range(6):
            hit = http.get("/api/v1/intel/lookup", params={"value": "phone:+8613800138000"})
            assert hit.status_code == 200 and hit.json()["status"] == "not_found"
            assert hit.headers["x-frame-options"] == "DENY"
        assert (
            http.get("/api/v1/intel/lookup", params={"value": "x"}, headers={"Authorization": ""}).status_code
            == 401
        )
