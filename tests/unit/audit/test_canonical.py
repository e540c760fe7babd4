"""Leaves take codes only."""

from __future__ import annotations

import pytest

from jointdesk.audit.canonical import canonical_json, check_coded


@pytest.mark.parametrize("value", ["TLP:AMBER+STRICT", "request.sent", 17, True, None, ["KH", "MM"], [1, 2]])
def test_codes_pass(value: object) -> None:
    check_coded("f", value)


@pytest.mark.parametrize("value", ["two words", "名字", "a" * 81, 2.5, {"a": 1}, [["x"]], ["ok", "not ok"]])
def test_text_and_structures_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match="audit field 'f'"):
        check_coded("f", value)


def test_canonical_json_is_sorted_and_compact() -> None:
    assert canonical_json({"b": 1, "a": [1, "x"]}) == '{"a":[1,"x"],"b":1}'
