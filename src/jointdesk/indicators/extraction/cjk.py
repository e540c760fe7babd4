"""Chinese numerals (identifiers.md §3 step 2): digit-by-digit strings → ASCII; positional → amounts.

Only runs of ≥ 7 numeral characters (ASCII digits may be mixed in), or runs right after a cue word
(电话, 手机, 卡号, 账号, QQ, 微信…), are read as digit strings. Positional forms with 十/百/千/万/亿
are amounts, never identifiers: :func:`parse_amount` gives their ``Decimal`` value.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from jointdesk.indicators.extraction.textmap import TextMap

CJK_NUMERALS: Final = "cjk_numerals"
DIGITS: Final = {
    **dict.fromkeys("零〇", "0"),
    **dict.fromkeys("一幺壹", "1"),
    **dict.fromkeys("二两貳贰", "2"),
    **dict.fromkeys("三叁參叄", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"),
    **dict.fromkeys("七柒", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}
CUE_WORDS: Final = (
    "电话",
    "電話",
    "手机",
    "手機",
    "卡号",
    "卡號",
    "账号",
    "帳號",
    "账户",
    "QQ",
    "qq",
    "微信",
    "号码",
    "號碼",
)
_CLASS: Final = "".join(DIGITS)
_RUN: Final = re.compile(rf"(?<![{_CLASS}0-9])[0-9]*+[{_CLASS}][{_CLASS}0-9]*")
_CUE_BEFORE: Final = re.compile(rf"(?:{'|'.join(CUE_WORDS)})(?:号|號|码|碼|是|为|為)?[\s:：是为]*$")
MIN_RUN: Final = 7
_UNITS: Final = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS: Final = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}


def convert_numerals(textmap: TextMap) -> TextMap:
    """Digit-style numeral runs (long, or after a cue word) replaced by ASCII digits."""
    text = textmap.text
    edits = []
    for match in _RUN.finditer(text):
        start, end = match.span()
        positional = end < len(text) and text[end] in _UNITS.keys() | _BIG_UNITS.keys()
        cued = bool(_CUE_BEFORE.search(text[max(0, start - 12) : start]))
        if not positional and (end - start >= MIN_RUN or cued):
            digits = "".join(DIGITS.get(c, c) for c in match.group())
            edits.append((start, end, digits, CJK_NUMERALS))
    return textmap.replace(edits) if edits else textmap


def parse_amount(text: str) -> Decimal | None:
    """``三万五千`` → ``Decimal(35000)`` (``三万五`` too); ``None`` when ``text`` is not a numeral."""
    chars = text.strip()
    if not chars or any(c not in DIGITS and c not in _UNITS and c not in _BIG_UNITS for c in chars):
        return None
    total = section = number = 0
    last_unit, after_unit = 1, False
    for char in chars:
        if char in DIGITS:
            number, after_unit = int(DIGITS[char]), after_unit and char not in "零〇"
            continue
        unit = _UNITS.get(char) or _BIG_UNITS[char]
        if char in _UNITS:
            section += (number or 1) * unit
        elif unit > 10_000:
            total, section = (total + section + number) * unit, 0
        else:
            total, section = total + (section + number) * unit, 0
        number, last_unit, after_unit = 0, unit, True
    if after_unit and number and last_unit >= 100:
        number *= last_unit // 10
    return Decimal(total + section + number)
