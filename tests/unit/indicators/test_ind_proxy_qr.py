"""Instant-payment proxies and EMVCo payment QR payloads (TLV, CRC-16/CCITT tag 63)."""

from __future__ import annotations

import pytest

from jointdesk.indicators import Normalised, Rejected, keyed_hash, normalise
from jointdesk.indicators.types._checks import crc16_ccitt
from jointdesk.indicators.types._emv_tlv import parse_tlv, with_crc

KEY = b"proxy-qr-test-key-0123456789abcd"
# Published payloads (PromptPay / PayNow / VietQR generators' test vectors).
PROMPTPAY_ZEROS = "00020101021129370016A000000677010111011300660000000005802TH530376463048956"
PROMPTPAY_STATIC = "00020101021129370016A000000677010111011300668123456785802TH530376463045D82"
PROMPTPAY_DYNAMIC = "00020101021229370016A000000677010111011300668123456785802TH53037645406150.006304CC46"
PAYNOW = (
    "00020101021126380009SG.PAYNOW010100211+6584554295030115204000053037025802SG5902NA6009SINGAPORE630416D8"
)
VIETQR = (
    "00020101021238540010A00000072701240006970436011010234567890208QRIBFTTA5303704540719430005802VN"
    "62120808TT0000696304A8E5"
)


def _ok(type_name: str, raw: str, region: str | None = None, key: bytes | None = KEY) -> Normalised:
    result = normalise(type_name, raw, region=region, key=key)
    assert isinstance(result, Normalised), result
    return result


def test_crc16_ccitt_false_check_value() -> None:
    assert crc16_ccitt(b"123456789") == 0x29B1


@pytest.mark.parametrize("payload", [PROMPTPAY_ZEROS, PROMPTPAY_STATIC, PROMPTPAY_DYNAMIC, PAYNOW, VIETQR])
def test_published_payloads_pass_the_crc(payload: str) -> None:
    assert _ok("emv_qr", payload).canonical == payload


def test_promptpay_qr_yields_the_mobile_proxy() -> None:
    result = _ok("emv_qr", PROMPTPAY_STATIC)
    assert [d.canonical for d in result.derived] == ["promptpay:mobile:+66812345678"]
    assert result.strength == "-" and result.derived[0].strength == "S"
    assert result.attrs["country"] == "TH" and result.attrs["initiation"] == "static"


def test_dynamic_qr_keeps_the_amount() -> None:
    result = _ok("emv_qr", PROMPTPAY_DYNAMIC)
    assert "dynamic" in result.flags and result.attrs["amount"] == "150.00"


def test_paynow_and_vietqr_payloads() -> None:
    assert [d.canonical for d in _ok("emv_qr", PAYNOW).derived] == ["paynow:mobile:+6584554295"]
    assert [d.canonical for d in _ok("emv_qr", VIETQR).derived] == ["VN:970436:1023456789"]


def test_khqr_bakong_account_and_unknown_scheme() -> None:
    khqr = with_crc("000201010211" + "2919" + "0015john_smith@aclb" + "5802KH" + "5303116")
    assert [d.canonical for d in _ok("emv_qr", khqr).derived] == ["bakong:account_id:john_smith@aclb"]
    odd = with_crc("000201010211" + "2614" + "0010A000000999" + "5802ZZ")
    result = _ok("emv_qr", odd)
    assert "scheme_unrecognised" in result.flags and result.attrs["tag26"] == "unknown:A000000999"


def test_qr_holding_a_person_id_is_itself_protected() -> None:
    payload = with_crc("000201010211" + "2937" + "0016A000000677010111" + "0213" + "1101700207030" + "5802TH")
    result = _ok("emv_qr", payload)
    assert result.protected and result.canonical == "hmac:" + keyed_hash(KEY, payload)
    assert "1101700207030" not in (result.display or "")
    assert result.derived[0].protected and result.derived[0].display == "promptpay:national_id:*********7030"
    refused = normalise("emv_qr", payload, key=None)
    assert isinstance(refused, Rejected) and refused.reason == "key_required"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (PROMPTPAY_STATIC[:-4] + "FFFF", "checksum_failed"),
        ("hello", "unparseable"),
        ("000201" + "0102", "unparseable"),
        (PROMPTPAY_STATIC[:-8], "unparseable"),
        (PROMPTPAY_STATIC[:-4] + "ZZZZ", "unparseable"),
    ],
)
def test_qr_rejections(payload: str, reason: str) -> None:
    result = normalise("emv_qr", payload)
    assert isinstance(result, Rejected) and result.reason == reason


def test_tlv_parser_refuses_overruns_and_duplicates() -> None:
    assert parse_tlv("0003AB") is None
    assert parse_tlv("0001A0001B") is None
    assert parse_tlv("0001A0102BC") == {"00": "A", "01": "BC"}


def test_crc_is_case_insensitive_and_canonical_upper() -> None:
    assert _ok("emv_qr", PROMPTPAY_STATIC[:-4] + "5d82").canonical == PROMPTPAY_STATIC


def test_promptpay_inference_by_region() -> None:
    assert _ok("payment_proxy", "081-234-5678", "TH").canonical == "promptpay:mobile:+66812345678"
    assert _ok("payment_proxy", "0994000165510", "TH").canonical == "promptpay:tax_id:0994000165510"
    assert _ok("payment_proxy", "123456789012345", "TH").canonical == "promptpay:ewallet:123456789012345"


def test_person_id_proxy_is_keyed_and_masked() -> None:
    result = _ok("payment_proxy", "promptpay:1-1017-00207-03-0")
    assert result.canonical == "promptpay:national_id:" + keyed_hash(KEY, "1101700207030")
    assert result.protected and result.display == "promptpay:national_id:*********7030"
    no_key = normalise("payment_proxy", "promptpay:1101700207030")
    assert isinstance(no_key, Rejected) and no_key.reason == "key_required" and no_key.protected


@pytest.mark.parametrize(
    ("raw", "region", "canonical"),
    [
        ("paynow:UEN:197401143C", None, "paynow:uen:197401143C"),
        ("paynow:+65 8455 4295", None, "paynow:mobile:+6584554295"),
        ("upi: Some.One@OKICICI ", None, "upi:vpa:some.one@okicici"),
        ("someone@ybl", "IN", "upi:vpa:someone@ybl"),
        ("fps:Pay@Example.HK", None, "fps:email:pay@example.hk"),
        ("fps:1234567", None, "fps:fps_id:1234567"),
        ("payid:51 824 753 556", None, "payid:abn:51824753556"),
        ("duitnow:012-345 6780", None, "duitnow:mobile:+60123456780"),
        ("promptpay:bank_account:0123456789", None, "promptpay:bank_account:0123456789"),
    ],
)
def test_proxy_types(raw: str, region: str | None, canonical: str) -> None:
    assert _ok("payment_proxy", raw, region).canonical == canonical


@pytest.mark.parametrize(
    ("raw", "region", "reason"),
    [
        ("0812345678", None, "unparseable"),
        ("promptpay:hello", None, "unparseable"),
        ("promptpay:national_id:1101700207031", None, "checksum_failed"),
        ("upi:not a vpa", None, "unparseable"),
    ],
)
def test_proxy_rejections(raw: str, region: str | None, reason: str) -> None:
    result = normalise("payment_proxy", raw, region=region, key=KEY)
    assert isinstance(result, Rejected) and result.reason == reason
