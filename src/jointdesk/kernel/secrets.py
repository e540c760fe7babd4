"""Keys derived from the node secret, handed to services through the unit of work."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass


def derive_key(secret: str, purpose: str) -> bytes:
    """Domain-separated 32-byte key: one secret, one key per purpose."""
    return hmac.new(secret.encode(), f"jointdesk/{purpose}".encode(), hashlib.sha256).digest()


@dataclass(frozen=True, repr=False)  # never print keys
class NodeSecrets:
    """Per-node keys: pseudonyms for the oversight log, field encryption, log signing seed."""

    staff_pseudonym_key: bytes
    record_pseudonym_key: bytes
    field_key: bytes
    identifier_key: bytes = b""  # HMAC of protected identifiers (card numbers, victim keys)
    origin: str = "jointdesk.local/dev-node"
    log_key_seed: bytes | None = None

    @classmethod
    def from_secret(
        cls, secret: str, *, origin: str = "jointdesk.local/dev-node", log_key_seed: bytes | None = None
    ) -> NodeSecrets:
        return cls(
            staff_pseudonym_key=derive_key(secret, "pseudonym/staff"),
            record_pseudonym_key=derive_key(secret, "pseudonym/record"),
            field_key=derive_key(secret, "field-encryption"),
            identifier_key=derive_key(secret, "identifier-hmac"),
            origin=origin,
            log_key_seed=log_key_seed,
        )

    def staff_pseudonym(self, user_id: str) -> str:
        return _hmac_hex(self.staff_pseudonym_key, user_id)

    def record_pseudonym(self, kind: str, record_id: str) -> str:
        return _hmac_hex(self.record_pseudonym_key, f"{kind}:{record_id}")


def _hmac_hex(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]
