"""identifiers.md §6 known-answer tests, one named test per row."""

from __future__ import annotations

import unicodedata

import phonenumbers as pn
from phonenumbers import shortnumberinfo

from jointdesk.indicators import Normalised, Rejected, normalise
from jointdesk.indicators.extract import extract, repaired_text
from jointdesk.indicators.types import national_id, payment_card

KEY = b"known-answer-test-key-32-bytes!!"


def _ok(type_name: str, raw: str, region: str | None = None) -> Normalised:
    result = normalise(type_name, raw, region=region, key=KEY)
    assert isinstance(result, Normalised), result
    return result


def test_kat_cn_phone_with_00_prefix_is_china_mobile() -> None:
    result = _ok("phone", "0086 138 0013 8000", "CN")
    assert result.canonical == "+8613800138000"
    assert result.attrs["number_type"] == "mobile"
    assert result.attrs["carrier"] == "China Mobile"


def test_kat_cn_phone_national_with_dashes() -> None:
    assert _ok("phone", "138-0013-8000", "CN").canonical == "+8613800138000"


def test_kat_th_phone_with_001_idd() -> None:
    result = _ok("phone", "001 66 81 234 5678", "TH")
    assert result.canonical == "+66812345678"
    assert result.confidence == 1.0


def test_kat_th_phone_with_00_needs_the_idd_retry() -> None:
    first = pn.parse("00 66 81 234 5678", "TH")
    assert pn.format_number(first, pn.PhoneNumberFormat.E164) == "+6812345678"
    assert not pn.is_valid_number(first)
    result = _ok("phone", "00 66 81 234 5678", "TH")
    assert result.canonical == "+66812345678"
    assert result.confidence == 0.8
    assert "idd_retry" in result.flags


def test_kat_cn_170_is_host_carrier_china_telecom() -> None:
    result = _ok("phone", "17012345678", "CN")
    assert result.canonical == "+8617012345678"
    assert result.attrs["carrier"] == "China Telecom"
    assert "mvno" in result.flags and result.strength == "W"


def test_kat_95588_is_a_short_code_never_e164() -> None:
    assert not pn.is_valid_number(pn.parse("95588", "CN"))
    assert shortnumberinfo.is_valid_short_number_for_region(pn.parse("95588", "CN"), "CN")
    result = _ok("phone", "95588", "CN")
    assert result.canonical == "CN:95588"
    assert not result.canonical.startswith("+")
    assert {"short_code", "warning_list"} <= result.flags and result.strength == "-"


def test_kat_th_1441_and_my_997_come_from_our_allowlist() -> None:
    for raw, region in (("1441", "TH"), ("997", "MY")):
        assert not shortnumberinfo.is_valid_short_number_for_region(pn.parse(raw, region), region)
        result = _ok("phone", raw, region)
        assert result.canonical == f"{region}:{raw}"
        assert result.attrs["warning"] == "official_warning_sender"


def test_kat_nanp_555_0123_is_valid_for_the_library_but_a_test_range() -> None:
    assert pn.is_valid_number(pn.parse("+12015550123"))
    result = normalise("phone", "+12015550123")
    assert isinstance(result, Rejected) and result.reason == "test_range"


def test_kat_uk_drama_range_is_invalid_for_the_library() -> None:
    assert not pn.is_valid_number(pn.parse("+447700900123"))
    result = normalise("phone", "+447700900123")
    assert isinstance(result, Rejected) and result.reason == "test_range"


def test_kat_full_width_digits_fold_with_nfkc() -> None:
    assert unicodedata.normalize("NFKC", "１３８－００１３－８０００") == "138-0013-8000"
    assert repaired_text("１３８－００１３－８０００").text == "138-0013-8000"
    assert _ok("phone", "１３８－００１３－８０００", "CN").canonical == "+8613800138000"


def test_kat_thai_digits_need_the_decimal_map() -> None:
    assert unicodedata.normalize("NFKC", "๑๓๘") == "๑๓๘"
    assert repaired_text("๑๓๘").text == "138"


def test_kat_defanged_url_is_refanged() -> None:
    assert _ok("url", "hxxps://example[.]com/login").canonical == "https://example.com/login"
    found = extract("see hxxps://example[.]com/login")
    assert [c.result.canonical for c in found if isinstance(c.result, Normalised)] == [
        "https://example.com/login"
    ]


def test_kat_imei_is_valid_with_its_tac() -> None:
    result = _ok("imei", "490154203237518")
    assert result.canonical == "490154203237518"
    assert result.attrs["tac"] == "49015420"


def test_kat_imsi_is_china_mobile() -> None:
    result = _ok("imsi", "460001234567890")
    assert (result.attrs["mcc"], result.attrs["mnc"]) == ("460", "00")
    assert result.attrs["operator"] == "China Mobile"


def test_kat_pan_keeps_bin_last4_and_hmac_only() -> None:
    result = _ok("payment_card", "4111111111111111")
    assert result.attrs["bin"] == "411111" and result.attrs["last4"] == "1111"
    assert len(result.canonical) == 64 and "4111111111111111" not in result.canonical
    assert result.display == "411111******1111"
    assert result.protected
    spaced = payment_card.normalise("4111 1111 1111 1111", key=KEY)
    assert isinstance(spaced, Normalised) and spaced.canonical == result.canonical


def test_kat_iban_gb82_west() -> None:
    result = _ok("iban", "GB82 WEST 1234 5698 7654 32")
    assert result.canonical == "GB82WEST12345698765432"


def test_kat_cn_ric_is_valid_with_encrypted_birth_date() -> None:
    result = _ok("national_id", "11010519491231002X", "CN")
    assert result.protected
    assert result.secret == {"birth_date": "1949-12-31"}
    assert "11010519491231002X" not in result.canonical
    assert national_id.SCHEMES["cn.ric"].person


def test_kat_tron_usdt_contract_decodes_and_is_suppressed() -> None:
    import base58

    payload = base58.b58decode_check("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")
    assert len(payload) + 4 == 25 and payload[0] == 0x41
    result = _ok("tron_address", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")
    assert result.attrs["body_hex"] == "a614f803b6fd780986a42c78ec9c7f77e6ded13c"
    assert "warning_list" in result.flags and result.strength == "-"
    assert result.attrs["asset"] == "USDT"
