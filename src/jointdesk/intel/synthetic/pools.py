"""Identifier minting and skewed pools: the scam side reuses a few values a lot and most values once.

:class:`Minter` makes fresh, valid, never-repeated identifiers of every kind. :class:`Pool` holds
the values of one kind for one crew and country and hands them out with a power-law skew,
minting lazily so unused capacity costs nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from jointdesk.intel.synthetic import values as v
from jointdesk.intel.synthetic.countries import COUNTRIES, IBAN_COUNTRIES, IMEI_TACS, Bank, Country

_WORDS: Final = (
    "gold", "lucky", "star", "trust", "prime", "royal", "asia", "global", "smart", "wealth", "fast",
    "coin", "bit", "fund", "link", "best", "happy", "dragon", "tiger", "lotus", "jade", "ace", "vip",
)  # fmt: skip
_TLDS: Final = ("top", "vip", "xyz", "cc", "com", "net", "app", "shop", "club", "live", "online", "icu")
_PATHS: Final = ("m/login", "h5/register", "app/download", "invite", "user/deposit", "index.html", "s")
_MAIL_HOSTS: Final = ("gmail.com", "outlook.com", "163.com", "qq.com", "yahoo.com", "proton.me")
SHORTENERS: Final = ("bit.ly", "tinyurl.com", "is.gd", "cutt.ly", "t.co", "rb.gy")
BANK_HOTLINES: Final = ("95588", "95533", "95599", "95566", "95555", "95528")
USDT_TRC20: Final = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


@dataclass(frozen=True, slots=True)
class Ident:
    """One identifier as filed (``id_type``, ``value``, ``region``) and as a victim would quote it."""

    id_type: str
    value: str
    region: str | None
    slot: str  # the narrative slot kind, "" when victims do not quote it
    text: str  # how it is written in a narrative of its own country
    bank: str = ""  # institution name for accounts and cards


class Pool:
    """Lazily minted values handed out with a power-law skew (index = capacity × u^skew)."""

    __slots__ = ("_capacity", "_mint", "_skew", "values")

    def __init__(self, capacity: int, mint: Callable[[], Ident], skew: float) -> None:
        self._capacity = max(1, capacity)
        self._mint = mint
        self._skew = skew
        self.values: dict[int, Ident] = {}

    def pick(self, rng: random.Random) -> Ident:
        index = int(self._capacity * rng.random() ** self._skew)
        found = self.values.get(index)
        if found is None:
            found = self.values[index] = self._mint()
        return found


class Minter:
    """Fresh identifiers; phone and account numbers never repeat (one numbering per country and bank)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._phones = {
            code: v.Numbering(c.mobile_prefixes, c.subscriber_digits, rng.randrange(10**9))
            for code, c in COUNTRIES.items()
        }
        self._accounts = {
            (code, bank.name): v.Numbering(
                (bank.prefix,), bank.length - len(bank.prefix), rng.randrange(10**9)
            )
            for code, c in COUNTRIES.items()
            for bank in c.banks
        }
        self._cards = v.Numbering(
            ("622202", "621700", "622848", "621661", "622588"), 12, rng.randrange(10**9)
        )
        self._serial = 0

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def phone_number(self, country: str) -> str:
        """E.164."""
        return f"+{COUNTRIES[country].dial}{self._phones[country].next()}"

    def phone(self, country: str) -> Ident:
        number = self.phone_number(country)
        c = COUNTRIES[country]
        return Ident("phone", number, country, "phone", c.trunk + number[len(c.dial) + 1 :])

    def account(self, country: str, bank: Bank | None = None) -> Ident:
        c = COUNTRIES[country]
        bank = bank or self.rng.choice(c.banks)
        digits = self._accounts[(country, bank.name)].next()
        if country in IBAN_COUNTRIES:
            number = v.iban(country, bank.name + digits)
            return Ident("iban", number, country, "", number, bank.name)
        return Ident("bank_account", f"{country}:{digits}", country, "account", digits, bank.name)

    def card(self) -> Ident:
        digits = v.with_luhn(self._cards.next()[:18])
        bank = self.rng.choice(COUNTRIES["CN"].banks).name
        return Ident("payment_card", digits, "CN", "card", digits, bank)

    def tron(self) -> Ident:
        address = v.tron_address(self.rng)
        return Ident("tron_address", address, None, "tron", address)

    def evm(self) -> Ident:
        address = v.evm_address(self.rng)
        return Ident("evm_address", address, None, "", address)

    def site(self) -> Ident:
        rng = self.rng
        host = f"{rng.choice(_WORDS)}{rng.choice(_WORDS)}{self._next_serial()}.{rng.choice(_TLDS)}"
        url = f"https://{rng.choice(('', 'www.', 'm.', 'h5.'))}{host}/{rng.choice(_PATHS)}"
        return Ident("url", url, None, "site", url)

    def telegram(self) -> Ident:
        name = f"{self.rng.choice(_WORDS)}_{self.rng.choice(_WORDS)}{self._next_serial()}"
        return Ident("social_handle", f"telegram:{name}", None, "telegram", name)

    def line(self) -> Ident:
        name = f"{self.rng.choice(_WORDS)}.{self._next_serial()}"
        return Ident("social_handle", f"line:{name}", None, "line", name)

    def messenger(self, platform: str, country: str) -> Ident:
        """WhatsApp / Zalo / Viber accounts keyed by a phone number (strong)."""
        number = self.phone_number(country)
        slot = "whatsapp" if platform == "whatsapp" else ""
        return Ident("social_handle", f"{platform}:{number}", None, slot, number)

    def telegram_id(self) -> Ident:
        number = str(5_000_000_000 + self._next_serial() * 7_919)
        return Ident("social_handle", f"telegram:id:{number}", None, "", number)

    def wechat(self) -> Ident:
        wxid = v.wechat_wxid(self.rng)
        return Ident("ewallet", f"wechat:{wxid}", "CN", "wechat", wxid)

    def ewallet(self, provider: str, country: str) -> Ident:
        number = self.phone_number(country)
        slot = "alipay" if provider == "alipay" else ""
        return Ident("ewallet", f"{provider}:{number}", country, slot, number)

    def proxy(self, scheme: str, country: str) -> Ident:
        number = self.phone_number(country)
        slot = scheme if scheme in ("promptpay", "paynow", "duitnow") else ""
        return Ident("payment_proxy", f"{scheme}:{number}", country, slot, number)

    def email(self) -> Ident:
        rng = self.rng
        address = f"{rng.choice(_WORDS)}.{rng.choice(_WORDS)}{self._next_serial()}@{rng.choice(_MAIL_HOSTS)}"
        return Ident("email", address, None, "", address)

    def imei(self) -> Ident:
        number = v.imei(self.rng, IMEI_TACS)
        return Ident("imei", number, None, "", number)

    def shortener(self) -> Ident:
        url = f"https://{self.rng.choice(SHORTENERS)}/{v.short_code(self.rng)}"
        return Ident("url", url, None, "site", url)


def country_of(code: str) -> Country:
    return COUNTRIES[code]
