"""MISP attributes and objects → identifiers and transfers (docs/intel-formats.md, MISP tables)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from jointdesk.intel.formats.guess import NATIVE_ASSET, NETWORK_OF, coin_type, instant, typed_comment
from jointdesk.intel.linking import Role

PAYEE, CONTACT, SITE, DEVICE = (
    Role.PAYEE.value,
    Role.SCAM_CONTACT.value,
    Role.SCAM_SITE.value,
    Role.SCAM_DEVICE.value,
)
ATTRIBUTE_TYPES: Final[Mapping[str, tuple[str, str]]] = {
    "url": ("url", SITE),
    "link": ("url", SITE),
    "uri": ("url", SITE),
    "domain": ("domain", SITE),
    "hostname": ("domain", SITE),
    "ip-src": ("ip", DEVICE),
    "ip-dst": ("ip", SITE),
    "email": ("email", CONTACT),
    "email-src": ("email", CONTACT),
    "phone-number": ("phone", CONTACT),
    "iban": ("iban", PAYEE),
    "bic": ("bic", PAYEE),
    "bank-account-nr": ("bank_account", PAYEE),
    "btc": ("bitcoin_address", PAYEE),
    "cc-number": ("payment_card", PAYEE),
    "x509-fingerprint-sha256": ("apk_signing_cert", SITE),
}
NARRATIVE_TYPES: Final = frozenset({"text", "comment"})
REFUSED_ATTRIBUTES: Final[Mapping[str, str]] = {
    "xmr": "Monero (xmr) addresses have no jointdesk identifier type",
    "email-dst": "a recipient address belongs to the victim: not imported",
}
OBJECT_RELATIONS: Final[Mapping[str, Mapping[str, tuple[str, str]]]] = {
    "phone-number": {"phone-number": ("phone", CONTACT)},
    "phone": {
        "msisdn": ("phone", CONTACT),
        "imei": ("imei", DEVICE),
        "imsi": ("imsi", DEVICE),
        "iccid": ("iccid", DEVICE),
    },
    "credit-card": {"cc-number": ("payment_card", PAYEE), "card-number": ("payment_card", PAYEE)},
    "telegram-account": {"username": ("social_handle", CONTACT), "id": ("social_handle", CONTACT)},
    "android-app": {
        "appid": ("app_package", SITE),
        "sha256": ("apk_hash", SITE),
        "certificate-sha256": ("apk_signing_cert", SITE),
        "domain": ("domain", SITE),
    },
    "url": {"url": ("url", SITE)},
    "domain-ip": {"domain": ("domain", SITE), "hostname": ("domain", SITE), "ip": ("ip", SITE)},
    "email": {"from": ("email", CONTACT)},
}
_PREFIX: Final = {"telegram-account": "telegram:"}
PAYER_LINKS: Final = frozenset({"from", "sent-from", "source", "payer", "debited-from"})
PAYEE_LINKS: Final = frozenset({"to", "sent-to", "beneficiary", "destination", "payee", "credited-to"})

Identifier = dict[str, str]


@dataclass
class EventParts:
    """What one MISP event yields, gathered attribute by attribute."""

    identifiers: list[Identifier] = field(default_factory=list)
    transactions: list[dict[str, Any]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, id_type: str, value: object, role: str) -> None:
        if isinstance(value, str) and value.strip():
            self.identifiers.append({"id_type": id_type, "value": value.strip(), "role": role})


def relations(obj: Mapping[str, Any]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for attr in obj.get("Attribute") or []:
        if isinstance(attr, dict) and attr.get("value") not in (None, ""):
            found.setdefault(str(attr.get("object_relation", "")), []).append(attr.get("value"))
    return found


def first(found: Mapping[str, list[Any]], *names: str) -> Any:
    for name in names:
        if found.get(name):
            return found[name][0]
    return None


def map_attribute(attr: Mapping[str, Any], parts: EventParts) -> None:
    kind, value = str(attr.get("type", "")), attr.get("value")
    typed = typed_comment(attr.get("comment"))
    if typed is not None:
        parts.add(typed[0], value, typed[1])
    elif kind in ATTRIBUTE_TYPES:
        id_type, role = ATTRIBUTE_TYPES[kind]
        parts.add(id_type, value, role)
    elif kind in NARRATIVE_TYPES and isinstance(value, str) and value.strip():
        parts.texts.append(value.strip())
    elif kind in REFUSED_ATTRIBUTES:
        parts.warnings.append(f"attribute {kind}: {REFUSED_ATTRIBUTES[kind]}")
    else:
        parts.warnings.append(f"attribute type {kind!r} is not mapped")


def map_object(obj: Mapping[str, Any], parts: EventParts) -> None:
    name = str(obj.get("name", ""))
    if name in ("bank-account", "transaction", "cryptocurrency-transaction"):
        return  # handled with the transfers (map_transfers)
    if name == "coin-address":
        _coin_address(relations(obj), parts)
    elif name in OBJECT_RELATIONS:
        _typed_attributes(obj, name, parts)
    else:
        parts.warnings.append(f"object {name!r} is not mapped")


def _typed_attributes(obj: Mapping[str, Any], name: str, parts: EventParts) -> None:
    table = OBJECT_RELATIONS[name]
    for attr in obj.get("Attribute") or []:
        relation = str(attr.get("object_relation", ""))
        typed = typed_comment(attr.get("comment"))
        if typed is not None:
            parts.add(typed[0], attr.get("value"), typed[1])
        elif relation in table:
            id_type, role = table[relation]
            parts.add(id_type, _PREFIX.get(name, "") + str(attr.get("value", "")).lstrip("@"), role)
        elif name == "email" and relation in ("to", "cc"):
            parts.warnings.append("object email: recipient addresses belong to the victim: not imported")


def _coin_address(found: Mapping[str, list[Any]], parts: EventParts) -> None:
    symbol = first(found, "symbol")
    if found.get("address-xmr"):
        parts.warnings.append("object coin-address: Monero (XMR) addresses have no jointdesk identifier type")
    for value in found.get("address", []) + found.get("address-crypto", []):
        id_type, reason = coin_type(str(value), symbol)
        if id_type is None:
            parts.warnings.append(f"object coin-address: {reason}")
        else:
            parts.add(id_type, value, PAYEE)


def bank_account(obj: Mapping[str, Any]) -> Identifier | None:
    """The identifier a ``bank-account`` object stands for: the account, else its IBAN, else its BIC."""
    found = relations(obj)
    account, iban = first(found, "account"), first(found, "iban")
    swift = str(first(found, "swift") or "").strip().upper()
    bank = str(first(found, "institution-code") or swift)
    if account:
        country = swift[4:6] if len(swift) in (8, 11) else str(iban or "")[:2].upper()
        value = f"{country}:{bank}:{account}" if country.isalpha() and len(country) == 2 else str(account)
        return {"id_type": "bank_account", "value": value}
    if iban:
        return {"id_type": "iban", "value": str(iban)}
    return {"id_type": "bic", "value": swift} if swift else None


def map_transfers(objects: Sequence[Mapping[str, Any]], parts: EventParts) -> None:
    """``bank-account`` objects and the ``transaction`` objects that reference them."""
    by_uuid = {str(o.get("uuid")): o for o in objects if o.get("name") == "bank-account"}
    used: set[str] = set()
    for obj in objects:
        if obj.get("name") == "transaction":
            used |= _transaction(obj, by_uuid, parts)
        elif obj.get("name") == "cryptocurrency-transaction":
            _crypto_transaction(obj, parts)
    for key, obj in by_uuid.items():
        account = bank_account(obj)
        if key not in used and account is not None:
            parts.add(account["id_type"], account["value"], PAYEE)
    _number_hops(parts.transactions)


def _linked(obj: Mapping[str, Any], by_uuid: Mapping[str, Mapping[str, Any]], links: frozenset[str]) -> str:
    for ref in obj.get("ObjectReference") or []:
        if (
            str(ref.get("relationship_type", "")).lower() in links
            and str(ref.get("referenced_uuid")) in by_uuid
        ):
            return str(ref.get("referenced_uuid"))
    return ""


def _transaction(
    obj: Mapping[str, Any], accounts: Mapping[str, Mapping[str, Any]], parts: EventParts
) -> set[str]:
    found = relations(obj)
    payer_key, payee_key = _linked(obj, accounts, PAYER_LINKS), _linked(obj, accounts, PAYEE_LINKS)
    payee_obj = accounts.get(payee_key, {})
    currency = first(found, "currency", "currency-code") or first(relations(payee_obj), "currency-code")
    when, note = instant(first(found, "date", "date-posting"))
    tx: dict[str, Any] = {"amount": first(found, "amount"), "currency": currency, "occurred_at": when}
    tx["rail"], tx["reference"] = "bank_transfer", first(found, "transaction-number")
    tx["institution"] = first(relations(payee_obj), "institution-name")
    payer = bank_account(accounts[payer_key]) if payer_key else None
    _party(tx, "payee", bank_account(payee_obj) if payee_obj else None, _plain_party(obj, "to-account"))
    _party(tx, "payer", payer, _plain_party(obj, "from-account"))
    _keep(tx, parts, note, "transaction")
    return {payer_key, payee_key} - {""}


def _plain_party(obj: Mapping[str, Any], relation: str) -> Identifier | None:
    """A ``to-account``/``from-account`` value: a bank account unless its comment names the type."""
    for attr in obj.get("Attribute") or []:
        value = attr.get("value")
        if attr.get("object_relation") == relation and isinstance(value, str) and value.strip():
            typed = typed_comment(attr.get("comment"))
            return {"id_type": typed[0] if typed else "bank_account", "value": value.strip()}
    return None


def _party(tx: dict[str, Any], name: str, account: Identifier | None, plain: Identifier | None) -> None:
    chosen = account or plain
    if chosen is not None:
        tx[name] = dict(chosen)


def _crypto_transaction(obj: Mapping[str, Any], parts: EventParts) -> None:
    found = relations(obj)
    address, symbol = first(found, "address"), first(found, "symbol")
    id_type, reason = coin_type(str(address or ""), symbol)
    when, note = instant(first(found, "time", "date"))
    tx: dict[str, Any] = {"amount": first(found, "value", "amount"), "occurred_at": when, "rail": "crypto"}
    tx["reference"] = first(found, "transaction-number")
    if id_type is None:
        parts.warnings.append(f"object cryptocurrency-transaction: {reason}")
    else:
        tx["payee"] = {"id_type": id_type, "value": str(address)}
        tx["network"] = NETWORK_OF[id_type]
    tx["currency"] = symbol.upper() if isinstance(symbol, str) else NATIVE_ASSET.get(id_type or "")
    if not isinstance(symbol, str) and id_type:
        parts.warnings.append(f"object cryptocurrency-transaction: currency taken as {tx['currency']}")
    _keep(tx, parts, note, "cryptocurrency-transaction")


def _keep(tx: dict[str, Any], parts: EventParts, note: str | None, name: str) -> None:
    if note:
        parts.warnings.append(f"object {name}: {note}")
    missing = [key for key in ("amount", "currency", "occurred_at") if not tx.get(key)]
    if missing:
        parts.warnings.append(f"object {name} skipped: no {', '.join(missing)}")
        return
    parts.transactions.append({key: value for key, value in tx.items() if value is not None})


def _number_hops(transactions: list[dict[str, Any]]) -> None:
    """A transfer paid from an account that received an earlier transfer is the next hop."""
    hop_of_payee: dict[str, int] = {}
    for tx in sorted(transactions, key=lambda t: str(t["occurred_at"])):
        payer = (tx.get("payer") or {}).get("value")
        tx["hop"] = min(hop_of_payee.get(payer, 0) + 1, 20) if payer else 1
        role = Role.PAYEE.value if tx["hop"] == 1 else Role.INTERMEDIARY.value
        if "payee" in tx:
            tx["payee"]["role"] = role
            hop_of_payee[tx["payee"]["value"]] = tx["hop"]
        if "payer" in tx:
            tx["payer"]["role"] = Role.VICTIM_ACCOUNT.value if tx["hop"] == 1 else Role.INTERMEDIARY.value
