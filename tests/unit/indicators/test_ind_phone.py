"""Phone normaliser: E.164, short codes, VoIP/MVNO flags, §4 retry rules and rejection reasons."""

from __future__ import annotations

import pytest

from jointdesk.indicators import Normalised, Rejected, normalise
from jointdesk.indicators.types import phone


def test_international_input_ignores_the_region() -> None:
    result = normalise("phone", "+66 81 234 5678", region="CN")
    assert isinstance(result, Normalised) and result.canonical == "+66812345678"
    assert result.attrs["region"] == "TH" and result.attrs["region_used"] == ""


def test_tel_uri_and_extension() -> None:
    result = normalise("phone", "tel:+86-10-6552-9988 ext. 12", region=None)
    assert isinstance(result, Normalised) and result.canonical == "+861065529988"
    assert "extension" in result.flags and result.attrs["extension"] == "12"


def test_voip_numbers_are_weak() -> None:
    result = normalise("phone", "+44 56 1234 5678")
    assert isinstance(result, Normalised) and result.attrs["number_type"] == "voip"
    assert "voip" in result.flags and result.strength == "W"


def test_short_code_canonical_form_round_trips_without_region() -> None:
    result = normalise("phone", "CN:95566")
    assert isinstance(result, Normalised) and result.canonical == "CN:95566"
    assert result.attrs["warning"] == "bank_hotline"


def test_short_code_needs_a_region() -> None:
    result = normalise("phone", "95588")
    assert isinstance(result, Rejected) and result.reason == "not_full_number"


@pytest.mark.parametrize(
    ("raw", "region", "reason"),
    [
        ("", "CN", "unparseable"),
        ("hello", "CN", "unparseable"),
        ("N/A", "CN", "placeholder"),
        ("0000000000", "CN", "placeholder"),
        ("12345678901", "CN", "placeholder"),
        ("+86 138", None, "invalid_length"),
        ("+86 199 9999 99999 9", None, "invalid_length"),
        ("+1 201 555 0150", None, "test_range"),
        ("+61 491 570 156", None, "test_range"),
        ("+33 6 39 98 12 34", None, "test_range"),
    ],
)
def test_rejection_reasons(raw: str, region: str | None, reason: str) -> None:
    result = normalise("phone", raw, region=region)
    assert isinstance(result, Rejected), result
    assert result.reason == reason and result.message


def test_any_region_prefers_the_valid_parse_and_records_it() -> None:
    result = phone.normalise_any_region("081 234 5678", ["CN", "TH"])
    assert isinstance(result, Normalised) and result.canonical == "+66812345678"
    assert result.attrs["region_used"] == "TH"


def test_any_region_returns_the_first_rejection_when_nothing_parses() -> None:
    result = phone.normalise_any_region("12", ["CN", "TH"])
    assert isinstance(result, Rejected)


def test_allowlist_helper() -> None:
    assert phone.is_allowlisted_short_code("CN", "95588")
    assert phone.is_allowlisted_short_code("SG", "1799")
    assert not phone.is_allowlisted_short_code("CN", "10086")


def test_non_allowlisted_valid_short_code_has_no_warning() -> None:
    result = normalise("phone", "10086", region="CN")
    assert isinstance(result, Normalised) and result.canonical == "CN:10086"
    assert result.flags == {"short_code"} and result.strength == "-"


@pytest.mark.parametrize(
    "raw",
    [
        "+8613800138000",  # CN mobile
        "+862083781234",  # CN fixed line (Guangzhou)
        "+66812345678",  # TH mobile
        "+6621234567",  # TH fixed line
        "+84912345678",  # VN mobile
        "+85512345678",  # KH mobile
        "+12015550123",  # US fixed line or mobile
        "+447700900123",  # GB mobile
        "+448001234567",  # GB toll free (not geographical)
        "+447012345678",  # GB personal number
        "+8005551234567",  # international freephone (non-geographic entity)
    ],
)
def test_carrier_and_location_equal_the_library_lookups(raw: str) -> None:
    """The type-aware shortcuts give what carrier/geocoder's own (re-validating) functions give."""
    import phonenumbers as pn
    from phonenumbers import carrier, geocoder

    number = pn.parse(raw, None)
    kind = pn.number_type(number)
    assert phone.carrier_name(number, kind) == carrier.name_for_number(number, "en")
    assert phone.location(number, kind) == geocoder.description_for_number(number, "en")
