"""``jointdesk worker`` and ``jointdesk jobs``."""

from __future__ import annotations

import os
import signal
import socket
import threading
import uuid
from types import FrameType

import typer

from jointdesk import jobs
from jointdesk.authz import Principal
from jointdesk.bootstrap import all_tasks
from jointdesk.cli.common import console, container, emit, unit_of_work

app = typer.Typer(help="Background jobs.", no_args_is_help=True)


def worker(
    once: bool = typer.Option(False, "--once", help="Run due jobs, then exit."),
    poll: float = typer.Option(1.0, help="Seconds between polls when idle."),
) -> None:
    """Run background jobs and periodic schedules until interrupted."""
    tasks, periodic = all_tasks()
    worker_id = f"{socket.gethostname()}:{os.getpid()}"
    runner = jobs.Worker(container().uow_factory, tasks, periodic, worker_id=worker_id)
    if once:
        runner.schedule_periodic()
        while runner.run_once():
            pass
        return
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    console.print(f"worker {worker_id} running {len(tasks)} task types")
    runner.run(stop, poll)


@app.command("list")
def list_jobs(
    status: str = typer.Option(None, help="queued, running, done or dead."),
    limit: int = typer.Option(50),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List jobs, newest first; failures show their last error."""
    with unit_of_work() as uow:
        rows = [jobs.job_dict(j) for j in jobs.list_jobs(uow, status=status, limit=limit)]
    lines = [_job_line(r) for r in rows]
    emit(rows, as_json=as_json, human="\n".join(lines) or "no jobs")


def _job_line(row: dict[str, object]) -> str:
    attempts = f"{row['attempts']}/{row['max_attempts']}"
    return f"{row['id']}  {row['status']!s:<8} {attempts}  {row['task']}  {row['last_error'] or ''}"


@app.command("retry")
def retry(job_id: uuid.UUID = typer.Argument(...), as_json: bool = typer.Option(False, "--json")) -> None:
    """Requeue a dead job."""
    with unit_of_work() as uow:
        row = jobs.job_dict(jobs.retry_job(uow, Principal.system("cli"), job_id))
    emit(row, as_json=as_json, human=f"requeued {job_id}")
