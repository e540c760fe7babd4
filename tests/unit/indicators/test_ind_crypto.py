"""TRON, EVM and Bitcoin address normalisers (network and asset kept apart, hot values suppressed)."""

from __future__ import annotations

import base58
import pytest

from jointdesk.indicators import Normalised, Rejected, normalise
from jointdesk.indicators.types import _bech32

USDT_TRC20 = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
TAPROOT = "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"
P2WPKH = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"


def _ok(type_name: str, raw: str) -> Normalised:
    result = normalise(type_name, raw)
    assert isinstance(result, Normalised), result
    return result


def _reason(type_name: str, raw: str) -> str:
    result = normalise(type_name, raw)
    assert isinstance(result, Rejected), result
    return result.reason


def _segwit(hrp: str, version: int, program: bytes, const: int) -> str:
    """Test-side Bech32/Bech32m encoder (BIP-173/350 reference steps)."""
    acc = bits = 0
    data = [version]
    for byte in program:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    values = _bech32._hrp_expand(hrp) + data
    polymod = _bech32._polymod([*values, 0, 0, 0, 0, 0, 0]) ^ const
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_bech32.CHARSET[d] for d in data + checksum)


def test_tron_body_links_to_the_same_evm_address() -> None:
    body = bytes(range(20))
    address = base58.b58encode_check(b"\x41" + body).decode()
    tron = _ok("tron_address", "trc20: " + address)
    evm = _ok("evm_address", tron.attrs["evm_address"])
    assert tron.canonical == address and tron.strength == "S"
    assert evm.canonical == "0x" + body.hex()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (USDT_TRC20[:-1] + "u", "checksum_failed"),
        ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6", "checksum_failed"),
        (base58.b58encode_check(b"\x41" + bytes(10)).decode(), "invalid_length"),
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "wrong_type"),
        ("T0OIl", "unparseable"),
        ("eth:" + USDT_TRC20, "wrong_type"),
    ],
)
def test_tron_rejections(raw: str, reason: str) -> None:
    assert _reason("tron_address", raw) == reason


def test_evm_lower_case_is_accepted_without_checksum() -> None:
    result = _ok("evm_address", "0x52908400098527886e0f7030069857d2e4169ee7")
    assert "no_checksum" in result.flags and result.attrs["network"] == "evm"
    assert result.attrs["checksum_address"] == "0x52908400098527886E0F7030069857D2E4169EE7"


def test_evm_network_is_kept_apart_from_the_canonical_value() -> None:
    bsc = _ok("evm_address", "bep20:0x52908400098527886E0F7030069857D2E4169EE7")
    uri = _ok("evm_address", "ethereum:0x52908400098527886E0F7030069857D2E4169EE7@56/transfer?value=1")
    assert bsc.canonical == uri.canonical == "0x52908400098527886e0f7030069857d2e4169ee7"
    assert (bsc.attrs["network"], uri.attrs["network"]) == ("bsc", "ethereum")


def test_public_token_contracts_are_hot_values_with_their_asset() -> None:
    usdc = _ok("evm_address", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")
    assert usdc.attrs["asset"] == "USDC" and usdc.strength == "-" and "warning_list" in usdc.flags


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("0x52908400098527886E0F7030069857D2E4169Ee7", "checksum_failed"),
        ("0x" + "0" * 40, "placeholder"),
        ("0x1234", "invalid_length"),
        ("52908400098527886e0f7030069857d2e4169ee7", "unparseable"),
        ("tron:0x52908400098527886e0f7030069857d2e4169ee7", "wrong_type"),
    ],
)
def test_evm_rejections(raw: str, reason: str) -> None:
    assert _reason("evm_address", raw) == reason


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "p2pkh"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "p2sh"),
        (P2WPKH.upper(), "p2wpkh"),
        (TAPROOT, "p2tr"),
        ("bitcoin:" + P2WPKH + "?amount=0.1", "p2wpkh"),
    ],
)
def test_bitcoin_kinds(raw: str, kind: str) -> None:
    result = _ok("bitcoin_address", raw)
    assert result.attrs["kind"] == kind and result.attrs["network"] == "bitcoin"
    assert result.canonical == (raw if raw[0] in "13" else result.canonical.lower())


def test_bitcoin_testnet_is_flagged_and_never_links() -> None:
    address = _segwit("tb", 1, bytes(32), _bech32.BECH32M_CONST)
    result = _ok("bitcoin_address", address)
    assert "testnet" in result.flags and result.strength == "-"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (P2WPKH[:-1] + "5", "checksum_failed"),
        (_segwit("bc", 1, bytes(32), _bech32.BECH32_CONST), "unparseable"),
        (_segwit("bc", 0, bytes(20), _bech32.BECH32M_CONST), "unparseable"),
        ("bc1QW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "unparseable"),
        ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", "checksum_failed"),
        ("hello", "unparseable"),
        ("ltc:" + P2WPKH, "wrong_type"),
    ],
)
def test_bitcoin_rejections(raw: str, reason: str) -> None:
    assert _reason("bitcoin_address", raw) == reason


def test_bech32_helpers_on_non_bech32_text() -> None:
    assert _bech32.checksum_ok("no separator") is None
    assert _bech32.decode_segwit("bc1") is None
