"""Bech32 (BIP-173) and Bech32m (BIP-350) segwit address decoding, written from the BIPs.

The ``bech32`` 1.2.0 package predates BIP-350 and rejects every Taproot (``bc1p…``) address,
so the few lines of the algorithm live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

CHARSET: Final = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BECH32_CONST: Final = 1
BECH32M_CONST: Final = 0x2BC830A3
_GEN: Final = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


@dataclass(frozen=True, slots=True)
class Segwit:
    """A decoded segwit address."""

    hrp: str
    version: int
    program: bytes


def _polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate(_GEN):
            chk ^= gen if (top >> i) & 1 else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _split(address: str) -> tuple[str, list[int]] | None:
    if address.lower() != address and address.upper() != address:
        return None
    text = address.lower()
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text) or len(text) > 90 or any(ord(c) < 33 or ord(c) > 126 for c in text):
        return None
    if any(c not in CHARSET for c in text[pos + 1 :]):
        return None
    return text[:pos], [CHARSET.find(c) for c in text[pos + 1 :]]


def _convert_bits(data: list[int], from_bits: int, to_bits: int) -> bytes | None:
    acc = bits = 0
    out = bytearray()
    maxv = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & maxv)
    if bits >= from_bits or ((acc << (to_bits - bits)) & maxv):
        return None
    return bytes(out)


def checksum_ok(address: str) -> bool | None:
    """``None`` when not Bech32-shaped, else whether a Bech32 or Bech32m checksum matches."""
    split = _split(address)
    if split is None:
        return None
    hrp, data = split
    return _polymod(_hrp_expand(hrp) + data) in (BECH32_CONST, BECH32M_CONST)


def decode_segwit(address: str) -> Segwit | None:
    """A valid segwit address (right checksum variant for its version), else ``None``."""
    split = _split(address)
    if split is None:
        return None
    hrp, data = split
    const = _polymod(_hrp_expand(hrp) + data)
    if const not in (BECH32_CONST, BECH32M_CONST) or not data[:-6]:
        return None
    version = data[0]
    program = _convert_bits(data[1:-6], 5, 8)
    if program is None or version > 16 or not 2 <= len(program) <= 40:
        return None
    if version == 0 and (len(program) not in (20, 32) or const != BECH32_CONST):
        return None
    if version != 0 and const != BECH32M_CONST:
        return None
    return Segwit(hrp, version, program)
