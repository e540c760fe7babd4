"""Reports → MISP events (identifiers.md §7): ``{"response": [{"Event": ...}, ...]}``, written as it goes.

Each attribute's comment is ``jointdesk:<id_type>:<role>`` so a jointdesk node re-reads the exact
type and role; other MISP instances see standard types and objects. Only what ``outbound`` allows
leaves: no victim data, protected identifiers masked, the narrative only when asked for.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any, Final, TextIO

from jointdesk.authz import Tlp
from jointdesk.intel.formats.guess import NATIVE_ASSET
from jointdesk.intel.formats.markings import ADMIRALTY_OF_RELIABILITY, TLP_TAG_OF
from jointdesk.intel.formats.outbound import SharedIdentifier, identifiers, transaction_record
from jointdesk.intel.linking import Role
from jointdesk.intel.schemas import ReportView, TransactionView

NAMESPACE: Final = uuid.UUID("6f0c8f0e-5a8e-5d0c-9a57-4a4f3b1e2c10")
ATTRIBUTE_OF: Final = {
    "url": ("url", "Network activity"),
    "domain": ("domain", "Network activity"),
    "email": ("email-src", "Payload delivery"),
    "bic": ("bic", "Financial fraud"),
}
OBJECT_OF: Final = {
    "phone": ("phone-number", "phone-number"),
    "imei": ("phone", "imei"),
    "imsi": ("phone", "imsi"),
    "iccid": ("phone", "iccid"),
    "iban": ("bank-account", "iban"),
    "payment_card": ("credit-card", "cc-number"),
    "tron_address": ("coin-address", "address"),
    "evm_address": ("coin-address", "address"),
    "bitcoin_address": ("coin-address", "address"),
    "app_package": ("android-app", "appid"),
    "apk_hash": ("android-app", "sha256"),
    "apk_signing_cert": ("android-app", "certificate-sha256"),
}
BANK_TYPES: Final = frozenset({"bank_account", "iban"})


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(str(p) for p in parts)))


def _attribute(key: str, kind: str, value: str, comment: str, relation: str | None = None) -> dict[str, Any]:
    attr: dict[str, Any] = {"uuid": _uuid(key, kind, relation, value), "type": kind, "value": value}
    attr.update({"category": "Financial fraud", "to_ids": False, "comment": comment})
    if relation:
        attr["object_relation"] = relation
    return attr


def _object(
    key: str, name: str, attrs: list[dict[str, Any]], refs: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    values = "|".join(a["value"] for a in attrs)
    obj: dict[str, Any] = {"uuid": _uuid(key, name, values), "name": name, "meta-category": "financial"}
    obj["Attribute"] = attrs
    if refs:
        obj["ObjectReference"] = refs
    return obj


def _typed(item: SharedIdentifier) -> str:
    return f"jointdesk:{item.id_type}:{item.role}"


def _bank_object(key: str, item: SharedIdentifier) -> dict[str, Any]:
    if item.id_type == "iban":
        return _object(key, "bank-account", [_attribute(key, "iban", item.value, _typed(item), "iban")])
    country, bank, account = (["", "", *item.value.split(":")])[-3:]
    attrs = [_attribute(key, "bank-account-nr", account, _typed(item), "account")]
    if bank:
        attrs.append(_attribute(key, "text", bank, "", "institution-code"))
    if len(bank) in (8, 11) and bank[4:6] == country:
        attrs.append(_attribute(key, "bic", bank, "", "swift"))
    return _object(key, "bank-account", attrs)


def identifier_entry(key: str, item: SharedIdentifier) -> tuple[str, dict[str, Any]]:
    """``("Attribute", attr)`` or ``("Object", obj)`` for one shared identifier."""
    if item.id_type in BANK_TYPES:
        return "Object", _bank_object(key, item)
    if item.id_type == "ip":
        kind = "ip-src" if item.role == Role.SCAM_DEVICE else "ip-dst"
        return "Attribute", _attribute(key, kind, item.value, _typed(item))
    if item.id_type == "social_handle" and item.value.startswith("telegram:"):
        attr = _attribute(key, "text", item.value.split(":", 1)[1], _typed(item), "username")
        return "Object", _object(key, "telegram-account", [attr])
    if item.id_type in OBJECT_OF:
        name, relation = OBJECT_OF[item.id_type]
        attrs = [_attribute(key, relation, item.value, _typed(item), relation)]
        if name == "coin-address":
            attrs.append(_attribute(key, "text", NATIVE_ASSET[item.id_type], "", "symbol"))
        return "Object", _object(key, name, attrs)
    kind = ATTRIBUTE_OF.get(item.id_type, ("text", ""))[0]
    return "Attribute", _attribute(key, kind, item.value, _typed(item))


def _transfer(key: str, view: ReportView, tx: TransactionView, event: dict[str, Any]) -> None:
    record = transaction_record(view, tx)
    payee, payer = record.get("payee"), record.get("payer")
    if tx.rail == "crypto" and payee and payee["id_type"] in NATIVE_ASSET:
        attrs = [
            _attribute(key, "text", str(payee["value"]), "", "address"),
            _attribute(key, "float", record["amount"], "", "value"),
            _attribute(key, "datetime", record["occurred_at"], "", "time"),
            _attribute(key, "text", tx.currency, "", "symbol"),
        ]
        if tx.reference:
            attrs.append(_attribute(key, "text", tx.reference, "", "transaction-number"))
        event["Object"].append(_object(key, "cryptocurrency-transaction", attrs))
        return
    attrs = [
        _attribute(key, "float", record["amount"], "", "amount"),
        _attribute(key, "text", tx.currency, "", "currency"),
        _attribute(key, "datetime", record["occurred_at"], "", "date"),
    ]
    if tx.reference:
        attrs.append(_attribute(key, "text", tx.reference, "", "transaction-number"))
    refs: list[dict[str, str]] = []
    for relation, party in (("to", payee), ("from", payer)):
        if party is None:
            continue
        item = SharedIdentifier(party["id_type"], party["value"], party["role"])
        if item.id_type in BANK_TYPES:
            account = _bank_object(key, item)
            _append(event, account)
            refs.append({"referenced_uuid": account["uuid"], "relationship_type": relation})
        else:
            attrs.append(_attribute(key, "text", item.value, _typed(item), f"{relation}-account"))
    event["Object"].append(_object(key, "transaction", attrs, refs))


def _append(event: dict[str, Any], obj: dict[str, Any]) -> None:
    """An account that is both a listed identifier and a transfer party is one object."""
    if all(existing["uuid"] != obj["uuid"] for existing in event["Object"]):
        event["Object"].append(obj)


def _tags(view: ReportView) -> list[dict[str, str]]:
    names = [TLP_TAG_OF[Tlp(view.tlp)], f'jointdesk:jurisdiction="{view.jurisdiction}"']
    if view.typology_code:
        names.append(f'jointdesk:typology="{view.typology_code}"')
    names.append(f'admiralty-scale:source-reliability="{ADMIRALTY_OF_RELIABILITY[view.source_reliability]}"')
    names.append(f'admiralty-scale:information-credibility="{view.info_accuracy}"')
    return [{"name": name} for name in names]


def event_of(view: ReportView, *, include_narrative: bool = False) -> dict[str, Any]:
    key = str(view.id)
    title = f"Fraud report {view.crime_reference_no}" + (
        f" ({view.typology_code})" if view.typology_code else ""
    )
    event: dict[str, Any] = {
        "uuid": _uuid("event", key),
        "info": title,
        "date": view.received_at.date().isoformat(),
        "timestamp": str(int(view.created_at.timestamp())),
        "threat_level_id": "2",
        "analysis": "2",
        "distribution": "0",
        "published": False,
        "Tag": _tags(view),
        "Attribute": [],
        "Object": [],
    }
    for item in identifiers(view, include_narrative=include_narrative):
        section, entry = identifier_entry(key, item)
        event[section].append(entry)
    for tx in view.transactions:
        _transfer(key, view, tx, event)
    if include_narrative and view.narrative:
        event["Attribute"].append(_attribute(key, "text", view.narrative, "narrative"))
    return event


def write_misp(reports: Iterable[ReportView], out: TextIO, *, include_narrative: bool = False) -> int:
    out.write('{"response": [')
    count = 0
    for view in reports:
        out.write(",\n" if count else "\n")
        event = {"Event": event_of(view, include_narrative=include_narrative)}
        out.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
        count += 1
    out.write("\n]}\n")
    return count
