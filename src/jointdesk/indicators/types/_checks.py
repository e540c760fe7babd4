"""Small validation helpers shared by the numeric identifier types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

from jointdesk.indicators.types._base import ReasonCode, fold_text, strip_separators


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a validator refused a value."""

    reason: ReasonCode
    message: str


def compact_digits(raw: str, separators: str = " -.\t\n\r/_") -> str:
    """Folded (full-width, Thai… digits to ASCII) value without grouping characters."""
    return strip_separators(fold_text(raw).strip(), separators)


def stdnum_check(validate: Callable[[str], str], value: str, what: str) -> str | Failure:
    """Run a ``python-stdnum`` validator; map its exception to a listed reason code."""
    try:
        return validate(value)
    except InvalidChecksum:
        return Failure("checksum_failed", f"{what}: check digit does not match")
    except InvalidLength:
        return Failure("invalid_length", f"{what}: wrong number of characters")
    except InvalidComponent:
        return Failure("unparseable", f"{what}: a component (region, date, prefix) is not valid")
    except ValidationError:
        return Failure("unparseable", f"{what}: not in the expected format")


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo QR tag 63 uses."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc
