"""APK signing-certificate SHA-256 (identifiers.md §2 Mobile app row): survives re-skins.

Same canonical form as ``apk_hash`` (64 lower-case hex digits, ``AA:BB:…`` fingerprints accepted),
kept as its own type so a file hash never matches a certificate fingerprint.
"""

from __future__ import annotations

from typing import Final

from jointdesk.indicators.types._base import Result, Strength, TypeInfo, guarded, version_tag
from jointdesk.indicators.types.apk_hash import sha256_hex

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1)
INFO: Final = TypeInfo(
    "apk_signing_cert", "APK signing certificate SHA-256", STRENGTH, PROTECTED, NORMALISER_VERSION
)


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """64 lower-case hex digits, or a rejection."""
    digest = sha256_hex(raw)
    if isinstance(digest, tuple):
        return INFO.reject(raw, *digest)
    return INFO.ok(raw, digest, attrs={"algorithm": "sha256"})
