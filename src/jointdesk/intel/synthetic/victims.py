"""Synthetic victims: the pseudonymous record, invented personal data, and their own identifiers.

A victim's phone and account are minted fresh for every report, so victim-side identifiers never
repeat across victims. Names come from :mod:`~jointdesk.intel.synthetic.names`.
"""

from __future__ import annotations

import random
from typing import Any, Final

from jointdesk.intel.synthetic import values as v
from jointdesk.intel.synthetic.countries import Country
from jointdesk.intel.synthetic.names import script_name
from jointdesk.intel.synthetic.pools import Ident, Minter

AGE_BANDS: Final = (("18-24", 18, 24), ("25-34", 25, 34), ("25-34", 25, 34), ("35-44", 35, 44),
                    ("35-44", 35, 44), ("45-54", 45, 54), ("55-64", 55, 64), ("65+", 65, 82))  # fmt: skip
# Birth-place codes that python-stdnum 2.2 knows (its table is partial).
CN_REGION_CODES: Final = ("110101", "110102", "110105", "110106", "310101", "310104", "310105", "310106")
_MAIL: Final = ("gmail.com", "outlook.com", "yahoo.com", "163.com", "qq.com")


def victim(
    minter: Minter, country: Country, language: str, at: float, rng: random.Random
) -> tuple[dict[str, Any], Ident]:
    """The victim record and the victim's own phone (role victim_contact)."""
    national = minter.phone(country.code).text
    own = Ident("phone", national, country.code, "", national)
    band, low, high = rng.choice(AGE_BANDS)
    year = int(1970.0 + at / 31_556_952.0) - rng.randint(low, high)
    birth = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    nationality = "CN" if language == "zh" and country.code != "CN" else country.code
    name = script_name(country.code, language, rng)
    personal = {
        "full_name": name,
        "phone": national,
        "email": f"user{int(rng.random() * 1e7):07d}@{rng.choice(_MAIL)}" if rng.random() < 0.3 else None,
        "national_id": _national_id(country.code, birth, rng),
        "date_of_birth": birth,
        "address": rng.choice(country.regions),
    }
    record = {
        "age_band": band,
        "sex": rng.choice("FFMMX" if rng.random() < 0.02 else "FM"),
        "nationality": nationality,
        "residence_country": country.code,
        "residence_region": personal["address"],
        "vulnerability_flags": _flags(band, nationality, country.code, rng),
        "personal": personal,
    }
    return record, own


def _flags(band: str, nationality: str, residence: str, rng: random.Random) -> list[str]:
    flags = []
    if band == "65+":
        flags.append("elderly")
    if band == "18-24" and rng.random() < 0.4:
        flags.append("student")
    if nationality != residence:
        flags.append("migrant")
    return flags


def _national_id(country: str, birth: str, rng: random.Random) -> str | None:
    if rng.random() < 0.5:
        return None
    if country == "CN":
        return v.cn_resident_id(
            rng.choice(CN_REGION_CODES), birth.replace("-", ""), f"{rng.randrange(1000):03d}"
        )
    if country == "TH":
        return v.th_personal_id(f"{rng.randint(1, 8)}{rng.randrange(10**11):011d}")
    return None
