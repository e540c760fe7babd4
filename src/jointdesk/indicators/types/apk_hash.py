"""APK file hash (identifiers.md §2 Mobile app row): SHA-256, 64 lower-case hex digits.

Accepts ``sha256:`` prefixes and colon / space separated fingerprints. MD5 and SHA-1 values are
refused (``invalid_length``): only SHA-256 links. The hash of an empty file is a placeholder.
"""

from __future__ import annotations

import re
from typing import Final

from jointdesk.indicators.types._base import (
    ReasonCode,
    Result,
    Strength,
    TypeInfo,
    fold_text,
    guarded,
    version_tag,
)

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1)
INFO: Final = TypeInfo("apk_hash", "APK SHA-256", STRENGTH, PROTECTED, NORMALISER_VERSION)

EMPTY_SHA256: Final = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
_PREFIX: Final = re.compile(r"^(?:sha-?256\s*[:=]?)", re.IGNORECASE)
_HEX: Final = re.compile(r"^[0-9a-f]+$")
_OTHER_HASHES: Final = {32: "MD5", 40: "SHA-1", 128: "SHA-512"}


def sha256_hex(raw: str) -> str | tuple[ReasonCode, str]:
    """The lower-case hex digest, or ``(reason, message)``."""
    text = _PREFIX.sub("", fold_text(raw).strip())
    text = re.sub(r"[\s:-]", "", text).lower()
    if not text or not _HEX.match(text):
        return "unparseable", "not a hexadecimal digest"
    if len(text) != 64:
        other = _OTHER_HASHES.get(len(text))
        hint = f"a {other} digest; SHA-256 expected" if other else "SHA-256 has 64 hex digits"
        return "invalid_length", hint
    if text == EMPTY_SHA256 or len(set(text)) == 1:
        return "placeholder", "hash of nothing (empty file or filler)"
    return text


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """64 lower-case hex digits, or a rejection."""
    digest = sha256_hex(raw)
    if isinstance(digest, tuple):
        return INFO.reject(raw, *digest)
    return INFO.ok(raw, digest, attrs={"algorithm": "sha256"})
