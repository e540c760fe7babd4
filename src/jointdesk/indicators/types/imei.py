"""Device IMEI / IMEISV (identifiers.md §2): canonical 15-digit IMEI with its Luhn digit.

A 14-digit IMEI gets its check digit computed; an IMEISV (16 digits, no check digit) becomes the
IMEI of the same device (TAC + serial + computed check digit) and keeps its SVN in ``attrs``.
Flags: ``imeisv``, ``check_digit_added``. Strength W: SIM boxes rotate IMEIs.
"""

from __future__ import annotations

from typing import Final

from stdnum import imei, luhn

from jointdesk.indicators.types._base import (
    REPAIRED,
    Result,
    Strength,
    TypeInfo,
    guarded,
    is_placeholder_digits,
    version_tag,
)
from jointdesk.indicators.types._checks import Failure, compact_digits, stdnum_check

STRENGTH: Final[Strength] = "W"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "python-stdnum")
INFO: Final = TypeInfo("imei", "Device IMEI", STRENGTH, PROTECTED, NORMALISER_VERSION)

IMEISV: Final = "imeisv"
CHECK_DIGIT_ADDED: Final = "check_digit_added"


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """15-digit IMEI (TAC = first 8 digits) or a rejection."""
    text = compact_digits(raw, " -./")
    if text.upper().startswith("IMEI"):
        text = text[4:].lstrip(":#")
    checked = stdnum_check(imei.validate, text, "IMEI")
    if isinstance(checked, Failure):
        return INFO.reject(raw, checked.reason, checked.message)
    if is_placeholder_digits(checked[:14]):
        return INFO.reject(raw, "placeholder", "placeholder IMEI")
    body = checked[:14]
    canonical = body + luhn.calc_check_digit(body)
    flags: set[str] = set()
    if len(checked) == 16:
        flags |= {IMEISV, REPAIRED}
    elif len(checked) == 14:
        flags |= {CHECK_DIGIT_ADDED, REPAIRED}
    attrs = {
        "tac": canonical[:8],
        "serial": canonical[8:14],
        "svn": checked[14:] if len(checked) == 16 else "",
    }
    return INFO.ok(raw, canonical, confidence=0.9 if flags else 1.0, flags=flags, attrs=attrs)
