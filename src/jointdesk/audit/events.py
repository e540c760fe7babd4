"""The one audit event registry: each domain subclasses ``AuditEventType`` in its events.py."""

from __future__ import annotations

import re
from enum import StrEnum

EVENT_NAME = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")


class AuditEventType(StrEnum):
    """Base of every domain's event enum (names as in safeguards.md §6.4)."""


class AuditLogEvent(AuditEventType):
    CHECKPOINT_PUBLISHED = "checkpoint.published"
    KEY_ROTATED = "key.rotated"
    DATA_CONSULTED = "data.consulted"
    DATA_ERASED = "data.erased"
    ADMIN_PRIVILEGED_ACCESS = "admin.privileged_access"
    LOG_EXPORTED = "log.exported"


def registry() -> dict[str, AuditEventType]:
    """Every declared event by name; duplicates across domains are a programming error."""
    found: dict[str, AuditEventType] = {}
    for enum_cls in _all_subclasses(AuditEventType):
        for member in enum_cls:
            if member.value in found:
                msg = f"audit event {member.value!r} declared twice"
                raise RuntimeError(msg)
            found[member.value] = member
    return found


def _all_subclasses(cls: type[AuditEventType]) -> list[type[AuditEventType]]:
    result: list[type[AuditEventType]] = []
    for sub in cls.__subclasses__():
        result.append(sub)
        result.extend(_all_subclasses(sub))
    return result
