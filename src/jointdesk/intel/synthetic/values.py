"""Identifier value builders: unique numbers by counter, check digits, crypto addresses. Pure.

Every builder here yields values that pass the platform's normalisers (Luhn, mod-97, ISO 7064,
Base58Check, EIP-55). Uniqueness comes from :class:`Numbering`: a counter mapped through an
affine bijection, so two calls never return the same digits and the sequence looks random.
"""

from __future__ import annotations

import hashlib
import random
import string
from typing import TYPE_CHECKING, Final, TypeVar

import base58
from eth_hash.auto import keccak

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

T = TypeVar("T")

_MULTIPLIER: Final = 7_919_317  # odd, not a multiple of 5: a bijection modulo any power of ten
_LOWER_ALNUM: Final = string.ascii_lowercase + string.digits
_SHORT_ALPHABET: Final = string.ascii_letters + string.digits


class FastRandom(random.Random):
    """``random.Random`` with cheaper ``choice`` / ``randint`` (one ``random()`` call each; bias < 2^-40)."""

    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


class Numbering:
    """Unique ``width``-digit strings behind rotating prefixes (a counter through an affine bijection)."""

    def __init__(self, prefixes: tuple[str, ...], width: int, offset: int) -> None:
        self._prefixes = prefixes
        self._width = width
        self._modulus = 10**width
        self._offset = offset % self._modulus
        self._count = 0

    def next(self) -> str:
        index, self._count = self._count, self._count + 1
        prefix = self._prefixes[index % len(self._prefixes)]
        serial = (index // len(self._prefixes) * _MULTIPLIER + self._offset) % self._modulus
        return f"{prefix}{serial:0{self._width}d}"


def luhn_digit(body: str) -> str:
    """The Luhn check digit to append to ``body``."""
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return str((10 - total % 10) % 10)


def with_luhn(body: str) -> str:
    return body + luhn_digit(body)


def iban(country: str, bban: str) -> str:
    """An IBAN with valid mod-97 check digits."""
    numeric = "".join(str(int(char, 36)) for char in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def cn_resident_id(region: str, birth: str, serial: str) -> str:
    """A CN resident ID (18 characters, ISO 7064 MOD 11-2 check character)."""
    body = region + birth + serial
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(char) * weight for char, weight in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def th_personal_id(body: str) -> str:
    """A TH personal ID (13 digits, mod-11 check digit)."""
    total = sum(int(char) * (13 - index) for index, char in enumerate(body))
    return body + str((11 - total % 11) % 10)


def tron_address(rng: random.Random) -> str:
    return base58.b58encode_check(b"\x41" + rng.randbytes(20)).decode("ascii")


def evm_address(rng: random.Random) -> str:
    """A 20-byte address in EIP-55 mixed-case checksum form."""
    body = rng.randbytes(20).hex()
    digest = keccak(body.encode("ascii")).hex()
    return "0x" + "".join(c.upper() if int(h, 16) >= 8 else c for c, h in zip(body, digest, strict=True))


def wechat_wxid(rng: random.Random) -> str:
    return "wxid_" + "".join(rng.choices(_LOWER_ALNUM, k=14))


def short_code(rng: random.Random, length: int = 7) -> str:
    return "".join(rng.choices(_SHORT_ALPHABET, k=length))


def imei(rng: random.Random, tacs: tuple[str, ...]) -> str:
    return with_luhn(rng.choice(tacs) + f"{rng.randrange(1_000_000):06d}")


def stable_hex(*parts: object, length: int = 10) -> str:
    """A short deterministic hex tag (source references, codes)."""
    text = "|".join(map(str, parts)).encode("utf-8")
    return hashlib.blake2b(text, digest_size=16).hexdigest()[:length]


def mistype(value: str, rng: random.Random) -> str:
    """A typing slip: one character dropped, or two neighbours swapped when the value is short."""
    if len(value) > 8:
        cut = rng.randrange(len(value) // 2, len(value))
        return value[:cut] + value[cut + 1 :]
    return value[:-2] + value[-1] + value[-2]
