"""URL (identifiers.md §2 URL row): refanged, normalised, IDNA host; the full URL is the key.

``url-normalize`` lower-cases scheme and host, drops default ports, resolves dot segments,
makes percent-encoding consistent and converts IDN hosts to punycode. Whitespace inside
(line-wrapped or OCR'd URLs) is removed and, like refanging, flagged ``repaired``. A missing scheme becomes
``https`` (flag ``scheme_added``). ``attrs`` keep host, Unicode host, registrable domain, path and
the first-seen form. Shortener / platform / bank hosts keep strength S on the full URL (§5: link
on the full URL only) but carry ``warning_list`` and ``attrs["warning"]`` for the domain.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

from url_normalize import url_normalize

from jointdesk.indicators.types import _data, domain
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
NORMALISER_VERSION: Final = version_tag(1, "url-normalize", "tldextract", "idna", data=_data.data_version())
INFO: Final = TypeInfo("url", "URL", STRENGTH, PROTECTED, NORMALISER_VERSION)

SCHEME_ADDED: Final = "scheme_added"
USERINFO: Final = "userinfo"
IP_HOST: Final = "ip_host"
_SCHEME: Final = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_ALLOWED_SCHEMES: Final = frozenset({"http", "https", "ftp", "ftps", "ws", "wss"})


@guarded(INFO)
def normalise(raw: str, *, region: str | None = None, key: bytes | None = None) -> Result:
    """Normalised absolute URL, or a rejection."""
    stripped = fold_text(raw).strip()
    folded = "".join(stripped.split())  # a URL broken over lines / by OCR
    text = refang(folded)
    flags = {REPAIRED} if text != stripped else set()
    if not _SCHEME.match(text):
        if "://" in text or text.startswith(("mailto:", "tel:")):
            return INFO.reject(raw, "wrong_type", "not a web URL")
        flags.add(SCHEME_ADDED)
    try:
        canonical = url_normalize(text, default_scheme="https") or ""
        parts = urlsplit(canonical)
        host = parts.hostname or ""
    except ValueError as exc:
        return INFO.reject(raw, "unparseable", f"URL does not parse: {exc}")
    if parts.scheme not in _ALLOWED_SCHEMES:
        return INFO.reject(raw, "wrong_type", f"scheme {parts.scheme!r} is not a web URL")
    return _with_host(raw, canonical, host, flags | ({USERINFO} if parts.username else set()))


def _with_host(raw: str, canonical: str, host: str, flags: set[str]) -> Result:
    split = domain.split_host(host)
    if split == "ip":
        attrs = {"host": host, "host_unicode": host, "registrable_domain": "", "warning": ""}
        return _finish(raw, canonical, flags | {IP_HOST}, attrs)
    if isinstance(split, str):
        return INFO.reject(raw, "unparseable", f"URL host: {domain.MESSAGES[split]}")
    warning, _strength = domain.domain_warning(split.registrable)
    attrs = {
        "host": split.ascii,
        "host_unicode": domain.to_unicode(split.ascii),
        "registrable_domain": split.registrable,
        "warning": warning,
    }
    return _finish(raw, canonical, flags | ({WARNING_LIST} if warning else set()), attrs)


def _finish(raw: str, canonical: str, flags: set[str], attrs: dict[str, str]) -> Result:
    parts = urlsplit(canonical)
    attrs |= {"path": parts.path, "first_seen": raw}
    confidence = (0.9 if SCHEME_ADDED in flags else 1.0) * (0.9 if REPAIRED in flags else 1.0)
    return INFO.ok(raw, canonical, confidence=confidence, flags=flags, attrs=attrs)
