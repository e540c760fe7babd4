"""The report form's flat fields → a ``ReportIn`` (errors name the form field)."""

from __future__ import annotations

from typing import Any

from jointdesk.intel.schemas import ReportIn
from jointdesk.web.forms import validated

IDENTIFIER_ROWS = 6
TRANSACTION_ROWS = 3


def _text(form: dict[str, str], name: str) -> str | None:
    value = form.get(name, "").strip()
    return value or None


def _identifiers(form: dict[str, str]) -> list[dict[str, Any]]:
    found = []
    for row in range(IDENTIFIER_ROWS):
        value = _text(form, f"value_{row}")
        if value:
            found.append(
                {
                    "id_type": form.get(f"id_type_{row}", "phone"),
                    "value": value,
                    "role": form.get(f"role_{row}", "scam_contact"),
                }
            )
    return found


def _transactions(form: dict[str, str], tz: str) -> list[dict[str, Any]]:
    found = []
    for row in range(TRANSACTION_ROWS):
        amount = _text(form, f"tx_amount_{row}")
        if not amount:
            continue
        payee = _text(form, f"tx_payee_{row}")
        found.append(
            {
                "hop": form.get(f"tx_hop_{row}") or 1,
                "occurred_at": _local(form.get(f"tx_at_{row}", ""), tz),
                "occurred_tz": tz,
                "amount": amount,
                "currency": (form.get(f"tx_currency_{row}") or "").strip().upper(),
                "rail": form.get(f"tx_rail_{row}") or "bank_transfer",
                "payee": {
                    "id_type": form.get(f"tx_payee_type_{row}", "bank_account"),
                    "value": payee,
                    "role": "payee",
                }
                if payee
                else None,
                "institution": _text(form, f"tx_institution_{row}"),
            }
        )
    return found


def _local(value: str, tz: str) -> str | None:
    """``datetime-local`` gives no offset: attach the report's IANA zone."""
    from datetime import datetime  # noqa: PLC0415
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    if not value.strip():
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(tz)).isoformat()
    except (ValueError, KeyError):
        return value


def report_from_form(form: dict[str, str]) -> ReportIn:
    tz = form.get("received_tz") or "UTC"
    personal = {k: _text(form, f"victim_{k}") for k in ("full_name", "phone", "national_id")}
    raw: dict[str, Any] = {
        "jurisdiction": _text(form, "jurisdiction"),
        "channel_of_report": form.get("channel_of_report") or "web",
        "received_tz": tz,
        "language": form.get("language") or "und",
        "reporter_role": form.get("reporter_role") or "victim",
        "typology_code": _text(form, "typology_code"),
        "first_contact_channel": _text(form, "first_contact_channel"),
        "impersonated_entity": _text(form, "impersonated_entity"),
        "narrative": form.get("narrative", ""),
        "tlp": form.get("tlp") or "AMBER",
        "source_reliability": form.get("source_reliability") or "X",
        "info_accuracy": form.get("info_accuracy") or 4,
        "identifiers": _identifiers(form),
        "transactions": _transactions(form, tz),
        "victim": {
            "age_band": _text(form, "victim_age_band"),
            "sex": _text(form, "victim_sex"),
            "nationality": _text(form, "victim_nationality"),
            "personal": personal if any(personal.values()) else None,
        },
    }
    return validated(ReportIn, raw)
