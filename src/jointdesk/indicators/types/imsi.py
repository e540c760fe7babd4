"""SIM subscriber IMSI (identifiers.md §2): digits; MCC/MNC give operator and country.

Personal data (flag ``personal_data``): role-restricted, never in public exports.
"""

from __future__ import annotations

from typing import Final

from stdnum import imsi

from jointdesk.indicators.types._base import (
    PERSONAL_DATA,
    Result,
    Strength,
    TypeInfo,
    guarded,
    is_placeholder_digits,
    version_tag,
)
from jointdesk.indicators.types._checks import Failure, compact_digits, stdnum_check

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "python-stdnum")
INFO: Final = TypeInfo("imsi", "SIM IMSI", STRENGTH, PROTECTED, NORMALISER_VERSION)


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """14–15 digits with a known MCC, or a rejection."""
    text = compact_digits(raw, " -./")
    if len(text) >= 6 and is_placeholder_digits(text):
        return INFO.reject(raw, "placeholder", "placeholder IMSI")
    checked = stdnum_check(imsi.validate, text, "IMSI")
    if isinstance(checked, Failure):
        return INFO.reject(raw, checked.reason, checked.message)
    facts = imsi.info(checked)
    attrs = {
        "mcc": facts.get("mcc", ""),
        "mnc": facts.get("mnc", ""),
        "operator": facts.get("operator", facts.get("brand", "")),
        "country": facts.get("cc", "").upper(),
    }
    return INFO.ok(raw, checked, flags={PERSONAL_DATA}, attrs=attrs)
