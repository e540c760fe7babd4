"""Bulletins: marked operational notices shared between agencies (TLP + explicit shares)."""

from jointdesk.bulletins.schemas import BulletinView, ChangeMarking, CreateBulletin, ShareBulletin
from jointdesk.bulletins.service import (
    change_marking,
    create_bulletin,
    get_bulletin,
    list_bulletins,
    share_bulletin,
)

__all__ = [
    "BulletinView",
    "ChangeMarking",
    "CreateBulletin",
    "ShareBulletin",
    "change_marking",
    "create_bulletin",
    "get_bulletin",
    "list_bulletins",
    "share_bulletin",
]
