"""Person / company ID (identifiers.md §2 last 🔒 row): compact + check digit via python-stdnum.

Schemes: ``cn.ric``, ``th.pin``, ``my.nric``, ``in.aadhaar`` (persons, 🔒) and ``cn.uscc``,
``th.moa``, ``sg.uen`` (companies, in clear). Input ``scheme:value`` or a bare value tried
against the schemes of ``region``. A person ID's canonical value is ``scheme:HMAC(key, compact)``
with a masked ``display`` and the birth date in ``secret`` (store encrypted); a company ID's is
``scheme:compact``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from stdnum.cn import ric, uscc
from stdnum.in_ import aadhaar
from stdnum.my import nric
from stdnum.sg import uen
from stdnum.th import moa, pin

from jointdesk.indicators.types._base import Result, Strength, TypeInfo, fold_text, guarded, mask, version_tag
from jointdesk.indicators.types._checks import Failure, stdnum_check
from jointdesk.indicators.types._protect import KEY_MESSAGE, keyed_hash, usable_key

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = True
NORMALISER_VERSION: Final = version_tag(1, "python-stdnum")
INFO: Final = TypeInfo("national_id", "Person / company ID", STRENGTH, PROTECTED, NORMALISER_VERSION)


@dataclass(frozen=True, slots=True)
class Scheme:
    """One national ID scheme."""

    name: str
    region: str
    person: bool
    validate: Callable[[str], str]
    birth_date: Callable[[str], object] | None = None


SCHEMES: Final = {
    s.name: s
    for s in (
        Scheme("cn.ric", "CN", True, ric.validate, ric.get_birth_date),
        Scheme("cn.uscc", "CN", False, uscc.validate),
        Scheme("th.pin", "TH", True, pin.validate),
        Scheme("th.moa", "TH", False, moa.validate),
        Scheme("my.nric", "MY", True, nric.validate, nric.get_birth_date),
        Scheme("sg.uen", "SG", False, uen.validate),
        Scheme("in.aadhaar", "IN", True, aadhaar.validate),
    )
}


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """``scheme:HMAC`` (person) or ``scheme:compact`` (company), or a rejection."""
    name, _sep, value = fold_text(raw).strip().rpartition(":")
    if name and name.lower() not in SCHEMES:
        return INFO.reject(raw, "unparseable", f"unknown ID scheme {name!r}")
    schemes = [SCHEMES[name.lower()]] if name else _for_region(region)
    return protect(raw, schemes, value, key)


def _for_region(region: str | None) -> list[Scheme]:
    return [s for s in SCHEMES.values() if s.region == region]


def protect(raw: str, schemes: list[Scheme], value: str, key: bytes | None) -> Result:
    """Validate ``value`` against the first matching scheme and build the (keyed) result."""
    failures: list[Failure] = []
    for scheme in schemes:
        checked = stdnum_check(scheme.validate, value, scheme.name)
        if isinstance(checked, str):
            return _accept(raw, scheme, checked, key)
        failures.append(checked)
    if not failures:
        return INFO.reject(raw, "unparseable", "no ID scheme: give scheme:value or a supported region")
    return INFO.reject(raw, failures[0].reason, failures[0].message, display=mask(value), protected=True)


def _accept(raw: str, scheme: Scheme, compact: str, key: bytes | None) -> Result:
    attrs = {
        "scheme": scheme.name,
        "country": scheme.region,
        "kind": "person" if scheme.person else "company",
    }
    if not scheme.person:
        return INFO.ok(raw, f"{scheme.name}:{compact}", attrs=attrs, protected=False, display=compact)
    if key is None or not usable_key(key):
        return INFO.reject(raw, "key_required", KEY_MESSAGE, display=mask(compact))
    secret = {"birth_date": str(scheme.birth_date(compact))} if scheme.birth_date else {}
    return INFO.ok(
        raw, f"{scheme.name}:{keyed_hash(key, compact)}", attrs=attrs, display=mask(compact), secret=secret
    )
