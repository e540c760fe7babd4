"""Offset-keeping text repairs: Unicode fold, Chinese numerals and amounts, refang."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointdesk.indicators.extract import parse_amount, repaired_text
from jointdesk.indicators.extraction.textmap import TextMap, fold, refang_map


def test_fold_maps_circled_bold_and_other_scripts_digits() -> None:
    assert fold("①𝟏١۱߁१๑໑၁១").text == "1111111111"


def test_fold_drops_zero_width_and_keycap_marks_but_keeps_spans() -> None:
    original = "1\u200b2\ufeff3 4\ufe0f\u20e3"
    textmap = fold(original)
    assert textmap.text == "123 4"
    assert textmap.span(0, len(textmap.text)) == (0, len(original))
    assert "unicode_fold" in textmap.tags_in(0, 1)


def test_identity_map() -> None:
    textmap = TextMap.of("abc")
    assert textmap.span(1, 3) == (1, 3) and textmap.tags_in(0, 3) == frozenset()


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("一三八零零一三八零零零", "13800138000"),
        ("壹叁捌零零壹叁捌零零零", "13800138000"),
        ("幺三八〇〇幺三八〇〇〇", "13800138000"),
        ("138零零13八000", "13800138000"),
        ("手机：一三八", "手机:138"),  # NFKC folds the full-width colon too
        ("QQ号是一二三四五", "QQ号是12345"),
        ("三万五千", "三万五千"),
        ("一三八零零一三八零零零万", "一三八零零一三八零零零万"),
        ("我有一个朋友", "我有一个朋友"),
    ],
)
def test_chinese_numerals_only_as_digit_strings(text: str, repaired: str) -> None:
    assert repaired_text(text).text == repaired


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("三万五千", Decimal(35000)),
        ("三万五", Decimal(35000)),
        ("一百零五", Decimal(105)),
        ("十五", Decimal(15)),
        ("两千", Decimal(2000)),
        ("壹佰贰拾", Decimal(120)),
        ("一亿二千万", Decimal(120_000_000)),
        ("一万零五百", Decimal(10500)),
    ],
)
def test_positional_numerals_are_amounts(text: str, amount: Decimal) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["", "abc", "三万x"])
def test_not_an_amount(text: str) -> None:
    assert parse_amount(text) is None


def test_refang_keeps_the_original_span() -> None:
    original = "go hxxps://evil[.]com now"
    textmap = refang_map(TextMap.of(original))
    assert textmap.text == "go https://evil.com now"
    start = textmap.text.index("https")
    end = start + len("https://evil.com")
    assert textmap.span(start, end) == (3, 3 + len("hxxps://evil[.]com"))
    assert "refang" in textmap.tags_in(start, end)


@given(st.text(max_size=200))
def test_repaired_text_maps_every_character_inside_the_original(text: str) -> None:
    textmap = repaired_text(text)
    assert len(textmap.starts) == len(textmap.ends) == len(textmap.text) == len(textmap.tags)
    assert all(0 <= s <= e <= len(text) for s, e in zip(textmap.starts, textmap.ends, strict=True))


def _fold_per_character(original: str) -> TextMap:
    """The reference: every character in turn (what ``fold`` did before it skipped ASCII runs)."""
    drop = frozenset("\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\u20e3")
    edits: list[tuple[int, int, str, str]] = []
    index = 0
    while index < len(original):
        end = index + 1
        while end < len(original) and original[end] in drop:
            end += 1
        char = original[index]
        if char in drop:
            new = ""
        elif char.isascii():
            new = char
        else:
            folded = unicodedata.normalize("NFKC", char)
            new = "".join(str(d) if (d := unicodedata.decimal(c, None)) is not None else c for c in folded)
        if new != char or end > index + 1:
            edits.append((index, end, new, "unicode_fold"))
        index = end
    return TextMap.of(original).replace(edits)


_FOLD_ALPHABET = st.sampled_from(list("ab1 :\u200b\ufeff\ufe0f\u20e3①𝟏١३中文：ｱＡ한\u0301é"))


@given(st.one_of(st.text(max_size=120), st.text(_FOLD_ALPHABET, max_size=120)))
def test_fold_equals_folding_every_character(text: str) -> None:
    assert fold(text) == _fold_per_character(text)
    assert fold(text * 2) == _fold_per_character(text * 2)  # memoised runs, other offsets
