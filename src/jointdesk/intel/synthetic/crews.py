"""Crews: the fraud networks behind synthetic reports, sized by a power law.

A crew runs one scam type from a compound country against victims in a few countries, during an
active window. Its contacts, sites, first-tier cards (一级卡), second-tier cards (二级卡) and wallets
come from skewed :class:`~jointdesk.intel.synthetic.pools.Pool`\\ s, so inside a crew a few values
carry most reports. Crew sizes follow a discrete power law: many singletons, a few large networks.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Final

from jointdesk.intel.synthetic.countries import COMPOUND_COUNTRIES, COUNTRIES, COUNTRY_WEIGHTS
from jointdesk.intel.synthetic.pools import Ident, Minter, Pool

SIZE_EXPONENT: Final = 2.1  # P(size = k) ~ k^-2.1
SKEW: Final = 2.5
# (code, weight): MPS / SPF orders of magnitude; TASK and INV lead.
TYPOLOGY_WEIGHTS: Final = (
    ("TASK", 20), ("INV", 12), ("INV.PB", 10), ("IMP.GOV", 10), ("IMP.CS", 10), ("LOAN", 7), ("ROM", 6),
    ("PHISH", 8), ("EXT", 4), ("SHOP", 4), ("IMP.ACQ", 3), ("PRIZE", 2), ("TECH", 1), ("BEC", 1),
    ("GAMB", 1), ("SHOP.GAME", 1), ("CHAR", 1), ("RECOV", 1),
)  # fmt: skip
FAMILY_OF: Final = {code: code for code in ("INV", "INV.PB", "IMP.GOV", "IMP.CS", "TASK", "ROM", "LOAN")} | {
    "PHISH": "PHISH",
    "EXT": "EXT",
}
CONTACT_KINDS: Final = {
    "INV": ("whatsapp", "telegram", "phone"), "INV.PB": ("whatsapp", "telegram", "line", "telegram_id"),
    "IMP.GOV": ("phone",), "IMP.CS": ("phone",), "TASK": ("telegram", "whatsapp", "line", "telegram_id"),
    "ROM": ("whatsapp", "telegram", "line"), "LOAN": ("phone", "whatsapp"), "PHISH": ("phone",),
    "EXT": ("whatsapp", "telegram", "line"), "OTHER": ("phone", "whatsapp", "email"),
}  # fmt: skip
SITE_RATE: Final = {
    "INV": 0.6, "INV.PB": 0.5, "TASK": 0.4, "LOAN": 0.4, "PHISH": 0.9, "IMP.CS": 0.3, "IMP.GOV": 0.15,
    "ROM": 0.05, "EXT": 0.2, "OTHER": 0.2,
}  # fmt: skip
CRYPTO_RATE: Final = {"INV.PB": 0.8, "INV": 0.35, "EXT": 0.2, "GAMB": 0.5, "ROM": 0.1}
# Pool capacity per report of the crew, by kind.
CAPACITY: Final = {
    "phone": 0.15, "whatsapp": 0.1, "telegram": 0.06, "telegram_id": 0.06, "line": 0.08, "email": 0.2,
    "site": 0.04, "tier1": 0.2, "tier2": 0.03, "wallet": 0.08, "tron": 0.06, "tron2": 0.01, "imei": 0.05,
    "wechat": 0.08,
}  # fmt: skip


def family(code: str) -> str:
    return FAMILY_OF.get(code, "OTHER")


@dataclass(slots=True)
class Crew:
    size: int
    code: str
    base: str  # compound country
    targets: tuple[str, ...]  # victim countries, weighted by repetition
    crypto_rate: float
    start: float  # active window, seconds since the run start
    span: float
    pools: dict[tuple[str, str], Pool] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return family(self.code)

    def pick(self, kind: str, country: str, minter: Minter, rng: random.Random) -> Ident:
        pool = self.pools.get((kind, country))
        if pool is None:
            capacity = round(self.size * CAPACITY[kind])
            pool = self.pools[(kind, country)] = Pool(capacity, partial(mint, kind, country, minter), SKEW)
        return pool.pick(rng)


def mint(kind: str, country: str, minter: Minter) -> Ident:
    """A fresh value of ``kind`` (``country`` matters for phones, accounts and wallets)."""
    return _MINT[kind](minter, country)


def _tier1(minter: Minter, country: str) -> Ident:
    if country == "CN" and minter.rng.random() < 0.4:
        return minter.card()
    return minter.account(country)


def _wallet(minter: Minter, country: str) -> Ident:
    c = COUNTRIES[country]
    if c.proxy and (not c.wallets or minter.rng.random() < 0.5):
        return minter.proxy(c.proxy, country)
    if c.wallets:
        return minter.ewallet(minter.rng.choice(c.wallets), country)
    if country == "CN":
        return minter.wechat()
    return minter.account(country)


_MINT: Final[dict[str, Callable[[Minter, str], Ident]]] = {
    "tron": lambda m, _c: m.tron(),
    "tron2": lambda m, _c: m.tron(),
    "phone": Minter.phone,
    "whatsapp": lambda m, c: m.messenger("zalo" if c == "VN" else "whatsapp", c),
    "tier1": _tier1,
    "tier2": lambda m, c: m.account(c),
    "wallet": _wallet,
    "telegram": lambda m, _c: m.telegram(),
    "telegram_id": lambda m, _c: m.telegram_id(),
    "line": lambda m, _c: m.line(),
    "email": lambda m, _c: m.email(),
    "site": lambda m, _c: m.site(),
    "imei": lambda m, _c: m.imei(),
    "wechat": lambda m, _c: m.wechat(),
}


def crew_sizes(n_reports: int, rng: random.Random) -> list[int]:
    """Power-law sizes summing to ``n_reports`` (cap: 1/40 of the run, at least 20)."""
    cap = max(20, n_reports // 40)
    sizes: list[int] = []
    total = 0
    exponent = -1.0 / (SIZE_EXPONENT - 1.0)
    while total < n_reports:
        size = min(cap, int((1.0 - rng.random()) ** exponent), n_reports - total)
        sizes.append(size)
        total += size
    return sizes


def make_crews(n_reports: int, countries: Sequence[str], days: int, rng: random.Random) -> list[Crew]:
    codes = [code for code, weight in TYPOLOGY_WEIGHTS for _ in range(weight)]
    weighted = [code for code in countries for _ in range(COUNTRY_WEIGHTS.get(code, 1))]
    horizon = days * 86_400.0
    crews = []
    for size in crew_sizes(n_reports, rng):
        code = rng.choice(codes)
        home = rng.choice(weighted)
        spread = 1 + (size > 30) + (size > 300) + (size > 3000)
        targets = tuple([home] * 3 + [rng.choice(weighted) for _ in range(spread - 1)])
        span = horizon * min(1.0, 0.05 + size / max(n_reports, 1) * 20 + rng.random() * 0.3)
        crews.append(
            Crew(
                size=size,
                code=code,
                base=rng.choice(COMPOUND_COUNTRIES),
                targets=targets,
                crypto_rate=CRYPTO_RATE.get(code, 0.05),
                start=rng.random() * (horizon - span),
                span=span,
            )
        )
    return crews


def assignment(crews: Sequence[Crew], rng: random.Random) -> list[int]:
    """Crew index of each report, shuffled."""
    order = [index for index, crew in enumerate(crews) for _ in range(crew.size)]
    rng.shuffle(order)
    return order
