"""Property: removing any mandatory input never yields PASS (fail closed, safeguards.md §2.2)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jointdesk.screening import Outcome
from unit.screening.screening_support import mutate, run

COMMON = [
    "legal_basis",
    "purpose_code",
    "case_ref",
    "requesting",
    "receiving",
    "offences",
    "facts",
    "markings",
    "retention",
    "context",
    "declared_family_measures",
    "payload_fields",
    "partner_record",
    "facts.narrative",
    "facts.place",
    "facts.means",
    "facts.conduct_role",
    "facts.period_start",
    "facts.evidence_refs",
    "markings.tlp",
    "markings.handling_codes",
    "markings.onward_transfer_consent",
    "retention.review_date",
    "retention.destination_authority_id",
    "retention.transfer_basis",
    "context.flags",
    "context.source_politically_interested",
    "context.prior_declines",
    "offences.0.statute_ref",
]
PERSON = [
    "persons.0.category",
    "persons.0.protection_status",
    "persons.0.subject_status",
    "persons.0.location_history",
    "persons.0.source_reliability",
    "persons.0.accuracy",
]
MANDATORY: dict[str, list[str]] = {
    "ok_subscriber_information": COMMON,
    "ok_freeze_mule_account": [
        *COMMON,
        *PERSON,
        "freeze",
        "freeze.order_ref",
        "freeze.order_authority",
        "freeze.expiry",
        "freeze.amount",
        "freeze.suspected_proceeds",
        "freeze.holder",
        "freeze.double_criminality",
        "freeze.ne_bis_in_idem_clear",
        "identifiers.0.attribution",
        "freeze.holder.possible_victim_or_mule",
    ],
    "ok_locate_with_warrant": [
        *COMMON,
        *PERSON,
        "locate",
        "locate.purpose_code",
        "locate.warrant_ref",
        "locate.granularity",
        "locate.contact_plan",
    ],
    "base_extradition": [
        *COMMON,
        *PERSON,
        "transfer",
        "transfer.route",
        "transfer.destination_country",
        "transfer.sending_country",
        "persons.0.transfer",
        "persons.0.transfer.non_refoulement",
        "persons.0.transfer.rights",
        "persons.0.transfer.fair_trial",
        "persons.0.nationalities",
        "persons.0.vulnerabilities",
        "persons.0.date_of_birth",
        "persons.0.transfer.time_barred",
        "persons.0.transfer.legal_decision",
        "persons.0.transfer.purpose",
        "offences.0.death_penalty",
        "offences.0.receiving_state_statute_ref",
    ],
    "dna": [
        *COMMON,
        "dna",
        "dna.profile_type",
        "dna.loci",
        "dna.case_ref",
        "dna.profile_refs",
        "dna.searches",
        "dna.retention_until",
        "dna.subject_convicted",
        "special_category_justification",
    ],
    "intervention": [
        "legal_basis",
        "purpose_code",
        "case_ref",
        "requesting",
        "markings",
        "freeze",
        "freeze.order_ref",
        "freeze.expiry",
        "freeze.suspected_proceeds",
        "markings.tlp",
        "identifiers.0.attribution",
        "persons.0.location_history",
        "offences",
    ],
}
COERCIVE = {"ok_freeze_mule_account", "ok_locate_with_warrant", "base_extradition", "dna", "intervention"}


@st.composite
def removals(draw: st.DrawFn) -> tuple[str, list[str]]:
    name = draw(st.sampled_from(sorted(MANDATORY)))
    paths = draw(st.lists(st.sampled_from(MANDATORY[name]), min_size=1, max_size=4, unique=True))
    return name, paths


@settings(max_examples=250, deadline=None)
@given(case=removals())
def test_a_missing_mandatory_input_never_passes(case: tuple[str, list[str]]) -> None:
    name, paths = case
    # Remove deepest paths first so a parent set to None does not hide its child.
    ordered = sorted(paths, key=lambda p: -p.count("."))
    doc = mutate(name, [])
    applied = []
    for path in ordered:
        try:
            mutate_in_place(doc, path)
            applied.append(path)
        except (KeyError, TypeError, IndexError):
            continue  # the parent was already removed
    result = run(doc)
    assert result.aggregate.outcome is not Outcome.PASS, applied
    assert result.missing_inputs, applied
    if name in COERCIVE:
        assert result.aggregate.outcome is Outcome.BLOCK, applied
    assert not result.review_requirements.sendable_without_review


def mutate_in_place(doc: dict[str, object], path: str) -> None:
    *parents, last = path.split(".")
    node: object = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
    if node is None:
        raise TypeError(path)
    node[int(last) if isinstance(node, list) else last] = None  # type: ignore[index]
