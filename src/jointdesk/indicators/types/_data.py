"""Read-only access to the bundled reference data in ``jointdesk/indicators/data`` (see SOURCES.md)."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

_PACKAGE: Final = "jointdesk.indicators"


def _load(name: str) -> dict[str, Any]:
    text = resources.files(_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def data_version() -> str:
    """Short digest of every bundled list's version; part of data-dependent normaliser versions."""
    folder = resources.files(_PACKAGE).joinpath("data")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
    joined = ";".join(f"{n}={_load(n)['version']}" for n in names)
    return hashlib.sha256(joined.encode()).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class Pattern:
    """A labelled, anchored regular expression for one country."""

    country: str
    regex: re.Pattern[str]
    label: str


@functools.cache
def phone_test_ranges() -> tuple[Pattern, ...]:
    """Fictional / reserved number ranges as anchored E.164 patterns."""
    rows = _load("phone_test_ranges.json")["ranges"]
    return tuple(Pattern(r["country"], re.compile(r["e164_regex"]), r["label"]) for r in rows)


@functools.cache
def short_code_allowlist() -> tuple[Pattern, ...]:
    """Bank hotlines and official senders that must never link, block or export."""
    rows = _load("short_codes.json")["entries"]
    return tuple(Pattern(r["country"], re.compile(rf"^(?:{r['pattern']})$"), r["label"]) for r in rows)


@functools.cache
def mvno_prefixes() -> tuple[tuple[str, str], ...]:
    """``(e164_prefix, label)`` of number blocks run by virtual operators."""
    return tuple((r["e164_prefix"], r["label"]) for r in _load("mvno_ranges.json")["prefixes"])


@functools.cache
def hot_crypto() -> dict[tuple[str, str], tuple[str, str]]:
    """``(chain, canonical address) -> (asset, label)`` of public token contracts."""
    rows = _load("hot_crypto.json")["addresses"]
    return {(r["chain"], r["address"]): (r["asset"], r["label"]) for r in rows}


@functools.cache
def domain_list(name: str) -> frozenset[str]:
    """Registrable domains of ``url_shorteners``, ``platform_domains`` or ``bank_websites``."""
    return frozenset(_load(f"{name}.json")["domains"])


@functools.cache
def placeholder_texts() -> frozenset[str]:
    """Lower-cased values that mean 'none given'."""
    return frozenset(_load("placeholders.json")["texts"])


@functools.cache
def placeholder_emails() -> frozenset[str]:
    """Lower-cased addresses that are form filler, not contacts."""
    return frozenset(_load("placeholders.json")["emails"])


def is_placeholder_text(raw: str) -> bool:
    """Whether the trimmed, lower-cased value is a 'none given' word."""
    return raw.strip().lower() in placeholder_texts()
