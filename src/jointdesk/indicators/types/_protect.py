"""Keyed hashing for protected (🔒) identifiers (identifiers.md §1 rule 6).

Matching uses ``HMAC-SHA256(key, normalised_value)`` with a per-deployment or per-federation key;
an unkeyed hash of an enumerable space (phones, PANs, IDs) is never produced.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

MIN_KEY_BYTES: Final = 16


def keyed_hash(key: bytes, value: str) -> str:
    """Hex ``HMAC-SHA256(key, value)``; raises ``ValueError`` on a key shorter than 16 bytes."""
    if not usable_key(key):
        raise ValueError(f"HMAC key must be at least {MIN_KEY_BYTES} bytes")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def usable_key(key: bytes | None) -> bool:
    """Whether ``key`` is bytes long enough to key the matching HMAC."""
    return isinstance(key, bytes) and len(key) >= MIN_KEY_BYTES


KEY_MESSAGE: Final = f"a deployment HMAC key (bytes, >= {MIN_KEY_BYTES}) is needed for a protected identifier"
