"""Payment card PAN 🔒 (identifiers.md §1 rule 6, §2 Card PAN row).

The clear PAN is never produced: ``canonical`` is ``HMAC-SHA256(key, digits)``, ``display`` is
BIN + last 4 (``411111******1111``), ``attrs`` keep ``bin`` (6), ``bin8``, ``last4``, ``scheme``.
``raw`` still holds what was received: store it encrypted (``protected`` is true even on rejections).
Flag ``warning_list`` marks well-known test PANs.
"""

from __future__ import annotations

from typing import Final

from stdnum import luhn

from jointdesk.indicators.types._base import (
    WARNING_LIST,
    Result,
    Strength,
    TypeInfo,
    guarded,
    mask,
    version_tag,
)
from jointdesk.indicators.types._checks import compact_digits
from jointdesk.indicators.types._protect import KEY_MESSAGE, keyed_hash, usable_key

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = True
NORMALISER_VERSION: Final = version_tag(1, "python-stdnum")
INFO: Final = TypeInfo("payment_card", "Payment card (PAN)", STRENGTH, PROTECTED, NORMALISER_VERSION)

_TEST_PANS: Final = frozenset(
    {
        "4111111111111111",
        "4242424242424242",
        "4012888888881881",
        "5555555555554444",
        "5105105105105100",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "3530111333300000",
        "6200000000000005",
    }
)
_SCHEMES: Final = (
    ("62", "unionpay"),
    ("34", "amex"),
    ("37", "amex"),
    ("35", "jcb"),
    ("6011", "discover"),
    ("65", "discover"),
    ("4", "visa"),
    ("5", "mastercard"),
    ("2", "mastercard"),
)


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """Keyed HMAC of the Luhn-valid 12–19 digit PAN, or a rejection (masked, protected)."""
    digits = compact_digits(raw, " -./_")
    shown = display(digits) if digits.isdigit() else None
    if not digits.isdigit() or not digits.isascii():
        return INFO.reject(raw, "unparseable", "a card number has digits only", display=shown)
    if not 12 <= len(digits) <= 19:
        return INFO.reject(raw, "invalid_length", "a card number has 12 to 19 digits", display=shown)
    if len(set(digits)) == 1:
        return INFO.reject(raw, "placeholder", "placeholder card number", display=shown)
    if not luhn.is_valid(digits):
        return INFO.reject(raw, "checksum_failed", "card number fails the Luhn check", display=shown)
    if key is None or not usable_key(key):
        return INFO.reject(raw, "key_required", KEY_MESSAGE, display=shown)
    return INFO.ok(
        raw,
        keyed_hash(key, digits),
        flags={WARNING_LIST} if digits in _TEST_PANS else (),
        attrs=card_facts(digits),
        strength="-" if digits in _TEST_PANS else STRENGTH,
        display=shown,
    )


def display(digits: str) -> str:
    """BIN (first 6) + last 4, the rest masked."""
    return mask(digits, keep_start=6, keep_end=4)


def card_facts(digits: str) -> dict[str, str]:
    """Non-secret facts kept in clear: BIN, 8-digit BIN, last 4, length, scheme guess."""
    return {
        "bin": digits[:6],
        "bin8": digits[:8] if len(digits) >= 16 else "",
        "last4": digits[-4:],
        "length": str(len(digits)),
        "scheme": next((name for prefix, name in _SCHEMES if digits.startswith(prefix)), "unknown"),
        "warning": "test_pan" if digits in _TEST_PANS else "",
    }


def looks_like_card(digits: str) -> bool:
    """16–19 Luhn-valid digits with a card-scheme prefix (for routing account-like values)."""
    return digits.isdigit() and 16 <= len(digits) <= 19 and digits[0] in "23456" and luhn.is_valid(digits)
