"""Backoff, periodic slots and error text: pure rules, checked by example and by property."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointdesk.jobs.policy import backoff, describe_error, periodic_dedup_key, slot_start

BASE, CAP = timedelta(seconds=10), timedelta(hours=1)
aware = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
intervals = st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=7))


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 10), (2, 20), (3, 40), (4, 80), (9, 2560), (10, 3600), (11, 3600), (10_000, 3600)],
)
def test_backoff_doubles_from_base_up_to_the_cap(attempts: int, seconds: int) -> None:
    assert backoff(attempts, BASE, CAP) == timedelta(seconds=seconds)


@given(st.integers(min_value=1, max_value=500))
def test_backoff_never_shrinks_and_never_exceeds_the_cap(attempts: int) -> None:
    assert backoff(attempts, BASE, CAP) <= backoff(attempts + 1, BASE, CAP) <= CAP


def test_backoff_handles_timedelta_overflow() -> None:
    assert backoff(60, timedelta(days=1), timedelta.max) == timedelta.max


def test_slot_start_floors_to_the_interval() -> None:
    now = datetime(2026, 11, 29, 9, 7, 30, tzinfo=UTC)
    assert slot_start(now, timedelta(minutes=5)) == datetime(2026, 11, 29, 9, 5, tzinfo=UTC)
    assert slot_start(now, timedelta(days=1)) == datetime(2026, 11, 29, tzinfo=UTC)


@given(aware, intervals)
def test_slot_holds_now(now: datetime, every: timedelta) -> None:
    start = slot_start(now, every)
    assert start <= now < start + every
    assert slot_start(start, every) == start


def test_slot_start_refuses_a_zero_interval() -> None:
    with pytest.raises(ValueError, match="positive"):
        slot_start(datetime(2026, 1, 1, tzinfo=UTC), timedelta(0))


def test_dedup_key_names_task_and_slot_in_utc() -> None:
    start = datetime(2026, 11, 29, 9, 5, tzinfo=UTC)
    assert periodic_dedup_key("a.tick", start) == "periodic:a.tick:2026-11-29T09:05:00+00:00"


def test_describe_error_gives_type_and_message_truncated() -> None:
    assert describe_error(KeyError("k")) == "KeyError: 'k'"
    long = describe_error(ValueError("x" * 50), limit=20)
    assert long == "ValueError: xxxxx..."
    assert len(long) == 20
