"""Which sightings link reports into fraud networks, and how strongly (sharing.md §2.3–2.5). Pure.

Membership: two reports are in one network when a chain of **scam-side** sightings of
**linkable** identifiers joins them. An identifier is linkable when it was normalised, its
strength is ``S`` and it is neither hot nor on a warning list. The weighted score only ranks and
explains links inside a network; it never decides membership.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Final

POLICY_VERSION: Final = "links-1"


class Side(StrEnum):
    SCAM = "scam"
    VICTIM = "victim"
    UNKNOWN = "unknown"


class Role(StrEnum):
    """The part an identifier played in a report; the side decides whether it may link."""

    SCAM_CONTACT = "scam_contact"  # caller, sender, chat handle or e-mail of the scammer
    PAYEE = "payee"  # the account, wallet, card or proxy the victim paid into
    INTERMEDIARY = "intermediary"  # a later mule hop in the money flow
    SCAM_SITE = "scam_site"  # URL, domain or app the victim was sent to
    SCAM_DEVICE = "scam_device"  # IMEI, IMSI, ICCID or IP used by the scammer
    VICTIM_CONTACT = "victim_contact"
    VICTIM_ACCOUNT = "victim_account"
    VICTIM_DEVICE = "victim_device"
    MENTIONED = "mentioned"  # found in free text: nobody said whose it is


SIDE_OF_ROLE: Final[Mapping[Role, Side]] = {
    Role.SCAM_CONTACT: Side.SCAM,
    Role.PAYEE: Side.SCAM,
    Role.INTERMEDIARY: Side.SCAM,
    Role.SCAM_SITE: Side.SCAM,
    Role.SCAM_DEVICE: Side.SCAM,
    Role.VICTIM_CONTACT: Side.VICTIM,
    Role.VICTIM_ACCOUNT: Side.VICTIM,
    Role.VICTIM_DEVICE: Side.VICTIM,
    Role.MENTIONED: Side.UNKNOWN,
}

# sharing.md §2.3 proposes IP 200, domain 1,000, phone 50; the rest are our starting points.
DEFAULT_HOT_THRESHOLDS: Final[Mapping[str, int]] = {
    "phone": 50,
    "ip": 200,
    "domain": 1000,
    "url": 1000,
    "email": 100,
    "social_handle": 100,
    "imei": 50,
    "imsi": 50,
    "iccid": 50,
    "bank_account": 500,
    "iban": 500,
    "payment_card": 500,
    "ewallet": 500,
    "payment_proxy": 500,
    "tron_address": 500,
    "evm_address": 500,
    "bitcoin_address": 500,
}
FALLBACK_HOT_THRESHOLD: Final = 200

# sharing.md §2.5: edge weight = type weight × 1/ln(e + n_reports) × time decay (180-day half-life).
TYPE_WEIGHTS: Final[Mapping[str, float]] = {
    "bank_account": 1.0,
    "iban": 1.0,
    "payment_card": 1.0,
    "payment_proxy": 1.0,
    "ewallet": 1.0,
    "tron_address": 1.0,
    "evm_address": 1.0,
    "bitcoin_address": 1.0,
    "imei": 0.9,
    "url": 0.8,
    "phone": 0.7,
    "social_handle": 0.7,
    "email": 0.7,
    "domain": 0.6,
    "ip": 0.2,
}
DEFAULT_TYPE_WEIGHT: Final = 0.5
HALF_LIFE_DAYS: Final = 180.0


class State(StrEnum):
    NORMAL = "normal"
    HOT = "hot"
    WARNINGLISTED = "warninglisted"
    INVALID = "invalid"


def side_of(role: str) -> Side:
    return SIDE_OF_ROLE[Role(role)]


def hot_threshold(id_type: str, overrides: Mapping[str, int] | None = None) -> int:
    if overrides and id_type in overrides:
        return overrides[id_type]
    return DEFAULT_HOT_THRESHOLDS.get(id_type, FALLBACK_HOT_THRESHOLD)


def is_linkable(*, status: str, strength: str, state: str) -> bool:
    """Only normalised, strong identifiers in the normal state may join networks."""
    return status == "normalised" and strength == "S" and state == State.NORMAL


def edge_weight(id_type: str, n_reports: int, gap_days: float) -> float:
    """How much one shared identifier says about a link (ranking and explanation only)."""
    type_weight = TYPE_WEIGHTS.get(id_type, DEFAULT_TYPE_WEIGHT)
    decay: float = 0.5 ** (max(gap_days, 0.0) / HALF_LIFE_DAYS)
    return type_weight / math.log(math.e + max(n_reports, 0)) * decay


def gap_in_days(first: datetime, second: datetime) -> float:
    return abs((first - second).total_seconds()) / 86_400


def components(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[set[str]]:
    """Connected components by union-find with path halving; deterministic order (largest first)."""
    parent: dict[str, str] = {node: node for node in nodes}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in edges:
        parent.setdefault(left, left)
        parent.setdefault(right, right)
        root_left, root_right = find(left), find(right)
        if root_left != root_right:
            parent[max(root_left, root_right)] = min(root_left, root_right)
    groups: dict[str, set[str]] = {}
    for node in parent:
        groups.setdefault(find(node), set()).add(node)
    return sorted(groups.values(), key=lambda group: (-len(group), min(group)))
