"""Versioned rule set: thresholds, lists and registers shipped as package data, hashed (INV-3).

The hash is SHA-256 over the canonical JSON (sorted keys, no insignificant whitespace, UTF-8) of the
whole configuration *with the registers inlined*, so a register change is a new rule-set hash and
replay (INV-4) reproduces decisions with the exact reference data they used. Nothing is fetched at
run time.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from jointdesk.screening.vocabulary import (
    ContextFlag,
    FamilyMeasure,
    Granularity,
    PersecutionGround,
    RequestType,
    RiskFactor,
    TransferBasis,
)

DATA = resources.files("jointdesk.screening").joinpath("data")
DEFAULT_VERSION = "2026.1"
VERSION_PATTERN = re.compile(r"^\d{4}\.\d+$")


class Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Config):
    title: str
    url: str | None = None
    published: str | None = None


class Thresholds(Config):
    gen06_min_narrative_words: int
    gen09_review_years_suspect: int
    gen09_review_years_other: int
    gen10_blocked_share: float
    gen10_overridden_wrong_share: float
    gen10_unanswered_questions: int
    gen10_suspend_after_findings: int
    frz01_max_days_judicial: int
    frz01_max_days_other: int
    tip_strong_min: int
    tip_medium_min: int
    tip_reflection_days: int
    trf06_min_penalty_months_prosecution: int
    trf06_min_sentence_months_enforcement: int
    trf08_adult_age: int
    dna_retention_years_unconvicted: int


class OffenceLists(Config):
    ordinary: list[str]
    excluded: list[str]
    context_review: list[str]
    status_offences: list[str]
    fraud_family: list[str]


class QuestionnaireItem(Config):
    item: str = Field(pattern=r"^Q\d{1,2}$")
    weight: str = Field(pattern=r"^[SM]$")
    indicator: str


class PressurePattern(Config):
    pattern_id: str
    regex: str


class ScamHub(Config):
    country: str
    area: str
    sources: list[str]


class PartnerNotice(Config):
    notice_id: str
    country: str
    issuing_authority_id: str
    measures: list[FamilyMeasure]
    issued_on: date
    valid_until: date | None = None
    source: Source


class RegisterFinding(Config):
    summary: str
    source: Source


class PersecutedGroup(Config):
    group: str
    ground: PersecutionGround
    source: Source


class CountryRisk(Config):
    country: str
    torture_findings: list[RegisterFinding]
    at_risk_profiles: list[RiskFactor]
    persecuted_groups: list[PersecutedGroup]
    fair_trial_concerns: list[RegisterFinding]
    death_penalty_in_law: bool
    context_flags: list[ContextFlag]
    review_date: date
    notes: str


class TransferAuthority(Config):
    authority_id: str
    country: str
    name: str
    competent: bool
    bases: list[TransferBasis]
    instrument: str
    review_date: date
    notes: str


class RuleSetConfig(Config):
    """The whole versioned configuration; ``registers`` hold the inlined register files."""

    version: str = Field(pattern=VERSION_PATTERN.pattern)
    effective_date: date
    notes: list[str]
    thresholds: Thresholds
    legal_basis_allow_list: dict[RequestType, list[str]]
    purpose_allow_list: dict[RequestType, list[str]]
    offences: OffenceLists
    boilerplate_phrases: list[str]
    political_fact_terms: list[str]
    pressure_patterns: list[PressurePattern]
    payload_schema: dict[RequestType, list[str]]
    special_category_fields: list[str]
    locate_judicial_purposes: list[str]
    locate_protective_purposes: list[str]
    locate_max_granularity: dict[str, Granularity]
    dna_allowed_loci: list[str]
    questionnaire: list[QuestionnaireItem]
    scam_hubs: list[ScamHub]
    partner_notices: list[PartnerNotice]
    country_risk: list[CountryRisk]
    transfer_register: list[TransferAuthority]


def canonical_json(value: Any) -> bytes:
    """Sorted keys, compact separators, UTF-8 (the RFC 8785 subset our configuration uses)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class RuleSet:
    """A configuration with its hash and the lookups rules need, built once per version."""

    config: RuleSetConfig
    hash: str
    canonical: bytes = field(repr=False)
    country_risk: dict[str, CountryRisk] = field(repr=False)
    transfer_authorities: dict[str, TransferAuthority] = field(repr=False)
    pressure_regexes: tuple[tuple[str, re.Pattern[str]], ...] = field(repr=False)
    political_regex: re.Pattern[str] = field(repr=False)
    weights: dict[str, str] = field(repr=False)

    @property
    def version(self) -> str:
        return self.config.version

    @property
    def thresholds(self) -> Thresholds:
        return self.config.thresholds

    @staticmethod
    def from_config(config: RuleSetConfig) -> RuleSet:
        canonical = canonical_json(config.model_dump(mode="json"))
        return RuleSet(
            config=config,
            hash=hashlib.sha256(canonical).hexdigest(),
            canonical=canonical,
            country_risk={entry.country: entry for entry in config.country_risk},
            transfer_authorities={entry.authority_id: entry for entry in config.transfer_register},
            pressure_regexes=tuple(
                (p.pattern_id, re.compile(p.regex, re.IGNORECASE)) for p in config.pressure_patterns
            ),
            weights={item.item: item.weight for item in config.questionnaire},
            political_regex=re.compile(r"\b(?:" + "|".join(config.political_fact_terms) + ")", re.IGNORECASE),
        )


def available_versions() -> list[str]:
    names = (p.name for p in DATA.iterdir())
    return sorted(n[len("ruleset-") : -len(".json")] for n in names if n.startswith("ruleset-"))


def _read_json(name: str) -> Any:
    return json.loads(DATA.joinpath(name).read_text(encoding="utf-8"))


def read_config(version: str) -> RuleSetConfig:
    """Parse ``data/ruleset-<version>.json`` and inline the register files it names."""
    if not VERSION_PATTERN.match(version) or version not in available_versions():
        msg = f"unknown rule-set version {version!r}; shipped: {', '.join(available_versions())}"
        raise ValueError(msg)
    raw = _read_json(f"ruleset-{version}.json")
    files = raw.pop("register_files")
    raw["country_risk"] = _read_json(files["country_risk"])["entries"]
    raw["transfer_register"] = _read_json(files["transfer_register"])["entries"]
    return RuleSetConfig.model_validate(raw)


@cache
def load_ruleset(version: str = DEFAULT_VERSION) -> RuleSet:
    """The shipped rule set of ``version``; parsed and hashed once per process."""
    return RuleSet.from_config(read_config(version))
