"""EVM address (ETH / BSC / Polygon…; identifiers.md §2 EVM row): lower-case ``0x`` + 40 hex.

Mixed case must pass EIP-55 (``checksum_failed`` otherwise). The network is not part of the
canonical value (one key controls the address on every EVM chain): ``attrs["network"]`` keeps
what the input named (``bsc:0x…``, EIP-681 ``ethereum:0x…@56``), ``evm`` when unnamed. Public token
contracts are flagged ``warning_list`` with strength ``-`` and their ``asset``.
"""

from __future__ import annotations

import re
from typing import Final

from jointdesk.indicators.types import _data
from jointdesk.indicators.types._base import WARNING_LIST, Result, Strength, TypeInfo, guarded, version_tag
from jointdesk.indicators.types._crypto import hot_value, split_prefix

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "eth-utils", "eth-hash", data=_data.data_version())
INFO: Final = TypeInfo("evm_address", "EVM address", STRENGTH, PROTECTED, NORMALISER_VERSION)

NO_CHECKSUM: Final = "no_checksum"
_HEX40: Final = re.compile(r"^0[xX][0-9a-fA-F]{40}$")
_NETWORKS: Final = {
    "": "evm",
    "evm": "evm",
    "ethereum": "ethereum",
    "eth": "ethereum",
    "erc20": "ethereum",
    "bsc": "bsc",
    "bnb": "bsc",
    "bep20": "bsc",
    "polygon": "polygon",
    "matic": "polygon",
    "arbitrum": "arbitrum",
    "optimism": "optimism",
    "base": "base",
    "avalanche": "avalanche",
}


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """Lower-case ``0x`` address, or a rejection."""
    prefix, text = split_prefix(raw)
    network = _NETWORKS.get(prefix)
    if network is None:
        return INFO.reject(raw, "wrong_type", f"prefix {prefix!r} is not an EVM network")
    if not _HEX40.match(text):
        return INFO.reject(
            raw, "invalid_length" if text[:2] in ("0x", "0X") else "unparseable", "not 0x + 40 hex"
        )
    body = text[2:]
    mixed = body.lower() != body and body.upper() != body
    if mixed and not _eip55_ok("0x" + body):
        return INFO.reject(raw, "checksum_failed", "mixed-case address fails the EIP-55 checksum")
    canonical = "0x" + body.lower()
    if int(body, 16) == 0:
        return INFO.reject(raw, "placeholder", "the zero address")
    attrs = {"network": network, "checksum_address": _checksum_address(canonical), "asset": "", "warning": ""}
    hot = hot_value("evm", canonical)
    flags = set() if mixed else {NO_CHECKSUM}
    if hot is None:
        return INFO.ok(raw, canonical, flags=flags, attrs=attrs)
    attrs |= {"asset": hot[0], "warning": hot[1]}
    return INFO.ok(raw, canonical, flags=flags | {WARNING_LIST}, attrs=attrs, strength="-")


def _eip55_ok(address: str) -> bool:
    from eth_utils.address import is_checksum_address  # noqa: PLC0415 - 1 s import, only when needed

    return bool(is_checksum_address(address))


def _checksum_address(address: str) -> str:
    from eth_utils.address import to_checksum_address  # noqa: PLC0415 - 1 s import, only when needed

    return str(to_checksum_address(address))
