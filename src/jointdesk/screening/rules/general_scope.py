"""GEN-01..GEN-05: legal basis, ordinary-law crime, predominance, refugees, persecution grounds."""

from __future__ import annotations

from jointdesk.screening.outcomes import Finding, Findings
from jointdesk.screening.persons import Person
from jointdesk.screening.registry import ScreeningContext, all_persons, person_rule, rule
from jointdesk.screening.rules.common import (
    ALL_TYPES,
    CROSS_BORDER,
    absent,
    country_entry,
    empty,
    free_text,
    overdue_register,
    requesting_country,
)
from jointdesk.screening.vocabulary import ProtectionStatus, RequestType, SubjectStatus

PREDOMINANCE_STATUSES = frozenset(SubjectStatus) - {SubjectStatus.DIASPORA}


@rule(
    "GEN-01",
    applies_to=ALL_TYPES,
    inputs=("legal_basis", "purpose_code", "requesting.authority_id", "case_ref"),
    missing_blocks=True,
)
def gen_01_legal_basis(ctx: ScreeningContext) -> Finding:
    doc = ctx.document
    missing = absent(
        [
            ("legal_basis", doc.legal_basis),
            ("purpose_code", doc.purpose_code),
            ("requesting", doc.requesting),
            ("case_ref", doc.case_ref),
        ]
    )
    if missing or doc.legal_basis is None:
        return Finding.lacking(
            missing,
            "The legal basis, the purpose, the requesting authority and a case reference are required.",
        )
    found = Findings()
    config = ctx.ruleset.config
    kind = doc.request_type.value
    if doc.legal_basis.kind not in config.legal_basis_allow_list.get(doc.request_type, []):
        found.add(
            Finding.block(
                "legal_basis_not_allowed",
                f"A legal basis of kind '{doc.legal_basis.kind}' is not accepted for a {kind} request.",
            )
        )
    if doc.purpose_code not in config.purpose_allow_list.get(doc.request_type, []):
        found.add(
            Finding.block(
                "purpose_not_allowed",
                f"The purpose '{doc.purpose_code}' is not accepted for a {kind} request.",
            )
        )
    return found.result("The legal basis and purpose are accepted for this type of request.")


@rule("GEN-02", applies_to=CROSS_BORDER, inputs=("offences[].code", "offences[].statute_ref", "facts"))
def gen_02_ordinary_crime(ctx: ScreeningContext) -> Finding:
    doc = ctx.document
    missing = empty([("offences", doc.offences)]) + absent([("facts", doc.facts)])
    missing += [f"offences[{o.code}].statute_ref" for o in doc.offences or [] if not o.statute_ref]
    found = Findings()
    if missing:
        found.add(
            Finding.lacking(missing, "Every offence needs its code and statute, and the facts are required.")
        )
    lists = ctx.ruleset.config.offences
    known = set(lists.ordinary) | set(lists.status_offences) | set(lists.context_review)
    for offence in doc.offences or []:
        if offence.code in lists.excluded and not offence.linked_to_organised_crime:
            found.add(
                Finding.block(
                    "excluded_offence",
                    f"'{offence.code}' is not an ordinary-law crime (political, military, cultural, private "
                    "or administrative matters are excluded).",
                )
            )
        elif offence.code in lists.context_review:
            found.add(
                Finding.review(
                    "context_offence", f"'{offence.code}' can hide a private dispute; a reviewer must look."
                )
            )
        elif offence.code not in known and offence.code not in lists.excluded:
            found.add(
                Finding.review("unknown_offence_code", f"The offence code '{offence.code}' is not listed.")
            )
    hits = _political_terms(ctx)
    if hits:
        found.add(
            Finding.review(
                "facts_suggest_political_conduct",
                f"The facts mention {', '.join(hits)}; a reviewer must check the charge fits the conduct.",
            )
        )
    return found.result("The offences are ordinary-law crimes and the facts do not suggest otherwise.")


def _political_terms(ctx: ScreeningContext) -> list[str]:
    found = ctx.ruleset.political_regex.findall(free_text(ctx.document))
    return sorted({term.casefold() for term in found})


@rule(
    "GEN-03",
    applies_to=CROSS_BORDER,
    inputs=(
        "persons[].subject_status",
        "context.flags",
        "context.source_politically_interested",
        "context.prior_declines",
        "ruleset.country_risk[requesting].context_flags",
    ),
)
def gen_03_predominance(ctx: ScreeningContext) -> Finding:
    doc = ctx.document
    context = doc.context
    missing = absent([("context", context), ("requesting", doc.requesting)])
    if context is not None:
        missing += absent(
            [
                ("context.flags", context.flags),
                ("context.source_politically_interested", context.source_politically_interested),
                ("context.prior_declines", context.prior_declines),
            ]
        )
    missing += [f"persons[{p.ref}].subject_status" for p in doc.persons if p.subject_status is None]
    entry = country_entry(ctx, requesting_country(doc))
    if doc.requesting is not None and entry is None:
        missing.append(f"ruleset.country_risk[{doc.requesting.country}]")
    found = Findings()
    if missing:
        found.add(Finding.lacking(missing, "The person's status and the request's context must be declared."))
    flags = sorted(
        {s.value for p in doc.persons for s in p.subject_status or [] if s in PREDOMINANCE_STATUSES}
        | {f.value for f in ((context.flags or []) if context is not None else [])}
        | {f"country:{f.value}" for f in (entry.context_flags if entry else [])}
    )
    if flags:
        found.add(
            Finding.review(
                "predominance_flags",
                f"Political context ({', '.join(flags)}): a reviewer must weigh whether the ordinary-crime "
                "aspect predominates.",
            )
        )
    if context is not None and context.source_politically_interested:
        found.add(
            Finding.review("politically_interested_source", "The source may have a political interest.")
        )
    if context is not None and context.prior_declines:
        found.add(Finding.review("declined_elsewhere", "Related data was declined or flagged elsewhere."))
    return found.result("No political-predominance indicator was found.")


def _destinations(ctx: ScreeningContext) -> tuple[list[str], list[str]]:
    doc = ctx.document
    missing = absent([("requesting", doc.requesting), ("receiving", doc.receiving)])
    countries = [a.country for a in (doc.requesting, doc.receiving) if a is not None]
    if doc.request_type is RequestType.TRANSFER or doc.transfer is not None:
        destination = doc.transfer.destination_country if doc.transfer else None
        if destination is None:
            missing.append("transfer.destination_country")
        else:
            countries.append(destination)
    return countries, missing


@person_rule(
    "GEN-04",
    applies_to=CROSS_BORDER,
    inputs=(
        "person.protection_status",
        "person.country_of_feared_persecution",
        "requesting.country",
        "receiving.country",
    ),
    persons=all_persons,
    restricted=True,
)
def gen_04_refugee(ctx: ScreeningContext, person: Person) -> Finding:
    if person.protection_status is None:
        return Finding.lacking(
            ["person.protection_status"], "Each person's protection status must be recorded."
        )
    if person.protection_status is ProtectionStatus.NONE:
        return Finding.passed("No protection status applies.")
    feared = person.country_of_feared_persecution
    countries, missing = _destinations(ctx)
    if feared is None:
        missing.append("person.country_of_feared_persecution")
    if missing:
        return Finding.lacking(
            missing, "The countries involved must be known to apply the protection policy."
        )
    if feared in countries:
        return Finding.block(
            "feared_country_involved", "Blocked under the platform's protection policy.", absolute=True
        )
    return Finding.passed("The protection policy does not prevent this request.")


@rule(
    "GEN-05",
    applies_to=CROSS_BORDER,
    inputs=(
        "persons[].relied_grounds",
        "persons[].reported_groups",
        "payload_fields",
        "ruleset.country_risk[requesting].persecuted_groups",
    ),
)
def gen_05_persecution_grounds(ctx: ScreeningContext) -> Finding:
    doc = ctx.document
    entry = country_entry(ctx, requesting_country(doc))
    if entry is None:
        where = f"ruleset.country_risk[{doc.requesting.country}]" if doc.requesting else "requesting"
        return Finding.lacking([where], "The requesting country's risk-register entry is needed.")
    found = Findings()
    stale = overdue_register(ctx, entry.review_date, f"country risk register ({entry.country})")
    if stale:
        found.add(stale)
    persecuted = {g.group.casefold() for g in entry.persecuted_groups}
    special = set(doc.payload_fields or []) & set(ctx.ruleset.config.special_category_fields)
    for person in doc.persons:
        in_group = any(g.casefold() in persecuted for g in person.reported_groups)
        relies = bool(person.relied_grounds) or bool(special)
        if in_group and relies:
            found.add(
                Finding.block(
                    "persecution_substantial_grounds",
                    "The request relies on a protected characteristic of a person whose group UN bodies "
                    "report as persecuted in the requesting state.",
                )
            )
        elif in_group:
            found.add(
                Finding.review(
                    "group_reported_persecuted", "A person belongs to a group reported persecuted."
                )
            )
        elif relies:
            found.add(
                Finding.review(
                    "relies_on_protected_ground",
                    "The request relies on race, ethnicity, religion, nationality, opinion, sex or status.",
                )
            )
    return found.result("The request does not rely on a persecution ground.")
