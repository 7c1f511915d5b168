"""No public list shows a full ID number, a phone number or a bank account (issue #6, and the 2018
guidance on de-identifying published lists). Every household here has a mobile phone and a bank
account on file, and every member an 18-digit ID, so a leak would show."""

from __future__ import annotations

import datetime as dt
import re

from pjdesk import settings
from pjdesk.cases import printouts as prints
from pjdesk.registry.printouts import EXIT, IDENTIFICATION, RegistryPostingRequest, write_registry_posting, write_village_roster
from pjdesk.registry.queries import household_detail, load_rows

from .conftest import PRIVATE_NUMBERS, REFUSED, pdf_text
from .test_report_layouts import assert_embedded

D = dt.date


def _public_pdfs(pdb, refs, folder) -> dict[str, object]:
    out = {}
    with pdb.transaction() as s:   # the households here have no 六看一听 survey (R1.3): list them anyway
        settings.set_(s, "survey_required_for_posting", False)
    for kind, year in ((IDENTIFICATION, 2015), (EXIT, 2026)):
        out[kind] = folder / f"{kind}.pdf"
        write_registry_posting(pdb, RegistryPostingRequest(kind, "大山村", year, D(2026, 11, 2)), out[kind])
    for key in ("batch1", "batch2", "batch3"):
        out[key] = folder / f"{key}.pdf"
        prints.write_batch_disclosure(pdb, int(refs[key]), out[key])
    out["roster"] = folder / "roster.pdf"
    write_village_roster(pdb, "大山村", out["roster"])
    out["rejection"] = folder / "rejection.pdf"  # handed to one household: held to the same rule
    prints.write_rejection_pdf(pdb, refs[REFUSED], out["rejection"])
    return out


def test_no_id_phone_or_account_in_any_public_list(pdb, refs, tmp_path):
    private = set()
    for row in load_rows(pdb):
        d = household_detail(pdb, row.household_no)
        private |= {d.phone, d.bank_account} | {m.id_number for m in d.members}
    assert len(private) > 15 and all(private)
    for name, path in _public_pdfs(pdb, refs, tmp_path).items():
        text = "".join(pdf_text(path))
        flat = text.replace(" ", "").replace("\n", "")
        assert not PRIVATE_NUMBERS.search(flat), (name, PRIVATE_NUMBERS.search(flat).group())
        assert not [p for p in private if p in flat], name
        assert_embedded(path)


def test_masked_ids_keep_at_most_the_configured_digits(pdb, tmp_path):
    with pdb.transaction() as s:
        settings.update(s, {"id_mask_head": 3, "id_mask_tail": 2})
    path = tmp_path / "roster.pdf"
    write_village_roster(pdb, "大山村", path)
    text = "".join(pdf_text(path))
    masked = [w for w in text.split() if "*" in w]
    assert len(masked) == 6 and all(re.fullmatch(r"430\*{13}[\dX]{2}", w) for w in masked), masked


def test_scanner_catches_what_it_is_meant_to_catch():
    for leak in ("430626195802041015", "430626580204101", "13907300001", "6230901600000000001", "4306261958020410"):
        assert PRIVATE_NUMBERS.search(leak), leak
    for fine in ("430626********1015", "0730-6123456", "2026年11月2日", "第1页共2页", "20000"):
        assert not PRIVATE_NUMBERS.search(fine), fine
