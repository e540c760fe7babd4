"""Text checks, normalisation and shape tokens."""

from __future__ import annotations

import pytest

from jointdesk.typology.errors import BinaryTextError, EmptyTextError
from jointdesk.typology.text import check_text, check_texts, normalise, shape_tokens


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(EmptyTextError, match="empty text"):
        check_text(text)


@pytest.mark.parametrize("value", [b"\xff\xfe\x00binary", "abc\x00def", "\x01\x02\x03\x04ab", 42])
def test_binary_data_is_refused(value: object) -> None:
    with pytest.raises(BinaryTextError, match="binary data"):
        check_text(value)


def test_utf8_bytes_and_rare_controls_are_accepted() -> None:
    assert check_text("Phí 50.000đ".encode()) == "Phí 50.000đ"
    assert check_text("It\x92s fine, a cp1252 leftover") == "It\x92s fine, a cp1252 leftover"


def test_batch_errors_name_the_item_and_a_bare_string_is_no_batch() -> None:
    with pytest.raises(EmptyTextError, match="item 1"):
        check_texts(["ok", " "])
    with pytest.raises(TypeError):
        check_texts("not a batch")


def test_normalise_folds_width_case_and_whitespace() -> None:
    assert normalise("  ＵＲＧＥＮＴ！\t Call　NOW ") == "urgent! call now"


def test_shape_tokens_replace_numbers_links_and_addresses() -> None:
    tokens = shape_tokens(normalise("Call 09061701461 or visit www.win.co.uk, mail a.b@c.com"))
    assert tokens[:4] == ["call", "_n11", "_p09", "_p090"]
    assert "_url" in tokens and "_email" in tokens and "09061701461" not in tokens
