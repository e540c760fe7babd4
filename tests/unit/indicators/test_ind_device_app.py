"""IMEI / IMSI / ICCID, app package and APK hashes, social handles and person / company IDs."""

from __future__ import annotations

import pytest

from jointdesk.indicators import Normalised, Rejected, keyed_hash, normalise

KEY = b"device-app-test-key-0123456789ab"
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def _ok(type_name: str, raw: str, region: str | None = None, key: bytes | None = KEY) -> Normalised:
    result = normalise(type_name, raw, region=region, key=key)
    assert isinstance(result, Normalised), result
    return result


def _reason(type_name: str, raw: str, region: str | None = None, key: bytes | None = KEY) -> str:
    result = normalise(type_name, raw, region=region, key=key)
    assert isinstance(result, Rejected), result
    return result.reason


def test_imeisv_and_14_digit_imei_become_the_15_digit_imei() -> None:
    sv = _ok("imei", "IMEI: 49015420323751 02")
    bare = _ok("imei", "49015420323751")
    assert sv.canonical == bare.canonical == "490154203237518"
    assert "imeisv" in sv.flags and sv.attrs["svn"] == "02" and sv.confidence == 0.9
    assert "check_digit_added" in bare.flags


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("490154203237519", "checksum_failed"),
        ("4901542032", "invalid_length"),
        ("000000000000000", "placeholder"),
    ],
)
def test_imei_rejections(raw: str, reason: str) -> None:
    assert _reason("imei", raw) == reason


def test_imsi_and_iccid_are_personal_data() -> None:
    assert "personal_data" in _ok("imsi", "460001234567890").flags
    iccid = _ok("iccid", "8966 0312 3456 7890 126F")
    assert iccid.attrs["country_code"] == "66" and "personal_data" in iccid.flags


@pytest.mark.parametrize(
    ("type_name", "raw", "reason"),
    [
        ("imsi", "123451234567890", "unparseable"),
        ("imsi", "46000123", "invalid_length"),
        ("iccid", "8986001234567890123", "checksum_failed"),
        ("iccid", "1286001234567890128", "unparseable"),
        ("iccid", "8986", "invalid_length"),
        ("iccid", "89 0000000000000000000", "placeholder"),
    ],
)
def test_sim_rejections(type_name: str, raw: str, reason: str) -> None:
    assert _reason(type_name, raw) == reason


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("com.Scam.Wallet", "com.scam.wallet"),
        ("market://details?id=com.scam.app", "com.scam.app"),
        ("ios: com.Example.Bank-App", "ios:com.example.bank-app"),
    ],
)
def test_app_package(raw: str, canonical: str) -> None:
    assert _ok("app_package", raw).canonical == canonical


@pytest.mark.parametrize("raw", ["scamapp", "1com.x", "https://example.com/app", "com..x"])
def test_app_package_rejections(raw: str) -> None:
    assert _reason("app_package", raw) == "unparseable"


def test_apk_hash_and_signing_cert_share_the_form_not_the_type() -> None:
    colon = ":".join(SHA[i : i + 2] for i in range(0, 64, 2)).upper()
    assert _ok("apk_hash", "SHA-256: " + SHA.upper()).canonical == SHA
    assert _ok("apk_signing_cert", colon).canonical == SHA


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("d41d8cd98f00b204e9800998ecf8427e", "invalid_length"),
        ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "placeholder"),
        ("zz" * 32, "unparseable"),
    ],
)
def test_apk_hash_rejections(raw: str, reason: str) -> None:
    assert _reason("apk_hash", raw) == reason


@pytest.mark.parametrize(
    ("raw", "canonical", "strength"),
    [
        ("Telegram:@Scam_Support", "telegram:scam_support", "W"),
        ("tg:id:5012345678", "telegram:id:5012345678", "S"),
        ("https://www.tiktok.com/@Fake.Shop?lang=en", "tiktok:fake.shop", "W"),
        ("https://www.facebook.com/profile.php?id=100012345678", "facebook:id:100012345678", "S"),
        ("https://line.me/ti/p/~scam.line", "line:scam.line", "W"),
        ("wa.me/66812345678", "whatsapp:+66812345678", "S"),
        ("zalo:0912 345 678", "zalo:+84912345678", "S"),
        ("twitter:@Scammer_1", "x:scammer_1", "W"),
    ],
)
def test_social_handles(raw: str, canonical: str, strength: str) -> None:
    result = _ok("social_handle", raw)
    assert (result.canonical, result.strength) == (canonical, strength)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("https://t.me/+AbCdEfGh", "wrong_type"),
        ("https://t.me/joinchat/AbCdEf", "wrong_type"),
        ("https://example.com/someone", "wrong_type"),
        ("wechat:scam_boss", "wrong_type"),
        ("@scammer", "unparseable"),
        ("myspace:tom", "unparseable"),
        ("telegram:ab", "unparseable"),
        ("whatsapp:12", "not_full_number"),
    ],
)
def test_social_rejections(raw: str, reason: str) -> None:
    assert _reason("social_handle", raw) == reason


def test_person_id_is_keyed_and_masked() -> None:
    result = _ok("national_id", "my.nric:770305-02-1234")
    assert result.canonical == "my.nric:" + keyed_hash(KEY, "770305021234")
    assert result.display == "********1234" and result.secret == {"birth_date": "1977-03-05"}


def test_company_id_is_in_clear() -> None:
    result = _ok("national_id", "91110000600037341L", region="CN")
    assert result.canonical == "cn.uscc:91110000600037341L" and not result.protected
    assert result.attrs["kind"] == "company"


@pytest.mark.parametrize(
    ("raw", "region", "key", "reason"),
    [
        ("11010519491231002X", "CN", None, "key_required"),
        ("110105194912310021", "CN", KEY, "checksum_failed"),
        ("12345", None, KEY, "unparseable"),
        ("xx.id:12345", None, KEY, "unparseable"),
        ("in.aadhaar:2341 2341 2347", None, KEY, "checksum_failed"),
    ],
)
def test_national_id_rejections(raw: str, region: str | None, key: bytes | None, reason: str) -> None:
    result = normalise("national_id", raw, region=region, key=key)
    assert isinstance(result, Rejected) and result.reason == reason and result.protected
    if result.display:
        assert "1949" not in result.display
