"""HTTP lookups for bench_intel: ``jointdesk serve`` under a pool of keep-alive client threads, and
the same clients against an ASGI app that does nothing, which is what this machine and this client
can reach at best (the ceiling any server here is measured against)."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

LOOKUP_PATH = "/api/v1/intel/lookup"
BIN = Path(sys.executable).parent


async def empty_app(
    scope: MutableMapping[str, Any],
    _receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
    send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
) -> None:
    """Answers every request at once with a fixed small JSON body: no routing, no database."""
    if scope["type"] != "http":
        return
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b'{"status":"not_found"}'})


def http_lookups(
    env: dict[str, str], token: str, values: list[str], seconds: float, clients: int, workers: int = 1
) -> dict[str, float]:
    """``jointdesk serve`` with ``env`` (database, secret, var dir), looked up one value at a time."""
    port = free_port()
    command = [str(BIN / "jointdesk"), "serve", "--no-worker", "--port", str(port)]
    command += ["--workers", str(workers)]
    with _server(command, os.environ | env, port) as base:
        return _load(base, {"Authorization": f"Bearer {token}"}, values, seconds, clients)


def http_ceiling(values: list[str], seconds: float, clients: int) -> dict[str, float]:
    """The same clients and requests against :func:`empty_app` under uvicorn in one process."""
    port = free_port()
    app_dir = str(Path(__file__).parent)
    command = [str(BIN / "python"), "-m", "uvicorn", "--app-dir", app_dir, "intel_http:empty_app"]
    command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    with _server(command, dict(os.environ), port) as base:
        return _load(base, {}, values, seconds, clients)


@contextmanager
def _server(command: list[str], env: dict[str, str], port: int) -> Iterator[str]:
    """Runs ``command`` until the block ends; yields its base URL once it answers."""
    quiet = subprocess.DEVNULL
    process = subprocess.Popen(command, env=env, stdout=quiet, stderr=quiet)  # noqa: S603 - our own command
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_up(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _load(
    base: str, headers: dict[str, str], values: list[str], seconds: float, clients: int
) -> dict[str, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(offset: int) -> None:
        mine: list[float] = []
        with httpx.Client(base_url=base, headers=headers, timeout=10) as http:
            i = offset
            while time.perf_counter() < stop_at:
                began = time.perf_counter()
                response = http.get(LOOKUP_PATH, params={"value": values[i % len(values)]})
                mine.append(time.perf_counter() - began)
                assert response.status_code == 200, response.text
                i += clients
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100)
    return {"p50": cuts[49] * 1000, "p99": cuts[98] * 1000, "rate": len(latencies) / elapsed}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/health", timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")
