"""Password policy, lockout back-off and TOTP step checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
from hypothesis import given
from hypothesis import strategies as st

from jointdesk.identity.rules import (
    LOCKOUT_CAP,
    lockout_until,
    password_problems,
    token_digest,
    totp_matching_step,
    totp_step,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def test_good_password_passes() -> None:
    assert password_problems("correct-horse-battery-9", username="li.wei") == []


def test_lockout_doubles_and_caps() -> None:
    assert lockout_until(4, threshold=5, now=NOW) is None
    assert lockout_until(5, threshold=5, now=NOW) == NOW + timedelta(minutes=1)
    assert lockout_until(7, threshold=5, now=NOW) == NOW + timedelta(minutes=4)
    assert lockout_until(50, threshold=5, now=NOW) == NOW + LOCKOUT_CAP


def test_totp_accepts_adjacent_steps_once() -> None:
    secret = pyotp.random_base32()
    current = totp_step(NOW)
    previous_code = pyotp.TOTP(secret).generate_otp(current - 1)
    assert totp_matching_step(secret, previous_code, now=NOW, last_step=0) == current - 1
    assert totp_matching_step(secret, previous_code, now=NOW, last_step=current - 1) is None
    far = pyotp.TOTP(secret).generate_otp(current - 3)
    assert totp_matching_step(secret, far, now=NOW, last_step=0) is None


@given(st.text(max_size=12))
def test_malformed_codes_never_match(code: str) -> None:
    assert totp_matching_step("JBSWY3DPEHPK3PXP", code + "x", now=NOW, last_step=0) is None


def test_token_digest_is_stable_and_hex() -> None:
    assert token_digest("jdk_x") == token_digest("jdk_x") and len(token_digest("jdk_x")) == 64
