"""Phone numbers (identifiers.md §2 Phone / VoIP / short code rows, §4 parsing rules, §5 suppression).

Canonical form: E.164 (``+8613800138000``). Short codes are ``COUNTRY:digits`` (``CN:95588``),
never E.164. Extra flags: ``voip``, ``mvno`` (both lower strength to W), ``short_code`` (strength
``-``), ``warning_list`` (allowlisted bank hotline / official sender), ``idd_retry``, ``extension``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final

import phonenumbers as pn
from phonenumbers import PhoneNumber, PhoneNumberType, carrier, geocoder, timezone

from jointdesk.indicators.types import _data
from jointdesk.indicators.types._base import (
    MVNO,
    SHORT_CODE,
    VOIP,
    WARNING_LIST,
    Normalised,
    Result,
    Strength,
    TypeInfo,
    fold_text,
    guarded,
    is_placeholder_digits,
    version_tag,
)

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "phonenumbers", data=_data.data_version())
INFO: Final = TypeInfo("phone", "Phone number", STRENGTH, PROTECTED, NORMALISER_VERSION)

IDD_RETRY: Final = "idd_retry"
EXTENSION: Final = "extension"
_VOIP_TYPES: Final = frozenset({PhoneNumberType.VOIP, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.UAN})
_TYPE_NAMES: Final = {
    value: name.lower()
    for name, value in vars(PhoneNumberType).items()
    if name.isupper() and isinstance(value, int)
}
_SHORT_FORM: Final = re.compile(r"^([A-Z]{2}):([0-9]{2,8})$")
_TEL_PREFIX: Final = re.compile(r"^(?:tel|callto|sms):", re.IGNORECASE)
_LENGTH_PROBLEMS: Final = frozenset(
    {
        pn.ValidationResult.TOO_SHORT,
        pn.ValidationResult.TOO_LONG,
        pn.ValidationResult.INVALID_LENGTH,
    }
)


# Turns a valid number into the result: with every attribute (normalise) or bare (canonicalise).
Accept = Callable[..., Normalised]


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """E.164 for a full number, ``COUNTRY:digits`` for a short code, or a rejection."""
    return _normalise(raw, region, _accept)


@guarded(INFO)
def canonicalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """:func:`normalise`'s outcome and canonical form without the carrier, location and time-zone
    attributes (about two thirds of its cost): for matching a value against stored ones."""
    return _normalise(raw, region, _accept_bare)


def _normalise(raw: str, region: str | None, accept: Accept) -> Result:
    text = _TEL_PREFIX.sub("", fold_text(raw).strip())
    if _data.is_placeholder_text(text):
        return INFO.reject(raw, "placeholder", "placeholder text, not a number")
    short_form = _SHORT_FORM.match(text)
    if short_form:
        return _short_code(raw, short_form.group(2), short_form.group(1))
    digits = re.sub(r"\D", "", text)
    if not digits:
        return INFO.reject(raw, "unparseable", "no digits in the value")
    if len(digits) >= 4 and is_placeholder_digits(digits):
        return INFO.reject(raw, "placeholder", f"placeholder digits {digits!r}")
    number = _parse(text, region)
    if number is None:
        return _short_code(raw, digits, region)
    return _classify(raw, text, number, region, accept)


def normalise_any_region(raw: str, regions: Sequence[str | None], *, key: bytes | None = None) -> Result:
    """§4: try the report's and the victim's region; the first valid parse wins (``region_used``)."""
    results = [normalise(raw, region=r, key=key) for r in regions] or [normalise(raw, region=None)]
    valid = [r for r in results if isinstance(r, Normalised)]
    return valid[0] if valid else results[0]


def _parse(text: str, region: str | None) -> PhoneNumber | None:
    try:
        return pn.parse(text, region)
    except pn.NumberParseException:
        return None


def _classify(raw: str, text: str, number: PhoneNumber, region: str | None, accept: Accept) -> Result:
    e164 = pn.format_number(number, pn.PhoneNumberFormat.E164)
    test = _test_range(e164)
    if test:
        return INFO.reject(raw, "test_range", f"{e164} is in the fictional/test range: {test}")
    if pn.is_valid_number(number):
        return accept(raw, number, region, confidence=1.0)
    retried = _idd_retry(text)
    if retried is not None:
        return accept(raw, retried, region, confidence=0.8, extra=(IDD_RETRY,))
    plain = re.sub(r"\D", "", text)
    if not text.startswith("+") and len(plain) <= 8:
        short = _short_code(raw, plain, region)
        if isinstance(short, Normalised):
            return short
    return _invalid(raw, number, e164)


def _idd_retry(text: str) -> PhoneNumber | None:
    """§4: a ``00`` + country code read with a longer IDD (TH ``00[1-9]``) is retried as ``+``."""
    compact = re.sub(r"[^\d+]", "", text)
    if not compact.startswith("00"):
        return None
    number = _parse("+" + compact[2:], None)
    if number is None or not pn.is_valid_number(number):
        return None
    return None if _test_range(pn.format_number(number, pn.PhoneNumberFormat.E164)) else number


def _invalid(raw: str, number: PhoneNumber, e164: str) -> Result:
    reason = pn.is_possible_number_with_reason(number)
    if reason in _LENGTH_PROBLEMS:
        return INFO.reject(raw, "invalid_length", f"{e164} has the wrong length for its country")
    return INFO.reject(raw, "not_full_number", f"{e164} is not an allocated full number")


def _accept(
    raw: str, number: PhoneNumber, region: str | None, *, confidence: float, extra: tuple[str, ...] = ()
) -> Normalised:
    e164 = pn.format_number(number, pn.PhoneNumberFormat.E164)
    kind = pn.number_type(number)
    flags = set(extra)
    if kind in _VOIP_TYPES:
        flags.add(VOIP)
    mvno = next((label for prefix, label in _data.mvno_prefixes() if e164.startswith(prefix)), "")
    if mvno:
        flags.add(MVNO)
    if number.extension:
        flags.add(EXTENSION)
    attrs = {
        "number_type": _TYPE_NAMES.get(kind, "unknown"),
        "carrier": carrier_name(number, kind),
        "region": pn.region_code_for_number(number) or "",
        "region_used": "" if raw.lstrip().startswith("+") else (region or ""),
        "location": location(number, kind),
        "timezones": ",".join(timezone.time_zones_for_number(number)),
        "mvno": mvno,
        "extension": number.extension or "",
    }
    strength: Strength = "W" if flags & {VOIP, MVNO} else STRENGTH
    return INFO.ok(raw, e164, confidence=confidence, flags=flags, attrs=attrs, strength=strength)


def _accept_bare(
    raw: str, number: PhoneNumber, region: str | None, *, confidence: float, extra: tuple[str, ...] = ()
) -> Normalised:
    e164 = pn.format_number(number, pn.PhoneNumberFormat.E164)
    return INFO.ok(raw, e164, confidence=confidence, flags=extra)


def carrier_name(number: PhoneNumber, kind: int) -> str:
    """``carrier.name_for_number`` given the number's type (which that function works out again)."""
    mobile = kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.PAGER)
    return str(carrier.name_for_valid_number(number, "en")) if mobile else ""


def location(number: PhoneNumber, kind: int) -> str:
    """``geocoder.description_for_number`` given the number's type."""
    if kind == PhoneNumberType.UNKNOWN:
        return ""
    if not pn.is_number_type_geographical(kind, number.country_code or 0):
        return str(geocoder.country_name_for_number(number, "en"))
    return str(geocoder.description_for_valid_number(number, "en"))


def _short_code(raw: str, digits: str, region: str | None) -> Result:
    """``COUNTRY:digits`` when the metadata or our allowlist knows the short number."""
    if region is None or not 2 <= len(digits) <= 8:
        why = "no region to read a national number or short code" if region is None else "wrong length"
        return INFO.reject(raw, "not_full_number", f"not a full international number ({why})")
    label = next(
        (p.label for p in _data.short_code_allowlist() if p.country == region and p.regex.match(digits)), ""
    )
    if not label and not _valid_short(digits, region):
        return INFO.reject(
            raw, "not_full_number", f"neither a full number nor a known short code in {region}"
        )
    flags = {SHORT_CODE, WARNING_LIST} if label else {SHORT_CODE}
    attrs = {"country": region, "digits": digits, "warning": label}
    return INFO.ok(raw, f"{region}:{digits}", flags=flags, attrs=attrs, strength="-")


def _valid_short(digits: str, region: str) -> bool:
    try:
        return bool(pn.is_valid_short_number_for_region(pn.parse(digits, region), region))
    except pn.NumberParseException:
        return False


def _test_range(e164: str) -> str:
    return next((p.label for p in _data.phone_test_ranges() if p.regex.match(e164)), "")


def is_allowlisted_short_code(country: str, digits: str) -> bool:
    """Whether ``digits`` is a bank hotline / official sender in ``country`` (§5 allowlist)."""
    return any(p.country == country and p.regex.match(digits) for p in _data.short_code_allowlist())
