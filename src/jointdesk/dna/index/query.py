"""Per-query lookup tables for the vectorised matchers (CODIS-style and Prüm-style).

A query locus becomes a handful of small tables over allele ids: which ids the query holds (as a set and
as a pair multiset), which are required, and per-locus counts. Ids are the locus's allele codes
(0..255) plus ids from 256 for query alleles the index has never seen (and, with a microvariant
equivalence table, for representatives outside the dictionary). The tables reproduce the inputs of
:func:`jointdesk.dna.compute.matching.compare` and :func:`jointdesk.dna.compute.prum.compare_pair`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
import numpy.typing as npt

from jointdesk.dna.compute.alleles import OFF_LADDER, WILDCARD, is_designated, repeat_parts
from jointdesk.dna.compute.codis import CodisPolicy
from jointdesk.dna.compute.matching import Stringency
from jointdesk.dna.compute.profile import LocusCall, Profile
from jointdesk.dna.compute.prum import PrumPolicy, PrumProfile
from jointdesk.dna.index.encoding import (
    CODE_SPACE,
    I16,
    OL_CODE,
    STAR_CODE,
    U8,
    U16,
    Array,
    Bool,
    LocusAlleles,
)

I32 = npt.NDArray[np.int32]

#: Allele ids: dictionary codes 0..255, then ids for unseen query alleles and representatives.
ID_SPACE = 512
#: Outcome classes accepted per stringency: identical, subset, overlap, incompatible.
ACCEPTED: Mapping[Stringency, tuple[bool, bool, bool, bool]] = {
    Stringency.HIGH: (True, False, False, False),
    Stringency.MODERATE: (True, True, False, False),
    Stringency.LOW: (True, True, True, False),
}


_ACCEPTED_ARRAYS = {level: np.array(flags, dtype=np.bool_) for level, flags in ACCEPTED.items()}


class _Ids:
    """Allele string → id for one locus: dictionary codes first, fresh ids from 256."""

    def __init__(self, alleles: LocusAlleles) -> None:
        self.alleles = alleles
        self.extra: dict[str, int] = {}

    def of(self, allele: str) -> int:
        code = self.alleles.find(allele)
        if code is not None:
            return code
        if allele not in self.extra:
            self.extra[allele] = CODE_SPACE + len(self.extra)
            if self.extra[allele] >= ID_SPACE - 1:
                raise ValueError("too many unseen alleles in one query locus")
        return self.extra[allele]


#: Rows of :attr:`CodisQuery.fields`.
T_SIZE, T_WILD, T_CONC_PAIR, T_WILD_PAIR, LEN_T, REQ_N, T_STAR, T_OL = range(8)


@dataclass(frozen=True)
class _Entry:
    """One query locus: ids in the query set, pair counts by id, required codes, fields, remap."""

    in_t: tuple[int, ...]
    t_cnt: tuple[tuple[int, int], ...]
    req: tuple[int, ...]
    fields: tuple[int, ...]
    key_code: int | None
    remap: tuple[tuple[int, int], ...] = ()
    digest: int = field(default=0, compare=False, repr=False)

    def __post_init__(self) -> None:
        content = (self.in_t, self.t_cnt, self.req, self.fields, self.key_code, self.remap)
        object.__setattr__(self, "digest", hash(content))

    def __hash__(self) -> int:  # computed once: entries key the per-index state cache
        return self.digest


def _wild_strings(policy: CodisPolicy) -> frozenset[str]:
    return frozenset({WILDCARD, OFF_LADDER}) if policy.ol_as_wildcard else frozenset({WILDCARD})


def _representative(policy: CodisPolicy, locus: str, allele: str) -> str:
    return allele if policy.equivalences is None else policy.equivalences.representative(locus, allele)


def _entry(policy: CodisPolicy, call: LocusCall, ids: _Ids) -> _Entry:
    wild = _wild_strings(policy)
    mapped = [_representative(policy, call.locus, allele) for allele in call.alleles]
    concrete = {allele for allele in mapped if allele not in wild}
    pair = mapped * 2 if len(mapped) == 1 else mapped
    counted = Counter(a for a in pair if a not in wild)
    required = call.required if policy.enforce_required else frozenset()
    codes = [ids.alleles.find(allele) for allele in required]
    wild_pair = sum(1 for a in pair if a in wild)
    fields = (
        len(concrete),
        sum(1 for a in mapped if a in wild),
        len(pair) - wild_pair,
        wild_pair,
        len(pair),
        len(required),
        int(WILDCARD in call.alleles),
        int(OFF_LADDER in call.alleles),
    )
    # Sorted: a call reported as "14,12" is the same entry (and cache key) as "12,14".
    return _Entry(
        in_t=tuple(sorted(ids.of(allele) for allele in concrete)),
        t_cnt=tuple(sorted((ids.of(allele), min(count, 255)) for allele, count in counted.items())),
        req=tuple(sorted(code for code in codes if code is not None)),
        fields=fields,
        key_code=find_call_code(call, ids.alleles),
        remap=_remap(policy, ids) if policy.equivalences is not None else (),
    )


@lru_cache(maxsize=1 << 15)
def _plain_entry(
    alleles: LocusAlleles, size: int, call: LocusCall, ol_as_wildcard: bool, enforce: bool
) -> _Entry:
    """:func:`_entry` without an equivalence table, cached (``size`` keys the dictionary's growth)."""
    del size
    policy = CodisPolicy(ol_as_wildcard=ol_as_wildcard, enforce_required=enforce)
    return _entry(policy, call, _Ids(alleles))


def _remap(policy: CodisPolicy, ids: _Ids) -> tuple[tuple[int, int], ...]:
    codes = [*range(len(ids.alleles)), OL_CODE, STAR_CODE]
    label = ids.alleles.label
    return tuple((code, ids.of(_representative(policy, ids.alleles.locus, label(code)))) for code in codes)


def locus_entry(policy: CodisPolicy, call: LocusCall, alleles: LocusAlleles) -> _Entry:
    """The lookup entry of one query call (cached for plain policies)."""
    if policy.equivalences is not None:
        return _entry(policy, call, _Ids(alleles))
    return _plain_entry(alleles, len(alleles), call, policy.ol_as_wildcard, policy.enforce_required)


def find_call_code(call: LocusCall, alleles: LocusAlleles) -> int | None:
    """Genotype code of a two-allele designated call if all its alleles are indexed, else ``None``."""
    codes = [alleles.find(allele) for allele in call.alleles]
    if len(codes) > 2 or any(code is None or code >= OL_CODE for code in codes):
        return None
    known = [code for code in codes if code is not None]
    return (min(known) << 8) | max(known)


def _flat(size: int, dtype: type[np.generic], where: list[int], values: list[int] | None = None) -> Array:
    table = np.zeros(size, dtype=dtype)
    table[where] = True if values is None else values
    return table


def _offset(stride: int, items: list[tuple[int, ...]]) -> list[int]:
    return [j * stride + item for j, row in enumerate(items) for item in row]


def _pairs(stride: int, items: list[tuple[tuple[int, int], ...]]) -> tuple[list[int], list[int]]:
    where = [j * stride + item[0] for j, row in enumerate(items) for item in row]
    return where, [item[1] for row in items for item in row]


@dataclass(frozen=True)
class CodisQuery:
    """Tables of one CODIS-style query. Per-locus tables are flat: entry ``j * ID_SPACE + id`` (or
    ``j * CODE_SPACE + code``) belongs to ``loci[j]``; ``fields[f, j]`` holds the per-locus counts.
    The comparison tables are built on first use: a query whose states all come from the index's cache
    never needs them."""

    policy: CodisPolicy
    loci: tuple[str, ...]
    mixture: bool
    remap: I16 | None
    entries: tuple[_Entry, ...]
    key_codes: tuple[int | None, ...]
    cache_keys: tuple[Hashable, ...] | None
    plain_codes: U16 | None

    @property
    def accepted(self) -> Bool:
        """Outcome classes that pass at the policy's stringency, indexed by outcome."""
        return _ACCEPTED_ARRAYS[self.policy.stringency]

    @cached_property
    def wild_id(self) -> Bool:
        """Allele ids that act as wildcards (``*``, and ``OL`` if the policy says so)."""
        wild = np.zeros(ID_SPACE, dtype=np.bool_)
        wild[STAR_CODE] = True
        wild[OL_CODE] = self.policy.ol_as_wildcard
        return wild

    @cached_property
    def wild_raw(self) -> Bool:
        """:attr:`wild_id` over raw allele codes."""
        return self.wild_id[:CODE_SPACE].copy()

    @cached_property
    def in_t(self) -> Bool:
        """Ids in the query set, per locus."""
        return _flat(self._size * ID_SPACE, np.bool_, _offset(ID_SPACE, [e.in_t for e in self.entries]))

    @cached_property
    def t_cnt(self) -> U8:
        """Multiplicity of each id in the query pair, per locus."""
        return _flat(self._size * ID_SPACE, np.uint8, *_pairs(ID_SPACE, [e.t_cnt for e in self.entries]))

    @cached_property
    def req(self) -> Bool:
        """Required allele codes, per locus."""
        return _flat(self._size * CODE_SPACE, np.bool_, _offset(CODE_SPACE, [e.req for e in self.entries]))

    @cached_property
    def fields(self) -> I32:
        """Per-locus counts ``(8, loci)`` (rows named below)."""
        values = np.array([entry.fields for entry in self.entries], dtype=np.int32)
        return values.reshape(self._size, 8).T.copy()

    @property
    def _size(self) -> int:
        return len(self.entries)


def codis_query(
    profile: Profile, policy: CodisPolicy, dictionaries: Mapping[str, LocusAlleles]
) -> CodisQuery:
    """Tables for a CODIS-style search with ``profile`` as the target T."""
    calls = [call for locus, call in profile.loci.items() if call.is_typed and locus in dictionaries]
    size = len(calls)
    entries = [locus_entry(policy, call, dictionaries[call.locus]) for call in calls]
    remap = None
    if policy.equivalences is not None:
        remap = np.full(size * CODE_SPACE, ID_SPACE - 1, dtype=np.int16)
        where, values = _pairs(CODE_SPACE, [entry.remap for entry in entries])
        remap[where] = values
    return CodisQuery(
        policy=policy,
        loci=tuple(call.locus for call in calls),
        mixture=profile.mixture,
        remap=remap,
        entries=tuple(entries),
        key_codes=tuple(entry.key_code for entry in entries),
        cache_keys=None if remap is not None else tuple((policy.ol_as_wildcard, entry) for entry in entries),
        plain_codes=_plain_codes(entries) if remap is None else None,
    )


def _plain_codes(entries: list[_Entry]) -> U16 | None:
    """Genotype codes of a query whose every locus is a plain call of indexed designated alleles."""
    codes = [entry.key_code for entry in entries]
    return None if None in codes else np.array(codes, dtype=np.uint16)


@dataclass(frozen=True)
class PrumQuery:
    """Tables of one Prüm-style query: the query pair per locus as ids (``pairs[0|1, j]``), full
    designation per locus and, if the policy has microvariant rules, whole repeats per id (flat)."""

    policy: PrumPolicy
    loci: tuple[str, ...]
    pairs: Array
    full: Bool
    whole: I16 | None
    cache_keys: tuple[Hashable, ...]

    @property
    def n_full(self) -> int:
        """Fully designated query loci (an upper bound on the common fully designated loci)."""
        return int(self.full.sum())


def _whole(allele: str) -> int:
    return repeat_parts(allele)[0] if is_designated(allele) else -1


def _fill_whole(whole: I16, j: int, ids: _Ids) -> None:
    base = j * ID_SPACE
    for code in range(len(ids.alleles)):
        whole[base + code] = _whole(ids.alleles.label(code))
    for allele, code in ids.extra.items():
        whole[base + code] = _whole(allele)


def prum_query(
    profile: PrumProfile,
    policy: PrumPolicy,
    dictionaries: Mapping[str, LocusAlleles],
    exported: frozenset[str],
) -> PrumQuery:
    """Tables for a Prüm-style search (query loci limited to indexed, exportable loci)."""
    loci = tuple(locus for locus in profile.loci if locus in dictionaries and locus in exported)
    pairs = np.zeros((2, len(loci)), dtype=np.intp)
    ruled = {rule.locus for rule in policy.microvariant_rules}
    whole = np.full(len(loci) * ID_SPACE, -1, dtype=np.int16) if ruled else None
    for j, locus in enumerate(loci):
        ids = _Ids(dictionaries[locus])
        pairs[:, j] = [ids.of(value) for value in profile.loci[locus]]
        if whole is not None and locus in ruled:
            _fill_whole(whole, j, ids)
    full = np.array([WILDCARD not in profile.loci[locus] for locus in loci], dtype=np.bool_)
    keys = tuple(("prum", tuple(profile.loci[locus]), locus in ruled) for locus in loci)
    return PrumQuery(policy=policy, loci=loci, pairs=pairs, full=full, whole=whole, cache_keys=keys)
