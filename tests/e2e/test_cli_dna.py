"""DNA from the command line: rmp (shipped and imported tables), kinship, import, search, hit/no-hit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from authz import dna_world
from jointdesk.cli import app
from jointdesk.cli.common import container

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "dna" / "fixtures"
PROFILE = ";".join(f"{k}={v}" for k, v in dna_world.LOCI.items())


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def test_rmp_and_kinship_known_values() -> None:
    code, out = run("dna", "rmp", "--alleles", "TH01=6,9.3", "--theta", "0", "--json")
    single = json.loads(out)
    assert code == 0 and single["rmp_product_rule"] == pytest.approx(single["rmp_nrc_4_10"])
    code, out = run(
        "dna",
        "kinship",
        "--known",
        "TH01=6,9.3",
        "--questioned",
        "TH01=6,9.3",
        "--relationship",
        "full_siblings",
        "--json",
    )
    assert code == 0 and json.loads(out)["lr"] > 1
    assert run("dna", "rmp", "--alleles", "D99S1=1,2")[0] == 2


def test_rmp_with_an_imported_table(tmp_path: Path) -> None:
    table = tmp_path / "lab.csv"
    table.write_text("locus,allele,frequency\nTH01,6,0.2\nTH01,9.3,0.8\n")
    code, out = run(
        "dna", "rmp", "--alleles", "TH01=6,9.3", "--table-file", str(table), "--theta", "0", "--json"
    )
    assert code == 0 and json.loads(out)["rmp_product_rule"] == pytest.approx(2 * 0.2 * 0.8)
    table.write_text("locus,allele,frequency\nTH01,6,0.2\nTH01,x,0.8\n")
    assert run("dna", "rmp", "--alleles", "TH01=6,9.3", "--table-file", str(table))[0] == 2


def _genemapper(tmp_path: Path) -> Path:
    """A one-sample GeneMapper ID-X export (long shape) of the 13-locus test profile."""
    header = "Sample File\tSample Name\tPanel\tMarker\tDye\tAllele 1\tAllele 2"
    rows = [
        f"A01.fsa\tS-0001\tGlobalFiler\t{locus}\tB\t" + "\t".join(alleles.split(","))
        for locus, alleles in dna_world.LOCI.items()
    ]
    path = tmp_path / "run.txt"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


@pytest.mark.usefixtures("cli_env")
def test_import_search_and_partner_query(tmp_path: Path) -> None:
    run("agency", "create", "--name", "KH Lab", "--country", "KH", "--kind", "police_unit")
    run("agency", "create", "--name", "CN Lab", "--country", "CN", "--kind", "police_unit")
    data = _genemapper(tmp_path)
    code, out = run(
        "dna",
        "import",
        str(data),
        "--format",
        "genemapper",
        "--agency",
        "CN Lab",
        "--legal-basis",
        "CPL",
        "--json",
    )
    report = json.loads(out)
    assert code == 0 and report["imported"] > 0
    code, out = run(
        "dna",
        "import",
        str(data),
        "--format",
        "genemapper",
        "--agency",
        "CN Lab",
        "--legal-basis",
        "CPL",
        "--json",
    )
    assert json.loads(out)["imported"] == 0  # a re-run adds nothing twice
    code, out = run(
        "dna",
        "import",
        str(data),
        "--format",
        "genemapper",
        "--agency",
        "KH Lab",
        "--category",
        "forensic_unknown",
        "--legal-basis",
        "CPL",
        "--json",
    )
    assert code == 0
    from jointdesk.dna.models import DnaProfile

    with container().uow_factory() as uow:
        kh_stain = next(
            p for p in uow.session.query(DnaProfile).all() if p.specimen_category == "forensic_unknown"
        )
        ref = kh_stain.profile_ref
    code, out = run("dna", "search", "--profile-ref", ref, "--mode", "high", "--json")
    assert code == 0 and json.loads(out) == []  # the KH lab holds no offender profiles of its own
    code, out = run("dna", "partner-query", "--profile-ref", ref, "--target-agency", "CN Lab", "--json")
    answer = json.loads(out)
    assert (
        code == 0 and answer["hit"] and set(answer["hits"][0]) == {"profile_ref", "profile_type", "quality"}
    )
