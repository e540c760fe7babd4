"""``jointdesk dna``: statistics, kinship, search and import from the command line."""

from __future__ import annotations

from pathlib import Path

import typer

from jointdesk import dna
from jointdesk.authz import Principal
from jointdesk.cli.common import agency_id_by_ref, console, emit, unit_of_work
from jointdesk.dna.compute import (
    RELATIONSHIPS,
    DnaError,
    FrequencyTable,
    Profile,
    RmpMethod,
    build_profile,
    kinship_lr,
    load_frequency_table,
    profile_rmp,
)
from jointdesk.dna.compute.table_import import read_table_csv

app = typer.Typer(help="Forensic DNA: statistics, kinship, search, import.", no_args_is_help=True)
SYSTEM = Principal.system("cli")
ALLELES_HELP = "Loci as 'LOCUS=a,b;LOCUS=a,b', e.g. 'D8S1179=13,14;TH01=6,9.3'."


def parse_profile(text: str, ref: str = "cli") -> Profile:
    rows: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, sep, alleles = part.partition("=")
        if not sep:
            raise DnaError(f"{part!r}: expected LOCUS=alleles")
        rows[name.strip()] = alleles.strip()
    return build_profile(ref, rows)


def _table(name: str, population: str | None, table_file: Path | None) -> FrequencyTable:
    if table_file is None:
        return load_frequency_table(name, population)
    return read_table_csv(
        table_file.read_text(encoding="utf-8"), name=table_file.stem, population=population or "custom"
    )


def _fail(exc: Exception) -> typer.Exit:
    console.print(f"[red]error:[/red] {exc}")
    return typer.Exit(2)


@app.command("rmp")
def rmp(
    alleles: str = typer.Option(..., "--alleles", help=ALLELES_HELP),
    table: str = typer.Option("nist1036", help="Frequency table: nist1036, fbi2015, ukdna17."),
    population: str = typer.Option(None, help="Population column (default: the table's)."),
    table_file: Path = typer.Option(None, help="Another table: CSV locus,allele,frequency (or count)."),
    theta: float = typer.Option(0.01, help="Co-ancestry coefficient for NRC II 4.10."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Random match probability of a single-source profile (product rule and NRC II 4.10)."""
    try:
        profile = parse_profile(alleles)
        freq = _table(table, population, table_file)
        nrc = profile_rmp(profile, freq, method=RmpMethod.NRC_4_10, theta=theta)
        product = profile_rmp(profile, freq, method=RmpMethod.PRODUCT)
    except DnaError as exc:
        raise _fail(exc) from exc
    result = {
        "table": freq.name,
        "population": freq.population,
        "theta": theta,
        "rmp_nrc_4_10": nrc.rmp,
        "rmp_product_rule": product.rmp,
        "one_in": 1 / nrc.rmp,
        "loci": [item.locus for item in nrc.loci],
        "skipped": dict(nrc.skipped),
    }
    emit(
        result,
        as_json=as_json,
        human=f"RMP {nrc.rmp:.4e} (1 in {1 / nrc.rmp:,.0f}); product rule {product.rmp:.4e}",
    )


@app.command("kinship")
def kinship(
    known: str = typer.Option(..., help=ALLELES_HELP),
    questioned: str = typer.Option(..., help=ALLELES_HELP),
    relationship: str = typer.Option("parent_child", help=", ".join(sorted(RELATIONSHIPS))),
    table: str = typer.Option("nist1036"),
    population: str = typer.Option(None),
    table_file: Path = typer.Option(None, help="Another table: CSV locus,allele,frequency (or count)."),
    theta: float = typer.Option(0.0),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Kinship likelihood ratio of two profiles for a stated relationship versus unrelated."""
    if relationship not in RELATIONSHIPS:
        raise _fail(ValueError(f"relationship must be one of {', '.join(sorted(RELATIONSHIPS))}"))
    try:
        result = kinship_lr(
            parse_profile(known, "known"),
            parse_profile(questioned, "questioned"),
            _table(table, population, table_file),
            RELATIONSHIPS[relationship],
            theta=theta,
        )
    except DnaError as exc:
        raise _fail(exc) from exc
    value = {
        "relationship": relationship,
        "lr": result.lr,
        "theta": theta,
        "table": result.table_name,
        "loci": [item.locus for item in result.loci],
    }
    emit(value, as_json=as_json, human=f"LR ({relationship} vs unrelated) = {result.lr:.4g}")


@app.command("search")
def search(
    profile_ref: str = typer.Option(..., help="The query profile's reference."),
    mode: dna.SearchMode = typer.Option(dna.SearchMode.MODERATE, help="high, moderate, low or prum."),
    min_loci: int = typer.Option(8),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Search a stored profile against its agency's database under the category policy."""
    with unit_of_work() as uow:
        profile_id = dna.profile_id_by_ref(uow, SYSTEM, profile_ref)
        found = dna.run_search(
            uow, SYSTEM, profile_id=profile_id, request=dna.SearchRequest(mode=mode, min_loci=min_loci)
        )
    rows = [m.model_dump(mode="json") for m in found]
    lines = [_match_line(m) for m in found]
    emit(rows, as_json=as_json, human="\n".join(lines) or "no candidates")


def _match_line(match: dna.MatchView) -> str:
    lr = f"{match.likelihood_ratio:.3g}" if match.likelihood_ratio else "-"
    return f"{match.candidate_profile_ref}  {match.quality:<12} loci {match.loci_compared:>2}  LR {lr}"


@app.command("import")
def import_file(
    file: Path = typer.Argument(..., exists=True, dir_okay=False),
    fmt: dna.ImportFormat = typer.Option(..., "--format", help="genemapper, cmf or lrmix."),
    agency: str = typer.Option(..., help="Agency name or id that owns the profiles."),
    category: dna.Category = typer.Option(dna.Category.OFFENDER, help="Category when the file has none."),
    legal_basis: str = typer.Option(..., help="Legal basis for keeping these profiles."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Import a lab export; rejected rows are listed with their reason, re-runs add nothing twice."""
    with unit_of_work() as uow:
        agency_id = agency_id_by_ref(uow, agency)
        report = dna.import_profiles(
            uow,
            SYSTEM,
            data=file.read_bytes(),
            fmt=fmt,
            filename=file.name,
            category=category,
            legal_basis=legal_basis,
            for_agency=agency_id,
        )
    counts = f"imported {report.imported}, already present {report.already_present}"
    human = [f"{counts}, rejected {len(report.rejected)}"]
    human += [
        f"  line {r['line']} {r['sample'] or ''} {r['field'] or ''}: {r['reason']}" for r in report.rejected
    ]
    emit(report.model_dump(), as_json=as_json, human="\n".join(human))
    if report.rejected and not report.imported and not report.already_present:
        raise typer.Exit(1)


@app.command("partner-query")
def partner_query(
    profile_ref: str = typer.Option(..., help="Our query profile's reference."),
    target_agency: str = typer.Option(..., help="The partner agency (name or id)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Cross-border hit/no-hit: the answer holds only hit/no-hit, match quality, opaque references."""
    with unit_of_work() as uow:
        profile_id = dna.profile_id_by_ref(uow, SYSTEM, profile_ref)
        own = dna.get_profile(uow, SYSTEM, profile_id).owner_agency_id
        asker = Principal(
            user_id=None, agency_id=own, username="system:cli", permissions=SYSTEM.permissions, is_system=True
        )
        cmd = dna.PartnerQuery(target_agency_id=agency_id_by_ref(uow, target_agency), profile_id=profile_id)
        answer = dna.partner_query(uow, asker, cmd=cmd)
    hits = "; ".join(f"{h.profile_ref} ({h.profile_type}, {h.quality})" for h in answer.hits)
    emit(
        answer.model_dump(mode="json"),
        as_json=as_json,
        human=f"{answer.reference}: " + (f"HIT {hits}" if answer.hit else "no hit"),
    )
