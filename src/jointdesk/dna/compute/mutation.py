"""STR mutation matrices (dna.md §4.6). Row = parental allele, column = transmitted allele.

Models: ``equal`` (M_ii = 1-μ, M_ij = μ/(n-1)); ``proportional`` (a = μ/Σp_k(1-p_k),
M_ij = (1-a)δ_ij + a·p_j, rejected if an entry exceeds 1); ``stepwise`` (alleles grouped by decimal part;
in-group μ split ∝ range^|step|, cross-group μ₂ split equally, diagonal 1-μ-μ₂); ``onestep`` (μ split
between the alleles one repeat away); ``custom`` (rows must sum to 1). Separate male/female rates are two
matrices. A rate share with no target allele stays on the diagonal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from jointdesk.dna.compute.alleles import is_designated, repeat_parts
from jointdesk.dna.compute.errors import DnaError

ROW_TOLERANCE = 1e-9


class MutationModel(StrEnum):
    """Mutation model names (§4.6)."""

    EQUAL = "equal"
    PROPORTIONAL = "proportional"
    STEPWISE = "stepwise"
    ONESTEP = "onestep"
    CUSTOM = "custom"


@dataclass(frozen=True)
class MutationMatrix:
    """A validated stochastic matrix over ``alleles``."""

    model: MutationModel
    alleles: tuple[str, ...]
    rows: tuple[tuple[float, ...], ...]

    def __post_init__(self) -> None:
        size = len(self.alleles)
        if len(set(self.alleles)) != size or len(self.rows) != size or any(len(r) != size for r in self.rows):
            raise DnaError("mutation matrix must be square over distinct alleles")
        for allele, row in zip(self.alleles, self.rows, strict=True):
            if any(not 0.0 <= entry <= 1.0 for entry in row):
                raise DnaError(f"mutation matrix row {allele}: entries must lie in [0, 1]")
            if abs(math.fsum(row) - 1.0) > ROW_TOLERANCE:
                raise DnaError(f"mutation matrix row {allele}: sums to {math.fsum(row)}, not 1")

    @cached_property
    def index(self) -> dict[str, int]:
        """Position of each allele in the matrix."""
        return {allele: i for i, allele in enumerate(self.alleles)}

    def probability(self, parent: str, child: str) -> float:
        """P(transmitted allele = ``child`` | parental allele = ``parent``)."""
        index = self.index
        if parent not in index or child not in index:
            missing = parent if parent not in index else child
            raise DnaError(f"allele {missing!r} is not in the mutation model's allele space")
        return self.rows[index[parent]][index[child]]

    def transmit(self, distribution: Mapping[str, float]) -> dict[str, float]:
        """Push a distribution over parental alleles through the matrix (row vector x M)."""
        result = dict.fromkeys(self.alleles, 0.0)
        for parent, weight in distribution.items():
            if weight:
                for child in self.alleles:
                    result[child] += weight * self.probability(parent, child)
        return result


def _check_rate(rate: float, name: str = "rate") -> None:
    if not 0.0 <= rate <= 1.0:
        raise DnaError(f"mutation {name} must be in [0, 1], got {rate}")


def equal_model(alleles: Sequence[str], rate: float) -> MutationMatrix:
    """``equal``: M_ii = 1-μ, M_ij = μ/(n-1) (§4.6)."""
    _check_rate(rate)
    n = len(alleles)
    off = rate / (n - 1) if n > 1 else 0.0
    rows = tuple(tuple((1.0 - rate if n > 1 else 1.0) if i == j else off for j in range(n)) for i in range(n))
    return MutationMatrix(MutationModel.EQUAL, tuple(alleles), rows)


def proportional_model(freqs: Mapping[str, float], rate: float) -> MutationMatrix:
    """``proportional``: a = μ/Σ p_k(1-p_k), M_ij = (1-a)δ_ij + a·p_j; frequencies must sum to 1 (§4.6)."""
    _check_rate(rate)
    if abs(math.fsum(freqs.values()) - 1.0) > 1e-6:
        raise DnaError("proportional mutation model needs frequencies summing to 1")
    alleles = tuple(freqs)
    heterozygosity = math.fsum(p * (1.0 - p) for p in freqs.values())
    alpha = rate / heterozygosity if heterozygosity > 0 else 0.0
    rows = tuple(tuple((1.0 - alpha) * (a == b) + alpha * freqs[b] for b in alleles) for a in alleles)
    if any(entry > 1.0 or entry < 0.0 for row in rows for entry in row):
        raise DnaError(f"proportional model undefined for rate {rate}: an entry leaves [0, 1]")
    return MutationMatrix(MutationModel.PROPORTIONAL, alleles, rows)


def _designated_parts(alleles: Sequence[str], model: str) -> list[tuple[int, int]]:
    if not all(is_designated(a) for a in alleles):
        raise DnaError(f"{model} mutation model needs repeat designations (no OL, wildcard or bins)")
    return [repeat_parts(a) for a in alleles]


def _stepwise_row(
    i: int, parts: list[tuple[int, int]], rate: float, rate2: float, step_range: float
) -> list[float]:
    whole, fraction = parts[i]
    same = [j for j, p in enumerate(parts) if j != i and p[1] == fraction]
    other = [j for j, p in enumerate(parts) if p[1] != fraction]
    weights = {j: step_range ** abs(parts[j][0] - whole) for j in same}
    total = math.fsum(weights.values())
    row = [0.0] * len(parts)
    for j in same:
        row[j] = rate * weights[j] / total
    for j in other:
        row[j] = rate2 / len(other)
    row[i] = 1.0 - (rate if same else 0.0) - (rate2 if other else 0.0)
    return row


def stepwise_model(alleles: Sequence[str], rate: float, rate2: float, step_range: float) -> MutationMatrix:
    """``stepwise``: groups by decimal part, in-group μ ∝ range^|step|, cross-group μ₂ equally (§4.6)."""
    _check_rate(rate)
    _check_rate(rate2, "rate2")
    if rate + rate2 > 1.0 or step_range <= 0:
        raise DnaError("stepwise model needs rate + rate2 <= 1 and range > 0")
    parts = _designated_parts(alleles, "stepwise")
    rows = tuple(tuple(_stepwise_row(i, parts, rate, rate2, step_range)) for i in range(len(parts)))
    return MutationMatrix(MutationModel.STEPWISE, tuple(alleles), rows)


def onestep_model(alleles: Sequence[str], rate: float) -> MutationMatrix:
    """``onestep``: μ split between the alleles exactly one repeat away (same decimal part) (§4.6)."""
    _check_rate(rate)
    parts = _designated_parts(alleles, "onestep")
    rows: list[tuple[float, ...]] = []
    for i, (whole, fraction) in enumerate(parts):
        near = [j for j, (w, f) in enumerate(parts) if f == fraction and abs(w - whole) == 1]
        row = [rate / len(near) if j in near else 0.0 for j in range(len(parts))]
        row[i] = 1.0 - rate if near else 1.0
        rows.append(tuple(row))
    return MutationMatrix(MutationModel.ONESTEP, tuple(alleles), tuple(rows))


def custom_model(alleles: Sequence[str], rows: Sequence[Sequence[float]]) -> MutationMatrix:
    """``custom``: a user matrix; rows must sum to 1 (§4.6)."""
    return MutationMatrix(
        MutationModel.CUSTOM, tuple(alleles), tuple(tuple(float(x) for x in r) for r in rows)
    )


@dataclass(frozen=True)
class MutationSpec:
    """Configuration of a mutation model, built per locus by :meth:`build` (§4.6)."""

    model: MutationModel
    rate: float
    rate2: float = 0.0
    step_range: float = 0.1

    def build(self, freqs: Mapping[str, float]) -> MutationMatrix:
        """The matrix over the alleles of ``freqs`` (bins dropped, frequencies renormalised)."""
        space = {a: p for a, p in freqs.items() if is_designated(a)}
        total = math.fsum(space.values())
        normalised = {a: p / total for a, p in space.items()}
        if self.model is MutationModel.EQUAL:
            return equal_model(tuple(normalised), self.rate)
        if self.model is MutationModel.PROPORTIONAL:
            return proportional_model(normalised, self.rate)
        if self.model is MutationModel.STEPWISE:
            return stepwise_model(tuple(normalised), self.rate, self.rate2, self.step_range)
        if self.model is MutationModel.ONESTEP:
            return onestep_model(tuple(normalised), self.rate)
        raise DnaError("a custom mutation model is given as a matrix, not a spec")


#: Default model for parent-child LRs: mutation is on by default (§4.6; a config value, recorded per result).
DEFAULT_MUTATION = MutationSpec(MutationModel.EQUAL, rate=0.001)
