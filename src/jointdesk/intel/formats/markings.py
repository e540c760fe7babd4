"""TLP 2.0 and evaluation codes as MISP tags and STIX marking definitions (sharing.md §3)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

from jointdesk.authz import Tlp

#: misp-taxonomies ``tlp`` (v10): ``tlp:white`` is read as CLEAR (sharing.md §3.1).
MISP_TLP_TAGS: Final[dict[str, Tlp]] = {
    "tlp:clear": Tlp.CLEAR,
    "tlp:white": Tlp.CLEAR,
    "tlp:green": Tlp.GREEN,
    "tlp:amber": Tlp.AMBER,
    "tlp:amber+strict": Tlp.AMBER_STRICT,
    "tlp:red": Tlp.RED,
}
TLP_TAG_OF: Final[dict[Tlp, str]] = {
    Tlp.CLEAR: "tlp:clear",
    Tlp.GREEN: "tlp:green",
    Tlp.AMBER: "tlp:amber",
    Tlp.AMBER_STRICT: "tlp:amber+strict",
    Tlp.RED: "tlp:red",
}
TLP_ORDER: Final = (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED)

#: The OASIS TLP 2.0 marking definitions (extension-definition--60a3c5c5-…) and STIX 2.1's TLP 1.0 ones.
TLP2_EXTENSION: Final = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
STIX_TLP2_IDS: Final[dict[Tlp, str]] = {
    Tlp.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    Tlp.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    Tlp.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    Tlp.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    Tlp.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
STIX_TLP1_IDS: Final[dict[str, Tlp]] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": Tlp.CLEAR,
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": Tlp.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": Tlp.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": Tlp.RED,
}
STIX_TLP_BY_ID: Final[dict[str, Tlp]] = {
    **STIX_TLP1_IDS,
    **{marking: tlp for tlp, marking in STIX_TLP2_IDS.items()},
}
_TLP_NAME: Final = re.compile(r"^\s*tlp\s*[:\s]\s*(clear|white|green|amber\+strict|amber|red)\s*$", re.I)

#: admiralty-scale tags ↔ the Europol 4x4 (sharing.md §3.2): a lossy, documented approximation.
RELIABILITY_FROM_ADMIRALTY: Final = {"a": "A", "b": "B", "c": "C", "d": "C", "e": "C", "f": "X"}
ACCURACY_FROM_ADMIRALTY: Final = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 4, "6": 4}
ADMIRALTY_OF_RELIABILITY: Final = {"A": "a", "B": "b", "C": "c", "X": "f"}


def strictest(found: Iterable[Tlp]) -> Tlp | None:
    """Several markings on one item: the strictest wins (sharing.md §3.5, derived items)."""
    ranked = [TLP_ORDER.index(tlp) for tlp in found]
    return TLP_ORDER[max(ranked)] if ranked else None


def tlp_from_name(name: str) -> Tlp | None:
    """``TLP:AMBER+STRICT``, ``tlp:white``... as a TLP 2.0 level."""
    match = _TLP_NAME.match(name)
    return MISP_TLP_TAGS[f"tlp:{match.group(1).lower()}"] if match else None


def stix_marking_tlp(obj: dict[str, Any]) -> Tlp | None:
    """The TLP a ``marking-definition`` object stands for, by id, TLP 2.0 extension or name."""
    known = STIX_TLP_BY_ID.get(str(obj.get("id", "")))
    if known is not None:
        return known
    extension = (obj.get("extensions") or {}).get(TLP2_EXTENSION) or {}
    if isinstance(extension, dict) and isinstance(extension.get("tlp_2_0"), str):
        return tlp_from_name("tlp:" + extension["tlp_2_0"])
    definition = obj.get("definition") or {}
    for text in (obj.get("name"), obj.get("x_opencti_definition"), definition.get("tlp")):
        if isinstance(text, str):
            tlp = tlp_from_name(text if ":" in text else "tlp:" + text)
            if tlp is not None:
                return tlp
    return None


def stix_marking_object(tlp: Tlp) -> dict[str, Any]:
    """The published TLP 2.0 marking-definition object for ``tlp``."""
    level = tlp.value.lower()
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": STIX_TLP2_IDS[tlp],
        "created": "2022-10-01T00:00:00.000Z",
        "name": f"TLP:{tlp.value}",
        "extensions": {TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level}},
    }
