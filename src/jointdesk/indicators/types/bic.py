"""BIC / SWIFT code (identifiers.md §2): upper case, structure and country checked by schwifty.

Canonical: 8 characters for a primary office (``DEUTDEFFXXX`` → ``DEUTDEFF``), else 11.
"""

from __future__ import annotations

from typing import Final

from schwifty import BIC
from schwifty.exceptions import InvalidLength, SchwiftyException

from jointdesk.indicators.types._base import Result, Strength, TypeInfo, fold_text, guarded, version_tag

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "schwifty")
INFO: Final = TypeInfo("bic", "BIC / SWIFT code", STRENGTH, PROTECTED, NORMALISER_VERSION)


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """8- or 11-character BIC, or a rejection."""
    text = "".join(fold_text(raw).split()).upper()
    try:
        bic = BIC(text)
    except InvalidLength:
        return INFO.reject(raw, "invalid_length", "a BIC has 8 or 11 characters")
    except SchwiftyException as exc:
        return INFO.reject(raw, "unparseable", f"not a BIC: {exc}")
    canonical = bic.compact[:8] if bic.compact.endswith("XXX") else bic.compact
    names = bic.bank_names
    attrs = {
        "bank_code": bic.bank_code,
        "country": bic.country_code,
        "location": bic.location_code,
        "branch": bic.branch_code or "XXX",
        "bank_name": names[0] if names else "",
    }
    confidence = 1.0 if names else 0.9
    return INFO.ok(raw, canonical, confidence=confidence, attrs=attrs)
