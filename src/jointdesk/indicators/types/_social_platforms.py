"""Platform table for ``social_handle``: aliases, handle syntax and profile-link hosts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Platform:
    """One messaging / social platform."""

    name: str
    handle: re.Pattern[str] | None  # None: the account key is a phone number
    hosts: tuple[str, ...] = ()
    phone_region: str | None = None


def _h(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^{pattern}$")


PLATFORMS: Final = {
    p.name: p
    for p in (
        Platform("telegram", _h(r"[a-z][a-z0-9_]{3,31}"), ("t.me", "telegram.me", "telegram.dog")),
        Platform("whatsapp", None, ("wa.me", "api.whatsapp.com", "whatsapp.com")),
        Platform("viber", None),
        Platform("signal", None, ("signal.me",)),
        Platform("zalo", None, ("zalo.me",), "VN"),
        Platform("line", _h(r"[a-z0-9._-]{4,20}"), ("line.me",)),
        Platform("facebook", _h(r"[a-z0-9.]{5,50}"), ("facebook.com", "fb.com", "m.facebook.com", "m.me")),
        Platform("instagram", _h(r"[a-z0-9._]{1,30}"), ("instagram.com",)),
        Platform("tiktok", _h(r"[a-z0-9._]{2,24}"), ("tiktok.com",)),
        Platform("x", _h(r"[a-z0-9_]{1,15}"), ("x.com", "twitter.com", "mobile.twitter.com")),
        Platform("discord", _h(r"[a-z0-9._]{2,32}")),
        Platform("kakaotalk", _h(r"[a-z0-9._-]{4,20}")),
        Platform("skype", _h(r"(?:live:)?[a-z][a-z0-9.,_-]{5,31}")),
        Platform("snapchat", _h(r"[a-z][a-z0-9._-]{2,14}"), ("snapchat.com",)),
        Platform("youtube", _h(r"@?[a-z0-9._-]{3,30}"), ("youtube.com",)),
        Platform("linkedin", _h(r"[a-z0-9-]{3,100}"), ("linkedin.com",)),
    )
}
ALIASES: Final = {
    "tg": "telegram",
    "wa": "whatsapp",
    "fb": "facebook",
    "ig": "instagram",
    "twitter": "x",
    "kakao": "kakaotalk",
    "messenger": "facebook",
}
# Messaging apps whose IDs belong to the e-wallet type (identifiers.md §2 E-wallet row).
EWALLET_PLATFORMS: Final = frozenset({"wechat", "weixin", "qq", "alipay"})
INVITE_PATHS: Final = ("+", "joinchat/", "addlist/", "invite/")
RESERVED_PATHS: Final = frozenset(
    {"share", "s", "c", "home", "login", "help", "watch", "p", "reel", "groups"}
)


def resolve(name: str) -> Platform | None:
    """The platform for a name or alias (case-insensitive)."""
    key = name.strip().lower()
    return PLATFORMS.get(ALIASES.get(key, key))


def platform_for_host(host: str) -> Platform | None:
    """The platform whose profile links live on ``host`` (``www.`` ignored)."""
    bare = host.lower().removeprefix("www.")
    return next((p for p in PLATFORMS.values() if bare in p.hosts), None)
