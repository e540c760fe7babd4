"""Language negotiation and catalogs."""

from __future__ import annotations

from jointdesk.web.i18n import available_languages, negotiate, translations


def test_catalogs_found() -> None:
    assert [lang.code for lang in available_languages()] == ["en", "zh_Hans"]


def test_negotiation_prefers_cookie_then_header() -> None:
    assert negotiate("zh_Hans", "en") == "zh_Hans"
    assert negotiate(None, "zh-CN,zh;q=0.9") == "zh_Hans"
    assert negotiate(None, "zh-TW") == "en"  # traditional script is not simplified Chinese
    assert negotiate("xx", "fr-FR, de;q=0.8") == "en"


def test_chinese_catalog_translates_every_message() -> None:
    from importlib import resources

    from babel.messages.pofile import read_po

    source = resources.files("jointdesk") / "locale" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    assert untranslated == []
    assert translations("zh_Hans").gettext("Dashboard") == "工作台"
