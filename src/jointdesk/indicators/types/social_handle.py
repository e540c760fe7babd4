"""Social / messaging handle (identifiers.md §2 handle row): ``platform:handle``.

Usernames are lower-cased without ``@`` (strength W); numeric account IDs are
``platform:id:<digits>`` (S); WhatsApp / Viber / Signal / Zalo accounts are ``platform:+E164`` (S).
Profile links (``t.me/name``, ``wa.me/8613…``, ``tiktok.com/@name``) are read too. Invite links are
refused as ``wrong_type``: store them as URLs. WeChat / QQ / Alipay IDs belong to ``ewallet``.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qs, urlsplit

from jointdesk.indicators.types import phone
from jointdesk.indicators.types._base import (
    Normalised,
    Result,
    Strength,
    TypeInfo,
    fold_text,
    guarded,
    version_tag,
)
from jointdesk.indicators.types._social_platforms import (
    EWALLET_PLATFORMS,
    INVITE_PATHS,
    RESERVED_PATHS,
    Platform,
    platform_for_host,
    resolve,
)

STRENGTH: Final[Strength] = "W"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "phonenumbers")
INFO: Final = TypeInfo("social_handle", "Social / messaging handle", STRENGTH, PROTECTED, NORMALISER_VERSION)

_ID_FORM: Final = re.compile(r"^id:(\d{4,20})$")


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """``platform:handle`` / ``platform:id:digits`` / ``platform:+E164``, or a rejection."""
    text = fold_text(raw).strip()
    if "://" in text or re.match(r"^(?:www\.)?[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE):
        return _from_link(raw, text, region)
    name, sep, value = text.partition(":")
    if not sep:
        return INFO.reject(raw, "unparseable", "platform unknown: give platform:handle or a profile link")
    if name.strip().lower() in EWALLET_PLATFORMS:
        return INFO.reject(raw, "wrong_type", f"{name} IDs are e-wallet identifiers (type ewallet)")
    platform = resolve(name)
    if platform is None:
        return INFO.reject(raw, "unparseable", f"unknown platform {name!r}")
    return account(raw, platform, value.strip(), region)


def account(raw: str, platform: Platform, value: str, region: str | None) -> Result:
    """Validate one platform account value."""
    if platform.handle is None:
        return _phone_account(raw, platform, value, region)
    numeric = _ID_FORM.match(value.lower())
    if numeric:
        canonical = f"{platform.name}:id:{numeric.group(1)}"
        return INFO.ok(
            raw, canonical, attrs={"platform": platform.name, "numeric_id": numeric.group(1)}, strength="S"
        )
    handle = value.removeprefix("@").lower()
    if not platform.handle.match(handle):
        return INFO.reject(raw, "unparseable", f"{handle!r} is not a valid {platform.name} username")
    return INFO.ok(raw, f"{platform.name}:{handle}", attrs={"platform": platform.name, "handle": handle})


def _phone_account(raw: str, platform: Platform, value: str, region: str | None) -> Result:
    number = phone.normalise(value, region=platform.phone_region or region)
    if not isinstance(number, Normalised) or not number.canonical.startswith("+"):
        reason = number.reason if not isinstance(number, Normalised) else "not_full_number"
        return INFO.reject(raw, reason, f"{platform.name} accounts are phone numbers: {value!r} is not one")
    attrs = {"platform": platform.name, "phone": number.canonical}
    return INFO.ok(raw, f"{platform.name}:{number.canonical}", attrs=attrs, strength="S")


def _from_link(raw: str, text: str, region: str | None) -> Result:
    try:
        parts = urlsplit(text if "://" in text else "https://" + text)
        host = parts.hostname or ""
    except ValueError:
        return INFO.reject(raw, "unparseable", "profile link does not parse")
    platform = platform_for_host(host)
    if platform is None:
        return INFO.reject(raw, "wrong_type", f"{host!r} is not a known profile host: store it as a URL")
    path = parts.path.lstrip("/")
    if path.startswith(INVITE_PATHS) or "/joinchat" in path:
        return INFO.reject(raw, "wrong_type", "an invite link: store it as a URL")
    value = _link_value(platform, path, parts.query)
    if not value:
        return INFO.reject(raw, "unparseable", "no account in the profile link")
    return account(raw, platform, value, region)


def _link_value(platform: Platform, path: str, query: str) -> str:
    params = parse_qs(query)
    if platform.handle is None:
        number = params.get("phone", [path.split("/", maxsplit=1)[0]])[0].strip()
        return "+" + number if number.isdigit() else number
    if "id" in params and params["id"][0].isdigit():
        return "id:" + params["id"][0]
    segments = [s for s in path.split("/") if s]
    if platform.name == "line" and len(segments) >= 3:
        return segments[2].lstrip("~")
    first = segments[0] if segments else ""
    return "" if first.lower() in RESERVED_PATHS else first
