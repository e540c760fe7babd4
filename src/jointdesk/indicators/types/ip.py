"""IP address (identifiers.md §2 IP row): stdlib ``ipaddress`` compressed canonical form.

Refanged (``1.2.3[.]4``), brackets and a port dropped (flag ``port_dropped``), IPv4-mapped IPv6
read as IPv4. Not globally routable addresses (RFC 1918, CGNAT 100.64/10, loopback, link-local,
reserved…) are flagged ``non_routable`` with strength ``-``; others are W (shared hosting, CGNAT).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final

from jointdesk.indicators.types._base import (
    NON_ROUTABLE,
    Result,
    Strength,
    TypeInfo,
    fold_text,
    guarded,
    version_tag,
)
from jointdesk.indicators.types._refang import refang

STRENGTH: Final[Strength] = "W"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1)
INFO: Final = TypeInfo("ip", "IP address", STRENGTH, PROTECTED, NORMALISER_VERSION)

PORT_DROPPED: Final = "port_dropped"
_V4_PORT: Final = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$")
_V6_PORT: Final = re.compile(r"^\[([0-9a-fA-F:.]+)\](?::\d{1,5})?$")


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """Compressed IPv4 / IPv6 address, or a rejection."""
    text = refang(fold_text(raw).strip())
    host, dropped = _strip_port(text)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return INFO.reject(raw, "unparseable", "not an IPv4 or IPv6 address")
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    flags = {PORT_DROPPED} if dropped else set()
    attrs = {"version": str(address.version), "scope": _scope(address)}
    if not address.is_global:
        return INFO.ok(raw, str(address), flags=flags | {NON_ROUTABLE}, attrs=attrs, strength="-")
    return INFO.ok(raw, str(address), flags=flags, attrs=attrs)


def _strip_port(text: str) -> tuple[str, bool]:
    for pattern in (_V4_PORT, _V6_PORT):
        match = pattern.match(text)
        if match:
            return match.group(1), match.group(0) != match.group(1)
    return text, False


def _scope(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    checks = (
        ("loopback", address.is_loopback),
        ("link_local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved or address.is_unspecified),
        ("global", address.is_global),
    )
    return next((name for name, hit in checks if hit), "shared")
