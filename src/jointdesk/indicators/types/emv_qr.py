"""EMVCo payment-QR payload (identifiers.md §2 EMVCo QR row): TLV parsed, CRC-16/CCITT (tag 63) checked.

Canonical: the payload itself (outer whitespace dropped, CRC hex upper-cased). The payload is a
container and never links by itself (per-value strength ``-``): the typed identifiers inside
(PromptPay / PayNow / DuitNow… proxies, VietQR bank accounts) are in ``derived`` with their own
strength (S), so the type's STRENGTH is S "via the extracted proxy". ``attrs`` carry country,
currency, merchant name / city, amount, static/dynamic and the recognised schemes.
Flags: ``dynamic`` (tag 01 = 12), ``scheme_unrecognised``. A payload carrying a protected value
(a person ID, a card PAN) is itself protected: canonical ``hmac:`` + keyed hash, masked display.
"""

from __future__ import annotations

import re
from typing import Final

from jointdesk.indicators.types import _emv_schemes
from jointdesk.indicators.types._base import (
    Normalised,
    Result,
    Strength,
    TypeInfo,
    fold_text,
    guarded,
    version_tag,
)
from jointdesk.indicators.types._emv_tlv import crc_ok, parse_tlv
from jointdesk.indicators.types._protect import KEY_MESSAGE, keyed_hash, usable_key

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "phonenumbers", "python-stdnum")
INFO: Final = TypeInfo("emv_qr", "EMV payment QR payload", STRENGTH, PROTECTED, NORMALISER_VERSION)

DYNAMIC: Final = "dynamic"
UNRECOGNISED: Final = "scheme_unrecognised"
_MASKED: Final = "EMV QR payload holding a protected identifier (masked)"
_ATTR_TAGS: Final = {
    "52": "mcc",
    "53": "currency",
    "54": "amount",
    "58": "country",
    "59": "merchant_name",
    "60": "city",
}


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """The checked payload with the identifiers inside as ``derived``, or a rejection."""
    payload = fold_text(raw).strip().strip("\r\n")
    if not payload.startswith("000201"):
        return INFO.reject(raw, "unparseable", "an EMV QR payload starts with 000201 (format indicator)")
    top = parse_tlv(payload)
    if top is None or "63" not in top or payload[-8:-4] != "6304":
        return INFO.reject(raw, "unparseable", "TLV structure broken or CRC (tag 63) not last")
    if not re.fullmatch(r"[0-9A-Fa-f]{4}", top["63"]):
        return INFO.reject(raw, "unparseable", "tag 63 is not 4 hex digits")
    if not crc_ok(payload):
        return INFO.reject(raw, "checksum_failed", "CRC-16/CCITT of the payload does not match tag 63")
    canonical = payload[:-4] + payload[-4:].upper()
    return _accept(raw, canonical, top, key)


def _accept(raw: str, canonical: str, top: dict[str, str], key: bytes | None) -> Result:
    schemes, found, template_attrs = _emv_schemes.scan(top, key)
    protected = any(r.protected for r in found)
    if protected and not usable_key(key):
        return INFO.reject(raw, "key_required", KEY_MESSAGE, display=_MASKED, protected=True)
    derived = tuple(r for r in found if isinstance(r, Normalised))
    flags = {DYNAMIC} if top.get("01") == "12" else set()
    if not schemes:
        flags.add(UNRECOGNISED)
    attrs = {name: top.get(tag, "") for tag, name in _ATTR_TAGS.items()}
    attrs |= template_attrs | {
        "initiation": "dynamic" if DYNAMIC in flags else "static",
        "schemes": ",".join(schemes),
        "rejected_inside": ",".join(r.reason for r in found if not isinstance(r, Normalised)),
    }
    if protected and key is not None:
        return INFO.ok(
            raw,
            "hmac:" + keyed_hash(key, canonical),
            flags=flags,
            attrs=attrs,
            strength="-",
            derived=derived,
            display=_MASKED,
            protected=True,
        )
    return INFO.ok(raw, canonical, flags=flags, attrs=attrs, strength="-", derived=derived)
