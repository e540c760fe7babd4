"""Identifier type registry (architecture.md §9 "Adding an identifier type", identifiers.md §2).

One module per type exposes ``normalise(raw, *, region=None, key=None)``, ``STRENGTH``,
``PROTECTED``, ``NORMALISER_VERSION`` and ``INFO``; this package registers them. ``id_type`` is a
string checked against :func:`get_type`. Pure: no database, web or network access.

A module may add ``canonicalise`` (same signature): the same decision and canonical form at less
cost, without the descriptive attributes, for lookups that only match values.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import ModuleType
from typing import Final

from jointdesk.indicators.types import (
    apk_cert,
    apk_hash,
    app_package,
    bank_account,
    bic,
    bitcoin_address,
    domain,
    email,
    emv_qr,
    evm_address,
    ewallet,
    iban,
    iccid,
    imei,
    imsi,
    ip,
    national_id,
    payment_card,
    payment_proxy,
    phone,
    social_handle,
    tron_address,
    url,
)
from jointdesk.indicators.types._base import (
    REASON_CODES,
    Normalised,
    Normaliser,
    ReasonCode,
    Rejected,
    Result,
    Strength,
)
from jointdesk.indicators.types._protect import keyed_hash

_MODULES: Final[tuple[ModuleType, ...]] = (
    phone,
    bank_account,
    payment_card,
    iban,
    bic,
    payment_proxy,
    emv_qr,
    ewallet,
    tron_address,
    evm_address,
    bitcoin_address,
    url,
    domain,
    ip,
    email,
    app_package,
    apk_hash,
    apk_cert,
    social_handle,
    imei,
    imsi,
    iccid,
    national_id,
)


@dataclass(frozen=True, slots=True)
class IdentifierType:
    """A registered identifier type: its facts and its normaliser."""

    name: str
    label: str
    strength: Strength
    protected: bool
    normaliser_version: str
    normalise: Normaliser
    canonicalise: Normaliser


def _register(module: ModuleType) -> IdentifierType:
    info = module.INFO
    return IdentifierType(
        name=info.name,
        label=info.label,
        strength=module.STRENGTH,
        protected=module.PROTECTED,
        normaliser_version=module.NORMALISER_VERSION,
        normalise=module.normalise,
        canonicalise=getattr(module, "canonicalise", module.normalise),
    )


_REGISTRY: Final[dict[str, IdentifierType]] = {t.name: t for t in map(_register, _MODULES)}


class UnknownType(KeyError):
    """``id_type`` is not in the registry."""


def get_type(name: str) -> IdentifierType:
    """The registered type called ``name``; raises :class:`UnknownType` otherwise."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownType(name) from None


def all_types() -> tuple[IdentifierType, ...]:
    """Every registered type, in registration order."""
    return tuple(_REGISTRY.values())


def normalise(type_name: str, raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """Normalise ``raw`` as ``type_name`` (raises :class:`UnknownType` for an unregistered name only).

    Fraud data repeats itself (the same mule account in hundreds of reports, the same number in
    the form and the narrative), so results are memoised; they are frozen, and callers copy the
    mappings they keep.
    """
    if not isinstance(raw, str) or len(raw) > MEMO_MAX_RAW:
        return get_type(type_name).normalise(raw, region=region, key=key)
    return _memoised(type_name, raw, region, key)


def canonicalise(type_name: str, raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """What :func:`normalise` decides and the canonical form it gives, without the descriptive
    attributes where a type can skip them: enough to match a value, never to store one."""
    if not isinstance(raw, str) or len(raw) > MEMO_MAX_RAW:
        return get_type(type_name).canonicalise(raw, region=region, key=key)
    return _canonical_memo(type_name, raw, region, key)


MEMO_MAX_RAW: Final = 512


@functools.lru_cache(maxsize=65_536)
def _memoised(type_name: str, raw: str, region: str | None, key: bytes | None) -> Result:
    return get_type(type_name).normalise(raw, region=region, key=key)


@functools.lru_cache(maxsize=65_536)
def _canonical_memo(type_name: str, raw: str, region: str | None, key: bytes | None) -> Result:
    return get_type(type_name).canonicalise(raw, region=region, key=key)


__all__ = [
    "REASON_CODES",
    "IdentifierType",
    "Normalised",
    "Normaliser",
    "ReasonCode",
    "Rejected",
    "Result",
    "Strength",
    "UnknownType",
    "all_types",
    "canonicalise",
    "get_type",
    "keyed_hash",
    "normalise",
]
