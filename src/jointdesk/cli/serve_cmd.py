"""``jointdesk serve``: the web UI and API, with the node's job worker alongside by default."""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

import typer
import uvicorn

from jointdesk import jobs
from jointdesk.asgi import create_app
from jointdesk.bootstrap import all_tasks
from jointdesk.cli.common import console, container

APP_FACTORY = "jointdesk.asgi:app_from_settings"
# A spawned worker imports the whole app before it answers uvicorn's health pings: on a busy
# 2-core host that took over uvicorn's default 5 s, and the supervisor killed it as hung.
MULTIPROCESS: dict[str, Any] = {"proxy_headers": False, "timeout_worker_healthcheck": 60}


def serve(
    host: str = typer.Option(None, help="Bind address (default from settings: 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default from settings: 8000)."),
    worker: bool = typer.Option(
        True, "--worker/--no-worker", help="Run the job worker in this process (one per SQLite node)."
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Server processes; more use more cores. The job worker stays one."
    ),
) -> None:
    """Serve the web UI on / and the JSON API on /api/v1."""
    settings = container().settings  # also creates the node's signing key before any worker starts
    stop = threading.Event()
    thread = _start_worker(stop) if worker else None
    console.print(f"jointdesk on http://{host or settings.host}:{port or settings.port}")
    where: dict[str, Any] = {"host": host or settings.host, "port": port or settings.port}
    try:
        if workers == 1:
            uvicorn.run(create_app(container=container()), **where, proxy_headers=False)
        else:  # each process builds its own app (and pool) from the same settings
            uvicorn.run(APP_FACTORY, factory=True, workers=workers, **where, **MULTIPROCESS)
    finally:
        stop.set()
        if thread is not None:
            thread.join(timeout=10)


def _start_worker(stop: threading.Event) -> threading.Thread:
    tasks, periodic = all_tasks()
    worker_id = f"{socket.gethostname()}:{os.getpid()}:serve"
    runner = jobs.Worker(container().uow_factory, tasks, periodic, worker_id=worker_id)
    thread = threading.Thread(target=runner.run, args=(stop, 2.0), name="jointdesk-worker", daemon=True)
    thread.start()
    return thread
