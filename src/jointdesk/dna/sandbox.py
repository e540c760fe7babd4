"""Training sandbox: synthetic profiles and a worked case, kept apart from real data (``sandbox``
rows are never searched with real ones, never exchanged, and need only the sandbox permission)."""

from __future__ import annotations

import random
from collections.abc import Mapping

from jointdesk import audit
from jointdesk.authz import Permission, Principal, Tlp, ensure
from jointdesk.db.uow import UnitOfWork
from jointdesk.dna.compute import CODIS_20, load_frequency_table
from jointdesk.dna.events import DnaEvent
from jointdesk.dna.rules import Category
from jointdesk.dna.schemas import CreateProfile
from jointdesk.dna.service import create_profile

EXERCISE_LOCI = 13  # the stain keeps the first 13 loci: a partial, degraded sample


def _draw(freqs: Mapping[str, float], rng: random.Random) -> str:
    alleles, weights = zip(*sorted(freqs.items()), strict=True)
    first, second = rng.choices(alleles, weights=weights, k=2)
    return f"{first},{second}"


def synthetic_loci(rng: random.Random) -> dict[str, str]:
    table = load_frequency_table()
    return {locus: _draw(table.loci[locus], rng) for locus in CODIS_20.loci if locus in table.loci}


def build_exercise(
    uow: UnitOfWork, principal: Principal, *, size: int = 50, seed: int = 2026
) -> dict[str, object]:
    """``size`` synthetic offender profiles, one of which left a partial stain at a scene."""
    ensure(principal, Permission.DNA_SANDBOX_USE)
    rng = random.Random(seed)  # noqa: S311 - synthetic training data, not cryptography
    offenders = [synthetic_loci(rng) for _ in range(size)]
    culprit = rng.randrange(size)
    refs = []
    for loci in offenders:
        cmd = CreateProfile(
            specimen_category=Category.OFFENDER, loci=loci, legal_basis="training", tlp=Tlp.RED, sandbox=True
        )
        refs.append(create_profile(uow, principal, cmd=cmd).profile_ref)
    stain_loci = dict(list(offenders[culprit].items())[:EXERCISE_LOCI])
    stain_cmd = CreateProfile(
        specimen_category=Category.FORENSIC_UNKNOWN,
        loci=stain_loci,
        legal_basis="training",
        case_ref="EXERCISE-1",
        sandbox=True,
    )
    stain = create_profile(uow, principal, cmd=stain_cmd)
    audit.record(uow, principal, DnaEvent.PROFILES_IMPORTED, fields={"count": size + 1, "sandbox": True})
    return {
        "stain_id": str(stain.id),
        "stain_ref": stain.profile_ref,
        "offenders": size,
        "answer_ref": refs[culprit],
    }
