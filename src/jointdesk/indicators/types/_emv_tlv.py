"""EMVCo merchant-presented QR payload: TLV parsing and the tag 63 CRC (EMV QRCPS §4)."""

from __future__ import annotations

from typing import Final

from jointdesk.indicators.types._checks import crc16_ccitt

Tlv = dict[str, str]
CRC_TAG: Final = "6304"


def parse_tlv(payload: str) -> Tlv | None:
    """``{tag: value}`` of a flat TLV string (2-digit tag, 2-digit length), or ``None`` if malformed."""
    items: Tlv = {}
    pos = 0
    while pos < len(payload):
        tag, length = payload[pos : pos + 2], payload[pos + 2 : pos + 4]
        if len(length) != 2 or not (
            tag.isdigit() and length.isdigit() and tag.isascii() and length.isascii()
        ):
            return None
        end = pos + 4 + int(length)
        if end > len(payload) or tag in items:
            return None
        items[tag] = payload[pos + 4 : end]
        pos = end
    return items


def crc_ok(payload: str) -> bool:
    """Whether the trailing ``6304XXXX`` matches CRC-16/CCITT-FALSE over everything before ``XXXX``."""
    if len(payload) < 8 or payload[-8:-4] != CRC_TAG:
        return False
    expected = f"{crc16_ccitt(payload[:-4].encode('utf-8')):04X}"
    return payload[-4:].upper() == expected


def with_crc(body: str) -> str:
    """``body`` + ``6304`` + its CRC (for building test payloads)."""
    data = body + CRC_TAG
    return data + f"{crc16_ccitt(data.encode('utf-8')):04X}"
