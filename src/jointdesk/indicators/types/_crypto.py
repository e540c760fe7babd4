"""Helpers shared by the crypto-address types: URI / network prefixes and hot values (§5)."""

from __future__ import annotations

import re
from typing import Final

from jointdesk.indicators.types import _data
from jointdesk.indicators.types._base import fold_text

_PREFIX: Final = re.compile(r"^([A-Za-z][A-Za-z0-9_-]{1,23}):(?!//)\s*(.+)$")


def split_prefix(raw: str) -> tuple[str, str]:
    """``("bsc", "0x…")`` from ``"bsc:0x…"`` / ``"ethereum:0x…@56?value=1"``; prefix lower-cased."""
    text = fold_text(raw).strip()
    match = _PREFIX.match(text)
    prefix, body = (match.group(1).lower(), match.group(2)) if match else ("", text)
    body = re.split(r"[?@/#]", body, maxsplit=1)[0]
    return prefix, "".join(body.split())


def hot_value(chain: str, canonical: str) -> tuple[str, str] | None:
    """``(asset, label)`` when the address is a public token contract (never a payee)."""
    return _data.hot_crypto().get((chain, canonical))
