"""No writer ever emits victim personal data or a protected identifier in clear."""

from __future__ import annotations

import io

import pytest

from jointdesk.intel.formats import FORMATS, Format, write
from jointdesk.intel.schemas import IdentifierIn, ReportIn
from unit.intel.intel_formats_support import report_data, view_of

ALWAYS_SECRET = (
    "4539148803436467",
    "4539 1488 0343 6467",
    "4071234568",
    "1101700203451",
    "V-1A2B3C",
    "66819998888",
)
FREE_TEXT_SECRET = ("Somchai", "081 999 8888")


def _export(fmt: Format, *, include_narrative: bool) -> str:
    report = ReportIn.model_validate(report_data())
    extracted = [IdentifierIn(id_type="phone", value="081 999 8888", role="mentioned")]
    out = io.StringIO()
    write(fmt, [view_of(report, extracted=extracted)], out, include_narrative=include_narrative)
    return out.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_victim_data_and_no_clear_protected_values_by_default(fmt: Format) -> None:
    text = _export(fmt, include_narrative=False)
    assert not [secret for secret in ALWAYS_SECRET + FREE_TEXT_SECRET if secret in text]
    assert "453914******6467" in text  # the card leaves masked
    assert "TH:KASITHBK:0481234567" in text or "0481234567" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_narrative_is_opt_in_and_still_carries_no_structured_victim_data(fmt: Format) -> None:
    text = _export(fmt, include_narrative=True)
    assert "Somchai" in text
    assert not [secret for secret in ALWAYS_SECRET if secret in text]
