"""A page of text where a clerk may type one (an opinion at its limit, a long priority note, a dozen people
moving, long step notes) still prints: nothing is clipped, the sheet flows on (issue 14, defect 3)."""

from __future__ import annotations

import datetime as dt

from reports.approval_sheet import ApprovalSheet, Member, Opinion, RelocationPlan, write_approval_sheets
from reports.casefile_data import RelocationEventRecord
from reports.relocation_agreement import AgreementSummary, write_agreement_summary
from pjdesk.text import OPINION_MAX

from .conftest import compact, pdf_text

D = dt.date
PAGE = ("经入户核查，该户居住在深山区，交通不便，房屋为土坯结构，墙体开裂，屋面漏雨，" * 40)[:OPINION_MAX]


def _plan(**kw) -> RelocationPlan:
    base = dict(site="测试县城安置区 二期", site_kind="中心城区", unit="12栋2单元1802", area=150.0, persons=14,
                movers=tuple(f"王{'一二三四五六七八九十'[i % 10]}{i}" for i in range(12)), companions=2,
                companions_note="同住的外甥和外甥女" * 5, sole_house=True, willing_signed_on=D(2026, 2, 25),
                willing_signer="户主本人", priority=PAGE[:500], demolition_due_on=D(2026, 9, 22),
                subsidy_standard="标准未设定")
    base.update(kw)
    return RelocationPlan(**base)


def test_an_approval_sheet_with_a_page_of_opinion_at_each_level_flows_on(tmp_path):
    sheet = ApprovalSheet(
        title="平江县易地扶贫搬迁申请审批表", case_no="搬迁-2026-0001", township="虹桥镇", village="大山村", group="3组",
        head_name="王建国", head_sex="男", head_id_number="430626196002031011", size=12, household_type="一般贫困户",
        members=[Member(f"王{i}", "子", "男", "", "健康", "普通劳动力") for i in range(12)],
        house_structure="土坯", house_area=64.0, built_year=1982, reason=PAGE, applied_on=D(2026, 3, 2),
        opinions=(Opinion("通过", PAGE, "李村长", D(2026, 3, 13)), Opinion("退回", PAGE, "张站长", D(2026, 3, 16)),
                  Opinion("不予通过", PAGE, "刘主任", D(2026, 3, 26))),
        relocation=_plan())
    path = tmp_path / "a.pdf"
    pages = write_approval_sheets([sheet], path)
    text = compact("".join(pdf_text(path)))
    assert pages >= 2 and text.count(compact(PAGE)[:60]) >= 4   # reason and three opinions, each whole
    assert "同步搬迁2人" in text and "王十9" in text and "搬迁补助：标准未设定" in text


def test_an_agreement_summary_with_long_notes_flows_on(tmp_path):
    notes = [RelocationEventRecord(D(2026, 4, 5 + i), ev, "户主本人", "", PAGE[:500])
             for i, ev in enumerate(("搬迁入住", "旧房拆除", "拆除验收"))]
    a = AgreementSummary(
        title="平江县易地扶贫搬迁协议摘要", case_no="搬迁-2026-0001", party_a="虹桥镇人民政府", head_name="王建国",
        address="虹桥镇大山村3组", household_size=12, plan=_plan(), old_house="土坯", approved_on=D(2026, 3, 26),
        area_per_person=25, relocation_agreement=RelocationEventRecord(D(2026, 4, 1), "搬迁协议", "户主本人", "", PAGE[:500]),
        reclaim_agreement=None, moves=notes, old_house_state="已拆除")
    path = tmp_path / "g.pdf"
    assert write_agreement_summary(a, path) >= 2
    text = compact("".join(pdf_text(path)))
    assert "旧房拆除复垦协议未签订" in text and "2026年9月22日前拆除" in text
