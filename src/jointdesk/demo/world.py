"""The demo world: fictional agencies in the region and one demo user per role."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from jointdesk.authz import Role, Tlp
from jointdesk.identity import AgencyKind

# Shown on the login page and printed by `make run`; development and training only.
DEMO_PASSWORD = "demo-pass-2026!"  # noqa: S105 - a published demo credential, never production


@dataclass(frozen=True)
class DemoAgency:
    key: str
    name: str
    country: str
    kind: AgencyKind


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    agency: str
    roles: tuple[Role, ...]


@dataclass(frozen=True)
class DemoBulletin:
    agency: str
    author: str
    title: str
    body: str
    tlp: Tlp


K = AgencyKind
AGENCIES = (
    DemoAgency("cn", "CN Anti-Fraud Centre (demo)", "CN", K.POLICE_UNIT),
    DemoAgency("mm", "MM Transnational Crime Unit (demo)", "MM", K.POLICE_UNIT),
    DemoAgency("th", "TH Cyber Crime Bureau (demo)", "TH", K.POLICE_UNIT),
    DemoAgency("kh", "KH Anti-Cybercrime Department (demo)", "KH", K.POLICE_UNIT),
    DemoAgency("la", "LA Economic Crime Department (demo)", "LA", K.POLICE_UNIT),
    DemoAgency("vn", "VN Cybersecurity Department (demo)", "VN", K.POLICE_UNIT),
    DemoAgency("ph", "PH Anti-Cybercrime Group (demo)", "PH", K.POLICE_UNIT),
    DemoAgency("sb", "SB Transnational Crime Unit (demo)", "SB", K.POLICE_UNIT),
    DemoAgency("fiu", "CN Financial Intelligence Unit (demo)", "CN", K.FINANCIAL_INTELLIGENCE_UNIT),
    DemoAgency("ca", "Regional Central Authority (demo)", "TH", K.CENTRAL_AUTHORITY),
    DemoAgency("ob", "Regional Oversight Board (demo)", "PH", K.OVERSIGHT_BODY),
    DemoAgency("ngo", "Anti-Trafficking Screening Network (demo)", "TH", K.NGO_SCREENING_SERVICE),
    DemoAgency("ti", "Regional Police Training Institute (demo)", "CN", K.TRAINING_INSTITUTE),
)

R = Role
USERS = (
    DemoUser("cn.investigator", "Li Wei", "cn", (R.INVESTIGATOR,)),
    DemoUser("cn.analyst", "Zhang Min", "cn", (R.ANALYST,)),
    DemoUser("cn.supervisor", "Chen Jie", "cn", (R.SUPERVISOR,)),
    DemoUser("cn.dna", "Wang Fang", "cn", (R.DNA_EXAMINER,)),
    DemoUser("cn.admin", "Liu Yang", "cn", (R.ADMINISTRATOR,)),
    DemoUser("th.liaison", "Somchai P.", "th", (R.LIAISON_OFFICER,)),
    DemoUser("th.supervisor", "Kanya R.", "th", (R.SUPERVISOR,)),
    DemoUser("cn.liaison", "Gao Yan", "cn", (R.LIAISON_OFFICER,)),
    DemoUser("mm.investigator", "Aung Kyaw", "mm", (R.INVESTIGATOR,)),
    DemoUser("th.investigator", "Nattapong S.", "th", (R.INVESTIGATOR,)),
    DemoUser("kh.investigator", "Sokha Chan", "kh", (R.INVESTIGATOR,)),
    DemoUser("la.investigator", "Khamla V.", "la", (R.INVESTIGATOR,)),
    DemoUser("vn.investigator", "Nguyen Van An", "vn", (R.INVESTIGATOR,)),
    DemoUser("ph.investigator", "Maria Santos", "ph", (R.INVESTIGATOR,)),
    DemoUser("sb.investigator", "John Tavake", "sb", (R.INVESTIGATOR,)),
    DemoUser("mm.admin", "Thida Win", "mm", (R.ADMINISTRATOR,)),
    DemoUser("fiu.analyst", "Zhou Lan", "fiu", (R.ANALYST,)),
    DemoUser("ca.officer", "Pim Ratana", "ca", (R.CENTRAL_AUTHORITY_OFFICER,)),
    DemoUser("ca.reviewer", "Ananya K.", "ca", (R.RIGHTS_REVIEWER,)),
    DemoUser("ca.reviewer2", "Ravi M.", "ca", (R.RIGHTS_REVIEWER,)),
    DemoUser("ngo.screener", "Mya Thandar", "ngo", (R.TRAFFICKING_SCREENER,)),
    DemoUser("ob.auditor", "Jose Reyes", "ob", (R.OVERSIGHT_AUDITOR,)),
    DemoUser("ti.trainer", "Huang Rui", "ti", (R.TRAINER,)),
    DemoUser("kh.trainee", "Dara Sok", "kh", (R.TRAINEE,)),
)

BULLETINS = (
    DemoBulletin(
        "cn",
        "cn.investigator",
        "Fake customs-parcel calls resume",
        "Callers pose as customs officers about a parcel with contraband, then transfer the "
        "victim to a fake police officer. Numbers rotate daily through VoIP gateways.",
        Tlp.GREEN,
    ),
    DemoBulletin(
        "th",
        "th.investigator",
        "Compound relocation near the border (restricted)",
        "Partner reports suggest a compound moved its call floors; details on request only.",
        Tlp.AMBER_STRICT,
    ),
    DemoBulletin(
        "ph",
        "ph.investigator",
        "Public advisory: task-scam job offers",
        "Messages offer paid 'liking' tasks, then demand deposits to unlock earnings.",
        Tlp.CLEAR,
    ),
)


def demo_totp_secret(username: str) -> str:
    """Deterministic so the demo codes can be shown; never used outside the demo world."""
    digest = hashlib.sha256(f"jointdesk-demo-totp:{username}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()
