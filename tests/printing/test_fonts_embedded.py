"""No PDF the app writes references a font it does not embed (a PC without that font would print
boxes or substitute glyphs). Every printout kind is written through its service and the fonts of every
page are read back: each must carry its font file (/FontFile2 TrueType or /FontFile3)."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from pjdesk import settings
from pjdesk.cases import printouts as cases
from pjdesk.registry.printouts import (EXIT, IDENTIFICATION, RegistryPostingRequest, write_registry_posting,
                                       write_roster, write_village_roster)
from pjdesk.registry.queries import load_rows

from .conftest import FULL, REFUSED

D = dt.date


def fonts_not_embedded(path) -> list[str]:
    """Every font a page's /Resources /Font refers to (also inside form XObjects) without its file."""
    bad: list[str] = []
    seen: set = set()

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            key = id(font)
            if key in seen:
                continue
            seen.add(key)
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                bad.append(str(font.get("/BaseFont")))
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"))

    reader = PdfReader(str(path))
    for page in reader.pages:
        walk(page.get("/Resources"))
    assert seen, f"{path}: no font at all"
    return bad


def _helper_paired(db) -> None:
    from pjdesk.pairing.assignments import assign
    from pjdesk.pairing.people import HelperInput, add_helper

    helper = add_helper(db, HelperInput(name="周海燕", unit="县统计局", unit_level="县直", phone="13907301234",
                                        sex="女", post="副局长", kind="干部"))
    row = next(r for r in load_rows(db) if r.village == "大山村")
    assign(db, helper, row.household_no, on=D(2026, 1, 10), today=D(2026, 11, 28))


def every_printout(db, refs, folder) -> dict[str, object]:
    """Write one PDF of every kind the app prints; returns kind → path."""
    from pjdesk.pairing.printouts import write_contact_cards_pdf, write_roster_pdf

    out: dict[str, object] = {}

    def put(name: str, write) -> None:
        out[name] = folder / f"{name}.pdf"
        write(out[name])

    put("approval_sheet", lambda p: cases.write_approval_batch(db, p, case=refs[FULL]))
    put("approval_sheets_village", lambda p: cases.write_approval_batch(db, p, village="大山村"))
    for n in (1, 2, 3):
        put(f"disclosure_{n}", lambda p, n=n: cases.write_batch_disclosure(db, int(refs[f"batch{n}"]), p))
    put("rejection_letter", lambda p: cases.write_rejection_pdf(db, refs[REFUSED], p))
    put("case_file", lambda p: cases.write_case_file_pdf(db, refs[FULL], p))
    with db.transaction() as s:   # these households have no 六看一听 survey (R1.3): list them all the same
        settings.set_(s, "survey_required_for_posting", False)
    put("identification_posting", lambda p: write_registry_posting(
        db, RegistryPostingRequest(IDENTIFICATION, "大山村", 2015, D(2026, 11, 2)), p))
    put("exit_posting", lambda p: write_registry_posting(db, RegistryPostingRequest(EXIT, "大山村", 2026,
                                                                                      D(2026, 11, 2)), p))
    put("village_roster", lambda p: write_village_roster(db, "大山村", p))
    put("roster_export", lambda p: write_roster(db, load_rows(db), p, "pdf"))
    _helper_paired(db)
    put("pairing_roster", lambda p: write_roster_pdf(db, "大山村", p))
    put("contact_cards", lambda p: write_contact_cards_pdf(db, "大山村", p))
    return out


def test_every_printout_embeds_every_font_it_uses(pdb, refs, tmp_path):
    pdfs = every_printout(pdb, refs, tmp_path)
    assert len(pdfs) == 13
    problems = {name: bad for name, path in pdfs.items() if (bad := fonts_not_embedded(path))}
    assert not problems, f"fonts referenced but not embedded: {problems}"


def test_the_check_catches_a_font_that_is_not_embedded(tmp_path):
    """reportlab's default Helvetica (what the contact cards referenced) is caught."""
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "helvetica.pdf"
    c = Canvas(str(path))
    c.drawString(100, 700, "pjdesk")
    c.save()
    assert fonts_not_embedded(path) == ["/Helvetica"]


@pytest.mark.parametrize("size", ["A5", "A4"])
def test_contact_cards_reference_only_the_cjk_font(tmp_path, size):
    from reports.contact_card import ContactCard, write_contact_cards

    card = ContactCard("平江县", "虹桥镇", "大山村", "3组", "430626001003001", "王建国", 3, "一般贫困户", "未脱贫", "因病")
    path = tmp_path / "cards.pdf"
    write_contact_cards([card], path, size=size)
    assert fonts_not_embedded(path) == []
