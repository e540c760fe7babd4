"""STR index encoding (dna.md §6.2.1): allele dictionaries, genotype codes, keys, blocks, round trips."""

from __future__ import annotations

import numpy as np
import pytest

from jointdesk.dna.compute import DnaError, LocusCall, build_profile, compare, make_call
from jointdesk.dna.compute.profile import LocusStatus
from jointdesk.dna.index import (
    NOT_TYPED,
    OL_CODE,
    SINGLE,
    STAR_CODE,
    GenotypeBlock,
    IndexCapacityError,
    LocusAlleles,
    StrIndex,
    call_code,
    code_alleles,
)
from jointdesk.dna.index.block import encode_locus
from jointdesk.dna.index.encoding import code_slots, has_reserved
from jointdesk.dna.index.lookup import KeyIndex, genotype_key, genotype_keys, text_key, text_keys


def test_codes_are_lo_hi_with_reserved_tokens() -> None:
    alleles = LocusAlleles("TH01")
    assert call_code(make_call("TH01", "9.3,6"), alleles) == (0 << 8) | 1  # 9.3 got code 0, 6 code 1
    assert call_code(make_call("TH01", "6,9.3"), alleles) == (0 << 8) | 1
    assert (
        call_code(make_call("TH01", "6"), alleles) == call_code(make_call("TH01", "6,6"), alleles) == 0x0101
    )
    assert call_code(make_call("TH01", "6,OL"), alleles) == (1 << 8) | OL_CODE
    assert call_code(make_call("TH01", "*,*"), alleles) == (STAR_CODE << 8) | STAR_CODE
    assert call_code(make_call("TH01", "*"), alleles) == (STAR_CODE << 8) | SINGLE
    assert call_code(make_call("TH01", "OL"), alleles) == (OL_CODE << 8) | SINGLE
    assert call_code(make_call("TH01", "6,7,8"), alleles) is None
    assert call_code(make_call("TH01", ""), alleles) == NOT_TYPED
    assert call_code(LocusCall("TH01", status=LocusStatus.INCONCLUSIVE), alleles) == NOT_TYPED
    assert call_code(None, alleles) == NOT_TYPED


@pytest.mark.parametrize("cell", ["6,9.3", "9.3", "OL", "*", "*,*", "OL,*", "12,OL", "OL,OL"])
def test_decoded_calls_compare_like_the_originals(cell: str) -> None:
    alleles = LocusAlleles("TH01")
    original = make_call("TH01", cell)
    code = call_code(original, alleles)
    assert code is not None
    decoded = LocusCall("TH01", code_alleles(code, alleles))
    for other in ("6", "6,9.3", "9.3,10", "*", "OL,7", "5,*"):
        probe = make_call("TH01", other)
        for ol in (True, False):
            assert compare(original, probe, ol_as_wildcard=ol) == compare(decoded, probe, ol_as_wildcard=ol)
            assert compare(probe, original, ol_as_wildcard=ol) == compare(probe, decoded, ol_as_wildcard=ol)


def test_dictionary_capacity_and_labels() -> None:
    alleles = LocusAlleles("SE33")
    for repeat in range(1, 253):
        alleles.code(str(repeat))
    assert len(alleles) == 252 and alleles.label(OL_CODE) == "OL" and alleles.label(STAR_CODE) == "*"
    assert alleles.find("300") is None
    with pytest.raises(IndexCapacityError):
        alleles.code("300")


def test_slots_and_reserved_flags() -> None:
    codes = np.array(
        [0x0102, 0x0303, (OL_CODE << 8) | SINGLE, NOT_TYPED, (1 << 8) | STAR_CODE], dtype=np.uint16
    )
    slots, counts = code_slots(codes)
    assert slots.T.tolist() == [[1, 2], [3, 3], [OL_CODE, 0xFF], [0xFF, 0xFF], [1, STAR_CODE]]
    assert counts.tolist() == [2, 2, 1, 0, 2]
    assert has_reserved(codes).tolist() == [False, False, True, False, True]


def test_keys_agree_between_scalar_and_column_forms() -> None:
    refs = np.array([b"a", b"S0000001", b"profile-ref-\xc3\xa9"])
    assert [text_key(bytes(r)) for r in refs.tolist()] == text_keys(refs).tolist()
    assert text_key(b"a") == int(text_keys(np.array([b"a"], dtype="S40"))[0])  # width does not matter
    columns = [np.array([1, 2, 3], dtype=np.uint16), np.array([4, 5, NOT_TYPED], dtype=np.uint16)]
    keys = genotype_keys(columns)
    assert len(set(keys.tolist())) == 3
    assert [genotype_key([int(c[i]) for c in columns]) for i in range(3)] == keys.tolist()


def test_key_index_sorted_part_tail_and_merge() -> None:
    index = KeyIndex()
    index.add(np.arange(1000, dtype=np.uint64), np.arange(1000, dtype=np.uint32))
    for row in range(1000, 1010):
        index.add(np.array([7], dtype=np.uint64), np.array([row], dtype=np.uint32))
    assert sorted(index.find(7).tolist()) == [7, *range(1000, 1010)]
    assert sorted(index.find_many(np.array([3, 7, 5000], dtype=np.uint64)).tolist()) == [
        3,
        7,
        *range(1000, 1010),
    ]
    assert index.members(np.array([3, 5000], dtype=np.uint64)).tolist() == [True, False]
    assert len(index) == 1010


def test_block_validation_and_encoding() -> None:
    refs = np.array([b"a", b"b"])
    first = np.array([[0, -1]], dtype=np.int16).repeat(2, axis=0)
    second = np.array([[2, -1]], dtype=np.int16).repeat(2, axis=0)
    block = GenotypeBlock(
        refs,
        ("offender",),
        np.zeros(2, np.uint8),
        ("TH01", "FGA"),
        (("6", "7", "OL"), ("20",)),
        first,
        second,
    )
    alleles = LocusAlleles("TH01")
    assert encode_locus(block, 0, alleles).tolist() == [(0 << 8) | OL_CODE] * 2
    assert encode_locus(block, 1, LocusAlleles("FGA")).tolist() == [NOT_TYPED] * 2
    with pytest.raises(DnaError, match="canonical"):
        GenotypeBlock(refs, ("x",), np.zeros(2, np.uint8), ("THO1", "FGA"), (("6",), ("20",)), first, second)
    with pytest.raises(DnaError, match="canonical designations"):
        GenotypeBlock(refs, ("x",), np.zeros(2, np.uint8), ("TH01", "FGA"), (("06",), ("20",)), first, second)
    with pytest.raises(DnaError, match="one reference"):
        GenotypeBlock(
            refs[:1], ("x",), np.zeros(2, np.uint8), ("TH01", "FGA"), (("6",), ("20",)), first, second
        )


def test_profile_round_trip_through_the_index() -> None:
    index = StrIndex()
    single = build_profile("a", {"TH01": "6,OL", "FGA": "*", "vWA": "", "D21S11": "28,31.2"})
    odd = build_profile("b", {"TH01": "6,7,9.3", "FGA": "20"})
    mixture = build_profile("m", {"TH01": "6,7,8,9"}, mixture=True)
    for ref, profile in (("a", single), ("b", odd), ("m", mixture)):
        index.add(ref, profile, "offender")
    back = index.profile("a")
    assert set(back.loci) == {"TH01", "FGA", "D21S11"} and back.loci["FGA"].alleles == ("*",)
    assert back.loci["TH01"].alleles == ("6", "OL") and back.specimen_category == "offender"
    assert index.profile("b").loci["TH01"].alleles == ("6", "7", "9.3")
    assert index.profile("m").mixture
    with pytest.raises(KeyError):
        index.profile("zzz")
