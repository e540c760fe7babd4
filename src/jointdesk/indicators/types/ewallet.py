"""E-wallet account (identifiers.md §2 E-wallet row): ``provider:key_kind:value``.

Key kinds: ``phone`` (E.164, parsed with the provider's home region), ``email`` (lower-case),
``wxid`` (WeChat internal ``wxid_…``), ``id`` (WeChat chosen ID: strength W), ``number`` (QQ).
Input ``provider:value`` infers the kind; ``provider:kind:value`` states it. The WeChat internal
ID, chosen ID and bound phone stay separate values, never merged.
"""

from __future__ import annotations

import re
from typing import Final

from jointdesk.indicators.types import email, phone
from jointdesk.indicators.types._base import (
    Normalised,
    ReasonCode,
    Rejected,
    Result,
    Strength,
    TypeInfo,
    fold_text,
    guarded,
    version_tag,
)

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "phonenumbers", "email-validator")
INFO: Final = TypeInfo("ewallet", "E-wallet account", STRENGTH, PROTECTED, NORMALISER_VERSION)

# provider -> (home region for national phone numbers, accepted key kinds)
PROVIDERS: Final[dict[str, tuple[str | None, frozenset[str]]]] = {
    "alipay": ("CN", frozenset({"phone", "email"})),
    "wechat": ("CN", frozenset({"wxid", "id", "phone"})),
    "qq": (None, frozenset({"number"})),
    "gcash": ("PH", frozenset({"phone"})),
    "maya": ("PH", frozenset({"phone"})),
    "truemoney": ("TH", frozenset({"phone"})),
    "momo": ("VN", frozenset({"phone"})),
    "zalopay": ("VN", frozenset({"phone"})),
    "dana": ("ID", frozenset({"phone"})),
    "ovo": ("ID", frozenset({"phone"})),
    "gopay": ("ID", frozenset({"phone"})),
    "touchngo": ("MY", frozenset({"phone"})),
    "grabpay": (None, frozenset({"phone"})),
}
ALIASES: Final = {
    "weixin": "wechat",
    "wx": "wechat",
    "paymaya": "maya",
    "tng": "touchngo",
    "支付宝": "alipay",
}
_WXID: Final = re.compile(r"^wxid_[a-z0-9]{6,30}$")
_WECHAT_ID: Final = re.compile(r"^[a-z][a-z0-9_-]{5,19}$")
_QQ: Final = re.compile(r"^[1-9][0-9]{4,11}$")


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """``provider:kind:value``, or a rejection."""
    parts = [p.strip() for p in fold_text(raw).strip().split(":", 2)]
    if len(parts) < 2:
        return INFO.reject(raw, "unparseable", "provider unknown: give provider:account")
    provider = ALIASES.get(parts[0].lower(), parts[0].lower())
    if provider not in PROVIDERS:
        return INFO.reject(raw, "unparseable", f"unknown e-wallet provider {parts[0]!r}")
    home, kinds = PROVIDERS[provider]
    stated = len(parts) == 3 and parts[1].lower() in kinds
    kind = parts[1].lower() if stated else _infer(provider, ":".join(parts[1:]))
    value = parts[2] if stated else ":".join(parts[1:])
    if kind not in kinds:
        return INFO.reject(raw, "unparseable", f"{value!r} is none of {sorted(kinds)} for {provider}")
    return _key(raw, provider, kind, value, home or region)


def _infer(provider: str, value: str) -> str:
    lowered = value.strip().lower()
    if provider == "qq":
        return "number"
    if "@" in lowered:
        return "email"
    if lowered.startswith("wxid_"):
        return "wxid"
    if re.fullmatch(r"[+\d][\d\s().-]{5,}", lowered):
        return "phone"
    return "id"


def _key(raw: str, provider: str, kind: str, value: str, region: str | None) -> Result:
    canonical = _canonical_value(kind, value, region)
    if isinstance(canonical, tuple):
        return INFO.reject(raw, canonical[0], f"{provider} {kind}: {canonical[1]}")
    attrs = {"provider": provider, "key_kind": kind, "account_key": canonical}
    strength: Strength = "W" if (provider, kind) == ("wechat", "id") else STRENGTH
    return INFO.ok(raw, f"{provider}:{kind}:{canonical}", attrs=attrs, strength=strength)


def _canonical_value(kind: str, value: str, region: str | None) -> str | tuple[ReasonCode, str]:
    if kind == "phone":
        number = phone.normalise(value, region=region)
        if isinstance(number, Normalised) and number.canonical.startswith("+"):
            return number.canonical
        return (
            number.reason if isinstance(number, Rejected) else "not_full_number"
        ), f"{value!r} is not a full number"
    if kind == "email":
        address = email.normalise(value, region=region)
        if isinstance(address, Rejected):
            return address.reason, address.message
        return address.canonical.lower()
    lowered = value.strip().lower()
    pattern = {"wxid": _WXID, "id": _WECHAT_ID, "number": _QQ}[kind]
    return lowered if pattern.match(lowered) else ("unparseable", f"{value!r} is not a valid {kind}")
