"""Bitcoin address (identifiers.md §2 Bitcoin row).

Base58Check ``1…`` / ``3…`` kept as is; Bech32 / Bech32m ``bc1…`` lower-cased (BIP-173 / BIP-350).
Testnet and regtest addresses are accepted with flag ``testnet`` and strength ``-``.
``attrs``: ``network`` (bitcoin / bitcoin-testnet), ``kind`` (p2pkh, p2sh, p2wpkh, p2wsh, p2tr, segwit).
"""

from __future__ import annotations

import re
from typing import Final

import base58

from jointdesk.indicators.types import _bech32
from jointdesk.indicators.types._base import TESTNET, Result, Strength, TypeInfo, guarded, version_tag
from jointdesk.indicators.types._crypto import split_prefix

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "base58")
INFO: Final = TypeInfo("bitcoin_address", "Bitcoin address", STRENGTH, PROTECTED, NORMALISER_VERSION)

_BASE58: Final = re.compile(r"^[1-9A-HJ-NP-Za-km-z]{25,35}$")
_VERSIONS: Final = {
    0x00: ("bitcoin", "p2pkh"),
    0x05: ("bitcoin", "p2sh"),
    0x6F: ("bitcoin-testnet", "p2pkh"),
    0xC4: ("bitcoin-testnet", "p2sh"),
}
_HRPS: Final = {"bc": "bitcoin", "tb": "bitcoin-testnet", "bcrt": "bitcoin-regtest"}
_PREFIXES: Final = frozenset({"", "bitcoin", "btc"})


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """Canonical Bitcoin address, or a rejection."""
    prefix, text = split_prefix(raw)
    if prefix not in _PREFIXES:
        return INFO.reject(raw, "wrong_type", f"prefix {prefix!r} is not Bitcoin")
    if text.lower().startswith(tuple(f"{h}1" for h in _HRPS)):
        return _segwit(raw, text)
    if _BASE58.match(text):
        return _legacy(raw, text)
    return INFO.reject(raw, "unparseable", "neither a Base58 nor a bech32 Bitcoin address")


def _legacy(raw: str, text: str) -> Result:
    try:
        payload = base58.b58decode_check(text)
    except ValueError:
        return INFO.reject(raw, "checksum_failed", "Base58Check checksum does not match")
    if len(payload) != 21:
        return INFO.reject(raw, "invalid_length", f"payload of {len(payload)} bytes, expected 21")
    known = _VERSIONS.get(payload[0])
    if known is None:
        return INFO.reject(raw, "wrong_type", f"version byte 0x{payload[0]:02x} is not a Bitcoin address")
    return _accept(raw, text, network=known[0], kind=known[1])


def _segwit(raw: str, text: str) -> Result:
    decoded = _bech32.decode_segwit(text)
    if decoded is None:
        shaped = _bech32.checksum_ok(text)
        if shaped is False:
            return INFO.reject(raw, "checksum_failed", "bech32/bech32m checksum does not match")
        return INFO.reject(raw, "unparseable", "not a valid segwit address (case, length or program)")
    network = _HRPS.get(decoded.hrp)
    if network is None:
        return INFO.reject(raw, "wrong_type", f"human-readable part {decoded.hrp!r} is not Bitcoin")
    return _accept(raw, text.lower(), network=network, kind=_segwit_kind(decoded))


def _segwit_kind(decoded: _bech32.Segwit) -> str:
    if decoded.version == 0:
        return "p2wpkh" if len(decoded.program) == 20 else "p2wsh"
    return "p2tr" if decoded.version == 1 and len(decoded.program) == 32 else "segwit"


def _accept(raw: str, canonical: str, *, network: str, kind: str) -> Result:
    test = network != "bitcoin"
    attrs = {"network": network, "kind": kind}
    return INFO.ok(
        raw, canonical, flags={TESTNET} if test else (), attrs=attrs, strength="-" if test else STRENGTH
    )
