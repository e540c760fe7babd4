"""URL, registrable domain, IP and e-mail normalisers (offline PSL, IDNA, §5 lists)."""

from __future__ import annotations

import idna
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointdesk.indicators import Normalised, Rejected, normalise
from jointdesk.indicators.types.domain import plain_host, to_unicode


def _ok(type_name: str, raw: str) -> Normalised:
    result = normalise(type_name, raw)
    assert isinstance(result, Normalised), result
    return result


def _reason(type_name: str, raw: str) -> str:
    result = normalise(type_name, raw)
    assert isinstance(result, Rejected), result
    return result.reason


def test_url_normal_form() -> None:
    result = _ok("url", "HTTP://User@Login.Example.COM:80/a/./b/../c?q=%7e#top")
    assert result.canonical == "http://User@login.example.com/a/c?q=~#top"
    assert "userinfo" in result.flags
    assert result.attrs["registrable_domain"] == "example.com" and result.attrs["path"] == "/a/c"


def test_url_without_scheme_gets_https_and_lower_confidence() -> None:
    result = _ok("url", "t.me/+AbCdEf")
    assert result.canonical == "https://t.me/+AbCdEf"
    assert "scheme_added" in result.flags and result.confidence == 0.9
    assert result.attrs["warning"] == "platform" and result.strength == "S"


def test_url_idn_host_to_punycode() -> None:
    result = _ok("url", "https://例子.中国/路径")
    assert result.canonical == "https://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84"
    assert result.attrs["host_unicode"] == "例子.中国"


def test_url_repairs_are_flagged_and_lower_confidence() -> None:
    wrapped = _ok("url", "https://exa mple.com/\nlogin")
    assert wrapped.canonical == "https://example.com/login" and "repaired" in wrapped.flags
    defanged = _ok("url", "hxxp://evil[.]com")
    assert defanged.confidence == 0.9 and defanged.attrs["first_seen"] == "hxxp://evil[.]com"


def test_url_on_a_shortener_or_ip_host() -> None:
    assert _ok("url", "https://bit.ly/3xyz").attrs["warning"] == "url_shortener"
    assert "ip_host" in _ok("url", "http://203.0.113.9:8080/x").flags


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("javascript://alert(1)", "wrong_type"),
        ("mailto:a@b.com", "wrong_type"),
        ("https://localhost/admin", "unparseable"),
        ("http://[::1", "unparseable"),
        ("just words", "unparseable"),
    ],
)
def test_url_rejections(raw: str, reason: str) -> None:
    assert _reason("url", raw) == reason


def test_domain_is_the_registrable_domain() -> None:
    result = _ok("domain", "https://secure.login.bank-example.co.uk/path")
    assert result.canonical == "bank-example.co.uk"
    assert result.attrs["host"] == "secure.login.bank-example.co.uk" and result.attrs["suffix"] == "co.uk"


def test_private_suffix_tenants_stay_apart() -> None:
    result = _ok("domain", "evil.pages.dev")
    assert result.canonical == "evil.pages.dev" and result.attrs["private_suffix"] == "yes"


def test_homoglyph_domain_is_flagged() -> None:
    result = _ok("domain", "pаypal.com")  # Cyrillic а
    assert {"idn", "mixed_script"} <= result.flags
    assert result.canonical.startswith("xn--") and result.attrs["unicode"] == "pаypal.com"


def test_platform_shortener_and_bank_domains() -> None:
    assert _ok("domain", "t.me").strength == "W"
    assert _ok("domain", "www.bit.ly").attrs["warning"] == "url_shortener"
    bank = _ok("domain", "www.bangkokbank.com")
    assert bank.attrs["warning"] == "bank_website" and bank.strength == "-"


def test_defanged_domain() -> None:
    result = _ok("domain", "evil-bank(dot)xyz")
    assert result.canonical == "evil-bank.xyz" and "repaired" in result.flags


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("co.uk", "unparseable"),
        ("8.8.8.8", "wrong_type"),
        ("localhost", "unparseable"),
        ("-bad-.com", "unparseable"),
    ],
)
def test_domain_rejections(raw: str, reason: str) -> None:
    assert _reason("domain", raw) == reason


@pytest.mark.parametrize(
    ("raw", "canonical", "strength"),
    [
        ("8.8.8.8", "8.8.8.8", "W"),
        ("1.2.3[.]4:443", "1.2.3.4", "W"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1", "-"),
        ("::ffff:8.8.4.4", "8.8.4.4", "W"),
        ("[2606:4700::1111]:53", "2606:4700::1111", "W"),
        ("192.168.1.1", "192.168.1.1", "-"),
        ("100.64.12.1", "100.64.12.1", "-"),
    ],
)
def test_ip_forms(raw: str, canonical: str, strength: str) -> None:
    result = _ok("ip", raw)
    assert (result.canonical, result.strength) == (canonical, strength)


@pytest.mark.parametrize("raw", ["256.1.1.1", "010.1.1.1", "1.2.3", "hello"])
def test_ip_rejections(raw: str) -> None:
    assert _reason("ip", raw) == "unparseable"


def test_email_lower_cases_the_domain_only() -> None:
    result = _ok("email", "mailto:John.Doe+promo@GoogleMail.com")
    assert result.canonical == "John.Doe+promo@googlemail.com"
    assert result.attrs["gmail_folded"] == "johndoe@gmail.com"
    assert result.attrs["casefolded"] == "john.doe+promo@googlemail.com"


def test_email_idn_domain_and_refang() -> None:
    assert _ok("email", "info@例子.中国").canonical == "info@xn--fsqu00a.xn--fiqs8s"
    refanged = _ok("email", "scam(at)evil(dot)com")
    assert refanged.canonical == "scam@evil.com" and refanged.confidence == 0.95


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("test@test.com", "placeholder"),
        ("N/A", "placeholder"),
        ("a..b@x.com", "unparseable"),
        ("x@localhost", "unparseable"),
    ],
)
def test_email_rejections(raw: str, reason: str) -> None:
    assert _reason("email", raw) == reason


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="aZz09-_.X", min_size=0, max_size=70), min_size=1, max_size=4))
def test_plain_host_shortcut_agrees_with_idna(labels: list[str]) -> None:
    """The shortcut for plain hosts gives exactly what IDNA gives, and declines whatever IDNA refuses."""
    host = ".".join(labels)
    shortcut = plain_host(host)
    try:
        full: str | None = idna.encode(host, uts46=True).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError):
        full = None
    if shortcut is not None:
        assert shortcut == full
        assert to_unicode(shortcut) == idna.decode(shortcut)
