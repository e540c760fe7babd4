"""Synthetic fraud reports: determinism, valid identifiers, network shape, demo networks."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from jointdesk.indicators import Normalised, normalise
from jointdesk.indicators.extract import extract
from jointdesk.intel.linking import Side, components, side_of
from jointdesk.intel.schemas import ReportIn
from jointdesk.intel.synthetic import Rates, SyntheticReports, demo_reports, generate, generate_rows
from jointdesk.intel.synthetic.countries import COUNTRIES
from jointdesk.intel.synthetic.pools import Minter
from jointdesk.intel.synthetic.values import FastRandom
from jointdesk.typology import load_typology

KEY = b"k" * 32
N = 3_000
AGENCIES = {"CN": "cn", "MM": "mm", "TH": "th", "KH": "kh", "LA": "la", "VN": "vn", "PH": "ph"}
NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
Row = dict[str, Any]


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return list(generate_rows(N, seed=7, rates=Rates(invalid=0.0)))


def occurrences(row: Row) -> list[Row]:
    parties = [p for tx in row["transactions"] for p in (tx["payer"], tx["payee"]) if p is not None]
    return [*row["identifiers"], *parties]


def strong_scam_key(item: Row) -> str | None:
    """The canonical key of a scam-side, strong, non-warning-listed identifier (else ``None``)."""
    if side_of(item["role"]) is not Side.SCAM:
        return None
    result = normalise(item["id_type"], item["value"], region=item["region"], key=KEY)
    if not isinstance(result, Normalised) or result.strength != "S" or "warning_list" in result.flags:
        return None
    return f"{result.id_type}|{result.canonical}"


def networks(refs_and_rows: list[tuple[str, Row]]) -> list[set[str]]:
    edges = []
    for ref, row in refs_and_rows:
        for item in occurrences(row):
            key = strong_scam_key(item)
            if key is not None:
                edges.append((ref, "id:" + key))
    found = components([ref for ref, _row in refs_and_rows], edges)
    return sorted(({n for n in group if not n.startswith("id:")} for group in found), key=len, reverse=True)


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    first = list(generate_rows(200, seed=11))
    assert first == list(generate_rows(200, seed=11))
    assert first != list(generate_rows(200, seed=12))
    assert [r["source_ref"] for r in first] == [f"SYN-11-{i:08d}" for i in range(200)]


def test_rows_have_the_report_command_shape(rows: list[Row]) -> None:
    for row in rows[:1_000]:
        assert ReportIn.model_validate(row).model_dump(mode="json") == row


def test_generate_yields_valid_commands_with_canonical_codes() -> None:
    codes = set(load_typology().incident_codes)
    reports = list(generate(300, seed=3, start=datetime(2025, 6, 1, tzinfo=UTC), days=30))
    assert all(isinstance(r, ReportIn) for r in reports)
    assert {r.typology_code for r in reports} <= codes
    assert all(set(r.secondary_codes) <= codes for r in reports)
    stamps = [tx.occurred_at for r in reports for tx in r.transactions]
    assert min(stamps) >= datetime(2025, 5, 1, tzinfo=UTC)
    assert max(stamps) <= datetime(2025, 7, 15, tzinfo=UTC)


def test_every_identifier_normalises(rows: list[Row]) -> None:
    items = list(itertools.chain.from_iterable(occurrences(r) for r in rows))[:6_000]
    failures = [
        (item, result)
        for item in items
        if not isinstance(
            result := normalise(item["id_type"], item["value"], region=item["region"], key=KEY), Normalised
        )
    ]
    assert failures == []
    assert len({item["id_type"] for item in items}) >= 9


def test_victim_personal_data_is_valid(rows: list[Row]) -> None:
    for row in rows[:500]:
        personal = row["victim"]["personal"]
        phone = normalise("phone", personal["phone"], region=row["jurisdiction"])
        assert isinstance(phone, Normalised)
        if personal["national_id"] and row["jurisdiction"] in ("CN", "TH"):
            id_type = "cn.ric" if row["jurisdiction"] == "CN" else "th.pin"
            assert isinstance(
                normalise("national_id", f"{id_type}:{personal['national_id']}", key=KEY), Normalised
            )


def test_planted_invalid_values_are_rejected_at_the_configured_rate() -> None:
    made = list(generate_rows(2_000, seed=5, rates=Rates(invalid=0.1, warning=0.0)))
    rejected = sum(
        not isinstance(normalise(i["id_type"], i["value"], region=i["region"], key=KEY), Normalised)
        for row in made
        for i in row["identifiers"]
    )
    assert 140 <= rejected <= 260


def test_warning_listed_values_at_the_configured_rate() -> None:
    made = list(generate_rows(2_000, seed=5, rates=Rates(warning=0.05, invalid=0.0)))
    flagged = 0
    for row in made:
        results = [
            normalise(i["id_type"], i["value"], region=i["region"], key=KEY) for i in row["identifiers"]
        ]
        flagged += any(isinstance(r, Normalised) and "warning_list" in r.flags for r in results)
    assert 60 <= flagged <= 140


def test_scam_side_reuse_follows_a_power_law(rows: list[Row]) -> None:
    uses: Counter[str] = Counter()
    for row in rows:
        uses.update({key for item in occurrences(row) if (key := strong_scam_key(item))})
    counts = sorted(uses.values(), reverse=True)
    assert counts[0] >= 20 * statistics.median(counts)
    assert sum(c == 1 for c in counts) > len(counts) / 2
    sizes = [len(group) for group in networks([(r["source_ref"], r) for r in rows])]
    assert sizes[0] >= 30
    assert sum(size == 1 for size in sizes) >= len(sizes) / 3


def test_victim_side_identifiers_never_repeat(rows: list[Row]) -> None:
    owners: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        for item in occurrences(row):
            if side_of(item["role"]) is Side.VICTIM:
                owners[(item["id_type"], item["value"])].add(row["source_ref"])
    assert owners
    assert all(len(refs) == 1 for refs in owners.values())


def test_narratives_in_four_languages_quote_the_form_identifiers(rows: list[Row]) -> None:
    assert {r["language"] for r in rows} >= {"zh", "en", "th", "vi"}
    found = quoted = 0
    for row in rows[:300]:
        extracted = {
            (c.result.id_type, c.result.canonical)
            for c in extract(row["narrative"], region=row["jurisdiction"], key=KEY)
            if isinstance(c.result, Normalised)
        }
        for item in occurrences(row):
            value = str(item["value"]).split(":")[-1]
            if value.lstrip("+") and value in row["narrative"]:
                quoted += 1
                result = normalise(item["id_type"], item["value"], region=item["region"], key=KEY)
                found += isinstance(result, Normalised) and (result.id_type, result.canonical) in extracted
    assert quoted > 200
    assert found >= 0.95 * quoted


def test_stats_count_what_was_made() -> None:
    run = SyntheticReports(1_000, seed=9)
    made = list(run.rows())
    stats = run.stats()
    assert stats.reports == 1_000
    assert 2.5 <= stats.sightings / stats.reports <= 4.0
    assert stats.sightings == sum(stats.sightings_by_type.values())
    assert sum(len(r["identifiers"]) for r in made) < stats.sightings
    assert stats.singleton_crews > stats.crews / 3


def test_demo_set_has_multi_country_networks() -> None:
    pairs = demo_reports(AGENCIES, now=NOW)
    assert 150 <= len(pairs) <= 320
    assert pairs == demo_reports(AGENCIES, now=NOW) or _same_refs(pairs, demo_reports(AGENCIES, now=NOW))
    rows = {r.source_ref or "": r.model_dump(mode="json") for _agency, r in pairs}
    big = [group for group in networks(list(rows.items())) if len(group) >= 10]
    multi = [group for group in big if len({rows[ref]["jurisdiction"] for ref in group}) >= 2]
    assert len(multi) >= 3
    assert all(agency == AGENCIES[r.jurisdiction or ""] for agency, r in pairs)


def test_demo_set_has_live_money_cases() -> None:
    pairs = demo_reports(AGENCIES, now=NOW)
    last = [max(tx.occurred_at for tx in r.transactions) for _a, r in pairs if r.transactions]
    assert sum(NOW - timedelta(hours=2) <= t <= NOW for t in last) >= 6
    assert all(r.received_at is not None and r.received_at <= NOW for _a, r in pairs)


def _same_refs(left: list[tuple[str, ReportIn]], right: list[tuple[str, ReportIn]]) -> bool:
    return [r.model_dump() for _a, r in left] == [r.model_dump() for _a, r in right]


def test_every_numbering_prefix_gives_valid_strong_mobiles() -> None:
    minter = Minter(FastRandom(1))
    for code, country in COUNTRIES.items():
        for _ in range(2 * len(country.mobile_prefixes)):
            result = normalise("phone", minter.phone_number(code))
            assert isinstance(result, Normalised), (code, result)
            assert result.strength == "S", (code, result.flags)
            account = minter.account(code)
            assert isinstance(normalise(account.id_type, account.value, region=code), Normalised), account
