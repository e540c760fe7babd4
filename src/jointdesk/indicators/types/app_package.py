"""Mobile app identifier (identifiers.md §2 Mobile app row): Android package or iOS bundle ID.

Android: lower-case package name (``com.example.app``), also read from Play Store / ``market://``
links. iOS: ``ios:`` + lower-case bundle ID. Strength W: packages are cheap to re-skin.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qs, urlsplit

from jointdesk.indicators.types._base import Result, Strength, TypeInfo, fold_text, guarded, version_tag

STRENGTH: Final[Strength] = "W"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1)
INFO: Final = TypeInfo("app_package", "Mobile app package", STRENGTH, PROTECTED, NORMALISER_VERSION)

_ANDROID: Final = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$")
_IOS: Final = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")
_PLATFORM: Final = re.compile(r"^(android|ios|apk)\s*:\s*(?!//)(.+)$", re.IGNORECASE)


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """``com.example.app`` / ``ios:com.example.app``, or a rejection."""
    text = fold_text(raw).strip()
    platform, text = _split_platform(text)
    if "://" in text:
        found = _from_store_link(text)
        if found is None:
            return INFO.reject(raw, "unparseable", "link without an app id (?id=…)")
        text = found
    value = text.lower()
    if len(value) > 255:
        return INFO.reject(raw, "invalid_length", "app ids have at most 255 characters")
    if platform == "ios":
        if not _IOS.match(value):
            return INFO.reject(raw, "unparseable", "not an iOS bundle id (reverse-DNS)")
        return INFO.ok(raw, f"ios:{value}", attrs={"platform": "ios"})
    if not _ANDROID.match(value):
        return INFO.reject(raw, "unparseable", "not an Android package name (a.b[.c…], letters first)")
    return INFO.ok(raw, value, attrs={"platform": "android"})


def _split_platform(text: str) -> tuple[str, str]:
    match = _PLATFORM.match(text)
    if not match:
        return "android", text
    name = match.group(1).lower()
    return ("ios" if name == "ios" else "android"), match.group(2).strip()


def _from_store_link(text: str) -> str | None:
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    ids = parse_qs(parts.query).get("id")
    return ids[0] if ids else None
