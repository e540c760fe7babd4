"""IBAN (identifiers.md §2): spaces stripped, upper case; mod-97 and BBAN structure via schwifty.

``attrs`` carry country, bank / branch / account codes and the BIC where schwifty's bundled
registry derives one. Flag ``national_checksum_unverified`` when the BBAN declares national check
digits that schwifty has no algorithm for.
"""

from __future__ import annotations

import warnings
from typing import Final

from schwifty import IBAN
from schwifty.exceptions import (
    InvalidBBANChecksum,
    InvalidChecksumDigits,
    InvalidLength,
    NationalChecksumNotVerified,
    SchwiftyException,
)

from jointdesk.indicators.types._base import Result, Strength, TypeInfo, fold_text, guarded, version_tag

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "schwifty")
INFO: Final = TypeInfo("iban", "IBAN", STRENGTH, PROTECTED, NORMALISER_VERSION)
UNVERIFIED: Final = "national_checksum_unverified"


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """Compact upper-case IBAN, or a rejection (``checksum_failed``, ``invalid_length``…)."""
    text = "".join(fold_text(raw).split()).replace("-", "").upper().removeprefix("IBAN")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            iban = IBAN(text)
        except (InvalidChecksumDigits, InvalidBBANChecksum):
            return INFO.reject(raw, "checksum_failed", "IBAN check digits (mod 97 or national) do not match")
        except InvalidLength:
            return INFO.reject(raw, "invalid_length", "wrong length for the IBAN's country")
        except SchwiftyException as exc:
            return INFO.reject(raw, "unparseable", f"not an IBAN: {exc}")
    unverified = any(issubclass(w.category, NationalChecksumNotVerified) for w in caught)
    bic = _bic(iban)
    attrs = {
        "country": iban.country_code,
        "bank_code": iban.bank_code,
        "branch_code": iban.branch_code,
        "account_code": iban.account_code,
        "bic": bic,
    }
    return INFO.ok(raw, iban.compact, flags={UNVERIFIED} if unverified else (), attrs=attrs)


def _bic(iban: IBAN) -> str:
    try:
        bic = iban.bic
    except SchwiftyException:
        return ""
    return bic.compact if bic is not None else ""
