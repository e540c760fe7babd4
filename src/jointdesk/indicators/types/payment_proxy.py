"""Instant-payment proxy (identifiers.md §2 proxy row): ``scheme:proxy_type:value``.

Schemes: PromptPay (TH), PayNow (SG), DuitNow (MY), FPS (HK), PayID (AU), UPI (IN), Bakong (KH),
QRIS (ID). Mobile → E.164; national / person IDs 🔒 → ``HMAC(key, id)`` with a masked display
(``protected`` set on that result only: PROTECTED is false for the type as a whole); business IDs
→ company number; e-wallet → digits; UPI VPA → lower-case ``local@handle``. Input
``scheme:type:value``, ``scheme:value`` or a bare value with ``region`` picking the scheme;
the type is then inferred by trying the scheme's types in order.
"""

from __future__ import annotations

from typing import Final

from jointdesk.indicators.types._base import Result, Strength, TypeInfo, fold_text, guarded, mask, version_tag
from jointdesk.indicators.types._checks import Failure
from jointdesk.indicators.types._protect import KEY_MESSAGE, keyed_hash, usable_key
from jointdesk.indicators.types._proxy_kinds import PROTECTED_KINDS, VALIDATORS

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "phonenumbers", "python-stdnum", "email-validator")
INFO: Final = TypeInfo("payment_proxy", "Instant-payment proxy", STRENGTH, PROTECTED, NORMALISER_VERSION)

# scheme -> (region, proxy types in inference order)
SCHEMES: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "promptpay": ("TH", ("mobile", "national_id", "tax_id", "ewallet", "bank_account", "biller_id")),
    "paynow": ("SG", ("mobile", "uen", "nric_sg")),
    "duitnow": ("MY", ("mobile", "nric_my", "business_id", "passport")),
    "fps": ("HK", ("email", "mobile", "fps_id")),
    "payid": ("AU", ("email", "mobile", "abn", "org_id")),
    "upi": ("IN", ("vpa", "mobile", "aadhaar")),
    "bakong": ("KH", ("account_id", "mobile")),
    "qris": ("ID", ("nmid",)),
}
# Types only taken when stated (never inferred from a bare value).
_STATED_ONLY: Final = frozenset({"bank_account", "biller_id", "passport", "org_id"})
_REGION_SCHEME: Final = {region: name for name, (region, _kinds) in SCHEMES.items()}


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """``scheme:proxy_type:value`` (value keyed for person IDs), or a rejection."""
    text = fold_text(raw).strip()
    head, sep, rest = text.partition(":")
    scheme = (
        head.strip().lower() if sep and head.strip().lower() in SCHEMES else _REGION_SCHEME.get(region or "")
    )
    if scheme is None:
        return INFO.reject(raw, "unparseable", "scheme unknown: give scheme:value or a region with a scheme")
    body = rest.strip() if sep and head.strip().lower() == scheme else text
    kind, _sep2, value = body.partition(":")
    if kind.strip().lower() in SCHEMES[scheme][1]:
        return build(raw, scheme, kind.strip().lower(), value.strip(), key)
    return _infer(raw, scheme, body, key)


def _infer(raw: str, scheme: str, value: str, key: bytes | None) -> Result:
    region, kinds = SCHEMES[scheme]
    for kind in kinds:
        if kind not in _STATED_ONLY and isinstance(VALIDATORS[kind](value, region), str):
            return build(raw, scheme, kind, value, key)
    names = ", ".join(k for k in kinds if k not in _STATED_ONLY)
    return INFO.reject(raw, "unparseable", f"{value!r} is none of {scheme}'s proxy types ({names})")


def build(
    raw: str, scheme: str, kind: str, value: str, key: bytes | None, *, confidence: float = 1.0
) -> Result:
    """Validate ``value`` as ``kind`` of ``scheme`` and build the result (keyed when protected)."""
    region = SCHEMES[scheme][0]
    checked = VALIDATORS[kind](value, region)
    protected = kind in PROTECTED_KINDS
    if isinstance(checked, Failure):
        shown = mask(value) if protected else None
        return INFO.reject(raw, checked.reason, checked.message, display=shown, protected=protected)
    attrs = {"scheme": scheme, "proxy_type": kind, "country": region}
    if not protected:
        return INFO.ok(
            raw, f"{scheme}:{kind}:{checked}", confidence=confidence, attrs=attrs | {"value": checked}
        )
    shown = f"{scheme}:{kind}:{mask(checked)}"
    if key is None or not usable_key(key):
        return INFO.reject(raw, "key_required", KEY_MESSAGE, display=shown, protected=True)
    canonical = f"{scheme}:{kind}:{keyed_hash(key, checked)}"
    return INFO.ok(raw, canonical, confidence=confidence, attrs=attrs, display=shown, protected=True)
