"""Property tests: every exporter round-trips, import(export(p)) == p, over generated profiles."""

from __future__ import annotations

import codecs
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointdesk.dna.compute import (
    WILDCARD,
    LocusCall,
    LocusStatus,
    Profile,
    PrumProfile,
)
from jointdesk.dna.compute.loci import AUTOSOMAL_LOCI
from jointdesk.dna.compute.prum import PRUM_EXPORT_LOCI
from jointdesk.dna.formats import (
    CMF_CATEGORIES,
    DEFAULT_CMF_VALUE,
    CmfHeader,
    LocusProvenance,
    PrumHeader,
    PrumProfileType,
    PrumRecord,
    SampleMeta,
    export_cmf,
    export_genemapper_long,
    export_genemapper_wide,
    export_lrmix,
    import_cmf,
    import_genemapper,
    import_lrmix,
    prum_record,
    read_prum,
    write_prum,
)

# No L, O or G: generated ids can never look like "ladder", "pos ctrl", "neg k" or "blank".
ID_ALPHABET = "ABCDEFHJKMNPQRSTUVWXYZ0123456789-_.Å"
TEXT_ALPHABET = "abcdefghijklmnopqrstuvwxyz ABC0123456789,.-/#&<>'\"é中"
LINEAGE = ("DYS391", "DYS19", "DYS385", "Yindel")

DESIGNATED = [*(str(n) for n in range(2, 42)), *(f"{n}.{d}" for n in range(5, 35, 3) for d in (1, 2, 3))]
designated = st.sampled_from(DESIGNATED)
allele = st.sampled_from([*DESIGNATED, "1", "99", "OL", WILDCARD])
sample_ids = st.text(ID_ALPHABET, min_size=1, max_size=12).map(lambda s: "S" + s)
# Generation of nested profiles is slow on a loaded runner; neither a deadline nor the speed check applies.
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
xml_text = st.text(TEXT_ALPHABET, min_size=1, max_size=20).map(str.strip).filter(bool)


@st.composite
def calls(draw: st.DrawFn, locus: str, *, max_alleles: int, distinct: bool, not_typed: bool) -> LocusCall:
    if not_typed and draw(st.integers(0, 5)) == 0:
        return LocusCall(locus, status=LocusStatus.NOT_TYPED, raw_name=locus)
    maker = st.lists(allele, min_size=1, max_size=max_alleles, unique=distinct)
    alleles = tuple(draw(maker))
    return LocusCall(locus, alleles, raw_name=locus)


@st.composite
def profiles(
    draw: st.DrawFn, ref: str, *, max_alleles: int = 6, distinct: bool = False, not_typed: bool = True
) -> Profile:
    names = draw(st.lists(st.sampled_from(AUTOSOMAL_LOCI), min_size=1, max_size=10, unique=True))
    loci = {
        name: draw(calls(name, max_alleles=max_alleles, distinct=distinct, not_typed=not_typed))
        for name in names
    }
    amel = tuple(draw(st.lists(st.sampled_from("XY"), max_size=2, unique=distinct)))
    lineage_names = draw(st.lists(st.sampled_from(LINEAGE), max_size=2, unique=True))
    lineage = {
        n: tuple(draw(st.lists(designated, min_size=1, max_size=2, unique=distinct))) for n in lineage_names
    }
    return Profile(ref, loci, amel=amel, lineage_markers=lineage)


@st.composite
def profile_lists(draw: st.DrawFn, max_alleles: int = 6) -> list[Profile]:
    refs = draw(st.lists(sample_ids, min_size=1, max_size=3, unique=True))
    return [draw(profiles(ref, max_alleles=max_alleles)) for ref in refs]


@FAST
@given(profile_lists())
def test_lrmix_round_trip(items: list[Profile]) -> None:
    result = import_lrmix(export_lrmix(items))
    assert result.ok and result.profiles == tuple(items)
    assert [result.meta[p.profile_ref].sample_id for p in items] == [p.profile_ref for p in items]


@FAST
@given(profile_lists())
def test_genemapper_long_round_trip(items: list[Profile]) -> None:
    result = import_genemapper(export_genemapper_long(items))
    assert result.ok and not result.skipped and result.profiles == tuple(items)


def _with_columns(profile: Profile, columns: set[str]) -> Profile:
    filled = {name: LocusCall(name, status=LocusStatus.NOT_TYPED, raw_name=name) for name in columns}
    return Profile(profile.profile_ref, {**filled, **profile.loci}, profile.amel, profile.lineage_markers)


@FAST
@given(profile_lists())
def test_genemapper_wide_round_trip(items: list[Profile]) -> None:
    result = import_genemapper(export_genemapper_wide(items))
    columns = {name for p in items for name in p.loci}
    assert result.ok and result.profiles == tuple(_with_columns(p, columns) for p in items)
    if len(items) == 1:
        assert result.profiles == tuple(items)


ENCODINGS: list[Callable[[str], bytes]] = [
    lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: text.encode("utf-16"),
    lambda text: text.replace("\n", "\r").encode("utf-8"),
]


@FAST
@given(profile_lists(), st.sampled_from(ENCODINGS))
def test_bom_crlf_and_utf16_do_not_change_the_result(
    items: list[Profile], encode: Callable[[str], bytes]
) -> None:
    assert import_lrmix(encode(export_lrmix(items))).profiles == tuple(items)
    assert import_genemapper(encode(export_genemapper_long(items))).profiles == tuple(items)


PROVENANCE = st.builds(
    LocusProvenance,
    reading_by=st.sampled_from(["analyst01", "a.b-2"]),
    reading_at=st.sampled_from(["2024-05-01T10:00:00", "2023-12-31T23:59:59"]),
    batch_id=st.none() | st.sampled_from(["B-17", "run <3> & 'x'"]),
    kit=st.none() | st.sampled_from(["Identifiler", "GlobalFiler", "PowerPlex Fusion 6C"]),
)
HEADER = CmfHeader("XX0000000", "XXLAB0001", "analyst01", "2024-05-02T09:30:00")
RAW_BY_CATEGORY = {
    c: sorted(raw for raw, (m, _) in CMF_CATEGORIES.items() if m == c) for c in DEFAULT_CMF_VALUE
}


@st.composite
def cmf_items(draw: st.DrawFn, ref: str) -> tuple[Profile, SampleMeta]:
    base = draw(profiles(ref, max_alleles=8, distinct=True, not_typed=False))
    category = draw(st.sampled_from(sorted(DEFAULT_CMF_VALUE)))
    loci = {}
    for name, call in base.loci.items():
        required = draw(st.sets(st.sampled_from(call.alleles)))
        loci[name] = LocusCall(name, call.alleles, required=frozenset(required), raw_name=name)
    profile = Profile(ref, loci, base.amel, base.lineage_markers, category == "forensic_mixture", category)
    keys = [*loci, *(["AMEL"] if base.amel else []), *base.lineage_markers]
    meta = SampleMeta(
        sample_id=ref,
        raw_category=draw(st.sampled_from(RAW_BY_CATEGORY[category])),
        identified=CMF_CATEGORIES[RAW_BY_CATEGORY[category][0]][1],
        case_id=draw(st.none() | xml_text),
        source_id=draw(st.none() | st.sampled_from(["Yes", "No", "N/A"])),
        partial=draw(st.none() | st.booleans()),
        comment=draw(st.none() | xml_text),
        loci={key: draw(PROVENANCE) for key in keys},
    )
    return profile, meta


@FAST
@given(
    st.lists(sample_ids.map(lambda s: s[:24]), min_size=1, max_size=4, unique=True).flatmap(
        lambda refs: st.tuples(*(cmf_items(ref) for ref in refs))
    )
)
def test_cmf_round_trip_with_meta(items: tuple[tuple[Profile, SampleMeta], ...]) -> None:
    profiles_in = [profile for profile, _ in items]
    meta_in = {meta.sample_id: meta for _, meta in items}
    result = import_cmf(export_cmf(profiles_in, HEADER, meta=meta_in))
    assert result.ok, result.errors
    assert result.profiles == tuple(profiles_in)
    assert dict(result.meta) == meta_in


PRUM_HEADER = PrumHeader("NL", "REQ-1", "2024-05-02T09:30:00Z")
prum_values = st.sampled_from([*DESIGNATED, WILDCARD])


@st.composite
def prum_records(draw: st.DrawFn, ref: str) -> PrumRecord:
    names = draw(st.lists(st.sampled_from(sorted(PRUM_EXPORT_LOCI)), max_size=12, unique=True))
    loci = {name: (draw(prum_values), draw(prum_values)) for name in names}
    amel = tuple(draw(st.lists(st.sampled_from("XY"), max_size=2)))
    return PrumRecord(PrumProfile(ref, loci, amel), draw(st.sampled_from(PrumProfileType)))


@FAST
@given(
    st.lists(sample_ids, min_size=1, max_size=4, unique=True).flatmap(
        lambda refs: st.tuples(*(prum_records(ref) for ref in refs))
    )
)
def test_prum_round_trip(records: tuple[PrumRecord, ...]) -> None:
    result = read_prum(write_prum(records, PRUM_HEADER))
    assert result.ok and result.profiles == records


@FAST
@given(profile_lists(max_alleles=3), st.sampled_from(["offender", "arrestee", "forensic_unknown"]))
def test_prum_round_trip_from_profiles(items: list[Profile], category: str) -> None:
    records = [prum_record(Profile(p.profile_ref, p.loci, p.amel, specimen_category=category)) for p in items]
    assert read_prum(write_prum(records, PRUM_HEADER)).profiles == tuple(records)
