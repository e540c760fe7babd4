"""Card PAN 🔒, domestic bank account, IBAN, BIC and e-wallet normalisers."""

from __future__ import annotations

import pytest

from jointdesk.indicators import Normalised, Rejected, keyed_hash, normalise

KEY = b"payments-test-key-0123456789abcd"


def _ok(type_name: str, raw: str, region: str | None = None, key: bytes | None = KEY) -> Normalised:
    result = normalise(type_name, raw, region=region, key=key)
    assert isinstance(result, Normalised), result
    return result


def _rejected(type_name: str, raw: str, region: str | None = None, key: bytes | None = KEY) -> Rejected:
    result = normalise(type_name, raw, region=region, key=key)
    assert isinstance(result, Rejected), result
    return result


def test_card_canonical_is_the_keyed_hmac_of_the_digits() -> None:
    result = _ok("payment_card", "6200 0000 0000 0005")
    assert result.canonical == keyed_hash(KEY, "6200000000000005")
    assert result.attrs["scheme"] == "unionpay" and result.attrs["bin8"] == "62000000"


def test_card_hmac_depends_on_the_key() -> None:
    other = _ok("payment_card", "5555555555554444", key=b"another-key-another-key-another!")
    assert other.canonical != _ok("payment_card", "5555555555554444").canonical


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("4111111111111112", "checksum_failed"),
        ("41111111111", "invalid_length"),
        ("4111-1111-abcd-1111", "unparseable"),
        ("0000000000000000", "placeholder"),
    ],
)
def test_card_rejections_are_masked_and_protected(raw: str, reason: str) -> None:
    result = _rejected("payment_card", raw)
    assert result.reason == reason and result.protected
    if result.display:
        assert result.display.count("*") >= len(result.display) - 10


def test_card_without_a_key_is_refused_not_hashed_unkeyed() -> None:
    result = _rejected("payment_card", "4111111111111111", key=None)
    assert result.reason == "key_required" and result.display == "411111******1111"
    assert _rejected("payment_card", "4111111111111111", key=b"short").reason == "key_required"


def test_keyed_hash_refuses_short_keys() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        keyed_hash(b"short", "x")


def test_bank_account_keeps_leading_zeros_and_country() -> None:
    result = _ok("bank_account", "0012-345-678", region="TH")
    assert result.canonical == "TH::0012345678"
    assert result.attrs["account_no"] == "0012345678" and result.confidence == 1.0


def test_bank_account_unusual_national_length_lowers_confidence() -> None:
    assert _ok("bank_account", "TH:KASITHBK:12345679").confidence == 0.7


@pytest.mark.parametrize(
    ("raw", "region", "reason"),
    [
        ("1234567890", None, "unparseable"),
        ("CN:ICBC!:123456789", None, "unparseable"),
        ("CN::12345", None, "invalid_length"),
        ("CN::12345678901234567890123", None, "invalid_length"),
        ("111111111", "CN", "placeholder"),
        ("12AB5678", "CN", "unparseable"),
        ("a:b:c:d", None, "unparseable"),
    ],
)
def test_bank_account_rejections(raw: str, region: str | None, reason: str) -> None:
    assert _rejected("bank_account", raw, region=region).reason == reason


def test_bank_account_that_is_a_card_number_is_routed_to_payment_card() -> None:
    result = _rejected("bank_account", "4111 1111 1111 1111", region="CN")
    assert result.reason == "wrong_type" and result.protected and result.display == "411111******1111"


def test_iban_derives_bank_and_bic() -> None:
    result = _ok("iban", "DE89 3704 0044 0532 0130 00")
    assert result.attrs["bank_code"] == "37040044" and result.attrs["bic"] == "COBADEFFXXX"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("GB00 WEST 1234 5698 7654 32", "checksum_failed"),
        ("GB82 WEST 1234 5698 7654 3", "invalid_length"),
        ("XX82 WEST 1234 5698 7654 32", "unparseable"),
    ],
)
def test_iban_rejections(raw: str, reason: str) -> None:
    assert _rejected("iban", raw).reason == reason


def test_bic_primary_office_folds_to_eight_characters() -> None:
    assert _ok("bic", "DEUTDEFFXXX").canonical == "DEUTDEFF"
    branch = _ok("bic", "deutdeff500")
    assert branch.canonical == "DEUTDEFF500" and branch.attrs["bank_name"] == "Deutsche Bank"


@pytest.mark.parametrize(("raw", "reason"), [("DEUT", "invalid_length"), ("ABCDXX12", "unparseable")])
def test_bic_rejections(raw: str, reason: str) -> None:
    assert _rejected("bic", raw).reason == reason


def test_wechat_keys_stay_separate_and_chosen_id_is_weak() -> None:
    wxid = _ok("ewallet", "wechat:wxid_abc123def")
    chosen = _ok("ewallet", "weixin:Scam_Boss88")
    bound = _ok("ewallet", "wechat:138 0013 8000")
    assert (wxid.canonical, wxid.strength) == ("wechat:wxid:wxid_abc123def", "S")
    assert (chosen.canonical, chosen.strength) == ("wechat:id:scam_boss88", "W")
    assert bound.canonical == "wechat:phone:+8613800138000"


def test_alipay_email_is_lower_case_and_gcash_uses_its_home_region() -> None:
    assert _ok("ewallet", "alipay:Foo.Bar@Example.COM").canonical == "alipay:email:foo.bar@example.com"
    assert _ok("ewallet", "gcash:0917 123 4567", region="CN").canonical == "gcash:phone:+639171234567"


def test_stated_key_kind() -> None:
    assert _ok("ewallet", "wechat:phone:+66812345678").canonical == "wechat:phone:+66812345678"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("13800138000", "unparseable"),
        ("venmo:12345", "unparseable"),
        ("qq:0123", "unparseable"),
        ("alipay:foo@", "unparseable"),
        ("gcash:12", "unparseable"),
        ("gcash:0917 12", "not_full_number"),
        ("qq:wxid_abcdefgh", "unparseable"),
    ],
)
def test_ewallet_rejections(raw: str, reason: str) -> None:
    assert _rejected("ewallet", raw).reason == reason
