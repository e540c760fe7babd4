"""FRZ-01 (freezes), LOC-01 (locates) and LOC-02 (pressure on relatives, absolute)."""

from __future__ import annotations

from datetime import timedelta

from jointdesk.screening.document import FreezeDetails, LocateDetails
from jointdesk.screening.outcomes import Finding, Findings
from jointdesk.screening.registry import ScreeningContext, rule
from jointdesk.screening.rules.common import CROSS_BORDER, absent, empty, free_text
from jointdesk.screening.vocabulary import (
    FREEZE_INTERVENTIONS,
    ContactPlan,
    Granularity,
    HolderKind,
    OrderAuthority,
    RequestType,
)

PROTECTED_HOLDERS = frozenset({HolderKind.NGO, HolderKind.MEDIA, HolderKind.POLITICAL})
REFUSED_CONTACT = frozenset({ContactPlan.REQUESTING_STATE_CONTACT, ContactPlan.CONTACT_RELATIVES})
GRANULARITY_ORDER: tuple[Granularity, ...] = tuple(Granularity)


def _is_freeze(ctx: ScreeningContext) -> bool:
    doc = ctx.document
    if doc.request_type is RequestType.FREEZE:
        return True
    # An intervention of unknown kind is screened as a freeze (fail closed).
    return doc.intervention is None or doc.intervention.kind in FREEZE_INTERVENTIONS


@rule(
    "FRZ-01",
    applies_to=(RequestType.FREEZE, RequestType.INTERVENTION),
    applies_when=_is_freeze,
    inputs=(
        "freeze.order_ref",
        "freeze.order_authority",
        "freeze.amount",
        "freeze.suspected_proceeds",
        "freeze.expiry",
        "offences",
        "freeze.holder",
    ),
    missing_blocks=True,
)
def frz_01_freeze(ctx: ScreeningContext) -> Finding:
    freeze = ctx.document.freeze
    if freeze is None:
        return Finding.lacking(["freeze"], "A freeze needs its order, amount cap, expiry and account holder.")
    found = Findings()
    missing = _missing_freeze_inputs(ctx, freeze)
    if missing:
        found.add(
            Finding.lacking(missing, "A freeze needs its order, amount cap, expiry and account holder.")
        )
    if (
        freeze.amount is not None
        and freeze.suspected_proceeds is not None
        and freeze.amount > freeze.suspected_proceeds
    ):
        found.add(
            Finding.block("amount_exceeds_proceeds", "The amount to freeze exceeds the suspected proceeds.")
        )
    _check_expiry(ctx, freeze, found)
    if freeze.double_criminality is False:
        found.add(Finding.block("no_double_criminality", "The conduct is not an offence in both states."))
    if freeze.ne_bis_in_idem_clear is False:
        found.add(Finding.block("ne_bis_in_idem", "The holder was already finally judged for this conduct."))
    _check_holder(ctx, freeze, found)
    return found.result("The freeze is ordered, capped at the suspected proceeds and expires automatically.")


def _missing_freeze_inputs(ctx: ScreeningContext, freeze: FreezeDetails) -> list[str]:
    fields: list[tuple[str, object]] = [
        ("order_ref", freeze.order_ref),
        ("order_authority", freeze.order_authority),
        ("amount", freeze.amount),
        ("suspected_proceeds", freeze.suspected_proceeds),
        ("expiry", freeze.expiry),
        ("holder", freeze.holder),
    ]
    if freeze.order_authority not in {None, OrderAuthority.JUDICIAL}:
        fields.append(("confirmation_deadline", freeze.confirmation_deadline))
    if ctx.document.request_type is not RequestType.INTERVENTION:
        fields += [
            ("double_criminality", freeze.double_criminality),
            ("ne_bis_in_idem_clear", freeze.ne_bis_in_idem_clear),
        ]
    if freeze.holder is not None:
        fields.append(("holder.possible_victim_or_mule", freeze.holder.possible_victim_or_mule))
    return [f"freeze.{n}" for n in absent(fields)] + empty([("offences", ctx.document.offences)])


def _check_expiry(ctx: ScreeningContext, freeze: FreezeDetails, found: Findings) -> None:
    if freeze.expiry is None:
        return
    limits = ctx.ruleset.thresholds
    judicial = freeze.order_authority is OrderAuthority.JUDICIAL
    days = limits.frz01_max_days_judicial if judicial else limits.frz01_max_days_other
    if freeze.expiry <= ctx.now:
        found.add(Finding.block("expiry_past", "The freeze's expiry has already passed."))
    elif freeze.expiry > ctx.now + timedelta(days=days):
        found.add(Finding.block("hold_too_long", f"This order allows a hold of at most {days} days."))
    deadline = freeze.confirmation_deadline
    if not judicial and deadline is not None and deadline > freeze.expiry:
        found.add(
            Finding.block("confirmation_after_expiry", "Confirmation must be due before the hold expires.")
        )


def _check_holder(ctx: ScreeningContext, freeze: FreezeDetails, found: Findings) -> None:
    holder = freeze.holder
    if holder is None:
        return
    if holder.kind in PROTECTED_HOLDERS:
        found.add(
            Finding.review(
                "protected_actor_holder", f"The holder is a {holder.kind.value} organisation (GEN-03)."
            )
        )
    person = ctx.document.person(holder.person_ref)
    flagged = person is not None and ctx.protection(person).non_punishment_flag
    if holder.possible_victim_or_mule or flagged:
        found.add(
            Finding.review(
                "holder_possible_victim",
                "The holder may be a trafficking victim or coerced mule; see TIP-01 before freezing.",
            )
        )


@rule(
    "LOC-01",
    applies_to=(RequestType.LOCATE,),
    inputs=(
        "locate.purpose_code",
        "locate.warrant_ref",
        "locate.granularity",
        "locate.contact_plan",
        "persons[].subject_status",
    ),
)
def loc_01_locate(ctx: ScreeningContext) -> Finding:
    locate = ctx.document.locate
    if locate is None:
        return Finding.lacking(["locate"], "A locate needs its purpose, granularity and contact plan.")
    found = Findings()
    config = ctx.ruleset.config
    judicial = locate.purpose_code in config.locate_judicial_purposes
    missing = [
        f"locate.{n}"
        for n in absent(
            [
                ("purpose_code", locate.purpose_code),
                ("granularity", locate.granularity),
                ("contact_plan", locate.contact_plan),
            ]
        )
    ]
    if judicial and not locate.warrant_ref:
        missing.append("locate.warrant_ref")
    if missing:
        found.add(
            Finding.lacking(missing, "A locate needs its purpose, warrant, granularity and contact plan.")
        )
    if locate.purpose_code and not judicial and locate.purpose_code not in config.locate_protective_purposes:
        found.add(
            Finding.block(
                "purpose_not_allowed", "Locates serve only a warrant, a summons or a person's protection."
            )
        )
    if locate.contact_plan in REFUSED_CONTACT:
        found.add(
            Finding.block(
                "contact_plan_refused",
                "The requesting state may not contact the person or relatives abroad; the host state acts.",
            )
        )
    _check_granularity(ctx, locate, found)
    _check_subject_flags(ctx, found)
    return found.result("The locate has an allowed purpose at a suitable granularity.")


def _check_granularity(ctx: ScreeningContext, locate: LocateDetails, found: Findings) -> None:
    limit = ctx.ruleset.config.locate_max_granularity.get(locate.purpose_code or "")
    if locate.granularity is None or limit is None:
        return
    if GRANULARITY_ORDER.index(locate.granularity) > GRANULARITY_ORDER.index(limit):
        found.add(
            Finding.review(
                "granularity_finer_than_needed",
                f"'{locate.granularity.value}' is finer than this purpose needs (at most '{limit.value}').",
            )
        )


def _check_subject_flags(ctx: ScreeningContext, found: Findings) -> None:
    for person in ctx.document.persons:
        if person.subject_status is None:
            found.add(
                Finding.lacking(
                    [f"persons[{person.ref}].subject_status"], "The subject's status is required."
                )
            )
        elif person.subject_status:
            flags = ", ".join(s.value for s in person.subject_status)
            found.add(
                Finding.review(
                    "diaspora_or_political_subject",
                    f"The subject is flagged ({flags}); transnational repression must be ruled out.",
                )
            )


@rule(
    "LOC-02",
    applies_to=CROSS_BORDER,
    inputs=("declared_family_measures", "free_text", "ruleset.partner_notices", "persons[].transfer.consent"),
)
def loc_02_family_pressure(ctx: ScreeningContext) -> Finding:
    doc = ctx.document
    found = Findings()
    if doc.declared_family_measures is None:
        found.add(
            Finding.lacking(
                ["declared_family_measures"], "Measures against relatives must be declared (or none)."
            )
        )
    elif doc.declared_family_measures:
        measures = ", ".join(m.value for m in doc.declared_family_measures)
        found.add(
            _pressure("declared_family_measures", f"Measures against relatives are declared ({measures}).")
        )
    text = free_text(doc)
    for pattern_id, regex in ctx.ruleset.pressure_regexes:
        if regex.search(text):
            found.add(
                _pressure(f"pressure_text:{pattern_id}", "The request text refers to pressure on relatives.")
            )
    for notice in _active_notices(ctx):
        found.add(
            _pressure(
                f"partner_notice:{notice}", "The requesting authority published measures against relatives."
            )
        )
    if any(
        p.transfer and p.transfer.consent and p.transfer.consent.pressure_on_relatives_reported
        for p in doc.persons
    ):
        found.add(_pressure("consent_reports_pressure", "A consent record reports pressure on relatives."))
    return found.result("No sign of pressure on relatives.")


def _pressure(reason: str, explanation: str) -> Finding:
    return Finding.block(reason, f"{explanation} This is never allowed.", absolute=True)


def _active_notices(ctx: ScreeningContext) -> list[str]:
    doc = ctx.document
    if doc.requesting is None or not doc.persons:
        return []
    today = ctx.now.date()
    return [
        n.notice_id
        for n in ctx.ruleset.config.partner_notices
        if n.issuing_authority_id == doc.requesting.authority_id
        and n.issued_on <= today
        and (n.valid_until is None or n.valid_until >= today)
    ]
