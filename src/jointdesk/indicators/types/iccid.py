"""SIM card ICCID (identifiers.md §2): digits only, ``89`` (telecom) prefix, Luhn check digit.

A trailing ``F`` filler nibble (as read from some SIM tools) is dropped. Personal data.
"""

from __future__ import annotations

from typing import Final

from stdnum import luhn

from jointdesk.indicators.types._base import (
    PERSONAL_DATA,
    Result,
    Strength,
    TypeInfo,
    guarded,
    is_placeholder_digits,
    version_tag,
)
from jointdesk.indicators.types._checks import compact_digits

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "python-stdnum")
INFO: Final = TypeInfo("iccid", "SIM ICCID", STRENGTH, PROTECTED, NORMALISER_VERSION)
_LENGTHS: Final = range(18, 23)


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """18–22 digits starting ``89`` with a valid Luhn digit, or a rejection."""
    text = compact_digits(raw, " -./").upper().removesuffix("F")
    if not text.isdigit() or not text.isascii():
        return INFO.reject(raw, "unparseable", "an ICCID has digits only")
    if len(text) not in _LENGTHS:
        return INFO.reject(raw, "invalid_length", "an ICCID has 18 to 22 digits")
    if not text.startswith("89"):
        return INFO.reject(raw, "unparseable", "an ICCID starts with 89 (telecommunications)")
    if is_placeholder_digits(text[2:]):
        return INFO.reject(raw, "placeholder", "placeholder ICCID")
    if not luhn.is_valid(text):
        return INFO.reject(raw, "checksum_failed", "ICCID Luhn check digit does not match")
    attrs = {"country_code": _country_code(text), "issuer": text[:7]}
    return INFO.ok(raw, text, flags={PERSONAL_DATA}, attrs=attrs)


def _country_code(text: str) -> str:
    """ITU-T E.118 country code after ``89`` (1–3 digits; 1 and 7 are single-digit codes)."""
    body = text[2:]
    if body[0] in "17":
        return body[:1]
    return body[:2] if body[:2] in _TWO_DIGIT else body[:3]


_TWO_DIGIT: Final = frozenset(
    [
        "20",
        "27",
        "30",
        "31",
        "32",
        "33",
        "34",
        "36",
        "39",
        "40",
        "41",
        "43",
        "44",
        "45",
        "46",
        "47",
        "48",
        "49",
        "51",
        "52",
        "53",
        "54",
        "55",
        "56",
        "57",
        "58",
        "60",
        "61",
        "62",
        "63",
        "64",
        "65",
        "66",
        "81",
        "82",
        "84",
        "86",
        "90",
        "91",
        "92",
        "93",
        "94",
        "95",
        "98",
    ]
)
