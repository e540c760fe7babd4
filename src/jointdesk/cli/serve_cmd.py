"""``jointdesk serve``: the web UI and API, with the node's job worker alongside by default."""

from __future__ import annotations

import os
import socket
import threading

import typer
import uvicorn

from jointdesk import jobs
from jointdesk.asgi import create_app
from jointdesk.bootstrap import all_tasks
from jointdesk.cli.common import console, container


def serve(
    host: str = typer.Option(None, help="Bind address (default from settings: 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default from settings: 8000)."),
    worker: bool = typer.Option(
        True, "--worker/--no-worker", help="Run the job worker in this process (one per SQLite node)."
    ),
) -> None:
    """Serve the web UI on / and the JSON API on /api/v1."""
    settings = container().settings
    stop = threading.Event()
    thread = _start_worker(stop) if worker else None
    console.print(f"jointdesk on http://{host or settings.host}:{port or settings.port}")
    try:
        app = create_app(container=container())
        uvicorn.run(app, host=host or settings.host, port=port or settings.port, proxy_headers=False)
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
