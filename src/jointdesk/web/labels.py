"""Translatable labels for codes shown in the UI (extracted by Babel through ``N_``)."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext no-op marker
    return message


ROLE_LABELS = {
    "investigator": N_("Investigator"),
    "analyst": N_("Analyst"),
    "liaison_officer": N_("Liaison officer"),
    "supervisor": N_("Supervisor"),
    "central_authority_officer": N_("Central-authority officer"),
    "rights_reviewer": N_("Rights reviewer"),
    "trafficking_screener": N_("Trafficking screener"),
    "dna_examiner": N_("DNA examiner"),
    "trainer": N_("Trainer"),
    "trainee": N_("Trainee"),
    "oversight_auditor": N_("Oversight auditor"),
    "administrator": N_("Administrator"),
}

AGENCY_KIND_LABELS = {
    "police_unit": N_("Police unit"),
    "central_authority": N_("Central authority"),
    "financial_intelligence_unit": N_("Financial intelligence unit"),
    "oversight_body": N_("Oversight body"),
    "training_institute": N_("Training institute"),
    "ngo_screening_service": N_("NGO screening service"),
}

# Messages raised by services that the UI shows; listed so they are extracted and translated.
SERVICE_MESSAGES = (
    N_("invalid username or password"),
    N_("too many failed attempts: try again later"),
)
