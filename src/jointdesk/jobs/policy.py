"""Pure scheduling rules: retry backoff, periodic time slots, error text. No database here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ERROR_LIMIT = 2000
_ZERO = timedelta(0)
_MICROSECOND = timedelta(microseconds=1)


def backoff(attempts: int, base: timedelta, cap: timedelta) -> timedelta:
    """Delay after the ``attempts``-th failed try: ``base * 2**(attempts-1)``, at most ``cap``."""
    if base <= _ZERO:
        return _ZERO
    # Exact integer microseconds; past 2**80 any timedelta cap is exceeded, so stop growing there.
    exponent = min(max(attempts - 1, 0), 80)
    delay = (base // _MICROSECOND) << exponent
    return cap if delay >= cap // _MICROSECOND else base * 2**exponent


def slot_start(now: datetime, every: timedelta) -> datetime:
    """Start of the slot holding ``now``: ``floor(now / every) * every``, counted from the epoch."""
    if every <= _ZERO:
        msg = f"periodic interval must be positive, got {every}"
        raise ValueError(msg)
    return EPOCH + ((now - EPOCH) // every) * every


def periodic_dedup_key(task: str, start: datetime) -> str:
    """One key per task and slot, so a slot is scheduled at most once whoever schedules it."""
    return f"periodic:{task}:{start.astimezone(UTC).isoformat()}"


def describe_error(exc: BaseException, limit: int = ERROR_LIMIT) -> str:
    """``Type: message``, cut to ``limit`` characters so one huge message cannot bloat the row."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[: limit - 3] + "..."
