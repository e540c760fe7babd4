"""The request form's fields → a screening document (docs/screening.md); the prefill from a network."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from jointdesk.cooperation.schemas import RequestDraft
from jointdesk.web.forms import validated


def _text(form: dict[str, str], name: str) -> str | None:
    value = form.get(name, "").strip()
    return value or None


def _number(form: dict[str, str], name: str) -> float | None:
    value = _text(form, name)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _flag(form: dict[str, str], name: str) -> bool:
    return form.get(name, "") in {"on", "true", "1", "yes"}


def document_from_form(form: dict[str, str]) -> dict[str, Any]:
    """The T-CY fields the requester fills; the platform adds authorities, persons and the record."""
    document: dict[str, Any] = {
        "created_on": _text(form, "created_on"),
        "legal_basis": {
            "kind": form.get("legal_basis_kind", ""),
            "reference": form.get("legal_basis_reference", ""),
        },
        "purpose_code": _text(form, "purpose_code"),
        "case_ref": _text(form, "case_ref"),
        "offences": [_offence(form)],
        "facts": _facts(form),
        "urgency": {"level": form.get("urgency", "routine"), "reason": _text(form, "urgency_reason")},
        "markings": {
            "handling_codes": [c for c in ("H0", "H1", "H2") if _flag(form, f"handling_{c}")] or ["H0"],
            "tlp": form.get("tlp", "AMBER+STRICT"),
            "onward_transfer_consent": _flag(form, "onward_transfer_consent"),
        },
        "retention": {
            "destination_authority_id": _text(form, "destination_authority_id"),
            "transfer_basis": form.get("transfer_basis", "appropriate_safeguards"),
            "review_date": _text(form, "review_date"),
        },
        "context": {"flags": [], "source_politically_interested": False, "prior_declines": []},
        "declared_family_measures": [],
        "payload_fields": [f.strip() for f in form.get("payload_fields", "").split(",") if f.strip()] or None,
        "identifiers": _identifiers(form),
        "requesting": {
            "unit": _text(form, "unit"),
            "contact_ref": _text(form, "contact_ref"),
            "time_zone": _text(form, "time_zone"),
        },
    }
    if form.get("request_type") == "freeze":
        document["freeze"] = _freeze(form)
    return document


def _offence(form: dict[str, str]) -> dict[str, Any]:
    return {
        "code": form.get("offence_code", "fraud_telecom"),
        "statute_ref": _text(form, "statute_ref"),
        "max_penalty_years": _number(form, "max_penalty_years"),
        "life_imprisonment": _flag(form, "life_imprisonment"),
        "death_penalty": _flag(form, "death_penalty"),
        "receiving_state_statute_ref": _text(form, "receiving_statute_ref"),
        "receiving_state_max_penalty_years": _number(form, "receiving_max_penalty_years"),
    }


def _facts(form: dict[str, str]) -> dict[str, Any]:
    return {
        "narrative": _text(form, "facts"),
        "conduct_role": _text(form, "conduct_role"),
        "period_start": _text(form, "period_start"),
        "period_end": _text(form, "period_end"),
        "place": _text(form, "place"),
        "means": _text(form, "means"),
        "amount": _number(form, "amount"),
        "currency": _text(form, "currency"),
        "victims_count": int(_number(form, "victims_count") or 0) or None,
        "evidence_refs": [r.strip() for r in form.get("evidence_refs", "").split(",") if r.strip()] or None,
        "statements": _statements(form.get("statements", "")),
    }


def _statements(text: str) -> list[dict[str, str]]:
    """``fact: …`` / ``assessment: …`` per line (LED Art. 7 keeps facts apart from assessments)."""
    found = []
    for line in text.splitlines():
        kind, sep, rest = line.partition(":")
        if sep and kind.strip().lower() in {"fact", "assessment"} and rest.strip():
            found.append({"kind": kind.strip().lower(), "text": rest.strip()})
    return found


def _identifiers(form: dict[str, str]) -> list[dict[str, Any]]:
    found = []
    for line in form.get("identifiers", "").splitlines():
        kind, _, value = line.partition(":")
        if value.strip():
            found.append({"kind": kind.strip(), "value": value.strip()})
    return found


def _freeze(form: dict[str, str]) -> dict[str, Any]:
    amount = _number(form, "amount")
    return {
        "order_ref": _text(form, "order_ref"),
        "order_authority": form.get("order_authority", "judicial"),
        "amount": amount,
        "suspected_proceeds": amount,
        "currency": _text(form, "currency"),
        "expiry": _text(form, "freeze_expiry"),
        "double_criminality": _flag(form, "double_criminality"),
        "ne_bis_in_idem_clear": _flag(form, "ne_bis_in_idem_clear"),
        "holder": {
            "kind": form.get("holder_kind", "individual"),
            "possible_victim_or_mule": _flag(form, "holder_possibly_coerced"),
        },
    }


def draft_from_form(form: dict[str, str]) -> RequestDraft:
    document = document_from_form(form)
    raw = {
        "request_type": form.get("request_type", "freeze"),
        "receiving_agency_id": form.get("receiving_agency_id", ""),
        "document": document,
        "network_ids": [n for n in [form.get("network_id", "").strip()] if n],
        "identifier_ids": [i for i in form.get("identifier_ids", "").split(",") if i.strip()],
        "amount_requested": _text(form, "amount"),
        "currency": _text(form, "currency"),
    }
    return validated(RequestDraft, raw)


def prefill(
    now: datetime, network: Any | None, mules: list[tuple[uuid.UUID, str, str]], payload: list[str]
) -> dict[str, Any]:
    """Sensible starting values: facts from the network's figures, the mule accounts as identifiers."""
    values: dict[str, Any] = {
        "payload_fields": ", ".join(payload),
        "created_on": now.date().isoformat(),
        "freeze_expiry": (now + timedelta(days=7)).replace(microsecond=0).isoformat(),
        "review_date": (now + timedelta(days=365)).date().isoformat(),
        "identifiers": "\n".join(f"{kind}:{value}" for _, kind, value in mules),
        "identifier_ids": ",".join(str(i) for i, _, _ in mules),
    }
    if network is not None:
        currency, amount = next(iter(network.losses.items()), ("", 0))
        values |= {
            "network_id": str(network.id),
            "case_ref": network.label,
            "amount": str(amount),
            "currency": currency,
            "victims_count": network.distinct_victims,
            "statements": f"fact: {network.reports_visible} reports name transfers to these accounts.\n"
            "assessment: the account holders likely act as money mules.",
            "period_start": network.first_seen.date().isoformat() if network.first_seen else "",
            "period_end": network.last_seen.date().isoformat() if network.last_seen else "",
        }
    return values
