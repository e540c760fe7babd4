"""Audit jobs: close access-log batches and publish checkpoints on a fixed cadence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jointdesk.audit.access import close_access_batch
from jointdesk.audit.checkpoints import publish_checkpoint
from jointdesk.authz.principal import Principal
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.tasks import Periodic, TaskFn


def close_access_batch_task(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    close_access_batch(uow, Principal.system("worker"))


def publish_checkpoint_task(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    publish_checkpoint(uow, Principal.system("worker"))


TASKS: dict[str, TaskFn] = {
    "audit.close_access_batch": close_access_batch_task,
    "audit.publish_checkpoint": publish_checkpoint_task,
}

PERIODIC = [
    Periodic(task="audit.close_access_batch", every=timedelta(minutes=5)),
    Periodic(task="audit.publish_checkpoint", every=timedelta(minutes=10)),
]
