"""Candidate identifiers from free text in any script (identifiers.md §3).

Order: Unicode fold (NFKC, zero-width, any decimal digit) → Chinese digit-style numerals →
refang → finders (regexes, cue words, ``phonenumbers.PhoneNumberMatcher``, obfuscated digit runs)
→ each candidate through its type's normaliser. Spans are offsets into the **original** text;
every repair used is named in ``methods`` and lowers ``parse_confidence``. Roles default to
``unknown``: free text never says whose number it is. Only the first ``MAX_TEXT`` characters are
scanned. Pure and offline.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Final

from jointdesk.indicators.extraction.cjk import CJK_NUMERALS, convert_numerals, parse_amount
from jointdesk.indicators.extraction.finders import DEOBFUSCATE, Hit, find_all
from jointdesk.indicators.extraction.textmap import REFANG, UNICODE_FOLD, TextMap, fold, refang_map
from jointdesk.indicators.types import Normalised, Result, normalise

# Confidence factor per repair; a de-obfuscated digit run is capped at 0.7 (§3 step 3).
REPAIR_FACTORS: Final = {UNICODE_FOLD: 0.95, CJK_NUMERALS: 0.8, REFANG: 0.9}
DEOBFUSCATED_CAP: Final = 0.7
UNCUED_FACTORS: Final = {"domain": 0.6, "ip": 0.8, "bitcoin_address": 0.9, "iban": 0.9}
MAX_TEXT: Final = 200_000

__all__ = ["Candidate", "extract", "parse_amount", "repaired_text"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One identifier found in text: ``text[start:end]`` is the evidence, ``result`` its normal form."""

    id_type: str
    start: int
    end: int
    raw: str
    matched: str
    methods: tuple[str, ...]
    result: Result
    role: str = "unknown"


def repaired_text(text: str) -> TextMap:
    """The text after steps 1, 2 and 4 (fold, CJK numerals, refang), with its offset map."""
    return refang_map(convert_numerals(fold(text[:MAX_TEXT])))


def extract(text: str, *, region: str | None = None, key: bytes | None = None) -> list[Candidate]:
    """Candidates in order of position; non-specific finders' rejections are left out."""
    textmap = repaired_text(text)
    found = [
        (hit, normalise(hit.id_type, hit.value, region=region, key=key))
        for hit in find_all(textmap.text, region)
    ]
    kept = [(hit, result) for hit, result in found if hit.specific or isinstance(result, Normalised)]
    chosen = _without_overlaps(kept)
    return sorted(
        (_candidate(textmap, hit, result) for hit, result in chosen), key=lambda c: (c.start, c.end)
    )


def _without_overlaps(pairs: list[tuple[Hit, Result]]) -> list[tuple[Hit, Result]]:
    """Best-priority first; a hit overlapping an already kept one is dropped."""
    chosen: list[tuple[Hit, Result]] = []
    for hit, result in sorted(pairs, key=lambda pair: (pair[0].priority, pair[0].start, -pair[0].end)):
        if all(hit.end <= other.start or hit.start >= other.end for other, _r in chosen):
            chosen.append((hit, result))
    return chosen


def _candidate(textmap: TextMap, hit: Hit, result: Result) -> Candidate:
    start, end = textmap.span(hit.start, hit.end)
    repairs = textmap.tags_in(hit.start, hit.end) | hit.repairs
    methods = (hit.method, *sorted(repairs))
    if isinstance(result, Normalised):
        result = dataclasses.replace(result, confidence=_confidence(result.confidence, repairs, hit))
    raw = textmap.original[start:end]
    return Candidate(hit.id_type, start, end, raw, hit.value, methods, result)


def _confidence(base: float, repairs: frozenset[str], hit: Hit) -> float:
    value = base
    for repair in repairs:
        value *= REPAIR_FACTORS.get(repair, 1.0)
    if not hit.specific:
        value *= UNCUED_FACTORS.get(hit.id_type, 1.0)
    if DEOBFUSCATE in repairs:
        value = min(value, DEOBFUSCATED_CAP)
    return round(value, 4)
