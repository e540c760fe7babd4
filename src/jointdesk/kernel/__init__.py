"""Shared primitives with no I/O: ids, clocks, errors."""

from jointdesk.kernel.clock import Clock, FixedClock, SystemClock, utcnow
from jointdesk.kernel.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotFound,
    Unauthenticated,
)
from jointdesk.kernel.ids import new_id

__all__ = [
    "Clock",
    "Conflict",
    "DomainError",
    "FixedClock",
    "Forbidden",
    "InvalidInput",
    "InvalidTransition",
    "NotFound",
    "SystemClock",
    "Unauthenticated",
    "new_id",
    "utcnow",
]
