"""易地扶贫搬迁 printouts read back from their PDFs (issue 11): the disclosure list of a relocation posting
batch, the approval sheet, the one-household file, the yearly ledger, the site occupancy list and the
agreement summary — each built by the real services from the template township of conftest.py."""

from __future__ import annotations

import datetime as dt

import pytest

from pjdesk import settings
from pjdesk.cases import printouts as prints
from pjdesk.cases import relocation_printouts as reloc
from pjdesk.cases.detail import case_detail
from pjdesk.cases.relocation_queries import ledger, relocation_facts
from pjdesk.cases.sites import site_rows
from pjdesk.errors import RuleViolation, ValidationError
from pjdesk.registry.queries import household_detail
from reports.pdf_blocks import fmt_date
from tests.printing.test_fonts_embedded import fonts_not_embedded

from .conftest import HOUSELESS, MOVED, OPINIONS, OTHER, PRIVATE_NUMBERS, RENOVATION, STEPS, compact, pdf_text

D = dt.date


def tokens(pages: list[str]) -> list[str]:
    """The PDF's text cell by cell (pypdf puts each table cell on its own line)."""
    return [t.strip() for page in pages for t in page.split("\n") if t.strip()]


def has_run(cells: list[str], run: list[str]) -> bool:
    n = len(run)
    return any(cells[i:i + n] == run for i in range(len(cells) - n + 1))


def _write(tmp_path, name, write) -> list[str]:
    """Write one printout and read its text back; every font it uses must be embedded (a PC without the
    font would print boxes), so each test below checks that of the printouts it writes."""
    path = tmp_path / f"{name}.pdf"
    write(path)
    assert fonts_not_embedded(path) == [], name
    return pdf_text(path)


def test_R4_R5_2_the_first_posting_lists_exactly_the_batch_with_site_area_and_persons(rdb, refs, tmp_path):
    pages = _write(tmp_path, "d1", lambda p: prints.write_batch_disclosure(rdb, refs["一榜公示"], p))
    text = compact("".join(pages))
    assert text.startswith("虹桥镇大山村2026年易地扶贫搬迁对象第一榜公示")
    assert compact(settings.DEFAULTS["policy_basis_relocation"]) in text     # 四公开: the policy
    cells = tokens(pages)
    listed = [case_detail(rdb, refs[k]) for k in (MOVED, HOUSELESS)]
    for n, d in enumerate(listed, 1):
        f = relocation_facts(rdb, d.case_no)
        site = "测试集镇安置区（集镇）" if f.site_kind == "集镇" else "测试县城安置区（中心城区）"
        assert compact(site) in text
        assert has_run(cells, [str(n), f"{d.group}组", d.head_name, str(d.household_size), str(f.persons),
                               f.old_house_structure]), d.case_no
        assert has_run(cells, [f"{f.area:g}", reloc.RATE_UNSET]), d.case_no
    assert "赵冬生" not in text                        # the other village's case is not on this batch
    persons = sum(relocation_facts(rdb, d.case_no).persons for d in listed)
    assert f"合计：2户5人，搬迁{persons}人，安置住房面积125㎡" in text
    assert "补助标准：标准未设定（规划未规定易地扶贫搬迁户均补助标准）" in text
    assert "公示时间：2026年3月7日至2026年3月13日（共7天）" in text


def test_R4_7_the_third_posting_shows_standard_not_set_as_the_approved_subsidy(rdb, refs, tmp_path):
    pages = _write(tmp_path, "d3", lambda p: prints.write_batch_disclosure(rdb, refs["三榜公示"], p))
    text = compact("".join(pages))
    assert "第三榜公示" in text and "核定补助（元）" in text
    assert text.count("标准未设定") == 3                    # the standard line and each household's row
    assert "签订搬迁协议和旧房拆除复垦协议" in text


def test_R4_7_with_a_rate_set_the_third_posting_shows_rate_times_persons(rdb, refs, tmp_path):
    with rdb.transaction() as s:
        settings.set_(s, "relocation_rates", {"2026": 600})
    d = prints.batch_disclosure(rdb, refs["三榜公示"])
    assert [r.subsidy for r in d.rows] == [
        str(600 * relocation_facts(rdb, refs[k]).persons) for k in (MOVED, HOUSELESS)]
    assert d.standard == "2026年每人600元"
    text = compact("".join(_write(tmp_path, "d3", lambda p: prints.write_batch_disclosure(rdb, refs["三榜公示"], p))))
    assert "标准未设定" not in text and "1800" in text


def test_no_full_id_phone_or_account_in_any_relocation_list(rdb, refs, tmp_path):
    """The postings are public; the ledger, the occupancy list and the agreement need none either."""
    secrets = []
    for no in refs["households"]:
        h = household_detail(rdb, no)
        secrets += [h.phone, h.bank_account] + [m.id_number for m in h.current_members]
    assert all(secrets) and len(secrets) >= 6
    writes = {f"posting{n}": (lambda p, n=n: prints.write_batch_disclosure(rdb, refs[n], p))
              for n in ("一榜公示", "二榜公示", "三榜公示")}
    writes.update(ledger=lambda p: reloc.write_ledger_pdf(rdb, p, year=2026),
                  sites=lambda p: reloc.write_site_occupancy_pdf(rdb, p),
                  agreement=lambda p: reloc.write_agreement_pdf(rdb, refs[MOVED], p))
    for name, write in writes.items():
        pages = _write(tmp_path, name, write)
        cells = "\n".join(tokens(pages))           # cell by cell: two numbers side by side are not one
        assert not PRIVATE_NUMBERS.search(cells), (name, PRIVATE_NUMBERS.search(cells).group())
        text = compact("".join(pages))
        assert not [x for x in secrets if x in text], name


def test_the_approval_sheet_has_three_opinion_blocks_and_the_relocation_plan(rdb, refs, tmp_path):
    pages = _write(tmp_path, "a", lambda p: prints.write_approval_batch(rdb, p, case=refs[MOVED]))
    assert len(pages) == 1
    text = compact(pages[0])
    assert text.startswith("平江县易地扶贫搬迁申请审批表")
    assert text.count("■通过□退回□不予通过") == 3
    d = case_detail(rdb, refs[MOVED])
    for stage, (opinion, reviewer, post, _on) in OPINIONS.items():
        decision = next(x for x in reversed(d.decisions) if x.stage == stage)
        assert decision.opinion == opinion and opinion in text
        batch = next(b for b in d.postings if b.stage == {"村级评议": "一榜公示", "乡镇审核": "二榜公示",
                                                           "县级审批": "三榜公示"}[stage])
        # each level signs once its posting is over, dated the posting's last day
        assert f"{reviewer}（{post}）{fmt_date(batch.end_on)}" in text
    f = relocation_facts(rdb, refs[MOVED])
    assert f"{f.site}（{f.site_kind}）" in text and f.unit in text and f"{f.persons}人" in text
    assert f"安置面积{f.area:g}㎡" in text and "人均面积25㎡" in text
    assert "、".join(f.movers) in text
    assert f"户主本人于{fmt_date(f.willing_signed_on)}签署搬迁意愿书" in text
    # the old house as applied for (move-in rewrote the household's house to 砖混), and its deadline
    assert "房屋结构土坯" in text and "唯一住房是" in text and f"{fmt_date(f.demolition_due_on)}前" in text
    assert f.demolition_due_on == f.approved_on + dt.timedelta(days=settings.DEFAULTS[
        "relocation_demolition_deadline_days"])
    assert "搬迁补助：标准未设定" in text and "补助到户合计" not in text
    assert "改造方式" not in text and "危房等级" not in text


def test_a_houseless_approval_sheet_has_no_demolition(rdb, refs, tmp_path):
    text = compact(_write(tmp_path, "a", lambda p: prints.write_approval_batch(rdb, p, case=refs[HOUSELESS]))[0])
    assert "无房（无旧房拆除）" in text and "拆除期限" not in text
    assert "同步搬迁1人（同住外甥）" in text and "搬迁人数3人" in text


def test_the_one_household_file_has_the_relocation_parts(rdb, refs, tmp_path):
    from reports.casefile import RELOCATION_SECTION_TITLES

    pages = _write(tmp_path, "f", lambda p: prints.write_case_file_pdf(rdb, refs[MOVED], p))
    cover = compact(pages[0])
    assert cover.startswith("平江县易地扶贫搬迁档案") and "虹桥镇搬迁字〔2026〕1号" in cover
    for title in RELOCATION_SECTION_TITLES.values():
        assert title in cover                               # the contents list
    assert "危房鉴定情况" not in cover and "资金拨付" not in cover
    text = compact("".join(pages))
    for service, event, on, person, category, note in STEPS:
        assert f"{on:%Y-%m-%d}" in text and note in text, event
    f = relocation_facts(rdb, refs[MOVED])
    assert f"旧房拆除期限：{fmt_date(f.demolition_due_on)}前" in text and "旧房状态：已拆除" in text
    assert "本户自愿申请易地扶贫搬迁" in text and "搬迁补助：标准未设定" in text
    # each part from a new page: the follow-up records open their own page under their title
    assert any(compact(p).startswith("后续扶持") and "安排到安置区扶贫车间务工" in compact(p) for p in pages)


def test_the_yearly_ledger_counts_are_those_of_the_ledger_query(rdb, refs, tmp_path):
    pages = _write(tmp_path, "l", lambda p: reloc.write_ledger_pdf(rdb, p, year=2026))
    cells = tokens(pages)
    rows = ledger(rdb, 2026)
    assert {r.village for r in rows} == {"大山村", "枧源村"}
    keys = ("cases", "households", "persons", "approved", "moved_in", "demolished", "archived", "refused")
    for r in rows:
        assert has_run(cells, ["2026年", r.village] + [str(getattr(r, k)) for k in keys]), r
    assert has_run(cells, ["合计"] + [str(sum(getattr(r, k) for r in rows)) for k in keys])
    big = next(r for r in rows if r.village == "大山村")
    assert (big.cases, big.persons, big.moved_in, big.demolished, big.archived) == (2, 6, 1, 1, 1)
    text = compact("".join(pages))
    for key in (MOVED, HOUSELESS, OTHER):
        assert refs[key] in text                            # one line per case
    assert refs[RENOVATION] not in text
    assert "2026-04-10" in text and "2026-05-15" in text    # moved in, demolition verified


def test_a_ledger_of_a_year_without_cases_or_out_of_range_is_refused(rdb, tmp_path):
    with pytest.raises(RuleViolation, match="2019年没有易地扶贫搬迁案件"):
        reloc.write_ledger_pdf(rdb, tmp_path / "x.pdf", year=2019)
    with pytest.raises(ValidationError, match="台帐年度"):
        reloc.write_ledger_pdf(rdb, tmp_path / "x.pdf", year=99999)
    assert not (tmp_path / "x.pdf").exists()


def test_the_occupancy_list_equals_the_site_rows(rdb, tmp_path):
    pages = _write(tmp_path, "s", lambda p: reloc.write_site_occupancy_pdf(rdb, p))
    cells, text = tokens(pages), compact("".join(pages))
    rows = site_rows(rdb, township="虹桥镇")
    assert len(rows) == 2 and sum(r.allocated_households for r in rows) == 3
    for r in rows:
        assert compact(r.name) in text
        assert has_run(cells, [str(n) for n in (r.planned_households, r.planned_persons, r.allocated_households,
                                                r.allocated_persons, r.moved_in_households, r.moved_in_persons,
                                                r.capacity_left)]), r.code
    assert "合计（2个安置点）" in text


def test_the_agreement_summary_holds_the_agreement_dates_and_the_deadline(rdb, refs, tmp_path):
    pages = _write(tmp_path, "g", lambda p: reloc.write_agreement_pdf(rdb, refs[MOVED], p))
    assert len(pages) == 1
    text = compact(pages[0])
    f = relocation_facts(rdb, refs[MOVED])
    signed = {e: on for e, on, _p, _n in f.events}
    assert f"搬迁协议{fmt_date(signed['搬迁协议'])}户主本人" in text
    assert f"旧房拆除复垦协议{fmt_date(signed['拆旧复垦协议'])}户主本人" in text
    assert f"旧房拆除期限：{fmt_date(f.demolition_due_on)}" in text and "旧房状态：已拆除" in text
    assert f"搬迁入住{fmt_date(signed['搬迁入住'])}" in text
    assert "人均住房面积不超过25㎡" in text and "标准未设定" in text


def test_an_agreement_not_signed_yet_says_so_and_a_renovation_case_has_none(rdb, refs, tmp_path):
    text = compact(_write(tmp_path, "g", lambda p: reloc.write_agreement_pdf(rdb, refs[HOUSELESS], p))[0])
    assert "搬迁协议未签订" in text and "旧房拆除复垦协议" not in text and "无旧房拆除复垦" in text
    with pytest.raises(RuleViolation, match="不是易地扶贫搬迁案件"):
        reloc.write_agreement_pdf(rdb, refs[RENOVATION], tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
