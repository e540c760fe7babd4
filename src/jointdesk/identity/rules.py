"""Pure identity rules: password policy, lockout back-off, TOTP checks, token format."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import pyotp

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
# A short blocklist of the most common choices; length does most of the work (NIST SP 800-63B).
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "password1234",
        "passwordpassword",
        "qwertyuiopas",
        "letmein12345",
        "administrator",
        "iloveyou1234",
        "changeme1234",
        "welcome12345",
        "jointdesk123",
    }
)
LOCKOUT_BASE = timedelta(minutes=1)
LOCKOUT_CAP = timedelta(hours=1)
TOTP_PERIOD_SECONDS = 30
TOKEN_PREFIX = "jdk_"


def password_problems(password: str, *, username: str) -> list[str]:
    """Reasons the password is refused; empty when acceptable."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"must be at most {MAX_PASSWORD_LENGTH} characters")
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS:
        problems.append("is a commonly used password")
    if username and username.lower() in lowered:
        problems.append("must not contain the username")
    if len(set(password)) < 5:
        problems.append("must use at least 5 different characters")
    return problems


def lockout_until(failed_logins: int, *, threshold: int, now: datetime) -> datetime | None:
    """After ``threshold`` failures, lock for 1 min, doubling each further failure, capped at 1 h."""
    if failed_logins < threshold:
        return None
    exponent = min(failed_logins - threshold, 10)
    return now + min(LOCKOUT_BASE * (1 << exponent), LOCKOUT_CAP)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_step(now: datetime) -> int:
    return int(now.timestamp()) // TOTP_PERIOD_SECONDS


def totp_matching_step(secret: str, code: str, *, now: datetime, last_step: int) -> int | None:
    """The time step the code belongs to (±1 step of drift), or None. A step already used is
    refused, so an intercepted code cannot be replayed."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp_step(now)
    for step in (current - 1, current, current + 1):
        if step > last_step and secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def totp_code(secret: str, now: datetime) -> str:
    return pyotp.TOTP(secret).generate_otp(totp_step(now))


def new_token() -> str:
    """A 256-bit bearer token with a recognisable prefix (secret scanners can spot leaks)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Tokens carry 256 bits of entropy, so a plain SHA-256 digest is a safe stored form."""
    return hashlib.sha256(token.encode()).hexdigest()
