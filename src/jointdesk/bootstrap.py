"""Composition root: engine, unit-of-work factory, keys, every model and every task."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from jointdesk.config import Settings
from jointdesk.db import UnitOfWorkFactory, make_engine
from jointdesk.kernel.clock import Clock, SystemClock
from jointdesk.kernel.secrets import NodeSecrets
from jointdesk.kernel.tasks import Periodic, TaskFn


def load_models() -> None:
    """Import every models module so ``Base.metadata`` is complete (Alembic, tests)."""
    # Imported here, not at module top, so importing bootstrap stays cheap for the CLI.
    import jointdesk.audit.models  # noqa: PLC0415
    import jointdesk.authz.models  # noqa: PLC0415
    import jointdesk.bulletins.models  # noqa: PLC0415
    import jointdesk.cooperation.models  # noqa: PLC0415
    import jointdesk.db.models  # noqa: PLC0415
    import jointdesk.dna.models  # noqa: PLC0415
    import jointdesk.identity.models  # noqa: PLC0415
    import jointdesk.intel.models  # noqa: F401, PLC0415


def all_tasks() -> tuple[Mapping[str, TaskFn], Sequence[Periodic]]:
    """Every domain's TASKS and PERIODIC, collected once."""
    from jointdesk.audit import tasks as audit_tasks  # noqa: PLC0415 - domains load lazily
    from jointdesk.cooperation import tasks as coop_tasks  # noqa: PLC0415
    from jointdesk.intel import tasks as intel_tasks  # noqa: PLC0415

    tasks: dict[str, TaskFn] = {}
    periodic: list[Periodic] = []
    for module in (audit_tasks, intel_tasks, coop_tasks):
        overlap = tasks.keys() & module.TASKS.keys()
        if overlap:
            raise RuntimeError(f"task names declared twice: {sorted(overlap)}")
        tasks.update(module.TASKS)
        periodic.extend(module.PERIODIC)
    return tasks, periodic


def load_or_create_log_key(path: Path, *, create: bool) -> bytes | None:
    """The node's Ed25519 seed (raw 32 bytes, file mode 0600), created on first run."""
    if path.exists():
        return Ed25519PrivateKey.from_private_bytes(path.read_bytes()).private_bytes(
            Encoding.Raw, PrivateFormat.Raw, NoEncryption()
        )
    if not create:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    seed = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "wb") as handle:
        handle.write(seed)
    return seed


@dataclass
class Container:
    settings: Settings
    engine: Engine
    uow_factory: UnitOfWorkFactory


def bootstrap(settings: Settings, *, clock: Clock | None = None) -> Container:
    load_models()
    engine = make_engine(settings.database_url)
    seed = load_or_create_log_key(settings.signing_key_path, create=True)
    secrets = NodeSecrets.from_secret(
        settings.secret_key.get_secret_value(), origin=settings.node_origin, log_key_seed=seed
    )
    session_factory = sessionmaker(engine, expire_on_commit=False)
    factory = UnitOfWorkFactory(session_factory, clock or SystemClock(), secrets)
    return Container(settings=settings, engine=engine, uow_factory=factory)
