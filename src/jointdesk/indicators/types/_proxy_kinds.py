"""Value validators for the instant-payment proxy types (``payment_proxy``).

Each validator returns the canonical clear value or a :class:`Failure`. Protected kinds (person
IDs) are hashed by the caller; their clear value never leaves ``payment_proxy``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from stdnum.au import abn

from jointdesk.indicators.types import email, national_id, phone
from jointdesk.indicators.types._base import Normalised, Rejected, strip_separators
from jointdesk.indicators.types._checks import Failure, stdnum_check

Validator = Callable[[str, str], "str | Failure"]


def _mobile(value: str, region: str) -> str | Failure:
    result = phone.normalise(value, region=region)
    if isinstance(result, Normalised) and result.canonical.startswith("+"):
        return result.canonical
    reason = result.reason if isinstance(result, Rejected) else "not_full_number"
    return Failure(reason, f"{value!r} is not a full mobile number")


def _email(value: str, region: str) -> str | Failure:
    result = email.normalise(value, region=region)
    if isinstance(result, Rejected):
        return Failure(result.reason, result.message)
    return result.canonical.lower()


def _stdnum(scheme: str) -> Validator:
    def check(value: str, _region: str) -> str | Failure:
        return stdnum_check(national_id.SCHEMES[scheme].validate, value, scheme)

    return check


def _pattern(regex: str, what: str, *, lower: bool = False, upper: bool = False) -> Validator:
    compiled = re.compile(rf"^(?:{regex})$")

    def check(value: str, _region: str) -> str | Failure:
        text = strip_separators(value.strip(), " -") if not lower else value.strip()
        text = text.lower() if lower else text.upper() if upper else text
        if compiled.match(text):
            return text
        return Failure("unparseable", f"{value!r} is not a valid {what}")

    return check


def _abn(value: str, _region: str) -> str | Failure:
    return stdnum_check(abn.validate, value, "ABN")


def _promptpay_id(value: str, region: str) -> str | Failure:
    """PromptPay's 13-digit ID: person (th.pin) or company (th.moa) — the caller tells which."""
    return _stdnum("th.pin")(value, region)


VALIDATORS: Final[dict[str, Validator]] = {
    "mobile": _mobile,
    "email": _email,
    "national_id": _promptpay_id,
    "tax_id": _stdnum("th.moa"),
    "nric_my": _stdnum("my.nric"),
    "aadhaar": _stdnum("in.aadhaar"),
    "uen": _stdnum("sg.uen"),
    "abn": _abn,
    "nric_sg": _pattern(r"[STFGM][0-9]{7}[A-Z]", "Singapore NRIC/FIN", upper=True),
    "passport": _pattern(r"[A-Z0-9]{6,12}", "passport number", upper=True),
    "business_id": _pattern(r"[0-9]{12}|[0-9]{6,7}[A-Z]", "business registration number", upper=True),
    "ewallet": _pattern(r"[0-9]{15}", "PromptPay e-wallet ID"),
    "bank_account": _pattern(r"[0-9]{6,20}", "bank account number"),
    "biller_id": _pattern(r"[0-9]{15}", "PromptPay biller ID"),
    "fps_id": _pattern(r"[0-9]{7,9}", "FPS identifier"),
    "org_id": _pattern(r"[a-z0-9._-]{3,256}", "PayID organisation identifier", lower=True),
    "vpa": _pattern(r"[a-z0-9._-]{2,256}@[a-z][a-z0-9]{1,63}", "UPI VPA", lower=True),
    "account_id": _pattern(r"[a-z0-9._-]{2,64}@[a-z0-9]{2,16}", "Bakong account ID", lower=True),
    "nmid": _pattern(r"ID[0-9]{10,15}", "QRIS merchant ID", upper=True),
}
# Person identifiers: canonical value is an HMAC, display masked (identifiers.md §1 rule 6).
PROTECTED_KINDS: Final = frozenset({"national_id", "nric_my", "nric_sg", "aadhaar", "passport"})
