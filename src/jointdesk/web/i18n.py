"""Translations from Babel catalogs (.po read at start-up; adding a language = adding a catalog)."""

from __future__ import annotations

import contextvars
import gettext
from dataclasses import dataclass
from functools import cache
from importlib import resources
from io import BytesIO

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DEFAULT_LANGUAGE = "en"
_current: contextvars.ContextVar[gettext.NullTranslations | None] = contextvars.ContextVar(
    "translations", default=None
)
_SOURCE = gettext.NullTranslations()


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    html_lang: str


def _locale_dir() -> resources.abc.Traversable:
    return resources.files("jointdesk") / "locale"


@cache
def available_languages() -> tuple[Language, ...]:
    """English (the source language) plus every catalog shipped under ``locale/``."""
    catalogs = sorted(entry.name for entry in _locale_dir().iterdir() if (entry / "LC_MESSAGES").is_dir())
    codes = [DEFAULT_LANGUAGE, *catalogs]
    return tuple(_language(code) for code in codes)


def _language(code: str) -> Language:
    locale = Locale.parse(code)
    return Language(
        code=code, native_name=locale.get_display_name(locale) or code, html_lang=code.replace("_", "-")
    )


@cache
def translations(code: str) -> gettext.NullTranslations:
    if code == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    source = _locale_dir() / code / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def negotiate(cookie: str | None, accept_language: str | None) -> str:
    """The cookie's choice, else the best Accept-Language match, else English."""
    codes = {lang.code for lang in available_languages()}
    if cookie in codes:
        return cookie
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().replace("-", "_")
        match = _match(tag, codes)
        if match:
            return match
    return DEFAULT_LANGUAGE


def _match(tag: str, codes: set[str]) -> str | None:
    if not tag:
        return None
    if tag in codes:
        return tag
    try:
        parsed = Locale.parse(tag)
    except (ValueError, TypeError):
        return None
    for code in codes:
        candidate = Locale.parse(code)
        if candidate.language == parsed.language and (
            candidate.script is None or parsed.script in (None, candidate.script)
        ):
            return code
    return None


def activate(code: str) -> None:
    _current.set(translations(code))


def gettext_(message: str) -> str:
    return (_current.get() or _SOURCE).gettext(message)


def ngettext_(singular: str, plural: str, n: int) -> str:
    return (_current.get() or _SOURCE).ngettext(singular, plural, n)
