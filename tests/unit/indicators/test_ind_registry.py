"""Registry contract (architecture.md §9): every type registered, idempotent, never raising."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointdesk import indicators
from jointdesk.indicators import Normalised, Rejected, UnknownType, all_types, get_type, normalise
from jointdesk.indicators.types import domain

KEY = b"registry-test-key-0123456789abcd"

EXPECTED = {  # name: (strength, protected) as identifiers.md §2 says
    "phone": ("S", False),
    "bank_account": ("S", False),
    "payment_card": ("S", True),
    "iban": ("S", False),
    "bic": ("S", False),
    "payment_proxy": ("S", False),
    "emv_qr": ("S", False),
    "ewallet": ("S", False),
    "tron_address": ("S", False),
    "evm_address": ("S", False),
    "bitcoin_address": ("S", False),
    "url": ("S", False),
    "domain": ("S", False),
    "ip": ("W", False),
    "email": ("S", False),
    "app_package": ("W", False),
    "apk_hash": ("S", False),
    "apk_signing_cert": ("S", False),
    "social_handle": ("W", False),
    "imei": ("W", False),
    "imsi": ("S", False),
    "iccid": ("S", False),
    "national_id": ("S", True),
}

SAMPLES: dict[str, list[tuple[str, str | None]]] = {
    "phone": [
        ("+8613800138000", None),
        ("138-0013-8000", "CN"),
        ("95588", "CN"),
        ("00 66 81 234 5678", "TH"),
    ],
    "bank_account": [("CN:ICBKCNBJ:6222 0212 3456 789", None), ("012-3-45679-1", "TH")],
    "iban": [("gb82 west 1234 5698 7654 32", None), ("DE89 3704 0044 0532 0130 00", None)],
    "bic": [("deutdeffxxx", None), ("ICBKCNBJ", None)],
    "payment_proxy": [("0812345678", "TH"), ("upi:Name.X@okicici", None), ("paynow:uen:197401143c", None)],
    "emv_qr": [("00020101021129370016A000000677010111011300668123456785802TH530376463045d82", None)],
    "ewallet": [("alipay:13800138000", None), ("wechat:Scam_Boss88", None), ("qq:12345678", None)],
    "tron_address": [("tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", None)],
    "evm_address": [("bsc:0xdAC17F958D2ee523a2206206994597C13D831ec7", None)],
    "bitcoin_address": [
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", None),
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", None),
    ],
    "url": [("HTTPS://Example.COM:443/a/../login", None), ("例子.中国/路径", None)],
    "domain": [("https://Login.Bank.example.co.uk/x", None), ("例子.中国", None)],
    "ip": [("[2001:DB8::0001]:443", None), ("8.8.8.8:53", None)],
    "email": [("mailto:Foo.Bar@GMAIL.com", None)],
    "app_package": [
        ("https://play.google.com/store/apps/details?id=com.Example.App", None),
        ("ios:com.Apple.X", None),
    ],
    "apk_hash": [("SHA256: " + "AB" * 32, None)],
    "apk_signing_cert": [(":".join(["CD"] * 32), None)],
    "social_handle": [
        ("https://t.me/Scam_Bot", None),
        ("whatsapp:+66 81 234 5678", None),
        ("telegram:id:123456789", None),
    ],
    "imei": [("49-015420-323751-8", None), ("4901542032375102", None)],
    "imsi": [("460 00 1234567890", None)],
    "iccid": [("8986 0012 3456 7890 1238", None)],
    "national_id": [("cn.uscc:91110000600037341L", None), ("sg.uen:00192200m", None)],
}


def test_every_type_is_registered_with_the_documented_strength() -> None:
    assert {t.name: (t.strength, t.protected) for t in all_types()} == EXPECTED


def test_get_type_and_unknown_type() -> None:
    assert get_type("phone").label == "Phone number"
    with pytest.raises(UnknownType):
        get_type("no_such_type")
    with pytest.raises(UnknownType):
        normalise("no_such_type", "x")


def test_public_api_is_reexported() -> None:
    assert set(indicators.__all__) >= {
        "normalise",
        "get_type",
        "all_types",
        "Normalised",
        "Rejected",
        "keyed_hash",
    }


def test_versions_name_their_libraries() -> None:
    assert "phonenumbers-" in get_type("phone").normaliser_version
    assert "schwifty-" in get_type("iban").normaliser_version
    assert get_type("domain").normaliser_version.count("data-") == 1


@pytest.mark.parametrize(
    ("type_name", "raw", "region"), [(t, r, g) for t, rows in SAMPLES.items() for r, g in rows]
)
def test_normalise_is_idempotent(type_name: str, raw: str, region: str | None) -> None:
    first = normalise(type_name, raw, region=region, key=KEY)
    assert isinstance(first, Normalised), first
    again = normalise(type_name, first.canonical, region=region, key=KEY)
    assert isinstance(again, Normalised), again
    assert again.canonical == first.canonical
    assert normalise(type_name, raw, region=region, key=KEY) == first  # deterministic


def test_every_type_has_an_idempotence_sample_unless_protected() -> None:
    unprotected = {name for name, (_s, protected) in EXPECTED.items() if not protected}
    assert set(SAMPLES) == unprotected | {"national_id"}  # company IDs are in clear


REGIONS = st.sampled_from([None, "CN", "TH", "MY", "SG", "IN", "VN", "US", "GB", "xx", "", "CHN"])
NEAR_VALID = st.from_regex(r"[0-9A-Za-z +\-:.@_/()\[\]#?=%]{0,48}", fullmatch=True)
TEXT = st.one_of(st.text(max_size=80), NEAR_VALID)


@pytest.mark.parametrize("type_name", sorted(EXPECTED))
@settings(max_examples=60, deadline=None)
@given(raw=TEXT, region=REGIONS, keyed=st.booleans())
def test_normalise_never_raises(type_name: str, raw: str, region: str | None, keyed: bool) -> None:
    result = normalise(type_name, raw, region=region, key=KEY if keyed else None)
    assert isinstance(result, Normalised | Rejected)
    assert result.id_type == type_name
    if isinstance(result, Rejected):
        assert not result.message.startswith("internal"), result
    else:
        assert 0.0 <= result.confidence <= 1.0 and result.canonical


def test_non_text_input_is_rejected_not_raised() -> None:
    odd: Any = 12345
    result = normalise("phone", odd)
    assert isinstance(result, Rejected) and result.reason == "unparseable"
    assert isinstance(normalise("url", "x" * 5000), Rejected)


def test_normalisers_make_no_network_call(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    domain._extractor.cache_clear()
    for type_name, rows in SAMPLES.items():
        for raw, region in rows:
            assert isinstance(normalise(type_name, raw, region=region, key=KEY), Normalised)
    assert isinstance(normalise("email", "someone@example.org"), Normalised)


PHONE_LIKE = st.from_regex(r"(\+|00)?[0-9][0-9 \-()]{2,20}", fullmatch=True)


def _decision(result: Normalised | Rejected) -> tuple[str, str, str]:
    if isinstance(result, Normalised):
        return ("ok", result.id_type, result.canonical)
    return ("rejected", result.id_type, result.reason)


@pytest.mark.parametrize("type_name", sorted(EXPECTED))
@settings(max_examples=80, deadline=None)
@given(raw=st.one_of(TEXT, PHONE_LIKE), region=REGIONS)
def test_canonicalise_decides_what_normalise_decides(type_name: str, raw: str, region: str | None) -> None:
    """Lookups match on ``canonicalise``; a different decision would hide or invent a hit."""
    full = normalise(type_name, raw, region=region, key=KEY)
    assert _decision(indicators.canonicalise(type_name, raw, region=region, key=KEY)) == _decision(full)


@pytest.mark.parametrize(
    ("type_name", "raw", "region"), [(t, r, g) for t, rows in SAMPLES.items() for r, g in rows]
)
def test_canonicalise_agrees_on_the_samples(type_name: str, raw: str, region: str | None) -> None:
    full = normalise(type_name, raw, region=region, key=KEY)
    assert _decision(indicators.canonicalise(type_name, raw, region=region, key=KEY)) == _decision(full)


def test_phone_canonicalise_skips_the_descriptive_attributes() -> None:
    full = normalise("phone", "+44 56 1234 5678")
    bare = indicators.canonicalise("phone", "+44 56 1234 5678")
    assert isinstance(full, Normalised) and isinstance(bare, Normalised)
    assert full.attrs["number_type"] == "voip" and not bare.attrs
    assert bare.canonical == full.canonical == "+445612345678"
