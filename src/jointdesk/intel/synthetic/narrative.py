"""Narratives: an opener for the scam family, one sentence per quotable identifier, the loss, a closer.

Identifiers are written the way the free-text extractor reads them back: domestic phone numbers
in national form, foreign ones in E.164, bank accounts only when they are domestic (a bare
account number carries no country), values spaced off from the surrounding script.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Final

from jointdesk.intel.synthetic.crews import family
from jointdesk.intel.synthetic.phrases import Phrases
from jointdesk.intel.synthetic.pools import Ident
from jointdesk.intel.synthetic.text_en import EN
from jointdesk.intel.synthetic.text_th import TH
from jointdesk.intel.synthetic.text_vi import VI
from jointdesk.intel.synthetic.text_zh import ZH

PHRASES: Final[dict[str, Phrases]] = {"zh": ZH, "en": EN, "th": TH, "vi": VI}
CURRENCY_WORDS: Final = {("zh", "CNY"): "元", ("th", "THB"): "บาท", ("vi", "VND"): "đồng"}
IMPERSONATION_FAMILIES: Final = frozenset({"IMP.GOV", "IMP.CS", "PHISH"})
_SEPARATOR: Final = {"zh": "", "th": " ", "en": " ", "vi": " "}


@dataclass(frozen=True, slots=True)
class Slot:
    """An identifier the victim may quote, and the jurisdiction the narrative is written in."""

    item: Ident
    jurisdiction: str


def quoted(slot: Slot) -> str | None:
    """How the identifier appears in the narrative, or ``None`` when the victim would not quote it."""
    item = slot.item
    if not item.slot:
        return None
    if item.slot == "phone":
        return item.text if item.region == slot.jurisdiction else item.value
    if item.slot == "account":
        return item.text if item.region == slot.jurisdiction else None
    return item.text


def compose(
    language: str, code: str, country: str, slots: list[Slot], total: str | None, currency: str,
    rng: random.Random,
) -> tuple[str, str]:  # fmt: skip
    """The narrative and the entity it names."""
    phrases = PHRASES[language]
    group = family(code)
    entity = rng.choice(phrases.entities[group])
    opener = rng.choice(phrases.openers[group]).format(entity=entity, what=phrases.what.get(code, ""))
    parts = [opener]
    for slot in slots:
        text = quoted(slot)
        templates = phrases.slots.get(slot.item.slot, ())
        if text is not None and templates:
            parts.append(rng.choice(templates).format(v=text, bank=slot.item.bank))
    if total is None:
        parts.append(rng.choice(phrases.no_loss))
    else:
        word = CURRENCY_WORDS.get((language, currency), currency)
        parts.append(rng.choice(phrases.loss).format(amount=total, currency=word))
    parts.append(rng.choice(phrases.closers))
    named = entity if group in IMPERSONATION_FAMILIES else ""
    return _SEPARATOR[language].join(parts), named
