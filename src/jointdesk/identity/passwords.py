"""Argon2id password hashing. Parameters live in each stored hash, so cheaper test settings
(``use_hasher``) still verify real hashes and vice versa."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2-cffi defaults: RFC 9106 low-memory profile


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Swap the hasher (tests use minimal cost); returns the previous one."""
    global _hasher
    previous, _hasher = _hasher, hasher
    return previous


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)
