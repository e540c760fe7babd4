"""Small shared helpers of the MISP and STIX readers: crypto address types, times, roles."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

from jointdesk.indicators.types import UnknownType, get_type
from jointdesk.intel.linking import Role

_TRON: Final = re.compile(r"^T[1-9A-HJ-NP-Za-km-z]{33}$")
_EVM: Final = re.compile(r"^0x[0-9a-fA-F]{40}$")
_BTC_BASE58: Final = re.compile(r"^[13][1-9A-HJ-NP-Za-km-z]{25,34}$")
_BTC_BECH32: Final = re.compile(r"^(bc1|tb1)[02-9ac-hj-np-z]{8,87}$", re.I)
_XMR: Final = re.compile(r"^[48][1-9A-HJ-NP-Za-km-z]{94}$")
_SYMBOL_TYPES: Final = {
    "BTC": "bitcoin_address",
    "XBT": "bitcoin_address",
    "ETH": "evm_address",
    "BNB": "evm_address",
    "MATIC": "evm_address",
    "POL": "evm_address",
    "TRX": "tron_address",
}
NETWORK_OF: Final = {"bitcoin_address": "bitcoin", "evm_address": "ethereum", "tron_address": "tron"}
NATIVE_ASSET: Final = {"bitcoin_address": "BTC", "evm_address": "ETH", "tron_address": "TRX"}
_JOINTDESK_TAG: Final = re.compile(r"^jointdesk:([a-z_]+):([a-z_]+)$")


def coin_type(address: str, symbol: str | None = None) -> tuple[str | None, str | None]:
    """``(id_type, None)`` for a TRON, EVM or Bitcoin address; ``(None, reason)`` otherwise."""
    text = address.strip()
    if _TRON.match(text):
        return "tron_address", None
    if _EVM.match(text):
        return "evm_address", None
    if _BTC_BASE58.match(text) or _BTC_BECH32.match(text):
        return "bitcoin_address", None
    if _XMR.match(text) or (symbol or "").upper() == "XMR":
        return None, "Monero (XMR) addresses have no jointdesk identifier type"
    by_symbol = _SYMBOL_TYPES.get((symbol or "").upper())
    if by_symbol:
        return by_symbol, None
    return None, f"cannot tell the chain of address {text[:80]!r}"


def instant(text: object) -> tuple[str | None, str | None]:
    """An ISO 8601 instant with offset: ``(value, warning)``; naive and date-only values are UTC."""
    if isinstance(text, int | float) or (isinstance(text, str) and text.strip().isdigit()):
        return datetime.fromtimestamp(int(text), UTC).isoformat(), None
    if not isinstance(text, str) or not text.strip():
        return None, None
    raw = text.strip()
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None, f"unreadable time {raw[:40]!r}"
    if parsed.tzinfo is not None:
        return parsed.isoformat(), None
    note = None if len(raw) == 10 else f"time {raw!r} has no offset: read as UTC"
    return parsed.replace(tzinfo=UTC).isoformat(), note


def typed_comment(comment: object) -> tuple[str, str] | None:
    """``jointdesk:<id_type>:<role>`` (written by our MISP export) when both names are known."""
    match = _JOINTDESK_TAG.match(comment.strip()) if isinstance(comment, str) else None
    if match is None:
        return None
    try:
        get_type(match.group(1))
        role = Role(match.group(2))
    except (UnknownType, ValueError):
        return None
    return match.group(1), role.value
