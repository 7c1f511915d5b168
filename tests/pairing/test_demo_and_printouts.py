"""Demo database (issue #4): helpers and pairings, every household paired (exited ones keep their
helper; struck-off ones had the pairing ended), no helper above 5 (R2.1); the printed roster and
contact cards."""

from __future__ import annotations

import pypdf
from sqlalchemy import text

from pjdesk.pairing.aid_teams import missing_roles
from pjdesk.pairing.printouts import contact_cards, write_contact_cards_pdf, write_roster_pdf
from pjdesk.pairing.queries import helper_rows, pairing_counts
from pjdesk.registry.queries import RegistryFilter, filter_rows, load_rows


def test_r2_1_demo_pairs_every_household_needing_a_helper_and_none_above_five(demo_db):
    counts = pairing_counts(demo_db)
    assert counts["need_helper"] > 0 and counts["unpaired"] == 0
    assert 0 < counts["max_load"] <= 5
    with demo_db.engine.connect() as c:
        kinds = {k for (k,) in c.execute(text("SELECT DISTINCT kind FROM helper"))}
        levels = {k for (k,) in c.execute(text("SELECT DISTINCT unit_level FROM helper"))}
        history = c.execute(text("SELECT count(*) FROM helper_assignment WHERE end_on IS NOT NULL")).scalar()
    assert {"干部", "党员"} <= kinds and {"县直", "乡镇", "村级"} <= levels
    assert history > 0                                  # some households show an earlier helper
    rows = load_rows(demo_db)
    current = [r for r in rows if r.status != "已销户"]
    assert all(r.helper_name for r in current)          # every household's 帮扶责任人 column is filled
    unpaired = filter_rows(rows, RegistryFilter(has_helper=False))
    assert unpaired and {r.status for r in unpaired} == {"已销户"}  # only struck-off households have none
    # the 六个一 list has real gaps: the plan names responsible leaders for two villages only
    gaps = {m["village"]: m["missing"] for m in missing_roles(demo_db)}
    assert gaps and "青石村" not in gaps and "柘坪村" not in gaps
    assert all("帮扶责任人" not in m for m in gaps.values())


def test_pairing_roster_pdf(demo_db, tmp_path):
    village = "大兴村"
    out = tmp_path / "roster.pdf"
    pages = write_roster_pdf(demo_db, village, out)
    reader = pypdf.PdfReader(out)
    assert pages == len(reader.pages) >= 1
    body = "".join(p.extract_text() for p in reader.pages)
    assert "虹桥镇大兴村结对帮扶花名册" in body and "第 1 页 共" in body
    in_village = [h for h in helper_rows(demo_db) if any(p.village == village for p in h.households)]
    assert in_village and all(h.name in body for h in in_village)


def test_contact_cards_one_page_per_paired_household(demo_db, tmp_path):
    cards = contact_cards(demo_db, "大兴村")
    assert cards and all(c.helper_name and c.helper_phone for c in cards)
    out = tmp_path / "cards.pdf"
    assert write_contact_cards_pdf(demo_db, "大兴村", out) == len(cards)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == len(cards)
    first = reader.pages[0].extract_text()
    assert "扶贫帮扶联系卡" in first and cards[0].head_name in first and cards[0].helper_phone in first
