"""Domestic bank account (identifiers.md §2): ``COUNTRY:BANK_ID:account_digits``.

Accepted input: ``CN:ICBKCNBJ:6222 0212 3456`` (canonical form), ``COUNTRY:account`` or the bare
account with ``region`` as the country. ``BANK_ID`` is a BIC, CNAPS or national bank code
(upper-case alphanumerics, may be empty when unknown). The account keeps leading zeros and is
never parsed as an integer. A 16–19 digit Luhn-valid number with a card prefix is refused as
``wrong_type`` (protected, masked): it is a card PAN, normalise it as ``payment_card``.
"""

from __future__ import annotations

import re
from typing import Final

from jointdesk.indicators.types import payment_card
from jointdesk.indicators.types._base import (
    Result,
    Strength,
    TypeInfo,
    fold_text,
    guarded,
    is_placeholder_digits,
    strip_separators,
    version_tag,
)

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1)
INFO: Final = TypeInfo("bank_account", "Domestic bank account", STRENGTH, PROTECTED, NORMALISER_VERSION)

MIN_DIGITS: Final = 6
MAX_DIGITS: Final = 20
# Usual account lengths where a national convention exists (no public check digit): other lengths
# are kept with lower confidence. TH: 10 digits at commercial banks, 12 at GSB / BAAC.
_NATIONAL_LENGTHS: Final = {"TH": (10, 12)}
_COUNTRY: Final = re.compile(r"^[A-Z]{2}$")
_BANK_ID: Final = re.compile(r"^[A-Z0-9]{0,16}$")
_SEPARATORS: Final = " -./_\t"


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """``COUNTRY:BANK_ID:digits`` or a rejection naming why."""
    parts = [p.strip() for p in fold_text(raw).strip().split(":")]
    if len(parts) > 3:
        return INFO.reject(raw, "unparseable", "expected COUNTRY:BANK_ID:ACCOUNT")
    account = strip_separators(parts[-1], _SEPARATORS)
    country = parts[0].upper() if len(parts) > 1 else (region or "")
    bank_id = strip_separators(parts[1], _SEPARATORS).upper() if len(parts) == 3 else ""
    if not _COUNTRY.match(country):
        return INFO.reject(raw, "unparseable", "country unknown: give COUNTRY:… or a report region")
    if not _BANK_ID.match(bank_id):
        return INFO.reject(raw, "unparseable", f"bank id {bank_id!r} is not a BIC/CNAPS/national code")
    return _check_account(raw, country, bank_id, account)


def _check_account(raw: str, country: str, bank_id: str, account: str) -> Result:
    if not account.isdigit() or not account.isascii():
        return INFO.reject(raw, "unparseable", "account number must be digits")
    if not MIN_DIGITS <= len(account) <= MAX_DIGITS:
        return INFO.reject(raw, "invalid_length", f"account number has {MIN_DIGITS}-{MAX_DIGITS} digits")
    if is_placeholder_digits(account):
        return INFO.reject(raw, "placeholder", "placeholder account number")
    if payment_card.looks_like_card(account):
        return INFO.reject(
            raw,
            "wrong_type",
            "this is a card number (Luhn, card prefix): normalise it as payment_card",
            display=payment_card.display(account),
            protected=True,
        )
    lengths = _NATIONAL_LENGTHS.get(country)
    confidence = 0.7 if lengths and len(account) not in lengths else 1.0
    attrs = {"country": country, "bank_id": bank_id, "account_no": account}
    return INFO.ok(raw, f"{country}:{bank_id}:{account}", confidence=confidence, attrs=attrs)
