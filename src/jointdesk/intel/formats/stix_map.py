"""STIX 2.1 / OpenCTI observables ↔ jointdesk identifiers (docs/intel-formats.md, STIX table)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Final

from jointdesk.indicators.types import UnknownType, get_type
from jointdesk.intel.formats.guess import coin_type
from jointdesk.intel.linking import Role

#: STIX 2.1 §2.9: deterministic SCO ids are UUIDv5 in this namespace over the id-contributing properties.
SCO_NAMESPACE: Final = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
CUSTOM_TYPE: Final = "x-jointdesk-identifier"
APK_MIME: Final = "application/vnd.android.package-archive"
PAYEE, CONTACT, SITE, DEVICE = (
    Role.PAYEE.value,
    Role.SCAM_CONTACT.value,
    Role.SCAM_SITE.value,
    Role.SCAM_DEVICE.value,
)
_PATTERN: Final = re.compile(r"^\[\s*([a-z0-9-]+):([a-z0-9_]+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]$", re.I)

_FINANCIAL: Final = frozenset({"ewallet", "payment_proxy", "emv_qr", "bic", "bank_account", "iban"})
_OTHER_ROLES: Final = {
    "app_package": SITE,
    "apk_signing_cert": SITE,
    "apk_hash": SITE,
    "social_handle": CONTACT,
}

Mapped = tuple[str, str, str]  # id_type, value, default role
Outcome = tuple[list[Mapped], str | None]  # identifiers, or why none


def _text(obj: Mapping[str, Any], name: str) -> str:
    value = obj.get(name)
    return value.strip() if isinstance(value, str) else ""


def _simple(id_type: str, role: str) -> Callable[[Mapping[str, Any]], Outcome]:
    def mapper(obj: Mapping[str, Any]) -> Outcome:
        value = _text(obj, "value")
        return ([(id_type, value, role)], None) if value else ([], "no value")

    return mapper


def _user_account(obj: Mapping[str, Any]) -> Outcome:
    platform, login = _text(obj, "account_type"), _text(obj, "account_login") or _text(obj, "user_id")
    if not platform or not login:
        return [], "a user-account needs account_type and account_login or user_id"
    return [("social_handle", f"{platform}:{login}", CONTACT)], None


def _wallet(obj: Mapping[str, Any]) -> Outcome:
    value = _text(obj, "value")
    id_type, reason = coin_type(value, _text(obj, "x_opencti_symbol") or None)
    return ([(id_type, value, PAYEE)], None) if id_type else ([], reason)


def _bank_account(obj: Mapping[str, Any]) -> Outcome:
    key, iban, number, bic = (
        _text(obj, n) for n in ("x_jointdesk_account_key", "iban", "account_number", "bic")
    )
    if key:
        return [("bank_account", key, PAYEE)], None
    if iban:
        return [("iban", iban, PAYEE)], None
    if number:
        country = bic[4:6].upper() if len(bic) in (8, 11) else ""
        return [("bank_account", f"{country}:{bic.upper()}:{number}" if country else number, PAYEE)], None
    return ([("bic", bic, PAYEE)], None) if bic else ([], "a bank-account needs iban, account_number or bic")


def _card(obj: Mapping[str, Any]) -> Outcome:
    number = _text(obj, "card_number")
    return ([("payment_card", number, PAYEE)], None) if number else ([], "no card_number")


def _file(obj: Mapping[str, Any]) -> Outcome:
    hashes = obj.get("hashes") if isinstance(obj.get("hashes"), dict) else {}
    digest = str((hashes or {}).get("SHA-256", "")).strip()
    is_apk = _text(obj, "mime_type") == APK_MIME or _text(obj, "name").lower().endswith(".apk")
    if digest and is_apk:
        return [("apk_hash", digest, SITE)], None
    return [], "only Android packages (APK SHA-256) are imported from file objects"


def _custom(obj: Mapping[str, Any]) -> Outcome:
    id_type, value = _text(obj, "id_type"), _text(obj, "value")
    try:
        get_type(id_type)
    except UnknownType:
        return [], f"unknown identifier type {id_type!r}"
    role = PAYEE if id_type in _FINANCIAL else _OTHER_ROLES.get(id_type, Role.MENTIONED.value)
    return ([(id_type, value, role)], None) if value else ([], "no value")


MAPPERS: Final[Mapping[str, Callable[[Mapping[str, Any]], Outcome]]] = {
    "phone-number": _simple("phone", CONTACT),
    "url": _simple("url", SITE),
    "domain-name": _simple("domain", SITE),
    "ipv4-addr": _simple("ip", SITE),
    "ipv6-addr": _simple("ip", SITE),
    "email-addr": _simple("email", CONTACT),
    "imei": _simple("imei", DEVICE),
    "imsi": _simple("imsi", DEVICE),
    "iccid": _simple("iccid", DEVICE),
    "user-account": _user_account,
    "cryptocurrency-wallet": _wallet,
    "bank-account": _bank_account,
    "payment-card": _card,
    "file": _file,
    CUSTOM_TYPE: _custom,
}


def base_type(stix_type: str) -> str:
    return stix_type.removeprefix("x-opencti-") if stix_type != CUSTOM_TYPE else stix_type


def is_observable(stix_type: str) -> bool:
    return base_type(stix_type) in MAPPERS or stix_type == "indicator"


def map_observable(obj: Mapping[str, Any]) -> Outcome:
    """Identifiers of one observable or simple indicator, or the reason there are none."""
    kind = base_type(str(obj.get("type", "")))
    if kind == "indicator":
        return _indicator(obj)
    mapper = MAPPERS.get(kind)
    return mapper(obj) if mapper else ([], f"{kind} objects are not mapped")


def _indicator(obj: Mapping[str, Any]) -> Outcome:
    pattern = _text(obj, "pattern")
    match = _PATTERN.match(pattern) if _text(obj, "pattern_type") in ("", "stix") else None
    if match is None:
        return [], f"only simple [type:property = '...'] patterns are read, not {pattern[:80]!r}"
    value = re.sub(r"\\(.)", r"\1", match.group(3))
    return map_observable({"type": match.group(1).lower(), match.group(2): value})


def sco_id(stix_type: str, contributing: Mapping[str, Any]) -> str:
    canonical = json.dumps(contributing, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{stix_type}--{uuid.uuid5(SCO_NAMESPACE, canonical)}"


def observable_of(id_type: str, value: str) -> dict[str, Any]:
    """The STIX/OpenCTI observable for one exported identifier, with its deterministic id."""
    props = _observable_props(id_type, value)
    stix_type = props.pop("type")
    contributing = {k: v for k, v in props.items() if not k.startswith("x_") and k != "mime_type"}
    if stix_type == "bank-account" and "x_jointdesk_account_key" in props:
        contributing = {"x_jointdesk_account_key": props["x_jointdesk_account_key"]}
    return {"type": stix_type, "spec_version": "2.1", "id": sco_id(stix_type, contributing), **props}


def _observable_props(id_type: str, value: str) -> dict[str, Any]:
    simple = {
        "phone": "phone-number",
        "url": "url",
        "domain": "domain-name",
        "email": "email-addr",
        "imei": "imei",
        "imsi": "imsi",
        "iccid": "iccid",
    }
    if id_type in simple:
        return {"type": simple[id_type], "value": value}
    if id_type == "ip":
        return {"type": "ipv6-addr" if ":" in value else "ipv4-addr", "value": value}
    if id_type in ("tron_address", "evm_address", "bitcoin_address"):
        return {"type": "cryptocurrency-wallet", "value": value}
    if id_type == "social_handle" and ":" in value:
        platform, handle = value.split(":", 1)
        return {"type": "user-account", "account_type": platform, "account_login": handle}
    return _financial_props(id_type, value)


def _financial_props(id_type: str, value: str) -> dict[str, Any]:
    if id_type == "iban":
        return {"type": "bank-account", "iban": value}
    if id_type == "bank_account":
        country, bank, number = (["", "", *value.split(":")])[-3:]
        props: dict[str, Any] = {"type": "bank-account", "account_number": number}
        if len(bank) in (8, 11) and bank[4:6] == country:
            props["bic"] = bank
        return {**props, "x_jointdesk_account_key": value}
    if id_type == "payment_card":
        return {"type": "payment-card", "card_number": value}
    if id_type == "apk_hash":
        return {"type": "file", "hashes": {"SHA-256": value}, "mime_type": APK_MIME}
    return {"type": CUSTOM_TYPE, "id_type": id_type, "value": value}
