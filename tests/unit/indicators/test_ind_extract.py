"""Free-text extraction (identifiers.md §3): candidates, spans into the original, methods, confidence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jointdesk.indicators import Normalised, Rejected
from jointdesk.indicators.extract import Candidate, extract

KEY = b"extract-test-key-0123456789abcde"


def _found(text: str, region: str | None = None) -> dict[str, Candidate]:
    return {c.id_type + ":" + _canonical(c): c for c in extract(text, region=region, key=KEY)}


def _canonical(candidate: Candidate) -> str:
    result = candidate.result
    return result.canonical if isinstance(result, Normalised) else "rejected:" + result.reason


def test_chinese_narrative() -> None:
    text = "骗子手机１３８－００１３－８０００，微信号 scam_boss88，网站 hxxps://example[.]com/login 还有 evil-bank(dot)xyz"
    found = _found(text, "CN")
    phone = found["phone:+8613800138000"]
    assert text[phone.start : phone.end] == phone.raw == "１３８－００１３－８０００"
    assert "unicode_fold" in phone.methods and phone.result.confidence < 1.0  # type: ignore[union-attr]
    assert "ewallet:wechat:id:scam_boss88" in found
    url = found["url:https://example.com/login"]
    assert url.raw == "hxxps://example[.]com/login" and "refang" in url.methods
    assert "domain:evil-bank.xyz" in found
    assert all(c.role == "unknown" for c in found.values())


def test_chinese_numerals_after_a_cue_word() -> None:
    found = _found("电话一三八零零一三八零零零 QQ 12345678", "CN")
    phone = found["phone:+8613800138000"]
    assert phone.raw == "一三八零零一三八零零零" and "cjk_numerals" in phone.methods
    assert phone.result.confidence == 0.8  # type: ignore[union-attr]
    assert "ewallet:qq:number:12345678" in found


def test_obfuscated_digits_are_capped_at_0_7() -> None:
    found = _found("contact 1 3 8 0 0 1 3 8 0 0 0 or 138O0l38000 or 138|0013|8000", "CN")
    phones = [c for c in found.values() if c.id_type == "phone"]
    assert len(phones) == 1  # one record per canonical value in this map, three in the text
    everything = extract("contact 1 3 8 0 0 1 3 8 0 0 0 or 138O0l38000 or 138|0013|8000", region="CN")
    assert len(everything) == 3
    for candidate in everything:
        assert "deobfuscate" in candidate.methods
        assert isinstance(candidate.result, Normalised) and candidate.result.confidence <= 0.7


def test_thai_text_with_thai_digits_and_idd_retry() -> None:
    text = "โทร ๐๘๑๒๓๔๕๖๗๘ หรือ 00 66 81 234 5678 promptpay 0812345678"
    everything = extract(text, region="TH")
    phones = {c.raw: c.result for c in everything if c.id_type == "phone"}
    assert set(phones) == {"๐๘๑๒๓๔๕๖๗๘", "00 66 81 234 5678"}
    assert all(isinstance(r, Normalised) and r.canonical == "+66812345678" for r in phones.values())
    assert phones["00 66 81 234 5678"].confidence == 0.8  # type: ignore[union-attr]
    assert "payment_proxy:promptpay:mobile:+66812345678" in _found(text, "TH")


def test_crypto_iban_qr_and_card() -> None:
    text = (
        "USDT TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t / 0x52908400098527886e0f7030069857d2e4169ee7 / "
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4, IBAN GB82 WEST 1234 5698 7654 32, "
        "QR 00020101021129370016A000000677010111011300668123456785802TH530376463045D82, 卡号 4111 1111 1111 1111"
    )
    found = _found(text)
    assert {c.id_type for c in found.values()} >= {
        "tron_address",
        "evm_address",
        "bitcoin_address",
        "iban",
        "emv_qr",
        "payment_card",
    }
    card = next(c for c in found.values() if c.id_type == "payment_card")
    assert card.result.protected and card.result.display == "411111******1111"


def test_specific_finders_keep_rejections() -> None:
    found = _found("卡号 4111 1111 1111 1112 and 0x52908400098527886E0F7030069857D2E4169Ee7")
    assert "payment_card:rejected:checksum_failed" in found
    assert "evm_address:rejected:checksum_failed" in found


def test_card_without_key_is_kept_as_key_required() -> None:
    [candidate] = extract("card 4111 1111 1111 1111")
    assert isinstance(candidate.result, Rejected) and candidate.result.reason == "key_required"


def test_cue_words_for_handles_devices_and_accounts() -> None:
    text = (
        "telegram: @Scam_Support, line id: scammer_01, whatsapp +66 81 234 5678, IMEI 490154203237518, "
        "账号 6217 0012 3456 789, package com.scam.wallet, sha256: " + "ab" * 32 + ", SWIFT code DEUTDEFF"
    )
    found = _found(text, "CN")
    for key in (
        "social_handle:telegram:scam_support",
        "social_handle:line:scammer_01",
        "social_handle:whatsapp:+66812345678",
        "imei:490154203237518",
        "bank_account:CN::621700123456789",
        "app_package:com.scam.wallet",
        "apk_hash:" + "ab" * 32,
        "bic:DEUTDEFF",
    ):
        assert key in found, key


def test_emails_ips_and_upi() -> None:
    found = _found("mail scam(at)evil(dot)com from 203.0.113.7, pay upi: fraud.guy@okaxis")
    assert "email:scam@evil.com" in found and "ip:203.0.113.7" in found
    assert "payment_proxy:upi:vpa:fraud.guy@okaxis" in found
    assert not any(c.id_type == "domain" for c in found.values())


def test_plain_text_gives_nothing() -> None:
    assert extract("Nothing to see here, just words. 三万五千 baht was lost.", region="TH") == []


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300), region=st.sampled_from([None, "CN", "TH", "IN"]))
def test_extract_never_raises_and_spans_are_evidence(text: str, region: str | None) -> None:
    for candidate in extract(text, region=region, key=KEY):
        assert text[candidate.start : candidate.end] == candidate.raw
        assert candidate.start < candidate.end
