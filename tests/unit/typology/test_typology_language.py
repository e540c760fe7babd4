"""Offline language detection over the restricted language set."""

from __future__ import annotations

import pytest

from jointdesk.typology.errors import TypologyError
from jointdesk.typology.language import detect_language, detect_languages


def test_detects_the_region_languages() -> None:
    texts = [
        "Xin chào, bạn đã trúng thưởng mười triệu đồng, vui lòng gọi lại ngay",
        "您好，这里是上海市公安局，您的银行卡涉嫌洗钱",
        "Congratulations, you have won a prize, call us now to claim it",
        "สวัสดีครับ คุณได้รับรางวัลใหญ่ กรุณาติดต่อกลับ",
        "សួស្តី អ្នកបានឈ្នះរង្វាន់ធំ",
    ]
    assert detect_languages(texts) == ["vi", "zh", "en", "th", "km"]


def test_undetermined_and_bad_language_sets() -> None:
    assert detect_language("12345 !!") is None
    with pytest.raises(TypologyError, match="unsupported language code"):
        detect_language("hello", ["en", "xx"])
