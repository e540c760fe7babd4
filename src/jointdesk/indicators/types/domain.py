"""Registrable domain (identifiers.md §2 Domain row): eTLD+1 in punycode, from the bundled PSL only.

``tldextract`` runs with ``suffix_list_urls=()`` and ``cache_dir=None``: its bundled Public Suffix
List snapshot, no fetch, no disk cache. Private PSL suffixes count (``foo.pages.dev`` is its own
registrable domain), so free-hosting tenants do not all link together. ``attrs`` keep the Unicode
form, the full host and the suffix; flags ``idn`` and ``mixed_script`` point at homoglyphs.
URL shorteners and big platforms are strength W, bank websites ``-`` (``warning_list``, §5).
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

import idna
import tldextract

from jointdesk.indicators.types import _data
from jointdesk.indicators.types._base import (
    REPAIRED,
    WARNING_LIST,
    Result,
    Strength,
    TypeInfo,
    fold_text,
    guarded,
    version_tag,
)
from jointdesk.indicators.types._refang import refang

STRENGTH: Final[Strength] = "S"
PROTECTED: Final = False
NORMALISER_VERSION: Final = version_tag(1, "tldextract", "idna", data=_data.data_version())
INFO: Final = TypeInfo("domain", "Registrable domain", STRENGTH, PROTECTED, NORMALISER_VERSION)

IDN: Final = "idn"
MIXED_SCRIPT: Final = "mixed_script"
_LABEL: Final = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
# Plain letters-digits-hyphen hosts: IDNA leaves them as they are, lower-cased (no "--" at 3-4: that
# marks punycode or is refused by IDNA 2008, so such labels take the full path).
_PLAIN_LABEL: Final = re.compile(r"(?!-)(?!..--)[a-z0-9-]{1,63}(?<!-)")
# (list name, attrs warning, strength)
_LISTS: Final[tuple[tuple[str, str, Strength], ...]] = (
    ("bank_websites", "bank_website", "-"),
    ("url_shorteners", "url_shortener", "W"),
    ("platform_domains", "platform", "W"),
)


@dataclass(frozen=True, slots=True)
class Host:
    """A host split against the Public Suffix List."""

    ascii: str
    registrable: str
    suffix: str
    private_suffix: bool


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """Punycode eTLD+1 of a domain, host or URL, or a rejection."""
    text = refang(fold_text(raw).strip())
    host = host_of(text)
    if not host:
        return INFO.reject(raw, "unparseable", "no host name in the value")
    parsed = split_host(host)
    if isinstance(parsed, str):
        return INFO.reject(raw, "wrong_type" if parsed == "ip" else "unparseable", MESSAGES[parsed])
    return _accept(raw, parsed, repaired=text != fold_text(raw).strip())


def host_of(text: str) -> str:
    """The host of a URL, or the value itself when it is a bare host (port and userinfo dropped)."""
    value = text if "//" in text else "//" + text
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".")


MESSAGES: Final = {
    "ip": "an IP address, not a domain",
    "idna": "host is not a valid internationalised domain name",
    "label": "host has an invalid label",
    "suffix": "host has no public suffix in the bundled PSL",
    "bare_suffix": "host is a public suffix itself, not a registrable domain",
}


def split_host(host: str) -> Host | str:
    """PSL split of ``host``, or a key of ``MESSAGES`` saying why not."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return "ip"
    ascii_host = plain_host(host)
    if ascii_host is None:
        try:
            ascii_host = idna.encode(host, uts46=True).decode("ascii").lower()
        except (idna.IDNAError, UnicodeError):
            return "idna"
    if not all(_LABEL.match(label) for label in ascii_host.split(".")):
        return "label"
    parts = _extractor()(ascii_host)
    if not parts.suffix:
        return "suffix"
    if not parts.domain:
        return "bare_suffix"
    return Host(ascii_host, f"{parts.domain}.{parts.suffix}", parts.suffix, parts.is_private)


def _accept(raw: str, host: Host, *, repaired: bool) -> Result:
    unicode_form = to_unicode(host.registrable)
    flags = {IDN} if "xn--" in host.registrable else set()
    if _mixed_script(unicode_form):
        flags.add(MIXED_SCRIPT)
    if repaired:
        flags.add(REPAIRED)
    warning, strength = domain_warning(host.registrable)
    if warning:
        flags.add(WARNING_LIST)
    attrs = {
        "unicode": unicode_form,
        "host": host.ascii,
        "suffix": host.suffix,
        "private_suffix": "yes" if host.private_suffix else "no",
        "warning": warning,
    }
    return INFO.ok(raw, host.registrable, flags=flags, attrs=attrs, strength=strength)


def domain_warning(registrable: str) -> tuple[str, Strength]:
    """``(warning label, strength)`` from the §5 lists; ``("", "S")`` when on none."""
    for name, label, strength in _LISTS:
        if registrable in _data.domain_list(name):
            return label, strength
    return "", STRENGTH


def plain_host(host: str) -> str | None:
    """``host`` lower-cased if it is plain ASCII letters, digits and hyphens, which IDNA maps to itself
    lower-cased (checking that costs a hundred times more than this); ``None`` for every other host."""
    lowered = host.lower()
    if not lowered.isascii() or len(lowered) > 253:
        return None
    return lowered if all(_PLAIN_LABEL.fullmatch(label) for label in lowered.split(".")) else None


def to_unicode(ascii_domain: str) -> str:
    if plain_host(ascii_domain) == ascii_domain:
        return ascii_domain
    try:
        return idna.decode(ascii_domain)
    except (idna.IDNAError, UnicodeError):
        return ascii_domain


def _mixed_script(text: str) -> bool:
    """A label mixing Latin, Cyrillic or Greek letters with another script (``pаypal``, Cyrillic ``а``)."""
    for label in text.split("."):
        scripts = {unicodedata.name(c, "UNKNOWN").split()[0] for c in label if c.isalpha()}
        if len(scripts) > 1 and scripts & _CONFUSABLE_SCRIPTS:
            return True
    return False


_CONFUSABLE_SCRIPTS: Final = frozenset({"LATIN", "CYRILLIC", "GREEK"})
