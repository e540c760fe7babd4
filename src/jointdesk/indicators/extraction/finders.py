"""Candidate finders over repaired text (identifiers.md §3 step 5): regexes, cue words, phones, digit runs.

A :class:`Hit` names the type, the span in the repaired text and the value handed to the type's
normaliser; nothing here normalises or decides overlaps (see :mod:`jointdesk.indicators.extract`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import phonenumbers as pn
from stdnum import luhn

from jointdesk.indicators.extraction import patterns as p
from jointdesk.indicators.types import payment_card

DEOBFUSCATE: Final = "deobfuscate"
_TRIMMED: Final = frozenset({"url", "domain", "email"})


@dataclass(frozen=True, slots=True)
class Hit:
    """One candidate: ``text[start:end]`` read as ``id_type``, normalised from ``value``."""

    id_type: str
    start: int
    end: int
    value: str
    method: str
    specific: bool
    priority: int
    repairs: frozenset[str] = frozenset()


def find_all(text: str, region: str | None) -> list[Hit]:
    """Every finder's hits, unsorted and possibly overlapping."""
    return [
        *_regex_hits(text),
        *_upi_hits(text, region),
        *_cue_hits(text),
        *_phone_hits(text, region),
        *_digit_hits(text),
    ]


def _regex_hits(text: str) -> list[Hit]:
    hits = []
    for id_type, pattern, specific, priority in p.REGEX_FINDERS:
        for match in pattern.finditer(text):
            value = match.group().rstrip(p.TRAILING) if id_type in _TRIMMED else match.group()
            if value:
                end = match.start() + len(value)
                hits.append(Hit(id_type, match.start(), end, value, f"regex:{id_type}", specific, priority))
    return hits


def _upi_hits(text: str, region: str | None) -> list[Hit]:
    if region != "IN" and not p.UPI_CUE.search(text):
        return []
    return [
        Hit("payment_proxy", m.start(), m.end(), "upi:" + m.group(), "regex:upi_vpa", False, 3)
        for m in p.UPI_VPA.finditer(text)
    ]


def _cue_hits(text: str) -> list[Hit]:
    hits = []
    for id_type, prefix, pattern in p.VALUE_CUES:
        for match in pattern.finditer(text):
            value = prefix + match.group(1)
            hits.append(Hit(id_type, match.start(1), match.end(1), value, "cue_word", True, 2))
    return hits


def _phone_hits(text: str, region: str | None) -> list[Hit]:
    matcher = pn.PhoneNumberMatcher(text, region or "ZZ", leniency=pn.Leniency.POSSIBLE)
    return [
        Hit(
            "phone",
            m.start,
            m.end,
            m.raw_string,
            "phonenumbers",
            m.raw_string.startswith("+"),
            5,
            _repairs(m.raw_string),
        )
        for m in matcher
    ]


def _digit_hits(text: str) -> list[Hit]:
    hits = []
    for match in p.DIGIT_RUN.finditer(text):
        raw = match.group()
        digits = re.sub(r"[^0-9OoIl]", "", raw).translate(p.LOOKALIKE)
        if not 6 <= len(digits) <= 22:
            continue
        hit = _type_run(text, match.start(), match.end(), raw, digits)
        if hit is not None:
            hits.append(hit)
    return hits


def _type_run(text: str, start: int, end: int, raw: str, digits: str) -> Hit | None:
    repairs = _repairs(raw)
    obfuscated = bool(repairs)
    plus = "+" if start > 0 and text[start - 1] == "+" else ""
    cue = _cue_before(text, start)
    id_type = _digit_type(cue, digits, obfuscated)
    if id_type is None:
        return None
    value = plus + digits if id_type == "phone" else digits
    specific = cue is not None or id_type in ("payment_card", "iccid")
    method = f"digit_run:cue={cue}" if cue else "digit_run"
    return Hit(id_type, start - len(plus), end, value, method, specific, 2 if cue else 7, repairs)


def _digit_type(cue: str | None, digits: str, obfuscated: bool) -> str | None:
    if cue == "bank_account" and payment_card.looks_like_card(digits):
        return "payment_card"
    if cue is not None:
        return cue
    if digits.startswith("89") and len(digits) in (19, 20) and luhn.is_valid(digits):
        return "iccid"
    if 16 <= len(digits) <= 19 and luhn.is_valid(digits):
        return "payment_card"
    return "phone" if obfuscated or 7 <= len(digits) <= 15 else None


def _cue_before(text: str, start: int) -> str | None:
    window = text[max(0, start - p.CUE_WINDOW) : start]
    found = [(m.end(), id_type) for id_type, pattern in p.DIGIT_CUES for m in pattern.finditer(window)]
    return max(found)[1] if found else None


def _repairs(raw: str) -> frozenset[str]:
    """``{deobfuscate}`` when a digit run hides behind look-alike letters, odd gaps or spacing."""
    obfuscated = raw.translate(p.LOOKALIKE) != raw or bool(p.ODD_GAP.search(raw)) or _spaced_out(raw)
    return frozenset({DEOBFUSCATE}) if obfuscated else frozenset()


def _spaced_out(raw: str) -> bool:
    """``1 3 8 0 0 …``: most groups are single digits."""
    groups = [g for g in re.split(r"[^0-9OoIl]+", raw) if g]
    return len(groups) >= 5 and sum(len(g) == 1 for g in groups) * 2 > len(groups)
