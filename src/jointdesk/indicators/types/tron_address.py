"""TRON address (identifiers.md §2 TRON row): Base58Check ``T…``, 25 bytes, version ``0x41``.

``attrs["body_hex"]`` is the 20-byte account body; ``attrs["evm_address"]`` the same body as an
EVM ``0x`` address (same key → cross-chain link). Public token contracts (USDT-TRC20) are flagged
``warning_list`` with strength ``-`` and their ``asset``: metadata, not a payee.
"""

from __future__ import annotations

import re
from typing import Final

import base58

from jointdesk.indicators.types import _data
from jointdesk.indicators.types._base import (
    WARNING_LIST,
    Rejected,
    Result,
    Strength,
    TypeInfo,
    guarded,
    version_tag,
)
from jointdesk.indicators.types._crypto import hot_value, split_prefix

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "base58", data=_data.data_version())
INFO: Final = TypeInfo("tron_address", "TRON address", STRENGTH, PROTECTED, NORMALISER_VERSION)

VERSION_BYTE: Final = 0x41
_BASE58: Final = re.compile(r"^[1-9A-HJ-NP-Za-km-z]+$")
_PREFIXES: Final = frozenset({"", "tron", "trx", "trc20", "usdt-trc20", "usdt"})


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """The Base58Check address re-encoded from its bytes, or a rejection."""
    payload = _decode(raw)
    if isinstance(payload, Rejected):
        return payload
    canonical = base58.b58encode_check(payload).decode("ascii")
    body = payload[1:].hex()
    attrs = {"network": "tron", "body_hex": body, "evm_address": "0x" + body, "asset": "", "warning": ""}
    hot = hot_value("tron", canonical)
    if hot is None:
        return INFO.ok(raw, canonical, attrs=attrs)
    attrs |= {"asset": hot[0], "warning": hot[1]}
    return INFO.ok(raw, canonical, flags={WARNING_LIST}, attrs=attrs, strength="-")


def _decode(raw: str) -> bytes | Rejected:
    """The 21-byte payload (version + body) of a TRON address, or why not."""
    prefix, text = split_prefix(raw)
    if prefix not in _PREFIXES:
        return INFO.reject(raw, "wrong_type", f"prefix {prefix!r} is not a TRON network")
    if not _BASE58.match(text):
        return INFO.reject(raw, "unparseable", "not Base58 text")
    try:
        payload = base58.b58decode_check(text)
    except ValueError:
        return INFO.reject(raw, "checksum_failed", "Base58Check checksum does not match")
    if len(payload) != 21:
        return INFO.reject(raw, "invalid_length", f"decodes to {len(payload) + 4} bytes, expected 25")
    if payload[0] != VERSION_BYTE:
        return INFO.reject(raw, "wrong_type", f"version byte 0x{payload[0]:02x}, expected 0x41")
    return payload
