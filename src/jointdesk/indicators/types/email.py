"""E-mail address (identifiers.md §2 Email row): syntax only via ``email-validator``, no DNS.

Canonical: the local part as written (NFC) + ``@`` + the lower-case ASCII (punycode) domain.
Gmail dot / ``+tag`` folding is not applied to the key; ``attrs["gmail_folded"]`` offers it for
matching behind a flag, ``attrs["casefolded"]`` the all-lower-case address.
"""

from __future__ import annotations

import re
from typing import Final

from email_validator import EmailNotValidError, validate_email

from jointdesk.indicators.types import _data
from jointdesk.indicators.types._base import (
    REPAIRED,
    Result,
    Strength,
    TypeInfo,
    fold_text,
    guarded,
    version_tag,
)
from jointdesk.indicators.types._refang import refang

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "email-validator", data=_data.data_version())
INFO: Final = TypeInfo("email", "E-mail address", STRENGTH, PROTECTED, NORMALISER_VERSION)

_MAILTO: Final = re.compile(r"^mailto:", re.IGNORECASE)
_GMAIL: Final = frozenset({"gmail.com", "googlemail.com"})


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """``local@ascii-domain``, or a rejection."""
    folded = _MAILTO.sub("", fold_text(raw).strip()).split("?", 1)[0]
    text = refang(folded)
    if _data.is_placeholder_text(text) or text.lower() in _data.placeholder_emails():
        return INFO.reject(raw, "placeholder", "placeholder address")
    try:
        valid = validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        return INFO.reject(raw, "unparseable", f"not an e-mail address: {exc}")
    domain = valid.ascii_domain.lower()
    canonical = f"{valid.local_part}@{domain}"
    attrs = {
        "domain": domain,
        "domain_unicode": valid.domain,
        "casefolded": canonical.lower(),
        "gmail_folded": gmail_fold(valid.local_part, domain),
    }
    repaired = text != folded
    return INFO.ok(
        raw,
        canonical,
        confidence=0.95 if repaired else 1.0,
        flags={REPAIRED} if repaired else (),
        attrs=attrs,
    )


def gmail_fold(local: str, domain: str) -> str:
    """Gmail's own equivalence (dots and ``+tag`` ignored, googlemail = gmail); ``""`` elsewhere."""
    if domain not in _GMAIL:
        return ""
    return local.split("+", 1)[0].replace(".", "").lower() + "@gmail.com"
