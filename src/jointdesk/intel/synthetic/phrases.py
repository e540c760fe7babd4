"""The shape of one language's narrative phrases (see ``text_zh``, ``text_en``, ``text_th``, ``text_vi``).

A narrative is an opener for the scam family, one sentence per identifier the victim can quote
(``{v}``, spaced off so the free-text extractor finds it), the loss and a closer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

FAMILIES = ("INV", "INV.PB", "IMP.GOV", "IMP.CS", "TASK", "ROM", "LOAN", "PHISH", "EXT", "OTHER")
SLOT_KINDS = (
    "phone", "telegram", "whatsapp", "line", "site", "account", "card", "tron", "alipay", "wechat",
    "promptpay", "paynow", "duitnow",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Phrases:
    """Templates: openers use ``{entity}`` and ``{what}``; slots use ``{v}`` and ``{bank}``."""

    openers: Mapping[str, tuple[str, ...]]
    slots: Mapping[str, tuple[str, ...]]
    loss: tuple[str, ...]
    no_loss: tuple[str, ...]
    closers: tuple[str, ...]
    entities: Mapping[str, tuple[str, ...]]
    what: Mapping[str, str]  # OTHER-family codes -> a short description
