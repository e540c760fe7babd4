"""Bundled reference data: every file names its source, and the loaders read it offline."""

from __future__ import annotations

import json
from importlib import resources

from jointdesk.indicators.types import _data

DATA = resources.files("jointdesk.indicators").joinpath("data")


def test_every_data_file_has_a_source_note() -> None:
    names = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".json"))
    assert len(names) == 8
    for name in names:
        content = json.loads(DATA.joinpath(name).read_text(encoding="utf-8"))
        assert content["source"] and content["licence"] and content["version"], name
    assert "phone_test_ranges.json" in DATA.joinpath("SOURCES.md").read_text(encoding="utf-8")


def test_lists_load() -> None:
    assert "bit.ly" in _data.domain_list("url_shorteners")
    assert len(_data.domain_list("bank_websites")) > 2000
    assert ("tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t") in _data.hot_crypto()
    assert any(p.regex.match("+447700900123") for p in _data.phone_test_ranges())
    assert _data.is_placeholder_text(" N/A ") and "test@test.com" in _data.placeholder_emails()
    assert len(_data.data_version()) == 10


def test_test_ranges_are_anchored_e164() -> None:
    for pattern in _data.phone_test_ranges():
        assert pattern.regex.pattern.startswith("^\\+") and pattern.regex.pattern.endswith("$")
