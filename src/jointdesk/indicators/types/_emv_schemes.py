"""Scheme handlers for EMV QR merchant-account templates (tags 26–51): the typed identifiers inside.

PromptPay (AID ``A000000677010111`` credit transfer, ``…0112`` bill payment), PayNow
(``SG.PAYNOW``), VietQR / NAPAS (``A000000727``), QRIS (``ID.CO.QRIS.WWW``) and KHQR (Bakong
account ID in tag 29/30 when the country is KH). Unknown templates are kept in ``attrs`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from jointdesk.indicators.types import bank_account, payment_card, payment_proxy
from jointdesk.indicators.types._base import Normalised, Result
from jointdesk.indicators.types._emv_tlv import Tlv, parse_tlv

Handler = Callable[[Tlv, Tlv, bytes | None], list[Result]]
_PROMPTPAY_SUB: Final = {
    "01": ("mobile",),
    "02": ("national_id", "tax_id"),
    "03": ("ewallet",),
    "04": ("bank_account",),
}
_PAYNOW_TYPES: Final = {"0": "mobile", "2": "uen"}


def _proxy(scheme: str, kinds: tuple[str, ...], value: str, key: bytes | None) -> Result:
    results = [payment_proxy.build(value, scheme, kind, value, key) for kind in kinds]
    return next((r for r in results if isinstance(r, Normalised)), results[0])


def _promptpay(sub: Tlv, _top: Tlv, key: bytes | None) -> list[Result]:
    found = []
    for tag, kinds in _PROMPTPAY_SUB.items():
        if tag in sub:
            value = sub[tag]
            if tag == "01" and value.startswith("0066"):
                value = "+66" + value[4:]
            found.append(_proxy("promptpay", kinds, value, key))
    return found


def _promptpay_bill(sub: Tlv, _top: Tlv, key: bytes | None) -> list[Result]:
    return [_proxy("promptpay", ("biller_id",), sub["01"], key)] if "01" in sub else []


def _paynow(sub: Tlv, _top: Tlv, key: bytes | None) -> list[Result]:
    kind = _PAYNOW_TYPES.get(sub.get("01", ""))
    return [_proxy("paynow", (kind,), sub["02"], key)] if kind and "02" in sub else []


def _vietqr(sub: Tlv, _top: Tlv, key: bytes | None) -> list[Result]:
    inner = parse_tlv(sub.get("01", "")) or {}
    bank, account = inner.get("00", ""), inner.get("01", "")
    if not account:
        return []
    if sub.get("02") == "QRIBFTTC":
        return [payment_card.normalise(account, key=key)]
    return [bank_account.normalise(f"VN:{bank}:{account}")]


def _qris(sub: Tlv, _top: Tlv, key: bytes | None) -> list[Result]:
    return [_proxy("qris", ("nmid",), sub["02"], key)] if "02" in sub else []


def _bakong(sub: Tlv, _top: Tlv, key: bytes | None) -> list[Result]:
    value = sub.get("00", "")
    return [_proxy("bakong", ("account_id",), value, key)] if "@" in value else []


HANDLERS: Final[dict[str, tuple[str, Handler]]] = {
    "A000000677010111": ("promptpay", _promptpay),
    "A000000677010112": ("promptpay_bill", _promptpay_bill),
    "SG.PAYNOW": ("paynow", _paynow),
    "A000000727": ("vietqr", _vietqr),
    "ID.CO.QRIS.WWW": ("qris", _qris),
}


def scan(top: Tlv, key: bytes | None) -> tuple[list[str], list[Result], dict[str, str]]:
    """``(schemes, identifiers, attrs)`` found in the merchant-account templates of ``top``."""
    schemes: list[str] = []
    found: list[Result] = []
    attrs: dict[str, str] = {}
    for tag in sorted(t for t in top if 26 <= int(t) <= 51):
        sub = parse_tlv(top[tag]) or {}
        guid = sub.get("00", "")
        name, handler = HANDLERS.get(guid.upper(), ("", None))
        if handler is None and top.get("58") == "KH" and tag in ("29", "30"):
            name, handler = "khqr", _bakong
        attrs[f"tag{tag}"] = name or f"unknown:{guid}"
        if handler is not None:
            schemes.append(name)
            found.extend(handler(sub, top, key))
    return schemes, found, attrs
