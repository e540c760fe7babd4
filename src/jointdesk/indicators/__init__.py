"""Fraud-intelligence identifiers: the pure registry of identifier types (identifiers.md).

``normalise("phone", "138-0013-8000", region="CN")`` gives a :class:`Normalised` (canonical
``+8613800138000``) or a :class:`Rejected` naming why; never an exception for bad input.
Free-text extraction lives in :mod:`jointdesk.indicators.extract`.
"""

from jointdesk.indicators.types import (
    REASON_CODES,
    IdentifierType,
    Normalised,
    Normaliser,
    ReasonCode,
    Rejected,
    Result,
    Strength,
    UnknownType,
    all_types,
    canonicalise,
    get_type,
    keyed_hash,
    normalise,
)

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
